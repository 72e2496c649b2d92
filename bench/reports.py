"""Report timings against hand-written SQL: is the app close to what the database can do?

For the default view of a ministry user (peildatum today, basis 'registered', no filters; the
current school year for effort) each report is timed as a page or API call, as the service
function alone, and against ONE hand-written SQL query that computes the same figures on the same
database. Before anything is timed the SQL's figures are compared with the service's; when they
differ the measurement raises Disagreement (timing a wrong query would prove nothing).

The page and the API of the participation report give the same figures, so they share one query:
three queries stand behind four measurements. The rules the queries mirror are those of
netwerk/reports/services.py, queries.py and networks/history.py (see DOMAIN.md):

- a registration's status on a date is its newest status change (by id) with effective_on on or
  before that date; 'registered' means that status is accepted;
- rows per anchor school x network x level of the registered school; a network with two anchors is
  listed under both, and the level totals count each school-network pair once ("registrations")
  and each school once ("distinct schools");
- effort figures on a network are split equally over its anchor schools, an assignment to an
  anchor school stays with that school, figures on a whole programme go to a 'programme_wide'
  line; realised FTE = fte x days covered in the school year / days in the school year.

bench/run.py imports this module; nothing here imports bench.run, so the rows come back as plain
tuples (ReportRow) that run.py turns into its Row.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from flask import Flask
from sqlalchemy import Date, Integer, String, bindparam, select, text

from bench.measure import statement_counter, timings
from netwerk.auth.models import User
from netwerk.auth.services import create_api_token
from netwerk.effort.report import EffortParams, EffortReport, effort_report
from netwerk.extensions import db
from netwerk.reports import services
from netwerk.reports.queries import REGISTERED, ReportFilters
from netwerk.reports.services import MAX_REACH_YEARS
from netwerk.scale import SCALE_MINISTRY_EMAIL
from netwerk.timeutil import SchoolYear, today

# -- the hand-written queries --------------------------------------------------------------------

# Participation on :as_of (basis registered, no filters). `latest` is the newest status change of
# every registration on or before the peildatum: its to_status is the status on that day, so a
# count for a past date never moves. `pairs` are the accepted school-network pairs with the level
# of the registered school. The first branch gives one row per anchor school x network x level (a
# network with two anchors joins network_anchor twice, so it is listed under each anchor); the
# second gives per level the school-network pairs (each once, whatever the number of anchors) and
# the distinct schools. Names are selected as the report shows them, in the report's order.
PARTICIPATION_SQL = """
WITH latest AS (
    SELECT registration_id, MAX(id) AS change_id
    FROM registration_status_change
    WHERE effective_on <= :as_of
    GROUP BY registration_id
),
pairs AS (
    SELECT r.school_id, r.network_id, s.level
    FROM latest l
    JOIN registration_status_change c ON c.id = l.change_id
    JOIN registration r ON r.id = l.registration_id
    JOIN school s ON s.id = r.school_id
    WHERE c.to_status = 'accepted'
)
SELECT 'row' AS kind, anchor.id AS anchor_id, anchor.name AS anchor_name,
       anchor.institution_number AS anchor_institution_number,
       n.id AS network_id, n.name AS network_name, p.level AS level,
       COUNT(*) AS registrations, NULL AS distinct_schools
FROM pairs p
JOIN network_anchor na ON na.network_id = p.network_id
JOIN school anchor ON anchor.id = na.school_id
JOIN network n ON n.id = p.network_id
GROUP BY anchor.id, anchor.name, anchor.institution_number, n.id, n.name, p.level
UNION ALL
SELECT 'total', NULL, NULL, NULL, NULL, NULL, p.level,
       COUNT(*), COUNT(DISTINCT p.school_id)
