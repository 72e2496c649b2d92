"""The selects behind every report: counts as of a date, computed by the database.

Everything here builds SQLAlchemy selects and never loads rows: the services run them, one
statement per figure block, so the number of statements per page does not grow with the data.

Two bases for "a school in a network on date D":
- registered (ingeschreven): the registration was accepted on D (networks.history.accepted_on);
- participating (deelnemend): the school was present at a held meeting of the network that started
  on or before the end of D.

Network filters (programme, call, school year, a coach's own networks) and school filters
(province, umbrella, level of the registered school) are applied the same way for both bases.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from netwerk.effort.models import HourEntry
from netwerk.meetings.models import Attendance, Meeting
from netwerk.meetings.participation import participating_on, present_at_held_meeting
from netwerk.networks.history import accepted_on, latest_change_ids_as_of, status_periods
from netwerk.networks.models import (
    Call,
    Network,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
    call_network,
    network_anchor,
    network_coach,
)
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from netwerk.timeutil import SchoolYear

REGISTERED = "registered"
PARTICIPATING = "participating"
BASES = (REGISTERED, PARTICIPATING)


@dataclass(frozen=True)
class ReportFilters:
    """What a report is narrowed to. None means: no restriction."""

    programme_id: int | None = None
    call_id: int | None = None
    # A network belongs to a school year when it was offered in a call that starts in that year.
    school_year: SchoolYear | None = None
    # Of the registered (or attending) school, not of the network or its anchors.
    province: Province | None = None
    umbrella: Umbrella | None = None
    level: SchoolLevel | None = None


def registered_on(as_of: date, with_since: bool = False) -> Select:
    """(school_id, network_id[, since]): accepted on as_of; since = the date it was accepted."""
    accepted = accepted_on(as_of).subquery("accepted")
    if not with_since:
        return select(accepted.c.school_id, accepted.c.network_id)
    latest = latest_change_ids_as_of(as_of).subquery("latest")
    return (
        select(
            accepted.c.school_id,
            accepted.c.network_id,
            RegistrationStatusChange.effective_on.label("since"),
        )
        .join(latest, latest.c.registration_id == accepted.c.registration_id)
        .join(RegistrationStatusChange, RegistrationStatusChange.id == latest.c.change_id)
    )


def basis_pairs(basis: str, as_of: date, with_since: bool = False) -> Select:
    """Distinct (school_id, network_id[, since]) pairs on as_of for the basis."""
    if basis == PARTICIPATING:
        return participating_on(as_of, with_since=with_since)
    return registered_on(as_of, with_since)


def network_scope(filters: ReportFilters, coach_id: int | None = None) -> Select | None:
    """Network ids allowed by the network filters and a coach's own networks; None: all."""
    conditions = []
    if filters.programme_id is not None:
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
    if coach_id is not None:
        conditions.append(
            Network.id.in_(
                select(network_coach.c.network_id).where(network_coach.c.user_id == coach_id)
            )
        )
    if not conditions:
        return None
    return select(Network.id).where(*conditions)


def school_conditions(filters: ReportFilters, school=School) -> list:
    """Where-clauses on the school for province, umbrella and level."""
    conditions = []
    if filters.province is not None:
        conditions.append(school.province == filters.province)
    if filters.umbrella is not None:
        conditions.append(school.umbrella == filters.umbrella)
    if filters.level is not None:
        conditions.append(school.level == filters.level)
    return conditions


def filtered_pairs(
    basis: str,
    as_of: date,
    filters: ReportFilters,
    coach_id: int | None = None,
    with_since: bool = False,
) -> Select:
    """(school_id, network_id, level[, since]) on as_of, after every filter."""
    base = basis_pairs(basis, as_of, with_since).subquery("basis")
    columns = [base.c.school_id, base.c.network_id, School.level.label("level")]
    if with_since:
        columns.append(base.c.since)
    stmt = (
        select(*columns)
        .join(School, School.id == base.c.school_id)
        .where(*school_conditions(filters))
    )
    scope = network_scope(filters, coach_id)
    if scope is not None:
        stmt = stmt.where(base.c.network_id.in_(scope))
    return stmt


ROWS, TOTALS = 0, 1  # the two kinds of line in participation_figures


