"""The iCalendar (RFC 5545) documents of meetings, built with the icalendar library: the private
feeds (METHOD:PUBLISH, netwerk.meetings.feeds) and the .ics a mail carries when a meeting moves
(METHOD:REQUEST) or is cancelled (METHOD:CANCEL, RFC 5546). Every document names a meeting by the
same UID and its SEQUENCE, so a calendar program updates the event it already has."""

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress

from netwerk.formatting import enum_label
from netwerk.meetings.models import Meeting, MeetingStatus
from netwerk.timeutil import BRUSSELS, utcnow
from netwerk.urls import is_web_link

logger = logging.getLogger(__name__)

PRODID = "-//netwerk//Lerende netwerken//NL"
# The methods of RFC 5546 the app uses: a feed publishes, a mail invites anew or cancels.
METHODS = ("PUBLISH", "REQUEST", "CANCEL")


def _utc(moment: datetime) -> datetime:
    """A recorded moment (naive UTC, the *_at columns) as an aware UTC time."""
    return moment.replace(tzinfo=UTC)


def _organizer() -> vCalAddress:
    """The app's sender, as the organizer a REQUEST or CANCEL must name."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    address = sender[1] if isinstance(sender, tuple | list) else sender
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = current_app.config.get("ORGANISATION_NAME", "netwerk")
    return organizer


def meeting_uid(meeting: Meeting, domain: str = "netwerk") -> str:
    """Stable per meeting, so a calendar program updates the event instead of adding one."""
    return f"meeting-{meeting.id}@{domain}"


def _summary(meeting: Meeting) -> str:
    """Network and title; a postponed meeting says so first."""
    title = meeting.title or enum_label(meeting.type).capitalize()
    summary = f"{meeting.network.name}: {title}"
    if meeting.status is MeetingStatus.postponed:
        summary = _("Uitgesteld") + " – " + summary
    return summary


def _online_link(meeting: Meeting) -> str:
    """The meeting's online link, or '' when there is none or it is no web link.

    A link stored before it was checked (with a line break, say) would make icalendar refuse
    the whole feed: it is left out of this one meeting, and an operator is told.
    """
    if not meeting.online_url:
        return ""
    if is_web_link(meeting.online_url):
        return meeting.online_url
    logger.warning("Feed zonder de ongeldige online link van bijeenkomst %s", meeting.id)
    return ""


def _location(meeting: Meeting, link: str, host_name=None) -> str:
    """Host school (by `host_name(meeting)` when the reader may not see every name), address and
    online link, as far as known."""
    parts = []
    if meeting.host_school is not None:
        parts.append(host_name(meeting) if host_name else meeting.host_school.name)
    if meeting.location:
        parts.append(meeting.location)
    if link:
        parts.append(link)
    return ", ".join(parts)


def _event(meeting: Meeting, stamp, page_url=None, host_name=None) -> Event:
    """One meeting as a VEVENT; cancelled meetings keep their event with STATUS:CANCELLED."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("last-modified", _utc(meeting.updated_at))
    event.add("dtstart", meeting.starts_at.replace(tzinfo=BRUSSELS))
    event.add("dtend", meeting.ends_at.replace(tzinfo=BRUSSELS))
    event.add("summary", _summary(meeting))
    link = _online_link(meeting)
    location = _location(meeting, link, host_name)
    if location:
        event.add("location", location)
    description = meeting.agenda or ""
    if meeting.status_reason:
        description = (meeting.status_reason + "\n\n" + description).strip()
    if page_url is not None:
        description = (description + "\n\n" + page_url(meeting)).strip()
    if description:
        event.add("description", description)
    if link:
        event.add("url", link)
    status = {
        MeetingStatus.cancelled: "CANCELLED",
        MeetingStatus.postponed: "TENTATIVE",
    }.get(meeting.status, "CONFIRMED")
    event.add("status", status)
    return event


def build_calendar(
    meetings: Iterable[Meeting],
    name: str,
    page_url=None,
    method: str = "PUBLISH",
    host_name=None,
) -> bytes:
    """A calendar of meetings: METHOD:PUBLISH for a feed; REQUEST (a changed meeting) or CANCEL
    for a mail, with the app's sender as organizer, as RFC 5546 asks of those two."""
    assert method in METHODS
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Brussels")
    stamp = _utc(utcnow())
    for meeting in meetings:
        event = _event(meeting, stamp, page_url, host_name)
        if method != "PUBLISH":
            event.add("organizer", _organizer())
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
