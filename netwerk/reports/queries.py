"""The selects every report builds on: the (school, network) pairs counted on a date.

Everything here builds SQLAlchemy selects and never loads rows: the report modules
(participation, school_lists, reach, trends) add their own selects on top and run them, one
statement per figure block, so the number of statements per page does not grow with the data.
Each report function takes the actor and the report's parameter object (params.py), checks that
the actor may read reports and scopes the figures to the networks the actor may see
(permissions.require_reader).

Two bases for "a school in a network on date D":
- registered (ingeschreven): the registration was accepted on D (networks.history.accepted_on);
- participating (deelnemend): the school was present at a held meeting of the network that started
  on or before the end of D (meetings.participation).

known_at (naive UTC, None = now) is the "stand van de gegevens": registration changes recorded
later are left out (networks.history), and attendance saved later too (the attendance versions,
meetings.participation).

Network filters (programme, call, school year, the networks the reader may see) and school filters
(province, umbrella, level of the registered school) are applied the same way for both bases.
"""

from datetime import date, datetime

from sqlalchemy import Select, func, select

from netwerk.meetings.participation import participating_on
from netwerk.networks.history import (
    accepted_on,
    known_by,
    latest_change_ids_as_of,
    periods_with_status_on,
)
from netwerk.networks.models import (
    Call,
    Network,
    RegistrationStatus,
    RegistrationStatusChange,
    call_network,
)
from netwerk.networks.periods import networks_on
from netwerk.reports.params import PARTICIPATING, SCHOOL_FILTERS, ReportFilters
from netwerk.schools.models import School


def registered_on(
    as_of: date, with_since: bool = False, known_at: datetime | None = None
) -> Select:
    """(school_id, network_id[, since]): accepted on as_of (as known at known_at); since = the
    date it was accepted. Known now (known_at None) from the status periods, else from the
    history (networks.history)."""
    if known_at is None:
        held = periods_with_status_on(as_of, with_since=with_since).subquery("held")
        columns = [held.c.school_id, held.c.network_id]
        return select(*columns, held.c.since) if with_since else select(*columns)
    accepted = accepted_on(as_of, known_at).subquery("accepted")
    if not with_since:
        return select(accepted.c.school_id, accepted.c.network_id)
    latest = latest_change_ids_as_of(as_of, known_at).subquery("latest")
    return (
        select(
            accepted.c.school_id,
            accepted.c.network_id,
            RegistrationStatusChange.effective_on.label("since"),
        )
        .join(latest, latest.c.registration_id == accepted.c.registration_id)
        .join(RegistrationStatusChange, RegistrationStatusChange.id == latest.c.change_id)
    )


def basis_pairs(
    basis: str, as_of: date, with_since: bool = False, known_at: datetime | None = None
) -> Select:
    """Distinct (school_id, network_id[, since]) pairs on as_of for the basis (known at)."""
    if basis == PARTICIPATING:
        return participating_on(as_of, with_since=with_since, known_at=known_at)
    return registered_on(as_of, with_since, known_at)


def network_scope(
    filters: ReportFilters,
    visible: Select | None = None,
    as_of: date | None = None,
    known_at: datetime | None = None,
) -> Select | None:
    """Network ids allowed by the network filters and the reader's networks; None: all.

    visible: the networks the reader may see (permissions.require_reader), None for every one.
    as_of: the programme filter takes the networks in the programme on that day (as known at
    known_at, naive UTC; None: now), networks.periods; None: the networks in it today.
    """
    conditions = []
    if filters.programme_id is not None and as_of is not None:
        in_programme = networks_on(as_of, programme_id=filters.programme_id, known_at=known_at)
        conditions.append(Network.id.in_(in_programme))
    elif filters.programme_id is not None:
        conditions.append(Network.programme_id == filters.programme_id)
    if filters.call_id is not None:
        conditions.append(
            Network.id.in_(
                select(call_network.c.network_id).where(call_network.c.call_id == filters.call_id)
            )
        )
    if filters.school_year is not None:
        sy = filters.school_year
        conditions.append(
            Network.id.in_(
                select(call_network.c.network_id)
                .join(Call, Call.id == call_network.c.call_id)
                .where(Call.starts_on.between(sy.starts_on, sy.ends_on))
            )
        )
    if visible is not None:
        conditions.append(Network.id.in_(visible))
    if not conditions:
        return None
    return select(Network.id).where(*conditions)


def in_scope(
    stmt: Select,
    network_column,
    filters: ReportFilters,
    visible: Select | None,
    as_of: date | None = None,
    known_at: datetime | None = None,
):
    """stmt narrowed to the networks of network_scope (unchanged when every network counts)."""
    scope = network_scope(filters, visible, as_of, known_at)
    return stmt if scope is None else stmt.where(network_column.in_(scope))


def school_conditions(filters: ReportFilters, school=School) -> list:
    """Where-clauses on the school for province, umbrella and level (params.SCHOOL_FILTERS)."""
    chosen = {name: getattr(filters, name) for name in SCHOOL_FILTERS}
    return [getattr(school, name) == value for name, value in chosen.items() if value is not None]


def filtered_pairs(
    basis: str,
    as_of: date,
    filters: ReportFilters,
    visible: Select | None = None,
    with_since: bool = False,
    known_at: datetime | None = None,
) -> Select:
    """(school_id, network_id, level[, since]) on as_of (as known at known_at), after every
    filter."""
    base = basis_pairs(basis, as_of, with_since, known_at).subquery("basis")
    columns = [base.c.school_id, base.c.network_id, School.level.label("level")]
    if with_since:
        columns.append(base.c.since)
    stmt = (
        select(*columns)
        .join(School, School.id == base.c.school_id)
        .where(*school_conditions(filters))
    )
    return in_scope(stmt, base.c.network_id, filters, visible, as_of, known_at)


def count_of(stmt: Select) -> Select:
    """SELECT count(*) over a select."""
    return select(func.count()).select_from(stmt.subquery("counted"))


def first_acceptance_on(known_at: datetime | None = None) -> Select:
    """The earliest date any registration was accepted, as known at known_at (where reach and
    trends start)."""
    return select(func.min(RegistrationStatusChange.effective_on)).where(
        RegistrationStatusChange.to_status == RegistrationStatus.accepted, *known_by(known_at)
    )