def participation_figures(pairs: Select) -> Select:
    """The whole participation report in one statement: the pairs are computed once.

    Lines of kind ROWS: per anchor school x network x level, the number of schools (count).
    Lines of kind TOTALS: per level, the registrations (count: each school-network pair once) and
    the distinct schools. The pairs are a CTE used by both halves of a UNION ALL (PostgreSQL
    materialises a CTE used twice), so the as-of history is read once instead of twice.
    """
    p = pairs.cte("pairs")
    anchor = aliased(School, name="anchor")
    rows = (
        select(
            literal(ROWS).label("kind"),
            anchor.id.label("anchor_id"),
            anchor.name.label("anchor_name"),
            anchor.institution_number.label("anchor_institution_number"),
            Network.id.label("network_id"),
            Network.name.label("network_name"),
            p.c.level,
            func.count().label("count"),
            cast(null(), Integer).label("distinct_schools"),
        )
        .select_from(p)
        .join(network_anchor, network_anchor.c.network_id == p.c.network_id)
        .join(anchor, anchor.id == network_anchor.c.school_id)
        .join(Network, Network.id == p.c.network_id)
        .group_by(
            anchor.id,
            anchor.name,
            anchor.institution_number,
            Network.id,
            Network.name,
            p.c.level,
        )
    )
    totals = select(
        literal(TOTALS).label("kind"),
        cast(null(), Integer).label("anchor_id"),
        cast(null(), String).label("anchor_name"),
        cast(null(), String).label("anchor_institution_number"),
        cast(null(), Integer).label("network_id"),
        cast(null(), String).label("network_name"),
        p.c.level,
        func.count().label("count"),
        func.count(p.c.school_id.distinct()).label("distinct_schools"),
    ).group_by(p.c.level)
    both = union_all(rows, totals).subquery("figures")
    return select(both).order_by(
        both.c.kind, both.c.anchor_name, both.c.anchor_id, both.c.network_name, both.c.network_id
    )


def schools_behind(pairs_with_since: Select, network_id: int | None, level: SchoolLevel | None):
    """The schools behind one count: one row per school, with its number of networks.

    With a network: the schools of that network, each with all its networks in the report (so
    a reader sees that a school also counts elsewhere).
    """
    p = pairs_with_since.subquery("pairs")
    # The date (accepted since / first attended) is the one in the listed network.
    since = p.c.since if network_id is None else case((p.c.network_id == network_id, p.c.since))
    stmt = (
        select(
            School.id,
            School.name,
            School.institution_number,
            School.public_code,
            School.municipality,
            School.province,
            School.umbrella,
            School.level,
            func.count(p.c.network_id).label("networks"),
            func.min(since).label("since"),
        )
        .join(p, p.c.school_id == School.id)
        .group_by(
            School.id,
            School.name,
            School.institution_number,
            School.public_code,
            School.municipality,
            School.province,
            School.umbrella,
            School.level,
        )
    )
    if network_id is not None:
        p_net = pairs_with_since.subquery("in_network")
        stmt = stmt.where(
            School.id.in_(select(p_net.c.school_id).where(p_net.c.network_id == network_id))
        )
    if level is not None:
        stmt = stmt.where(School.level == level)
    return stmt


def count_of(stmt: Select) -> Select:
    """SELECT count(*) over a select."""
    return select(func.count()).select_from(stmt.subquery("counted"))


# --- reach -------------------------------------------------------------------------------------


def population(filters: ReportFilters) -> Select:
    """School ids of the population: every school in the registry matching level/province/umbrella."""
    return select(School.id).where(*school_conditions(filters))


def reached_in_period(
    basis: str, starts_on: date, ends_on: date, filters: ReportFilters, coach_id: int | None
) -> Select:
    """School ids reached at some point between starts_on and ends_on (both included).

    Registered: accepted on the first day, or a change to accepted took effect in the period.
    Participating: present at a held meeting that started in the period.
    """
    scope = network_scope(filters, coach_id)
    if basis == PARTICIPATING:
        stmt = (
            select(Attendance.school_id)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(*present_at_held_meeting(ends_on, starts_on))
        )
        network_col = Meeting.network_id
    else:
        already = accepted_on(starts_on).subquery("already")
        stmt = select(Registration.school_id).where(
            or_(
                Registration.id.in_(select(already.c.registration_id)),
                Registration.id.in_(
                    select(RegistrationStatusChange.registration_id).where(
                        RegistrationStatusChange.to_status == RegistrationStatus.accepted,
                        RegistrationStatusChange.effective_on.between(starts_on, ends_on),
                    )
                ),
            )
        )
        network_col = Registration.network_id
    if scope is not None:
        stmt = stmt.where(network_col.in_(scope))
    return stmt


def ever_reached(basis: str, as_of: date, filters: ReportFilters, coach_id: int | None) -> Select:
    """School ids ever reached up to as_of (cumulative)."""
    scope = network_scope(filters, coach_id)
    if basis == PARTICIPATING:
        sub = participating_on(as_of).subquery("part")
        stmt = select(sub.c.school_id)
        network_col = sub.c.network_id
    else:
        stmt = (
            select(Registration.school_id)
            .join(
                RegistrationStatusChange,
                RegistrationStatusChange.registration_id == Registration.id,
            )
            .where(
                RegistrationStatusChange.to_status == RegistrationStatus.accepted,
                RegistrationStatusChange.effective_on <= as_of,
            )
        )
        network_col = Registration.network_id
    if scope is not None:
        stmt = stmt.where(network_col.in_(scope))
    return stmt


