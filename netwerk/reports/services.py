"""Reports for ministry staff, admins and coaches: plain functions over aggregate SQL.

Every function takes the actor, checks that the actor may read reports, scopes a coach to the
networks the coach runs, and runs a fixed number of statements whatever the size of the data.
Pages, exports and the JSON API all call these functions.

Decisions (see also the section "Rapporten" of README.md):
- School-year filter: a network belongs to a school year when it was offered in a call whose start
  date (Call.starts_on) falls in that school year; without a peildatum the report then takes the
  end of that school year (or today, when the year is still running).
- Rows per anchor school x network x level of the registered school; a network with two anchors is
  listed under both, its schools count once in the totals ("registrations": each school-network
  pair once; "distinct schools": each school once).
- Reach per school year: a school is reached in a school year when it was accepted at some moment
  of that year (up to the peildatum), even if it withdrew later that year; cumulative: ever accepted
  up to the peildatum. The population is the current registry (it keeps no history of schools).
- Effort: the effort report is the effort feature's (netwerk.effort.report); the reports feature
  only draws its page, tables and downloads.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.auth.models import Role, User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.formatting import percentage, round_half_up, source_line
from netwerk.ids import is_id
from netwerk.networks.models import Call, Network, Programme, network_coach
from netwerk.reports import queries
from netwerk.reports.queries import BASES, REGISTERED, ReportFilters
from netwerk.schools.models import Province, SchoolLevel, Umbrella
from netwerk.timeutil import SchoolYear, parse_date, today

READER_ROLES = (Role.admin, Role.ministry, Role.coach)
MAX_TREND_POINTS = 24
MAX_REACH_YEARS = 12


# --- parameters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportParams:
    """Peildatum, basis and filters of one report, validated."""

    as_of: date
    basis: str = REGISTERED
    filters: ReportFilters = field(default_factory=ReportFilters)

    def query_args(self) -> dict[str, str]:
        """The parameters as URL query arguments (for links and downloads)."""
        f = self.filters
        args = {"as_of": self.as_of.isoformat(), "basis": self.basis}
        optional = {
            "programme_id": f.programme_id,
            "call_id": f.call_id,
            "school_year": f.school_year,
            "province": f.province.value if f.province else None,
            "umbrella": f.umbrella.value if f.umbrella else None,
            "level": f.level.value if f.level else None,
        }
        args.update({k: str(v) for k, v in optional.items() if v is not None})
        return args


def _text(args: Mapping, name: str) -> str:
    value = args.get(name)
    return "" if value is None else str(value).strip()


def _enum(args: Mapping, name: str, enum_cls, message: str):
    text = _text(args, name)
    if not text:
        return None
    try:
        return enum_cls(text)
    except ValueError:
        raise DomainError(message, status_code=400, code="invalid_filter") from None


def _existing_id(args: Mapping, name: str, model, message: str) -> int | None:
    text = _text(args, name)
    if not text:
        return None
    if not is_id(text) or db.session.get(model, int(text)) is None:
        raise DomainError(message, status_code=400, code="invalid_filter")
    return int(text)


def parse_params(args: Mapping) -> ReportParams:
    """Validate peildatum, basis and filters from a query string; DomainError 400 otherwise."""
    school_year = None
    if _text(args, "school_year"):
        school_year = SchoolYear.parse(_text(args, "school_year"))
    filters = ReportFilters(
        programme_id=_existing_id(
            args, "programme_id", Programme, _("Onbekend programma in de filter.")
        ),
        call_id=_existing_id(args, "call_id", Call, _("Onbekende oproep in de filter.")),
        school_year=school_year,
        province=_enum(args, "province", Province, _("Onbekende provincie in de filter.")),
        umbrella=_enum(args, "umbrella", Umbrella, _("Onbekend onderwijsnet in de filter.")),
        level=_enum(args, "level", SchoolLevel, _("Onbekend onderwijsniveau in de filter.")),
    )
    basis = _text(args, "basis") or REGISTERED
    if basis not in BASES:
        raise DomainError(
            _("Onbekende basis: kies 'registered' (ingeschreven) of 'participating' (deelnemend)."),
            status_code=400,
            code="invalid_filter",
        )
    now = today()
    raw = _text(args, "as_of")
    if raw:
        as_of = parse_date(raw)
        if as_of > now:
            raise DomainError(
                _(
                    "De peildatum %(day)s ligt in de toekomst: kies vandaag of een eerdere datum.",
                    day=as_of.strftime("%d/%m/%Y"),
                ),
                status_code=400,
                code="future_date",
            )
    elif school_year is not None:
        as_of = min(now, school_year.ends_on)
    else:
        as_of = now
    return ReportParams(as_of=as_of, basis=basis, filters=filters)


def require_reader(actor: User) -> int | None:
    """Refuse non-readers; return the coach id to scope to (None: every network)."""
    if not getattr(actor, "is_authenticated", False) or actor.role not in READER_ROLES:
        raise NotAllowed(_("Enkel beheerders, het ministerie en procescoaches zien rapporten."))
    return actor.id if actor.role is Role.coach else None


def filter_choices() -> dict:
    """Programmes and calls for the filter form (two statements)."""
    programmes = db.session.execute(
        select(Programme.id, Programme.name).order_by(Programme.name)
    ).all()
    calls = db.session.execute(
        select(Call.id, Call.title, Call.starts_on).order_by(Call.starts_on.desc(), Call.title)
    ).all()
    return {"programmes": programmes, "calls": calls}


# --- participation -------------------------------------------------------------------------------


@dataclass
class ParticipationRow:
    """Schools of one level in one network, listed under one of its anchor schools."""

    anchor_id: int
    anchor_name: str
    anchor_institution_number: str
    network_id: int
    network_name: str
    level: SchoolLevel
    count: int
    # The network has two anchors in this report: it is listed under both, counted once.
    shared: bool = False


@dataclass
class AnchorBlock:
    """An anchor school's rows in one level: one per network, and their sum."""

    anchor_id: int
    anchor_name: str
    anchor_institution_number: str
    rows: list[ParticipationRow]

    @property
    def subtotal(self) -> int:
        return sum(row.count for row in self.rows)