FROM pairs p
GROUP BY p.level
ORDER BY kind, anchor_name, anchor_id, network_name, network_id
"""

# The candidate school years of the reach report: the last MAX_REACH_YEARS up to the peildatum,
# as bound dates (portable SQL has no way to build a date from a year).
_CANDIDATE_YEARS = "\n    UNION ALL\n    ".join(
    f"SELECT {i} AS position, :starts_{i} AS starts_on, :ends_{i} AS ends_on, "
    f"{int(i == MAX_REACH_YEARS - 1)} AS is_last"
    for i in range(MAX_REACH_YEARS)
)

# Reach on :as_of (basis registered, population = every school in the registry, no filters).
# `periods` keeps the candidate school years from the one of the first acceptance ever (when that
# is not after the peildatum) up to the one of the peildatum, which always stays; the last period
# ends on the peildatum. A school is reached in a period when one of its registrations had status
# accepted on the period's first day or a change to accepted took effect within the period, even
# when it was withdrawn later. `history` gives every change the day the next change of its
# registration took effect (LEAD by id): the status it set held from effective_on up to, not
# including, next_on. That is the app's "newest change on or before the day, by id" because
# effective dates never go back within a registration (networks/history.py), and it reads the
# history once instead of once per school year. Cumulative: any change to accepted on or before
# the peildatum. Every count is of distinct schools of the population.
REACH_SQL = f"""
WITH candidate AS (
    {_CANDIDATE_YEARS}
),
first_acceptance AS (
    SELECT MIN(effective_on) AS first_on
    FROM registration_status_change
    WHERE to_status = 'accepted'
),
periods AS (
    SELECT c.position, c.starts_on, c.ends_on
    FROM candidate c CROSS JOIN first_acceptance f
    WHERE c.is_last = 1 OR (f.first_on <= :as_of AND c.ends_on >= f.first_on)
),
history AS (
    SELECT registration_id, to_status, effective_on,
           LEAD(effective_on) OVER (PARTITION BY registration_id ORDER BY id) AS next_on
    FROM registration_status_change
)
SELECT 'year' AS kind, p.starts_on AS starts_on, COUNT(DISTINCT s.id) AS schools
FROM periods p
LEFT JOIN history h
  ON h.to_status = 'accepted'
 AND h.effective_on <= p.ends_on
 AND (h.effective_on >= p.starts_on OR h.next_on IS NULL OR h.next_on > p.starts_on)
