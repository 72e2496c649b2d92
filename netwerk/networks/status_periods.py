"""Writing the status periods (models.RegistrationStatusPeriod) from the status history.

One function, rebuild_periods (its core: _rewrite), recomputes the periods of the registrations
it is given (or of all) from their RegistrationStatusChange rows: delete, then one INSERT ...
SELECT over the history (networks.history.history_periods, the same window the reports "known
at" read), leaving out the periods that held for no day. It is the only writer of the table:

- every ORM write of a status change (the registration services, backdated moves, re-joins, bulk
  moves, the demo loader, the tests' factories) goes through a flush; the listener below calls
  rebuild_periods for the registrations touched, in that same flush, so in the same transaction;
- writes that bypass the ORM (the scale loader's COPY, a migration) call rebuild_periods
  themselves, for all registrations at once;
- `flask reports rebuild-periods` rebuilds everything from the history.

Why a flush listener rather than a call in each service: a period table that disagrees with the
history gives wrong figures silently, and a listener cannot be forgotten by the next writer.
"""

from collections.abc import Iterable

from sqlalchemy import Connection, delete, event, func, insert, or_, select
from sqlalchemy.orm import Session

from netwerk.networks.history import history_periods
from netwerk.networks.models import (
    Registration,
    RegistrationStatusChange,
    RegistrationStatusPeriod,
)

PERIOD_COLUMNS = (
    "registration_id",
    "school_id",
    "network_id",
    "status",
    "valid_from",
    "valid_until",
)


def periods_from_history(registration_ids: Iterable[int] | None = None):
    """(registration_id, school_id, network_id, status, valid_from, valid_until): the periods
    the history gives now, without the ones that held for no day (all registrations for None)."""
    change = RegistrationStatusChange
    source = history_periods()
    if registration_ids is not None:
        source = source.where(change.registration_id.in_(list(registration_ids)))
    held = source.subquery("held")
    return (
        select(
            held.c.registration_id,
            Registration.school_id,
            Registration.network_id,
            held.c.status,
            held.c.from_on.label("valid_from"),
            held.c.until_on.label("valid_until"),
        )
        .join(Registration, Registration.id == held.c.registration_id)
        .where(or_(held.c.until_on.is_(None), held.c.until_on > held.c.from_on))
    )


def rebuild_periods(connection: Connection, registration_ids: Iterable[int] | None = None) -> int:
    """Replace the periods of these registrations (None: all) by the ones their history gives;
    returns the number of periods they have now."""
    ids = None if registration_ids is None else sorted(set(registration_ids))
    _rewrite(connection, ids)
    period = RegistrationStatusPeriod.__table__
    counted = select(func.count()).select_from(period)
    if ids is not None:
        counted = counted.where(period.c.registration_id.in_(ids))
    return connection.scalar(counted)


def _rewrite(connection: Connection, ids: list[int] | None) -> None:
    """Delete the periods of these registrations (None: all) and insert the history's."""
    period = RegistrationStatusPeriod.__table__
    if ids == []:
        return
    clear = delete(period)
    if ids is not None:
        clear = clear.where(period.c.registration_id.in_(ids))
    connection.execute(clear)
    connection.execute(insert(period).from_select(PERIOD_COLUMNS, periods_from_history(ids)))


def _touched_registrations(session: Session) -> set[int]:
    """Ids of the registrations whose history (or school and network) this flush wrote."""
    touched = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, RegistrationStatusChange) and obj.registration_id is not None:
            touched.add(obj.registration_id)
        elif isinstance(obj, Registration) and obj.id is not None:
            touched.add(obj.id)
    return touched


def keep_periods_with_history(session: Session, _flush_context) -> None:
    """after_flush: rebuild the periods of every registration the flush touched, in the flush's
    own transaction (listens on every session once this module is imported: create_app does)."""
    touched = _touched_registrations(session)
    if touched:
        _rewrite(session.connection(), sorted(touched))


event.listen(Session, "after_flush", keep_periods_with_history)
