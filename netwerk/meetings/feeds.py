"""Private calendar feeds: a secret link per user (all their networks) or per network, and the
iCalendar (RFC 5545) document behind it, built with the icalendar library."""

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import UTC, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from netwerk.formatting import enum_label
from netwerk.meetings.meetings import now_local
from netwerk.meetings.models import CalendarFeed, Meeting, MeetingStatus
from netwerk.meetings.permissions import can_manage_feed
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_view_network_details, visible_network_ids
from netwerk.timeutil import BRUSSELS, utcnow
from netwerk.urls import is_web_link

logger = logging.getLogger(__name__)

PRODID = "-//netwerk//Lerende netwerken//NL"
FEED_PAST_DAYS = 400


def hash_feed_token(token: str) -> str:
    """Only the SHA-256 of a feed token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(actor: User, network: Network | None = None) -> tuple[CalendarFeed, str]:
    """A new private feed (of one network, or of all the actor's networks); returns the token."""
    if network is not None and not can_view_network_details(actor, network):
        raise NotAllowed(_("U hebt geen toegang tot dit netwerk."))
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        token_hash=hash_feed_token(token),
        owner_id=actor.id,
        network_id=network.id if network else None,
        user_id=None if network else actor.id,
    )
    db.session.add(feed)
    db.session.flush()
    log_change(actor, "calendar_feed.created", feed, network_id=feed.network_id)
    return feed, token


def revoke_feed(actor: User, feed: CalendarFeed) -> None:
    """Revoke a feed: its URL answers 404 from now on."""
    if not can_manage_feed(actor, feed):
        raise NotAllowed(_("Dit is niet uw agenda-link."))
    revoked = feed.revoked_at is None
    if revoked:
        feed.revoked_at = utcnow()
    db.session.flush()
    if revoked:
        log_change(actor, "calendar_feed.revoked", feed)


def feeds_of(user: User) -> list[CalendarFeed]:
    """The user's active feeds, newest first."""
    return list(
        db.session.scalars(
            select(CalendarFeed)
            .where(CalendarFeed.owner_id == user.id, CalendarFeed.revoked_at.is_(None))
            .order_by(CalendarFeed.id.desc())
        )
    )


def feed_by_token(token: str) -> CalendarFeed | None:
    """The active feed of a token, when its owner is still active and may still see it."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.token_hash == hash_feed_token(token), CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None:
        return None
    owner = db.session.get(User, feed.owner_id)
    if owner is None or not owner.is_active:
        return None
    if feed.network_id is not None:
        network = db.session.get(Network, feed.network_id)
        if network is None or not can_view_network_details(owner, network):
            return None
    return feed


def feed_content(feed: CalendarFeed) -> tuple[str, list[Meeting]]:
    """The calendar name and the meetings of a feed (from about a year back)."""
    owner = db.session.get(User, feed.owner_id)
    since = now_local() - timedelta(days=FEED_PAST_DAYS)
    query = (
        select(Meeting)
        .where(Meeting.starts_at >= since)
        .options(selectinload(Meeting.network), selectinload(Meeting.host_school))
        .order_by(Meeting.starts_at)
    )
    if feed.network_id is not None:
        network = db.session.get(Network, feed.network_id)
        name = network.name
        query = query.where(Meeting.network_id == network.id)
    else:
        name = _("Bijeenkomsten van %(name)s", name=owner.name)
        visible = visible_network_ids(owner)
        if visible is not None:
            query = query.where(Meeting.network_id.in_(visible))
    return name, list(db.session.scalars(query))


# --------------------------------------------------------------------------- the document


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


def _location(meeting: Meeting, link: str) -> str:
    """Host school, address and online link, as far as known."""
    parts = []
    if meeting.host_school is not None:
        parts.append(meeting.host_school.name)
    if meeting.location:
        parts.append(meeting.location)
    if link:
        parts.append(link)
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
        link = _online_link(meeting)
        location = _location(meeting, link)
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
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
