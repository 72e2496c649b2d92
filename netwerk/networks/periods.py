"""A network's anchor schools, level and programme over time (issue 17): the selects the reports
build on, and the writes of the one service that changes them (networks.update_network).

Network.anchors, Network.level and Network.programme_id stay the current values (most code reads
them); the rows (models.NetworkAnchorPeriod, NetworkProfileChange) say what held on a past day,
and what was known about it at a past moment:

- NetworkAnchorPeriod: a school anchored the network from valid_from to valid_until (inclusive,
  NULL = still). A change closes a period by recording a shortened copy and marking the old row
  superseded (recorded_until), so that "as known at K" still finds the rows that held at K.
- NetworkProfileChange: the network's level and programme from effective_on on. Effective dates
  never go back within a network (the service refuses it), so the newest row on or before a day,
  by id, holds that day, as for registrations (networks.history).

The network's first rows are `opening`: they also stand for the days before their start, so a
registration dated before a network's first known day still finds its anchors. A report "as known
at K" for a K before the network was entered counts what was entered with it (its created_at):
the rows of a network are never less known than its registrations.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import (
    EARLIEST_DAY,
    Network,
    NetworkAnchorPeriod,
    NetworkParentPeriod,
    NetworkProfileChange,
)
from netwerk.schools.models import Organisation, School, SchoolLevel
from netwerk.timeutil import utcnow

# -- the selects the reports build on ------------------------------------------------------------


def known_moment(known_at: datetime):
    """known_at, or the network's created_at when that is later (see the module's docstring)."""
    return case((Network.created_at > known_at, Network.created_at), else_=known_at)


def spans_on(period, column, as_of: date, known_at: datetime | None = None) -> Select:
    """(network_id, column) of the dated spans of a period table (anchors, parents) that hold on
    as_of: a network's opening rows stand for the days before their valid_from too.

    known_at (naive UTC): as recorded at that moment; None: what is known now.
    """
    stmt = select(period.network_id, column).where(
        or_(period.valid_from <= as_of, period.opening),
        or_(period.valid_until.is_(None), period.valid_until >= as_of),
    )
    if known_at is None:
        return stmt.where(period.recorded_until.is_(None))
    moment = known_moment(known_at)
    return stmt.join(Network, Network.id == period.network_id).where(
        period.recorded_at <= moment,
        or_(period.recorded_until.is_(None), period.recorded_until > moment),
    )


def anchors_on(as_of: date, known_at: datetime | None = None) -> Select:
    """(network_id, organisation_id): the anchors (of any kind) of every network on as_of (see
    spans_on)."""
    return spans_on(NetworkAnchorPeriod, NetworkAnchorPeriod.organisation_id, as_of, known_at)


def profiles_on(as_of: date, known_at: datetime | None = None) -> Select:
    """(network_id, level, programme_id): every network's level and programme on as_of.

    known_at (naive UTC): as recorded at that moment; None: what is known now.
    """
    c = NetworkProfileChange
    latest = select(c.network_id, func.max(c.id).label("change_id")).where(
        or_(c.effective_on <= as_of, c.opening)
    )
    if known_at is not None:
        latest = latest.join(Network, Network.id == c.network_id).where(
            c.recorded_at <= known_moment(known_at)
        )
    newest = latest.group_by(c.network_id).subquery("newest_profile")
    return select(c.network_id, c.level, c.programme_id).join(newest, newest.c.change_id == c.id)


def networks_on(
    as_of: date,
    *,
    programme_id: int | None = None,
    level: SchoolLevel | None = None,
    known_at: datetime | None = None,
) -> Select:
    """Ids of the networks in this programme and/or of this level on as_of (as known at)."""
    profile = profiles_on(as_of, known_at).subquery("profile_on")
    stmt = select(profile.c.network_id)
    if programme_id is not None:
        stmt = stmt.where(profile.c.programme_id == programme_id)
    if level is not None:
        stmt = stmt.where(profile.c.level == level)
    return stmt


# -- writing the history ---------------------------------------------------------------------------


def current_periods(network_id: int) -> list[NetworkAnchorPeriod]:
    """The network's anchor periods as known now, newest first."""
    p = NetworkAnchorPeriod
    return list(
        db.session.scalars(
            select(p)
            .where(p.network_id == network_id, p.recorded_until.is_(None))
            .order_by(p.valid_from.desc(), p.id)
        )
    )


