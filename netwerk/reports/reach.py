"""The reach report: the share of a population of schools that is reached.

Per school year: a school is reached in a school year when it was accepted at some moment of
that year (up to the peildatum), even if it withdrew later that year; cumulative: ever accepted
up to the peildatum. The population is the current registry (it keeps no history of schools).
Two statements whatever the size of the data: the first acceptance, then every count at once.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import Integer, Select, func, literal, or_, select, union_all

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.formatting import percentage
from netwerk.meetings.models import Attendance, AttendanceVersion, Meeting
from netwerk.meetings.participation import (
    participating_on,
    present_at_held_meeting,
    present_in_versions,
)
from netwerk.networks.history import accepted_on, known_by
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.reports.params import (
    PARTICIPATING,
    ReportFilters,
    ReportParams,
    known_at_utc,
    report_header,
)
from netwerk.reports.permissions import require_reader
from netwerk.reports.queries import first_acceptance_on, in_scope, school_conditions
from netwerk.schools.models import School
from netwerk.timeutil import SchoolYear

MAX_REACH_YEARS = 12


@dataclass
class ReachLine:
    """Reached schools of the population in a period: numerator / denominator and percentage."""

    label: str
    starts_on: date | None
    ends_on: date
    numerator: int
    denominator: int

    @property
    def percentage(self) -> Decimal | None:
        return percentage(self.numerator, self.denominator)


@dataclass
class ReachReport:
    """The share of a population of schools that is reached, per school year and cumulative."""

    as_of: date
    basis: str
    filters: ReportFilters
    source: str
    population: int
    years: list[ReachLine]
    cumulative: ReachLine
    # The "stand van de gegevens": aware, resolved (now when none was asked); after the
    # fields without a default so that older positional constructions keep working.
    known_at: datetime | None = None


def school_years_up_to(first: date | None, as_of: date, limit: int) -> list[SchoolYear]:
    """School years from the one of `first` to the one of as_of (the last `limit` of them)."""
    last = SchoolYear.of(as_of)
    start = SchoolYear.of(first) if first and first <= as_of else last
    years = [SchoolYear(y) for y in range(start.start_year, last.start_year + 1)]
    return years[-limit:]


def population(filters: ReportFilters) -> Select:
    """School ids of the population: every school in the registry matching level/province/umbrella."""
    return select(School.id).where(*school_conditions(filters))


def reached_in_period(
    basis: str,
    starts_on: date,
    ends_on: date,
    filters: ReportFilters,
    visible: Select | None,
    known_at: datetime | None = None,
) -> Select:
    """School ids reached at some point between starts_on and ends_on (both included).

    Registered: accepted on the first day, or a change to accepted took effect in the period (both
    as known at known_at, naive UTC, None = now). Known now, "accepted on the first day" reads the
    status periods (networks.history.accepted_on); the changes to accepted stay read from the
    history, so that an acceptance superseded on its own day still counts as reaching the school,
    as it does for a past known_at (the periods hold no period of no day). Participating: present
    at a held meeting that started in the period (as known at known_at: the attendance versions
    open then).
    """
    if basis == PARTICIPATING and known_at is not None:
        v = AttendanceVersion
        stmt = select(v.school_id).where(*present_in_versions(ends_on, starts_on, known_at))
        return in_scope(stmt, v.network_id, filters, visible, ends_on, known_at)
    if basis == PARTICIPATING:
        stmt = (
            select(Attendance.school_id)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(*present_at_held_meeting(ends_on, starts_on))
        )
        return in_scope(stmt, Meeting.network_id, filters, visible, ends_on, known_at)
    already = accepted_on(starts_on, known_at).subquery("already")
    stmt = select(Registration.school_id).where(
        or_(
            Registration.id.in_(select(already.c.registration_id)),
            Registration.id.in_(
                select(RegistrationStatusChange.registration_id).where(
                    RegistrationStatusChange.to_status == RegistrationStatus.accepted,
                    RegistrationStatusChange.effective_on.between(starts_on, ends_on),
                    *known_by(known_at),
                )
            ),
        )
    )
    return in_scope(stmt, Registration.network_id, filters, visible, ends_on, known_at)


def ever_reached(
    basis: str,
    as_of: date,
    filters: ReportFilters,
    visible: Select | None,
    known_at: datetime | None = None,
) -> Select:
    """School ids ever reached up to as_of (cumulative), as known at known_at (registered)."""
    if basis == PARTICIPATING:
        sub = participating_on(as_of, known_at=known_at).subquery("part")
        return in_scope(
            select(sub.c.school_id), sub.c.network_id, filters, visible, as_of, known_at
        )
    stmt = (
        select(Registration.school_id)
        .join(
            RegistrationStatusChange,
            RegistrationStatusChange.registration_id == Registration.id,
        )
        .where(
            RegistrationStatusChange.to_status == RegistrationStatus.accepted,
            RegistrationStatusChange.effective_on <= as_of,
            *known_by(known_at),
        )
    )
    return in_scope(stmt, Registration.network_id, filters, visible, as_of, known_at)


def reach_counts(
    periods: list[tuple[date, date]], params: ReportParams, visible: Select | None
) -> Select:
    """One statement: the population size, the cumulative numerator, then one per period.

    Rows are (position, count): 0 = population, 1 = cumulative, 2.. = the periods in order.
    """
    basis, filters, known_at = params.basis, params.filters, known_at_utc(params)
    pop = population(filters)
    branches = [
        select(literal(0, Integer).label("position"), func.count().label("n")).select_from(
            pop.subquery("pop0")
        ),
        _reached_count(1, ever_reached(basis, params.as_of, filters, visible, known_at), pop),
    ]
    for i, (starts_on, ends_on) in enumerate(periods, start=2):
        reached = reached_in_period(basis, starts_on, ends_on, filters, visible, known_at)
        branches.append(_reached_count(i, reached, pop))
    return union_all(*branches)


def _reached_count(position: int, reached: Select, pop: Select) -> Select:
    """count(distinct school) of the reached schools that belong to the population."""
    r = reached.subquery(f"reached{position}")
    return select(
        literal(position, Integer).label("position"),
        func.count(r.c.school_id.distinct()).label("n"),
    ).where(r.c.school_id.in_(pop))


def reach_report(actor: User, params: ReportParams) -> ReachReport:
    """Reach of the population (level/province/umbrella) per school year and cumulative."""
    visible = require_reader(actor)
    as_of = params.as_of
    first = db.session.scalar(first_acceptance_on(known_at_utc(params)))
    years = school_years_up_to(first, as_of, MAX_REACH_YEARS)
    periods = [(sy.starts_on, min(sy.ends_on, as_of)) for sy in years]
    counts = dict(db.session.execute(reach_counts(periods, params, visible)).all())
    denominator = counts[0]
    lines = [
        ReachLine(str(sy), start, end, counts[i], denominator)
        for i, (sy, (start, end)) in enumerate(zip(years, periods, strict=True), start=2)
    ]
    cumulative = ReachLine(
        _("cumulatief tot %(day)s", day=as_of.strftime("%d/%m/%Y")),
        None,
        as_of,
        counts[1],
        denominator,
    )
    return ReachReport(
        **report_header(params),
        population=denominator,
        years=lines,
        cumulative=cumulative,
    )