def reach_counts(periods: list[tuple[date, date]], as_of: date, basis, filters, coach_id):
    """One statement: the population size, the cumulative numerator, then one per period.

    Rows are (position, count): 0 = population, 1 = cumulative, 2.. = the periods in order.
    """
    pop = population(filters)
    branches = [
        select(literal(0, Integer).label("position"), func.count().label("n")).select_from(
            pop.subquery("pop0")
        ),
        _reached_count(1, ever_reached(basis, as_of, filters, coach_id), pop),
    ]
    for i, (starts_on, ends_on) in enumerate(periods, start=2):
        reached = reached_in_period(basis, starts_on, ends_on, filters, coach_id)
        branches.append(_reached_count(i, reached, pop))
    return union_all(*branches)


def _reached_count(position: int, reached: Select, pop: Select) -> Select:
    """count(distinct school) of the reached schools that belong to the population."""
    r = reached.subquery(f"reached{position}")
    return select(
        literal(position, Integer).label("position"),
        func.count(r.c.school_id.distinct()).label("n"),
    ).where(r.c.school_id.in_(pop))


def first_acceptance_on() -> Select:
    """The earliest date any registration was accepted (where the time series starts)."""
    return select(func.min(RegistrationStatusChange.effective_on)).where(
        RegistrationStatusChange.to_status == RegistrationStatus.accepted
    )


# --- trends ------------------------------------------------------------------------------------


def accepted_over_time(points: list[date], filters: ReportFilters, coach_id: int | None):
    """One statement: per point in time, accepted registrations and distinct schools.

    Rows are (position, registrations, distinct_schools) in the order of points. The history is
    read once (each status with the days it held, networks.history.status_periods) and matched
    against every point, instead of one as-of computation per point: the same figures as
    filtered_pairs(REGISTERED, point, ...) for each point.
    """
    at = union_all(  # trend_points gives at least the peildatum itself
        *(
            select(literal(i, Integer).label("position"), literal(point, Date).label("point"))
            for i, point in enumerate(points)
        )
    ).subquery("points")
    held = status_periods().subquery("periods")
    accepted = (
        select(held.c.from_on, held.c.until_on, Registration.school_id, Registration.network_id)
        .join(Registration, Registration.id == held.c.registration_id)
        .join(School, School.id == Registration.school_id)
        .where(held.c.status == RegistrationStatus.accepted, *school_conditions(filters))
    )
    scope = network_scope(filters, coach_id)
    if scope is not None:
        accepted = accepted.where(Registration.network_id.in_(scope))
    a = accepted.subquery("accepted")
    on_point = and_(
        a.c.from_on <= at.c.point, or_(a.c.until_on.is_(None), a.c.until_on > at.c.point)
    )
    return (
        select(
            at.c.position,
            func.count(a.c.school_id).label("registrations"),
            func.count(a.c.school_id.distinct()).label("distinct_schools"),
        )
        .select_from(at)
        .outerjoin(a, on_point)
        .group_by(at.c.position)
        .order_by(at.c.position)
    )


def schools_per_anchor(pairs: Select) -> Select:
    """Per anchor school: distinct schools over all its networks."""
    p = pairs.subquery("pairs")
    anchor = aliased(School, name="anchor")
    return (
        select(
            anchor.id,
            anchor.name,
            func.count(p.c.school_id.distinct()).label("schools"),
        )
        .select_from(p)
        .join(network_anchor, network_anchor.c.network_id == p.c.network_id)
        .join(anchor, anchor.id == network_anchor.c.school_id)
        .group_by(anchor.id, anchor.name)
        .order_by(anchor.name, anchor.id)
    )


def school_year_start(day_column):
    """The first calendar year of the school year a date column falls in (SQL)."""
    year = extract("year", day_column)
    return case((extract("month", day_column) >= 9, year), else_=year - 1)


def hours_per_school_year(as_of: date, filters: ReportFilters, coach_id: int | None) -> Select:
    """Sum of logged minutes per school year, up to as_of, for the networks in scope."""
    inner = select(
        school_year_start(HourEntry.worked_on).label("start_year"), HourEntry.minutes
    ).where(HourEntry.worked_on <= as_of)
    scope = network_scope(filters, coach_id)
    if scope is not None:
        inner = inner.where(HourEntry.network_id.in_(scope))
    # Group in an outer select: PostgreSQL does not see two bound copies of the CASE as equal.
    entries = inner.subquery("entries")
    return (
        select(entries.c.start_year, func.sum(entries.c.minutes).label("minutes"))
        .group_by(entries.c.start_year)
        .order_by(entries.c.start_year)
    )
