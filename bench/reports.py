"""Report timings against hand-written SQL: is the app close to what the database can do?

For the default view of a ministry user (peildatum today, basis 'registered', no filters; the
current school year for effort) each report is timed as a page or API call, as the service
function alone, and against ONE hand-written SQL query that computes the same figures on the same
database (bench/report_sql.py). Before anything is timed the SQL's figures are compared with the
service's (bench/report_checks.py); when they differ the measurement raises Disagreement.

The page and the API of the participation report give the same figures, so they share one query:
three queries stand behind four measurements.

bench/run.py imports this module; nothing here imports bench.run, so the rows come back as plain
tuples (ReportRow) that run.py turns into its Row.

    python -m bench.reports URL   the report lines on a database that holds the scale data
"""

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from flask import Flask
from sqlalchemy import select

from bench import report_sql
from bench.measure import bench_app, login, statement_counter, timings
from bench.report_checks import (
    Figures,
    check_effort,
    check_participation,
    check_reach,
    compare,
    effort_from_api,
    effort_tolerance,
    participation_from_api,
)
from netwerk.auth.models import User
from netwerk.auth.services import create_api_token
from netwerk.demo.scale.context import SCALE_MINISTRY_EMAIL
from netwerk.demo.users import DEMO_PASSWORD
from netwerk.effort.report import EffortParams, effort_report
from netwerk.extensions import db
from netwerk.reports.params import REGISTERED, ReportFilters, ReportParams
from netwerk.reports.participation import participation_report
from netwerk.reports.reach import reach_report
from netwerk.timeutil import SchoolYear, today

# -- timings -------------------------------------------------------------------------------------

# Issue 19: against one aggregate over the status periods, the participation page within 2x and
# the API within 1.5x; reach within 1.5x of its own SQL.
PARTICIPATION_PAGE_RATIO = 2.0
PARTICIPATION_API_RATIO = 1.5
REACH_RATIO = 1.5
EFFORT_RATIO = 2.0
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
    target_ratio: float | None = None
    against: str = "raw SQL"

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
    target_ratio: float | None = None
    against: str = "raw SQL"
    # The API's body as figures, and how far they may lie from the SQL's (effort: rounding).
    from_api: Callable[[Mapping], Figures] = participation_from_api
    tolerance: Callable[[tuple], Decimal] | None = None


def _cases(ministry: User, bearer: Mapping, as_of: date, year: SchoolYear) -> list[_Case]:
    """The five measurements: participation and effort as page and API, reach as a page."""
    filters = ReportFilters()

    def participation():
        """The participation report of the page's and the API's defaults."""
        return participation_report(ministry, ReportParams(as_of, REGISTERED, filters))

    # The page and the API of the participation report: one service, one check (against the
    # SQL over the history and over the status periods), timed against the one over the periods.
    participation_cases = [
        _Case(
            label,
            url,
            headers,
            participation,
            lambda: check_participation(ministry, as_of),
            report_sql.PARTICIPATION_PERIODS_SQL,
            report_sql.participation_sql_params(as_of),
            targets=True,
            target_ratio=ratio,
            against="raw SQL over the status periods",
        )
        for label, url, headers, ratio in (
            ("Participation report, page", "/rapporten/deelname", None, PARTICIPATION_PAGE_RATIO),
            (
                "Participation report, API",
                "/api/v1/reports/participation",
                bearer,
                PARTICIPATION_API_RATIO,
            ),
        )
    ]
    return [
        *participation_cases,
        *(
            _Case(
                label,
                url,
                headers,
                lambda: effort_report(ministry, EffortParams(year)),
                lambda: check_effort(ministry, year),
                report_sql.effort_sql(report_sql.dialect()),
                report_sql.effort_sql_params(year),
                from_api=effort_from_api,
                tolerance=effort_tolerance,
                target_ratio=EFFORT_RATIO,
            )
            # The page and the API of the effort report: one service, one check, one query.
            for label, url, headers in (
                ("Effort report, page", "/rapporten/inzet", None),
                ("Effort report, API", f"/api/v1/reports/effort?school_year={year}", bearer),
            )
        ),
        _Case(
            "Reach report, page",
            "/rapporten/bereik",
            None,
            lambda: reach_report(ministry, ReportParams(as_of, REGISTERED, filters)),
            lambda: check_reach(ministry, as_of),
            report_sql.REACH_SQL,
            report_sql.reach_sql_params(as_of),
            report_sql.REACH_COLUMNS,
            target_ratio=REACH_RATIO,
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
                compare(f"{case.label} ({case.url})", case.from_api(body), expected, case.tolerance)
            db.session.rollback()
            with statement_counter(app) as seen:
                case.service()
            service_statements = len(seen)
            db.session.rollback()
            service_ms = timings(_in_transaction(case.service), repeat, warmup)
            sql_ms = timings(
                _in_transaction(lambda c=case: report_sql.run_sql(c.sql, c.params, c.columns)),
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
                case.target_ratio,
                case.against,
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
    targets = []
    if t.target_ratio is not None:
        targets.append(f"within {t.target_ratio:g}x of {t.against}")
        if t.ratio > t.target_ratio:
            allowed = t.target_ratio * t.sql["median"]
            notes.append(
                f"MISSES {t.target_ratio:g}x: {t.ratio:.1f}x, "
                f"{_ms(t.app['median'] - allowed)} ms over {_ms(allowed)} ms"
            )
    if t.targets:
        targets.append(f"under {PARTICIPATION_TARGET_MS:g} ms median")
        if t.app["median"] > PARTICIPATION_TARGET_MS:
            notes.append(
                f"MISSES {PARTICIPATION_TARGET_MS:g} ms: "
                f"{_ms(t.app['median'] - PARTICIPATION_TARGET_MS)} ms over"
            )
    target = ", ".join(targets)
    measurement = f"{t.label} ({t.url}) vs {t.against}"
    return ReportRow(measurement, value, target, "; ".join(notes))


def report_rows(app: Flask, ministry_client, repeat: int = 20) -> list[ReportRow]:
    """The report timings as results-table lines; raises Disagreement when app and SQL differ."""
    return [to_row(t) for t in report_timings(app, ministry_client, repeat)]


def main(argv: list[str] | None = None) -> int:
    """python -m bench.reports URL: the report lines on a database that holds the scale data."""
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
