"""iCalendar (RFC 5545) documents of meetings, built with the icalendar library."""

from collections.abc import Iterable
from datetime import UTC

from flask_babel import gettext as _
from icalendar import Calendar, Event

from netwerk.formatting import enum_label
from netwerk.meetings.models import Meeting, MeetingStatus
from netwerk.timeutil import BRUSSELS, utcnow

PRODID = "-//netwerk//Lerende netwerken//NL"


def meeting_uid(meeting: Meeting, domain: str = "netwerk") -> str:
    """Stable per meeting, so a calendar program updates the event instead of adding one."""
    return f"meeting-{meeting.id}@{domain}"


def _summary(meeting: Meeting) -> str:
    title = meeting.title or enum_label(meeting.type).capitalize()
    summary = f"{meeting.network.name}: {title}"
    if meeting.status is MeetingStatus.postponed:
        summary = _("Uitgesteld") + " – " + summary
    return summary


def _location(meeting: Meeting) -> str:
    parts = []
    if meeting.host_school is not None:
        parts.append(meeting.host_school.name)
    if meeting.location:
        parts.append(meeting.location)
    if meeting.online_url:
        parts.append(meeting.online_url)
    return ", ".join(parts)


def build_calendar(meetings: Iterable[Meeting], name: str, page_url=None) -> bytes:
    """A METHOD:PUBLISH calendar; cancelled meetings stay in it with STATUS:CANCELLED."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Brussels")
    stamp = utcnow().replace(tzinfo=UTC)
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", stamp)
        event.add("last-modified", meeting.updated_at.replace(tzinfo=UTC))
        event.add("dtstart", meeting.starts_at.replace(tzinfo=BRUSSELS))
        event.add("dtend", meeting.ends_at.replace(tzinfo=BRUSSELS))
        event.add("summary", _summary(meeting))
        location = _location(meeting)
        if location:
            event.add("location", location)
        description = meeting.agenda or ""
        if meeting.status_reason:
            description = (meeting.status_reason + "\n\n" + description).strip()
        if page_url is not None:
            description = (description + "\n\n" + page_url(meeting)).strip()
        if description:
            event.add("description", description)
        if meeting.online_url:
            event.add("url", meeting.online_url)
        status = {
            MeetingStatus.cancelled: "CANCELLED",
            MeetingStatus.postponed: "TENTATIVE",
        }.get(meeting.status, "CONFIRMED")
        event.add("status", status)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