LEFT JOIN registration r ON r.id = h.registration_id
LEFT JOIN school s ON s.id = r.school_id
GROUP BY p.position, p.starts_on
UNION ALL
SELECT 'population', CAST(NULL AS DATE), COUNT(*)
FROM school
UNION ALL
SELECT 'cumulative', CAST(NULL AS DATE), COUNT(DISTINCT s.id)
FROM registration_status_change c
JOIN registration r ON r.id = c.registration_id
JOIN school s ON s.id = r.school_id
WHERE c.to_status = 'accepted' AND c.effective_on <= :as_of
ORDER BY kind, starts_on
"""

# Effort of one school year (:starts_on to :ends_on, :days days) per anchor school. `per_target`
# sums per target (a network, an anchor school or a programme): planned and earmarked FTE of the
# year, FTE in thousandths x days covered of the assignments running in the year (an integer, so
# the sum is exact), and the minutes logged in the year. The outer select splits a network's
# figures equally over its anchor schools (LEFT JOIN: a network without anchors stays whole, as
# 'unattributed'); an assignment to an anchor school stays with that school; a programme's figures
# form its 'programme_wide' line. {covered_days} is the one dialect-specific fragment: SQL has no
# portable date difference (see COVERED_DAYS).
EFFORT_SQL = """
WITH anchor_count AS (
    SELECT network_id, COUNT(*) AS anchors
    FROM network_anchor
    GROUP BY network_id
),
per_target AS (
    SELECT network_id, school_id, programme_id,
           SUM(planned) AS planned, SUM(earmarked) AS earmarked,
           SUM(milli_fte_days) AS milli_fte_days, SUM(minutes) AS minutes
    FROM (
        SELECT network_id, NULL AS school_id, programme_id,
               planned_fte AS planned, earmarked_fte AS earmarked,
               0 AS milli_fte_days, 0 AS minutes
        FROM planned_effort
        WHERE school_year = :school_year
        UNION ALL
        SELECT network_id, anchor_school_id, programme_id, 0, 0,
               ROUND(fte * 1000) * ({covered_days}), 0
        FROM staff_assignment
        WHERE starts_on <= :ends_on AND (ends_on IS NULL OR ends_on >= :starts_on)
        UNION ALL
        SELECT network_id, NULL, NULL, 0, 0, 0, SUM(minutes)
        FROM hour_entry
        WHERE worked_on BETWEEN :starts_on AND :ends_on
        GROUP BY network_id
    ) figures
    GROUP BY network_id, school_id, programme_id
),
shares AS (
    SELECT
        CASE WHEN t.school_id IS NOT NULL OR na.school_id IS NOT NULL THEN 'anchor_school'
             WHEN t.network_id IS NULL THEN 'programme_wide'
             ELSE 'unattributed' END AS kind,
        CASE WHEN t.school_id IS NOT NULL THEN t.school_id
             WHEN na.school_id IS NOT NULL THEN na.school_id
             WHEN t.network_id IS NULL THEN t.programme_id END AS id,
        t.planned * 1.0 / COALESCE(ac.anchors, 1) AS planned,
        t.earmarked * 1.0 / COALESCE(ac.anchors, 1) AS earmarked,
        t.milli_fte_days * 1.0 / COALESCE(ac.anchors, 1) AS milli_fte_days,
        t.minutes * 1.0 / COALESCE(ac.anchors, 1) AS minutes
    FROM per_target t
    LEFT JOIN network_anchor na ON na.network_id = t.network_id
    LEFT JOIN anchor_count ac ON ac.network_id = t.network_id
)
SELECT kind, id,
       SUM(planned) AS planned_fte,
       SUM(earmarked) AS earmarked_fte,
       SUM(milli_fte_days) / (1000.0 * :days) AS realised_fte,
       SUM(minutes) / 60.0 AS hours
FROM shares
GROUP BY kind, id
ORDER BY kind, id
"""

# Days of the school year an assignment covers: from the later of its start and the year's start
# to the earlier of its end (open: the year's end) and the year's end, both included.
COVERED_DAYS = {
    "postgresql": (
        "LEAST(COALESCE(ends_on, :ends_on), :ends_on) - GREATEST(starts_on, :starts_on) + 1"
    ),
    "sqlite": (
        "CAST(julianday(MIN(COALESCE(ends_on, :ends_on), :ends_on))"
        " - julianday(MAX(starts_on, :starts_on)) AS INTEGER) + 1"
    ),
}

# Half a unit of the rounding the effort roll-up applies (FTE to 3 places, hours to 1), plus room
# for SQLite's floats: the SQL gives exact sums, the app rounds them half up.
EFFORT_TOLERANCE = {
    "planned_fte": Decimal("0.0005000001"),
    "earmarked_fte": Decimal("0.0005000001"),
    "realised_fte": Decimal("0.0005000001"),
    "hours": Decimal("0.0500000001"),
}


def effort_sql(dialect: str) -> str:
    """EFFORT_SQL with the date difference of this database (postgresql or sqlite)."""
    return EFFORT_SQL.format(covered_days=COVERED_DAYS[dialect])


def run_sql(sql: str, params: Mapping[str, object], columns: Mapping | None = None) -> list:
    """Rows of a hand-written query through the app's session; dates bound as dates."""
    # Typed binds: SQLite stores dates as ISO text and Python 3.12 deprecates sqlite3's own
    # date adapter; PostgreSQL gets a real date either way.
    dates = [bindparam(k, type_=Date) for k, v in params.items() if isinstance(v, date)]
    stmt = text(sql).bindparams(*dates)
    if columns:
        stmt = stmt.columns(**columns)
    return db.session.execute(stmt, dict(params)).all()


