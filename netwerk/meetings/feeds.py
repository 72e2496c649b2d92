"""Private calendar feeds: a secret link per user (all their networks) or per network; the
iCalendar document behind it is built by netwerk.meetings.ical (shared with the mails)."""

import hashlib
import logging
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from netwerk.meetings.meetings import now_local
from netwerk.meetings.models import CalendarFeed, Meeting
from netwerk.meetings.permissions import can_manage_feed
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_view_network_details, visible_network_ids
from netwerk.timeutil import utcnow

logger = logging.getLogger(__name__)

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


def host_name_for(feed: CalendarFeed):
    """How a feed names a meeting's host school: by name, except for ministry staff, who read a
    participating school by its code (anchor schools are public by name), as on the meeting page."""
    owner = db.session.get(User, feed.owner_id)
    if owner is None or owner.role is not Role.ministry:
        return None
    return lambda m: (
        m.host_school.name if m.host_school in m.network.anchors else m.host_school.public_code
    )


def feed_content(feed: CalendarFeed) -> tuple[str, list[Meeting]]:
    """The calendar name and the meetings of a feed (from about a year back)."""
    owner = db.session.get(User, feed.owner_id)
    since = now_local() - timedelta(days=FEED_PAST_DAYS)
    query = (
        select(Meeting)
        .where(Meeting.starts_at >= since)
        .options(
            selectinload(Meeting.network).selectinload(Network.anchors),
            selectinload(Meeting.host_school),
        )
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
