"""Registration status as of a date, computed from the dated status history in SQL.

Every report counts through these selects, so that a count for a past date never changes whatever
happens later: only status changes with effective_on <= the date are looked at. Within one
registration effective dates never go back (the services refuse it), so the newest change on or
before the date, by id, holds the status on that date.

known_at (naive UTC, as recorded_at is stored; None = now) reads the history as it was known at
that moment: changes recorded later are left out, so a figure published then can be rebuilt
whatever was backdated since. None adds no condition at all (today's reports stay as fast).

Known now (known_at None), "held on D" is read from the status periods instead
(models.RegistrationStatusPeriod, kept by networks.status_periods in the flush of every move): a
range lookup instead of the newest change per registration over the whole history. The periods
are that same history cut at its effective dates, so both give the same rows (tests/networks/
test_status_periods.py checks it after random moves).
"""

from datetime import date, datetime

from sqlalchemy import Date, Select, func, or_, select

from netwerk.networks.models import (
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
    RegistrationStatusPeriod,
)


def known_by(known_at: datetime | None) -> list:
    """Where-clauses on RegistrationStatusChange: recorded at or before known_at (none for now)."""
    if known_at is None:
        return []
    return [RegistrationStatusChange.recorded_at <= known_at]


def latest_change_ids_as_of(as_of: date, known_at: datetime | None = None) -> Select:
    """(registration_id, change_id) of the newest status change on or before as_of (recorded by
    known_at)."""
    return (
        select(
            RegistrationStatusChange.registration_id.label("registration_id"),
            func.max(RegistrationStatusChange.id).label("change_id"),
        )
        .where(RegistrationStatusChange.effective_on <= as_of, *known_by(known_at))
        .group_by(RegistrationStatusChange.registration_id)
    )


def status_as_of(as_of: date, known_at: datetime | None = None) -> Select:
    """(registration_id, status) for every registration that existed on as_of (known at)."""
    latest = latest_change_ids_as_of(as_of, known_at).subquery("latest")
    return select(
        latest.c.registration_id, RegistrationStatusChange.to_status.label("status")
    ).join(RegistrationStatusChange, RegistrationStatusChange.id == latest.c.change_id)


def held_on(as_of: date) -> list:
    """Where-clauses on RegistrationStatusPeriod: the period holds on as_of."""
    period = RegistrationStatusPeriod
    return [
        period.valid_from <= as_of,
        or_(period.valid_until.is_(None), period.valid_until > as_of),
    ]


def periods_with_status_on(
    as_of: date, *statuses: RegistrationStatus, with_since: bool = False
) -> Select:
    """(registration_id, school_id, network_id[, since]) in one of these statuses on as_of,
    known now, from the status periods; since = the day that status began."""
    period = RegistrationStatusPeriod
    columns = [period.registration_id, period.school_id, period.network_id]
    if with_since:
        columns.append(period.valid_from.label("since"))
    return select(*columns).where(
        period.status.in_(statuses or (RegistrationStatus.accepted,)), *held_on(as_of)
    )


def history_with_status_on(
    as_of: date, *statuses: RegistrationStatus, known_at: datetime | None = None
) -> Select:
    """(registration_id, school_id, network_id) in one of these statuses on as_of as known at
    known_at, from the history itself (whatever known_at is)."""
    st = status_as_of(as_of, known_at).subquery("status_on")
    return (
        select(
            Registration.id.label("registration_id"),
            Registration.school_id,
            Registration.network_id,
        )
        .join(st, st.c.registration_id == Registration.id)
        .where(st.c.status.in_(statuses or (RegistrationStatus.accepted,)))
    )


def registrations_with_status_on(
    as_of: date, *statuses: RegistrationStatus, known_at: datetime | None = None
) -> Select:
    """(registration_id, school_id, network_id) of registrations in one of these statuses on as_of
    (as known at known_at): known now from the periods, else from the history."""
    if known_at is None:
        return periods_with_status_on(as_of, *statuses)
    return history_with_status_on(as_of, *statuses, known_at=known_at)


def status_periods(known_at: datetime | None = None) -> Select:
    """(registration_id, status, from_on, until_on): each status with the days it held; known
    now the stored periods, else history_periods (which also gives the periods of no day)."""
    if known_at is None:
        period = RegistrationStatusPeriod
        return select(
            period.registration_id,
            period.status,
            period.valid_from.label("from_on"),
            period.valid_until.label("until_on"),
        )
    return history_periods(known_at)


def history_periods(known_at: datetime | None = None) -> Select:
    """(registration_id, status, from_on, until_on) from the history: each status with the days
    it held.

    A change holds from its effective date until the effective date of the registration's next
    change (exclusive; NULL while it is the newest). A change superseded on its own day holds for
    no day at all, just as latest_change_ids_as_of picks the newest change of that day. One pass
    over the history answers "status on D" for many dates at once. With known_at the history is
    the one known then (the next change is the next one recorded by then).
    """
    change = RegistrationStatusChange
    stmt = select(
        change.registration_id,
        change.to_status.label("status"),
        change.effective_on.label("from_on"),
        # type_: SQLite would hand the day back as text (the window loses the column's type).
        func.lead(change.effective_on, type_=Date)
        .over(partition_by=change.registration_id, order_by=change.id)
        .label("until_on"),
    )
    return stmt.where(*known_by(known_at))


def accepted_on(as_of: date, known_at: datetime | None = None) -> Select:
    """Registrations that were accepted on as_of (as known at known_at): the basis 'ingeschreven'
    of every report."""
    return registrations_with_status_on(as_of, RegistrationStatus.accepted, known_at=known_at)