def participation_sql_params(as_of: date) -> dict:
    """The parameters of PARTICIPATION_SQL."""
    return {"as_of": as_of}


def reach_sql_params(as_of: date) -> dict:
    """The parameters of REACH_SQL: the peildatum and the candidate school years before it."""
    last = SchoolYear.of(as_of)
    params: dict = {"as_of": as_of}
    for i in range(MAX_REACH_YEARS):
        year = SchoolYear(last.start_year - (MAX_REACH_YEARS - 1) + i)
        params[f"starts_{i}"] = year.starts_on
        params[f"ends_{i}"] = min(year.ends_on, as_of)
    return params


REACH_COLUMNS = {"kind": String, "starts_on": Date, "schools": Integer}


def effort_sql_params(school_year: SchoolYear) -> dict:
    """The parameters of EFFORT_SQL for a school year."""
    return {
        "school_year": str(school_year),
        "starts_on": school_year.starts_on,
        "ends_on": school_year.ends_on,
        "days": school_year.days,
    }


def dialect() -> str:
    """The name of the app database's dialect (postgresql or sqlite)."""
    return db.session.get_bind().dialect.name


# -- comparable figures --------------------------------------------------------------------------

Figures = dict[tuple, int | Decimal]


class Disagreement(AssertionError):
    """The app and the hand-written SQL give different figures for the same report."""


def participation_from_report(report: services.ParticipationReport) -> Figures:
    """Counts per (anchor institution number, network, level), totals per level and overall."""
    figures: Figures = {
        ("count", r.anchor_institution_number, r.network_id, r.level.value): r.count
        for r in report.rows
    }
    for level, total in report.totals.items():
        figures[("registrations", level.value)] = total.registrations
        figures[("distinct_schools", level.value)] = total.distinct_schools
    figures[("registrations", "all")] = report.registrations
    figures[("distinct_schools", "all")] = report.distinct_schools
    return figures


def participation_from_api(body: Mapping) -> Figures:
    """The same figures from the JSON of GET /api/v1/reports/participation."""
    figures: Figures = {
        (
            "count",
            row["anchor_school"]["institution_number"],
            row["network"]["id"],
            row["level"],
        ): row["count"]
        for row in body["rows"]
    }
    for level, total in body["totals"].items():
        figures[("registrations", level)] = total["registrations"]
        figures[("distinct_schools", level)] = total["distinct_schools"]
    figures[("registrations", "all")] = sum(t["registrations"] for t in body["totals"].values())
    figures[("distinct_schools", "all")] = sum(
        t["distinct_schools"] for t in body["totals"].values()
    )
    return figures


def participation_from_sql(rows: list) -> Figures:
    """The same figures from the rows of PARTICIPATION_SQL."""
    figures: Figures = {}
    for r in rows:
        if r.kind == "row":
            key = ("count", r.anchor_institution_number, r.network_id, r.level)
            figures[key] = int(r.registrations)
        else:
            figures[("registrations", r.level)] = int(r.registrations)
            figures[("distinct_schools", r.level)] = int(r.distinct_schools)
    # A school has one level, so distinct schools add up over the levels (as in the report).
    for measure in ("registrations", "distinct_schools"):
        figures[(measure, "all")] = sum(
            v for k, v in figures.items() if k[0] == measure and k[1] != "all"
        )
    return figures


def reach_from_report(report: services.ReachReport) -> Figures:
    """Population, cumulative reach and reached schools per school year (by first day)."""
    figures: Figures = {
        ("population",): report.population,
        ("cumulative",): report.cumulative.numerator,
    }
    for line in report.years:
        figures[("year", line.starts_on)] = line.numerator
    return figures