def last_dated_change(network_id: int) -> date | None:
    """The newest day from which the network's anchors, level, programme or parent changed."""
    anchors = select(func.max(NetworkAnchorPeriod.valid_from)).where(
        NetworkAnchorPeriod.network_id == network_id,
        NetworkAnchorPeriod.recorded_until.is_(None),
        NetworkAnchorPeriod.opening.is_(False),
    )
    profile = select(func.max(NetworkProfileChange.effective_on)).where(
        NetworkProfileChange.network_id == network_id,
        NetworkProfileChange.opening.is_(False),
    )
    # The parent: a new period starts on its day, a removed one ends the day before.
    # (An opening row cut short keeps its flag: the end counts whatever the flag.)
    p = NetworkParentPeriod
    parent = select(
        func.max(case((p.opening.is_(False), p.valid_from))), func.max(p.valid_until)
    ).where(p.network_id == network_id, p.recorded_until.is_(None))
    parent_from, parent_until = db.session.execute(parent).one()
    days = [
        db.session.scalar(anchors),
        db.session.scalar(profile),
        parent_from,
        parent_until + timedelta(1) if parent_until is not None else None,
    ]
    return max((d for d in days if d is not None), default=None)


def record_anchors(
    network: Network,
    organisation_ids: set[int],
    effective_on: date,
    actor: User | None,
    reason: str,
) -> None:
    """From effective_on on the network is anchored by these organisations: close the others
    the day before (a shortened copy, the old row superseded), open new ones."""
    now = utcnow()
    periods = current_periods(network.id)
    first_day = min((p.valid_from for p in periods), default=effective_on)
    kept: set[int] = set()
    for period in periods:
        wanted = period.organisation_id in organisation_ids
        # A period that ended the day before and goes on again is reopened, not split in two.
        reopens = wanted and period.valid_until == effective_on - timedelta(1)
        if period.valid_until is not None and period.valid_until < effective_on and not reopens:
            continue
        if wanted and period.valid_until is None and period.valid_from <= effective_on:
            kept.add(period.organisation_id)
            continue
        period.recorded_until = now
        if reopens and period.organisation_id not in kept:
            kept.add(period.organisation_id)
            _copy(period, None, now, actor, reason)
        elif period.valid_from < effective_on:
            _copy(period, effective_on - timedelta(1), now, actor, reason)
    for organisation_id in sorted(organisation_ids - kept):
        db.session.add(
            NetworkAnchorPeriod(
                network_id=network.id,
                organisation_id=organisation_id,
                valid_from=effective_on,
                opening=effective_on <= first_day,
                recorded_at=now,
                actor_id=actor.id if actor is not None else None,
                reason=reason[:500],
            )
        )


def _copy(
    period: NetworkAnchorPeriod, until: date | None, now: datetime, actor: User | None, reason: str
) -> None:
    """Record the period again, now ending on `until`."""
    db.session.add(
        NetworkAnchorPeriod(
            network_id=period.network_id,
            organisation_id=period.organisation_id,
            valid_from=period.valid_from,
            valid_until=until,
            opening=period.opening,
            recorded_at=now,
            actor_id=actor.id if actor is not None else None,
            reason=reason[:500],
        )
    )


def record_profile(network: Network, effective_on: date, actor: User | None, reason: str) -> None:
    """From effective_on on the network has its (new) level and programme."""
    db.session.add(
        NetworkProfileChange(
            network_id=network.id,
            level=network.level,
            programme=network.programme,
            effective_on=effective_on,
            recorded_at=utcnow(),
            actor_id=actor.id if actor is not None else None,
            reason=reason[:500],
        )
    )


@dataclass(frozen=True)
class AnchorSpan:
    """An organisation anchoring the network from valid_from to valid_until (None: still);
    school: the same organisation as a school (None for another kind)."""

    organisation: Organisation
    school: School | None
    valid_from: date
    valid_until: date | None
    # valid_from is the earliest day anything may be dated: no real start to show.
    from_the_start: bool


def anchor_history(network_id: int) -> list[AnchorSpan]:
    """The network's anchor periods as known now: the current ones first, then the earlier ones,
    newest first (for the network page and the API)."""
    p = NetworkAnchorPeriod
    rows = db.session.execute(
        select(p, School)
        .options(selectinload(p.organisation))
        .outerjoin(School, School.id == p.organisation_id)
        .where(p.network_id == network_id, p.recorded_until.is_(None))
        .order_by(p.valid_until.is_not(None), p.valid_from.desc(), p.id)
    )
    return [
        AnchorSpan(
            p.organisation, school, p.valid_from, p.valid_until, p.valid_from <= EARLIEST_DAY
        )
        for p, school in rows
    ]
