"""Registration status as of a date, computed from the dated status history in SQL.

Every report counts through these selects, so that a count for a past date never changes whatever
happens later: only status changes with effective_on <= the date are looked at. Within one
registration effective dates never go back (the services refuse it), so the newest change on or
before the date, by id, holds the status on that date.
"""

from datetime import date

from sqlalchemy import Select, func, select

from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange


def latest_change_ids_as_of(as_of: date) -> Select:
    """(registration_id, change_id) of the newest status change on or before as_of."""
    return (
        select(
            RegistrationStatusChange.registration_id.label("registration_id"),
            func.max(RegistrationStatusChange.id).label("change_id"),
        )
        .where(RegistrationStatusChange.effective_on <= as_of)
        .group_by(RegistrationStatusChange.registration_id)
    )


def status_as_of(as_of: date) -> Select:
    """(registration_id, status) for every registration that existed on as_of."""
    latest = latest_change_ids_as_of(as_of).subquery("latest")
    return select(
        latest.c.registration_id, RegistrationStatusChange.to_status.label("status")
    ).join(RegistrationStatusChange, RegistrationStatusChange.id == latest.c.change_id)


def registrations_with_status_on(as_of: date, *statuses: RegistrationStatus) -> Select:
    """(registration_id, school_id, network_id) of registrations in one of these statuses on as_of."""
    st = status_as_of(as_of).subquery("status_on")
    return (
        select(
            Registration.id.label("registration_id"),
            Registration.school_id,
            Registration.network_id,
        )
        .join(st, st.c.registration_id == Registration.id)
        .where(st.c.status.in_(statuses or (RegistrationStatus.accepted,)))
    )


def status_periods() -> Select:
    """(registration_id, status, from_on, until_on): each status with the days it held.

    A change holds from its effective date until the effective date of the registration's next
    change (exclusive; NULL while it is the newest). A change superseded on its own day holds for
    no day at all, just as latest_change_ids_as_of picks the newest change of that day. One pass
    over the history answers "status on D" for many dates at once.
    """
    change = RegistrationStatusChange
    return select(
        change.registration_id,
        change.to_status.label("status"),
        change.effective_on.label("from_on"),
        func.lead(change.effective_on)
        .over(partition_by=change.registration_id, order_by=change.id)
        .label("until_on"),
    )


def accepted_on(as_of: date) -> Select:
    """Registrations that were accepted on as_of: the basis 'ingeschreven' of every report."""
    return registrations_with_status_on(as_of, RegistrationStatus.accepted)