def reach_from_sql(rows: list) -> Figures:
    """The same figures from the rows of REACH_SQL."""
    figures: Figures = {}
    for r in rows:
        key = ("year", r.starts_on) if r.kind == "year" else (r.kind,)
        figures[key] = int(r.schools)
    return figures


def effort_from_report(report: EffortReport) -> Figures:
    """Planned, earmarked and realised FTE and hours per roll-up row (anchor school) and total."""
    figures: Figures = {}
    for row in [*report.rollup.rows, report.rollup.total]:
        ident = row.id if row.kind != "total" else None
        for measure in EFFORT_TOLERANCE:
            figures[(measure, row.kind, ident)] = getattr(row, measure)
    return figures


def effort_from_sql(rows: list) -> Figures:
    """The same figures from the rows of EFFORT_SQL (the total is the sum of the rows)."""
    figures: Figures = {}
    totals = dict.fromkeys(EFFORT_TOLERANCE, Decimal(0))
    for r in rows:
        for measure in EFFORT_TOLERANCE:
            # SQLite returns floats: their shortest repr is the value the database summed.
            value = Decimal(str(getattr(r, measure)))
            figures[(measure, r.kind, r.id)] = value
            totals[measure] += value
    for measure, value in totals.items():
        figures[(measure, "total", None)] = value
    return figures


def compare(
    label: str, app: Figures, sql: Figures, tolerance: Callable[[tuple], Decimal] | None = None
) -> None:
    """Raise Disagreement, naming the first differences, unless both give the same figures."""
    problems = []
    for key in sorted(set(app) | set(sql), key=repr):
        if key not in app or key not in sql:
            where = "the SQL only" if key not in app else "the app only"
            problems.append(f"{key}: in {where} ({app.get(key, sql.get(key))})")
            continue
        allowed = tolerance(key) if tolerance else 0
        if abs(Decimal(app[key]) - Decimal(sql[key])) > allowed:
            problems.append(f"{key}: app {app[key]}, SQL {sql[key]}")
    if problems:
        shown = "; ".join(problems[:8])
        more = f" (and {len(problems) - 8} more)" if len(problems) > 8 else ""
        raise Disagreement(
            f"{label}: the app and the hand-written SQL disagree on {len(problems)} of "
            f"{len(set(app) | set(sql))} figures: {shown}{more}"
        )


def effort_tolerance(key: tuple) -> Decimal:
    """Half a rounding unit of the measure in the key."""
    return EFFORT_TOLERANCE[key[0]]


# -- one check per report: the service against its SQL -----------------------------------------


def check_participation(actor: User, as_of: date) -> Figures:
    """Compare the participation report with PARTICIPATION_SQL; the figures, or Disagreement."""
    report = services.participation_report(actor, as_of, REGISTERED, ReportFilters())
    sql = participation_from_sql(run_sql(PARTICIPATION_SQL, participation_sql_params(as_of)))
    compare(f"participation report on {as_of}", participation_from_report(report), sql)
    return sql


def check_reach(actor: User, as_of: date) -> Figures:
    """Compare the reach report with REACH_SQL; the figures, or Disagreement."""
    report = services.reach_report(actor, as_of, REGISTERED, ReportFilters())
    sql = reach_from_sql(run_sql(REACH_SQL, reach_sql_params(as_of), REACH_COLUMNS))
    compare(f"reach report on {as_of}", reach_from_report(report), sql)
    return sql


def check_effort(actor: User, school_year: SchoolYear) -> Figures:
    """Compare the effort report (per anchor school) with EFFORT_SQL; the figures, or Disagreement."""
    report = effort_report(actor, EffortParams(school_year))
    sql = effort_from_sql(run_sql(effort_sql(dialect()), effort_sql_params(school_year)))
    compare(
        f"effort report {school_year}", effort_from_report(report), sql, tolerance=effort_tolerance
    )
    return sql