@dataclass
class LevelTotal:
    """Totals of one level: school-network pairs (each network once) and distinct schools."""

    registrations: int
    distinct_schools: int


@dataclass
class LevelSection:
    """The table of one level: anchor blocks and the level's totals."""

    level: SchoolLevel
    anchors: list[AnchorBlock]
    total: LevelTotal


@dataclass
class ParticipationReport:
    """Schools per anchor school x network x level on the peildatum."""

    as_of: date
    basis: str
    filters: ReportFilters
    source: str
    rows: list[ParticipationRow]
    sections: list[LevelSection]
    totals: dict[SchoolLevel, LevelTotal]

    @property
    def registrations(self) -> int:
        return sum(t.registrations for t in self.totals.values())

    @property
    def distinct_schools(self) -> int:
        # A school has one level, so distinct schools add up over the levels.
        return sum(t.distinct_schools for t in self.totals.values())


def participation_report(
    actor: User, as_of: date, basis: str, filters: ReportFilters
) -> ParticipationReport:
    """Per anchor school, network and level: the schools registered or taking part on as_of."""
    coach_id = require_reader(actor)
    pairs = queries.filtered_pairs(basis, as_of, filters, coach_id)
    rows: list[ParticipationRow] = []
    totals: dict[SchoolLevel, LevelTotal] = {}
    # Unpacked by position, not by name (a Row's attribute lookups were a good part of the
    # report's Python time at Flanders scale): participation_figures selects the kind, then
    # ParticipationRow's fields in their order, then the distinct schools of a totals line.
    for kind, *figures, distinct_schools in db.session.execute(
        queries.participation_figures(pairs)
    ):
        row = ParticipationRow(*figures)
        if kind == queries.TOTALS:
            totals[row.level] = LevelTotal(row.count, distinct_schools)
        else:
            rows.append(row)
    anchors_per_network: dict[int, set[int]] = {}
    for row in rows:
        anchors_per_network.setdefault(row.network_id, set()).add(row.anchor_id)
    for row in rows:
        row.shared = len(anchors_per_network[row.network_id]) > 1
    # One pass over the rows (thousands at Flanders scale): level -> anchor -> its rows.
    blocks_by_level: dict[SchoolLevel, dict[int, AnchorBlock]] = {}
    for row in rows:
        blocks = blocks_by_level.setdefault(row.level, {})
        block = blocks.get(row.anchor_id)
        if block is None:
            block = blocks[row.anchor_id] = AnchorBlock(
                row.anchor_id, row.anchor_name, row.anchor_institution_number, []
            )
        block.rows.append(row)
    sections = [
        LevelSection(level, list(blocks_by_level.get(level, {}).values()), totals[level])
        for level in SchoolLevel  # the enum's order: basis, secundair, buitengewoon, ...
        if level in totals
    ]
    return ParticipationReport(
        as_of=as_of,
        basis=basis,
        filters=filters,
        source=source_line(as_of),
        rows=rows,
        sections=sections,
        totals=totals,
    )


