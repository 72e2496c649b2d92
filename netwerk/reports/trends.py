"""The trends report: registrations over time, schools per anchor school, hours per school year.

Four statements whatever the size of the data: the first acceptance, the whole time series at
once, the schools per anchor school on the peildatum, the hours per school year.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    Date,
    Integer,
    Select,
    and_,
    case,
    extract,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from netwerk.auth.models import User
from netwerk.effort.models import HourEntry
from netwerk.extensions import db
from netwerk.formatting import round_half_up
from netwerk.networks.history import status_periods
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.networks.periods import anchors_on
from netwerk.reports.params import (
    YEAR,
    ReportFilters,
    TrendsParams,
    known_at_utc,
    report_header,
)
from netwerk.reports.permissions import require_reader
from netwerk.reports.queries import (
    filtered_pairs,
    first_acceptance_on,
    in_scope,
    school_conditions,
)
from netwerk.reports.reach import school_years_up_to
from netwerk.schools.models import Organisation, School
from netwerk.timeutil import SchoolYear

MAX_TREND_POINTS = 24


@dataclass
class TrendPoint:
    """Accepted registrations and distinct schools at the end of a month or school year."""

    on: date
    registrations: int
    distinct_schools: int


@dataclass
class AnchorCount:
    """Distinct schools over all networks of one anchor school."""

    anchor_id: int
    anchor_name: str
    schools: int


@dataclass
class HoursInYear:
    """Logged hours of one school year."""

    school_year: SchoolYear
    minutes: int

    @property
    def hours(self) -> Decimal:
        return round_half_up(Decimal(self.minutes) / 60, 1)


@dataclass
class TrendsReport:
    """Registrations over time, schools per anchor school and hours per school year."""

    as_of: date
    basis: str
    period: str
    filters: ReportFilters
    source: str
    points: list[TrendPoint]
    anchors: list[AnchorCount]
    hours: list[HoursInYear]
    # The "stand van de gegevens": aware, resolved (now when none was asked); after the
    # fields without a default so that older positional constructions keep working.
    known_at: datetime | None = None


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def trend_points(first: date | None, as_of: date, period: str) -> list[date]:
    """Ends of months (or school years) from the first acceptance up to as_of, as_of last."""
    if period == YEAR:
        years = school_years_up_to(first, as_of, MAX_TREND_POINTS)
        return [min(sy.ends_on, as_of) for sy in years]
    start = first if first and first <= as_of else as_of
    points = []
    year, month = start.year, start.month
    while (year, month) < (as_of.year, as_of.month):
        points.append(_month_end(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    points.append(as_of)
    return points[-MAX_TREND_POINTS:]


def accepted_over_time(
    points: list[date],
    filters: ReportFilters,
    visible: Select | None,
    known_at: datetime | None = None,
):
    """One statement: per point in time, accepted registrations and distinct schools.

    Rows are (position, registrations, distinct_schools) in the order of points. The history is
    read once (each status with the days it held, networks.history.status_periods) and matched
    against every point, instead of one as-of computation per point: the same figures as
    filtered_pairs(REGISTERED, point, ...) for each point. Every point is read as known at the
    same known_at (naive UTC, None = now) as the report.
    """
    at = union_all(  # trend_points gives at least the peildatum itself
        *(
            select(literal(i, Integer).label("position"), literal(point, Date).label("point"))
            for i, point in enumerate(points)
        )
    ).subquery("points")
    held = status_periods(known_at).subquery("periods")
    accepted = (
        select(held.c.from_on, held.c.until_on, Registration.school_id, Registration.network_id)
        .join(Registration, Registration.id == held.c.registration_id)
        .join(School, School.id == Registration.school_id)
        .where(held.c.status == RegistrationStatus.accepted, *school_conditions(filters))
    )
    # The networks of the peildatum's programme (the last point) for every point.
    a = in_scope(accepted, Registration.network_id, filters, visible, points[-1], known_at)
    a = a.subquery("accepted")
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


def schools_per_anchor(pairs: Select, anchors: Select) -> Select:
    """Per anchor of any kind (anchors: networks.periods.anchors_on the peildatum): distinct
    schools over all its networks."""
    p = pairs.subquery("pairs")
    held = anchors.subquery("anchors_on")
    anchor = aliased(Organisation, name="anchor")
    return (
        select(
            anchor.id,
            anchor.name,
            func.count(p.c.school_id.distinct()).label("schools"),
        )
        .select_from(p)
        .join(held, held.c.network_id == p.c.network_id)
        .join(anchor, anchor.id == held.c.organisation_id)
        .group_by(anchor.id, anchor.name)
        .order_by(anchor.name, anchor.id)
    )


def school_year_start(day_column):
    """The first calendar year of the school year a date column falls in (SQL)."""
    year = extract("year", day_column)
    return case((extract("month", day_column) >= 9, year), else_=year - 1)


def hours_per_school_year(as_of: date, filters: ReportFilters, visible: Select | None) -> Select:
    """Sum of logged minutes per school year, up to as_of, for the networks in scope."""
    inner = select(
        school_year_start(HourEntry.worked_on).label("start_year"), HourEntry.minutes
    ).where(HourEntry.worked_on <= as_of)
    # Group in an outer select: PostgreSQL does not see two bound copies of the CASE as equal.
    entries = in_scope(inner, HourEntry.network_id, filters, visible, as_of).subquery("entries")
    return (
        select(entries.c.start_year, func.sum(entries.c.minutes).label("minutes"))
        .group_by(entries.c.start_year)
        .order_by(entries.c.start_year)
    )


def trends_report(actor: User, params: TrendsParams) -> TrendsReport:
    """Accepted over time, schools per anchor on as_of, hours per school year (four statements)."""
    visible = require_reader(actor)
    as_of, filters, known_at = params.as_of, params.filters, known_at_utc(params)
    first = db.session.scalar(first_acceptance_on(known_at))
    points = trend_points(first, as_of, params.period)
    counted = {
        r.position: r
        for r in db.session.execute(accepted_over_time(points, filters, visible, known_at))
    }
    trend = [
        TrendPoint(point, counted[i].registrations, counted[i].distinct_schools)
        for i, point in enumerate(points)
    ]
    pairs = filtered_pairs(params.basis, as_of, filters, visible, known_at=known_at)
    anchors = [
        AnchorCount(r.id, r.name, r.schools)
        for r in db.session.execute(schools_per_anchor(pairs, anchors_on(as_of, known_at)))
    ]
    hours = [
        HoursInYear(SchoolYear(int(r.start_year)), int(r.minutes))
        for r in db.session.execute(hours_per_school_year(as_of, filters, visible))
    ]
    return TrendsReport(
        **report_header(params),
        period=params.period,
        points=trend,
        anchors=anchors,
        hours=hours,
    )