# -- timings -------------------------------------------------------------------------------------

PARTICIPATION_TARGET_RATIO = 2.0
PARTICIPATION_TARGET_MS = 200.0


class ReportRow(NamedTuple):
    """A line for bench/run.py's results table: Row(*report_row)."""

    measurement: str
    value: str
    target: str
    note: str


@dataclass
class ReportTiming:
    """One report through one channel (page or API) against its raw SQL, in milliseconds."""

    label: str
    url: str
    app: dict[str, float]
    service: dict[str, float]
    sql: dict[str, float]
    statements: int
    service_statements: int
    targets: bool = False

    @property
    def ratio(self) -> float:
        """App median over SQL median."""
        return self.app["median"] / self.sql["median"]


def _get(client, url: str, headers: Mapping | None = None) -> Callable[[], None]:
    """A call that GETs url and insists on 200 (a 302 to the login page would time nothing)."""

    def call() -> None:
        """One GET."""
        response = client.get(url, headers=headers)
        status = response.status_code
        response.close()
        if status != 200:
            raise RuntimeError(f"GET {url}: HTTP {status}")

    return call


def _in_transaction(work: Callable[[], object]) -> Callable[[], None]:
    """A call that runs work and ends its transaction, as a request does."""

    def call() -> None:
        """The work, then a rollback."""
        work()
        db.session.rollback()

    return call


@dataclass
class _Case:
    """One report and channel: how to call it and how to check and time its SQL."""

    label: str
    url: str
    headers: Mapping | None
    service: Callable[[], object]
    check: Callable[[], Figures]
    sql: str
    params: dict
    columns: Mapping | None = None
    targets: bool = False


def _cases(ministry: User, bearer: Mapping, as_of: date, year: SchoolYear) -> list[_Case]:
    """The four measurements: participation as page and API, effort and reach as pages."""
    filters = ReportFilters()

    def participation():
        """The participation report of the page's and the API's defaults."""
        return services.participation_report(ministry, as_of, REGISTERED, filters)

    return [
        _Case(
            "Participation report, page",
            "/rapporten/deelname",
            None,
            participation,
            lambda: check_participation(ministry, as_of),
            PARTICIPATION_SQL,
            participation_sql_params(as_of),
            targets=True,
        ),
        _Case(
            "Participation report, API",
            "/api/v1/reports/participation",
            bearer,
            participation,
            lambda: check_participation(ministry, as_of),
            PARTICIPATION_SQL,
            participation_sql_params(as_of),
            targets=True,
        ),
        _Case(
            "Effort report, page",
            "/rapporten/inzet",
            None,
            lambda: effort_report(ministry, EffortParams(year)),
            lambda: check_effort(ministry, year),
            effort_sql(dialect()),
            effort_sql_params(year),
        ),
        _Case(
            "Reach report, page",
            "/rapporten/bereik",
            None,
            lambda: services.reach_report(ministry, as_of, REGISTERED, filters),
            lambda: check_reach(ministry, as_of),
            REACH_SQL,
            reach_sql_params(as_of),
            REACH_COLUMNS,
        ),
    ]