@dataclass
class ListedSchool:
    """A school behind a count; name fields are None for readers who see codes only."""

    id: int
    public_code: str
    name: str | None
    institution_number: str | None
    municipality: str | None
    province: Province
    umbrella: Umbrella
    level: SchoolLevel
    networks: int
    since: date | None


@dataclass
class ParticipationList:
    """The schools behind one count of the participation report."""

    as_of: date
    basis: str
    filters: ReportFilters
    source: str
    network: Network | None
    level: SchoolLevel | None
    show_names: bool
    items: list[ListedSchool]
    total: int
    page: int = 1
    per_page: int | None = None

    @property
    def pages(self) -> int:
        if not self.per_page:
            return 1
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def load_network(network_id: int | str | None) -> Network | None:
    """The network of a list link; DomainError 404 when it does not exist."""
    if network_id in (None, ""):
        return None
    text = str(network_id).strip()
    network = db.session.get(Network, int(text)) if is_id(text) else None
    if network is None:
        raise DomainError(_("Dit netwerk bestaat niet."), status_code=404, code="not_found")
    return network


def participation_list(
    actor: User,
    as_of: date,
    basis: str,
    filters: ReportFilters,
    network: Network | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> ParticipationList:
    """The schools behind a count: names for admins and the network's coaches, else codes.

    Without a network: every school counted in the report (with its number of networks), which is
    the list behind a level's "distinct schools". page=None returns every row (exports).
    """
    coach_id = require_reader(actor)
    if network is not None and coach_id is not None:
        is_coach = db.session.scalar(
            select(network_coach.c.network_id).where(
                network_coach.c.network_id == network.id, network_coach.c.user_id == coach_id
            )
        )
        if is_coach is None:
            raise NotAllowed(_("U bent geen procescoach van dit netwerk."))
    # Admins see names; a coach only ever lists schools of networks the coach runs.
    show_names = actor.role in (Role.admin, Role.coach)
    pairs = queries.filtered_pairs(basis, as_of, filters, coach_id, with_since=True)
    stmt = queries.schools_behind(pairs, network.id if network else None, filters.level)
    order = stmt.selected_columns
    stmt = stmt.order_by(order.name, order.id) if show_names else stmt.order_by(order.public_code)
    total = db.session.scalar(queries.count_of(stmt))
    if page is not None and per_page:
        page = max(1, page)
        stmt = stmt.limit(per_page).offset((page - 1) * per_page)
    items = [
        ListedSchool(
            id=r.id,
            public_code=r.public_code,
            name=r.name if show_names else None,
            institution_number=r.institution_number if show_names else None,
            municipality=r.municipality if show_names else None,
            province=r.province,
            umbrella=r.umbrella,
            level=r.level,
            networks=r.networks,
            since=r.since.date() if isinstance(r.since, datetime) else r.since,
        )
        for r in db.session.execute(stmt)
    ]
    return ParticipationList(
        as_of=as_of,
        basis=basis,
        filters=filters,
        source=source_line(as_of),
        network=network,
        level=filters.level,
        show_names=show_names,
        items=items,
        total=total,
        page=page or 1,
        per_page=per_page if page is not None else None,
    )


# --- reach ---------------------------------------------------------------------------------------


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


def _school_years_up_to(first: date | None, as_of: date, limit: int) -> list[SchoolYear]:
    """School years from the one of `first` to the one of as_of (the last `limit` of them)."""
    last = SchoolYear.of(as_of)
    start = SchoolYear.of(first) if first and first <= as_of else last
    years = [SchoolYear(y) for y in range(start.start_year, last.start_year + 1)]
    return years[-limit:]


def reach_report(actor: User, as_of: date, basis: str, filters: ReportFilters) -> ReachReport:
    """Reach of the population (level/province/umbrella) per school year and cumulative."""
    coach_id = require_reader(actor)
    first = db.session.scalar(queries.first_acceptance_on())
    years = _school_years_up_to(first, as_of, MAX_REACH_YEARS)
    periods = [(sy.starts_on, min(sy.ends_on, as_of)) for sy in years]
    counts = dict(
        db.session.execute(queries.reach_counts(periods, as_of, basis, filters, coach_id)).all()
    )
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
        as_of=as_of,
        basis=basis,
        filters=filters,
        source=source_line(as_of),
        population=denominator,
        years=lines,
        cumulative=cumulative,
    )


