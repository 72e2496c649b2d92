"""The reports' figures from the app and from the hand-written SQL, made comparable, and one
check per report that raises Disagreement when they differ (timing a wrong query proves nothing)."""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from bench.report_sql import (
    PARTICIPATION_PERIODS_SQL,
    PARTICIPATION_SQL,
    REACH_COLUMNS,
    REACH_SQL,
    dialect,
    effort_sql,
    effort_sql_params,
    participation_sql_params,
    reach_sql_params,
    run_sql,
)
from netwerk.auth.models import User
from netwerk.effort.report import EffortParams, EffortReport, effort_report
from netwerk.reports.params import REGISTERED, ReportFilters, ReportParams
from netwerk.reports.participation import ParticipationReport, participation_report
from netwerk.reports.reach import ReachReport, reach_report
from netwerk.timeutil import SchoolYear

# Half a unit of the rounding the effort roll-up applies (FTE to 3 places, hours to 1), plus room
# for SQLite's floats: the SQL gives exact sums, the app rounds them half up.
EFFORT_TOLERANCE = {
    "planned_fte": Decimal("0.0005000001"),
    "earmarked_fte": Decimal("0.0005000001"),
    "realised_fte": Decimal("0.0005000001"),
    "hours": Decimal("0.0500000001"),
}

# -- comparable figures --------------------------------------------------------------------------

Figures = dict[tuple, int | Decimal]


class Disagreement(AssertionError):
    """The app and the hand-written SQL give different figures for the same report."""


def participation_from_report(report: ParticipationReport) -> Figures:
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


def reach_from_report(report: ReachReport) -> Figures:
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


def effort_from_api(body: Mapping) -> Figures:
    """The same figures from GET /api/v1/reports/effort (decimal strings)."""
    figures: Figures = {}
    for row in [*body["rows"], body["total"]]:
        ident = row["id"] if row["kind"] != "total" else None
        for measure in EFFORT_TOLERANCE:
            figures[(measure, row["kind"], ident)] = Decimal(row[measure])
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
    """Compare the participation report with PARTICIPATION_SQL (over the history) and with
    PARTICIPATION_PERIODS_SQL (over the status periods); the figures, or Disagreement."""
    report = participation_report(actor, ReportParams(as_of, REGISTERED, ReportFilters()))
    figures = participation_from_report(report)
    params = participation_sql_params(as_of)
    sql = participation_from_sql(run_sql(PARTICIPATION_SQL, params))
    compare(f"participation report on {as_of}", figures, sql)
    periods = participation_from_sql(run_sql(PARTICIPATION_PERIODS_SQL, params))
    compare(f"participation report on {as_of}, over the status periods", figures, periods)
    return sql


def check_reach(actor: User, as_of: date) -> Figures:
    """Compare the reach report with REACH_SQL; the figures, or Disagreement."""
    report = reach_report(actor, ReportParams(as_of, REGISTERED, ReportFilters()))
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