def report_timings(
    app: Flask, ministry_client, repeat: int = 20, warmup: int = 2
) -> list[ReportTiming]:
    """Check every report against its SQL, then time page/API, service alone and SQL."""
    as_of = today()
    year = SchoolYear.of(as_of)
    with app.app_context():
        ministry = db.session.scalar(select(User).where(User.email == SCALE_MINISTRY_EMAIL))
        if ministry is None:
            raise RuntimeError(f"no user {SCALE_MINISTRY_EMAIL}: load the scale data first")
        token = create_api_token(ministry, "bench: report timings")
        db.session.commit()
        # Detached with its columns loaded: the services read actor.role, never a relationship.
        db.session.refresh(ministry)
        db.session.expunge(ministry)
        cases = _cases(ministry, {"Authorization": f"Bearer {token}"}, as_of, year)
        db.session.remove()
    results = []
    for case in cases:
        request = _get(ministry_client, case.url, case.headers)
        with app.app_context():
            expected = case.check()
            if case.headers is not None:
                # The API must give the SQL's figures too, not only the service behind it.
                response = ministry_client.get(case.url, headers=case.headers)
                body = response.get_json()
                response.close()
                compare(f"{case.label} ({case.url})", participation_from_api(body), expected)
            db.session.rollback()
            with statement_counter(app) as seen:
                case.service()
            service_statements = len(seen)
            db.session.rollback()
            service_ms = timings(_in_transaction(case.service), repeat, warmup)
            sql_ms = timings(
                _in_transaction(lambda c=case: run_sql(c.sql, c.params, c.columns)),
                repeat,
                warmup,
            )
            db.session.remove()
        with statement_counter(app) as seen:
            request()  # also insists on HTTP 200
        statements = len(seen)
        app_ms = timings(request, repeat, warmup)
        results.append(
            ReportTiming(
                case.label,
                case.url,
                app_ms,
                service_ms,
                sql_ms,
                statements,
                service_statements,
                case.targets,
            )
        )
    return results


def _ms(value: float) -> str:
    """Milliseconds to show: whole above 10, one decimal below."""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def to_row(t: ReportTiming) -> ReportRow:
    """The results-table line of one timing: figures, target and how much a target is missed."""
    value = (
        f"app {_ms(t.app['median'])} ms (p95 {_ms(t.app['p95'])}), "
        f"SQL {_ms(t.sql['median'])} ms (p95 {_ms(t.sql['p95'])}): {t.ratio:.1f}x"
    )
    # Medians of separate runs: on a busy machine the difference can dip below zero.
    rest = max(0.0, t.app["median"] - t.service["median"])
    notes = [
        f"service alone {_ms(t.service['median'])} ms ({t.service_statements} statements), "
        f"HTTP/template/serialising {_ms(rest)} ms; {t.statements} statements per request",
    ]
    target = ""
    if t.targets:
        target = (
            f"within {PARTICIPATION_TARGET_RATIO:g}x of raw SQL, "
            f"under {PARTICIPATION_TARGET_MS:g} ms median"
        )
        if t.ratio > PARTICIPATION_TARGET_RATIO:
            allowed = PARTICIPATION_TARGET_RATIO * t.sql["median"]
            notes.append(
                f"MISSES {PARTICIPATION_TARGET_RATIO:g}x: {t.ratio:.1f}x, "
                f"{_ms(t.app['median'] - allowed)} ms over {_ms(allowed)} ms"
            )
        if t.app["median"] > PARTICIPATION_TARGET_MS:
            notes.append(
                f"MISSES {PARTICIPATION_TARGET_MS:g} ms: "
                f"{_ms(t.app['median'] - PARTICIPATION_TARGET_MS)} ms over"
            )
    measurement = f"{t.label} ({t.url}) vs raw SQL"
    return ReportRow(measurement, value, target, "; ".join(notes))


def report_rows(app: Flask, ministry_client, repeat: int = 20) -> list[ReportRow]:
    """The report timings as results-table lines; raises Disagreement when app and SQL differ."""
    return [to_row(t) for t in report_timings(app, ministry_client, repeat)]


def main(argv: list[str] | None = None) -> int:
    """python -m bench.reports URL: the report lines on a database that holds the scale data."""
    import argparse

    from bench.measure import login
    from bench.run import bench_app
    from netwerk.demo import DEMO_PASSWORD

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("url", help="SQLAlchemy URL, e.g. postgresql+psycopg://...")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    app = bench_app(args.url)
    client = app.test_client()
    login(client, SCALE_MINISTRY_EMAIL, DEMO_PASSWORD)
    for row in report_rows(app, client, args.repeat):
        print(" | ".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