# --- trends --------------------------------------------------------------------------------------

MONTH, YEAR = "month", "year"


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


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def trend_points(first: date | None, as_of: date, period: str) -> list[date]:
    """Ends of months (or school years) from the first acceptance up to as_of, as_of last."""
    if period == YEAR:
        years = _school_years_up_to(first, as_of, MAX_TREND_POINTS)
        return [min(sy.ends_on, as_of) for sy in years]
    start = first if first and first <= as_of else as_of
    points = []
    year, month = start.year, start.month
    while (year, month) < (as_of.year, as_of.month):
        points.append(_month_end(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    points.append(as_of)
    return points[-MAX_TREND_POINTS:]


def parse_period(value: str | None) -> str:
    """'month' (default) or 'year'; DomainError 400 otherwise."""
    value = (value or MONTH).strip()
    if value not in (MONTH, YEAR):
        raise DomainError(
            _("Onbekende periode: kies 'month' (maand) of 'year' (schooljaar)."),
            status_code=400,
            code="invalid_filter",
        )
    return value


def trends_report(
    actor: User, as_of: date, basis: str, filters: ReportFilters, period: str = MONTH
) -> TrendsReport:
    """Accepted over time, schools per anchor on as_of, hours per school year (four statements)."""
    coach_id = require_reader(actor)
    first = db.session.scalar(queries.first_acceptance_on())
    points = trend_points(first, as_of, period)
    counted = {
        r.position: r
        for r in db.session.execute(queries.accepted_over_time(points, filters, coach_id))
    }
    trend = [
        TrendPoint(point, counted[i].registrations, counted[i].distinct_schools)
        for i, point in enumerate(points)
    ]
    pairs = queries.filtered_pairs(basis, as_of, filters, coach_id)
    anchors = [
        AnchorCount(r.id, r.name, r.schools)
        for r in db.session.execute(queries.schools_per_anchor(pairs))
    ]
    hours = [
        HoursInYear(SchoolYear(int(r.start_year)), int(r.minutes))
        for r in db.session.execute(queries.hours_per_school_year(as_of, filters, coach_id))
    ]
    return TrendsReport(
        as_of=as_of,
        basis=basis,
        period=period,
        filters=filters,
        source=source_line(as_of),
        points=trend,
        anchors=anchors,
        hours=hours,
    )
