"""make bench: load Flanders-sized data into PostgreSQL, measure, write docs/benchmarks.md.

Not part of `make test`. It (re)creates the database `netwerk_bench` (admin URL from
NETWERK_BENCH_POSTGRES_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/postgres),
migrates it, loads factor 1 with `netwerk.demo.scale` and runs every function in MEASUREMENTS in turn.
A measurement takes the Bench and returns Rows; to add one (report timings against raw SQL, the
load test under gunicorn, worker memory), write a function and append it to MEASUREMENTS.

    python -m bench.run [--factor 1] [--no-sqlite] [--output docs/benchmarks.md]
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import psycopg
import sqlalchemy
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import make_url, select, text

from bench.loadtest import LOAD_PAGES, ROOT, run_load_test
from bench.measure import bench_app, login, statements_for
from bench.reports import report_rows
from netwerk.auth.models import User
from netwerk.auth.services import create_api_token
from netwerk.demo.scale.context import SCALE_ADMIN_EMAIL, SCALE_MINISTRY_EMAIL
from netwerk.demo.scale.load import load_scale
from netwerk.demo.users import DEMO_PASSWORD
from netwerk.extensions import db
from netwerk.timeutil import SchoolYear, today

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# Overridable so that two checkouts can bench side by side on one server.
BENCH_DATABASE = os.environ.get("NETWERK_BENCH_DATABASE", "netwerk_bench")

# (label, path, who): the main pages of every role and the report API; "api" is the ministry
# user's bearer token. Their statement counts are compared between factor 1 and factor 10.
PAGES = [
    ("Home", "/", "admin"),
    ("Calls", "/netwerken/oproepen", "admin"),
    ("Networks", "/netwerken/", "admin"),
    ("Meetings", "/bijeenkomsten/", "admin"),
    ("Effort", "/inzet/", "admin"),
    ("Schools", "/scholen/", "admin"),
    ("Users", "/gebruikers", "admin"),
    ("Reports", "/rapporten/", "ministry"),
    ("Participation report", "/rapporten/deelname", "ministry"),
    ("Participation XLSX", "/rapporten/deelname?format=xlsx", "ministry"),
    ("Effort report", "/rapporten/inzet", "ministry"),
    ("Reach report", "/rapporten/bereik", "ministry"),
    ("Trends report", "/rapporten/evolutie", "ministry"),
    ("Participation API", "/api/v1/reports/participation", "api"),
    ("Reach API", "/api/v1/reports/reach", "api"),
    ("Effort API", f"/api/v1/reports/effort?school_year={SchoolYear.of(today())}", "api"),
]
USERS = {"admin": SCALE_ADMIN_EMAIL, "ministry": SCALE_MINISTRY_EMAIL}
# The load-test targets (issue 19): over the 13 main pages, and the participation API alone.
MAIN_PAGES_PER_SECOND = 48
API_PER_SECOND = 100
API_LOAD_PAGE = ("/api/v1/reports/participation", "api")


@dataclass
class Row:
    """One line of the results table."""

    measurement: str
    value: str
    target: str = ""
    note: str = ""


@dataclass
class Bench:
    """What the measurements share: the options, the bench database and an app on it."""

    factor: float
    seed: int
    admin_url: str
    sqlite: bool
    factor10: bool = True
    load_seconds: int = 30
    url: str = ""
    app: Flask | None = None
    facts: dict[str, str] = field(default_factory=dict)
    # factor -> label -> (path, HTTP status, statements)
    statements: dict[float, dict[str, tuple[str, int, int]]] = field(default_factory=dict)


def recreate_database(admin_url: str, name: str) -> str:
    """Drop and create a PostgreSQL database; returns its SQLAlchemy URL."""
    admin = make_url(admin_url)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, name: str) -> None:
    """Drop a PostgreSQL database of the bench."""
    admin = make_url(admin_url)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load(app: Flask, factor: float, seed: int) -> tuple[float, int]:
    """Migrate an empty database and load the scale data; (seconds of the load, rows)."""
    with app.app_context():
        upgrade()
        result = load_scale(factor, seed, show_progress=sys.stdout.isatty())
        db.session.remove()
    return result.seconds, sum(result.counts.values())


# -- measurements ------------------------------------------------------------------------------


def measure_load_postgres(bench: Bench) -> list[Row]:
    """Create netwerk_bench, migrate it, load the scale data; the load time."""
    bench.url = recreate_database(bench.admin_url, BENCH_DATABASE)
    bench.app = bench_app(bench.url)
    seconds, rows = load(bench.app, bench.factor, bench.seed)
    with bench.app.app_context():
        bench.facts["PostgreSQL"] = db.session.scalar(text("SHOW server_version"))
        db.session.remove()
    return [
        Row(
            f"Load factor {bench.factor:g} (PostgreSQL)",
            f"{seconds:.0f} s",
            "minutes, not hours",
            f"{rows:,} rows, {rows / seconds:,.0f} rows/s",
        )
    ]


def ministry_token(app: Flask) -> str:
    """A new API token of the scale ministry user."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == SCALE_MINISTRY_EMAIL))
        token = create_api_token(user)
        db.session.commit()
        db.session.remove()
    return token


def count_statements(app: Flask) -> dict[str, tuple[str, int, int]]:
    """label -> (path, HTTP status, SQL statements) of every page in PAGES, on this app."""
    clients = {}
    for who, email in USERS.items():
        clients[who] = app.test_client()
        login(clients[who], email, DEMO_PASSWORD)
    clients["api"] = app.test_client()
    api_headers = {"Authorization": f"Bearer {ministry_token(app)}"}
    counts = {}
    for label, path, who in PAGES:
        headers = api_headers if who == "api" else None
        clients[who].get(path, headers=headers).close()  # warm: first-request work is not counted
        counts[label] = (path, *statements_for(app, clients[who], path, headers=headers))
    with app.app_context():
        db.session.remove()
    return counts


def measure_statements_per_page(bench: Bench) -> list[Row]:
    """SQL statements per main page at factor 1 (compared with factor 10 further on)."""
    bench.statements[bench.factor] = count_statements(bench.app)
    if bench.factor10:
        return []  # the factor 10 measurement writes the rows with both counts
    return statement_rows(bench)


def statement_rows(bench: Bench) -> list[Row]:
    """One row per page: its statement count at each measured factor, and whether they agree."""
    rows = []
    factors = sorted(bench.statements)
    for label, path, _who in PAGES:
        counts = [bench.statements[f][label] for f in factors]
        statuses = {status for _path, status, _n in counts}
        values = " / ".join(str(n) for _path, _status, n in counts)
        if len(factors) == 1:
            note = f"factor {factors[0]:g} only"
        elif len({n for _path, _status, n in counts}) == 1:
            note = "equal"
        else:
            note = "**differs**: grows with the data"
        if statuses != {200}:
            note += f"; HTTP {', '.join(map(str, sorted(statuses)))}"
        rows.append(
            Row(
                f"SQL statements: {label} (`{path}`)",
                values,
                "same at factor " + " and ".join(f"{f:g}" for f in factors),
                note,
            )
        )
    return rows


def measure_factor10(bench: Bench) -> list[Row]:
    """Load factor 10 into a second database and count the statements per page again."""
    if not bench.factor10:
        return []
    factor = bench.factor * 10
    url = recreate_database(bench.admin_url, BENCH_DATABASE + "_x10")
    app = bench_app(url)
    try:
        seconds, rows = load(app, factor, bench.seed)
        bench.statements[factor] = count_statements(app)
    finally:
        with app.app_context():
            db.engine.dispose()
        drop_database(bench.admin_url, BENCH_DATABASE + "_x10")
    return [
        Row(
            f"Load factor {factor:g} (PostgreSQL)",
            f"{seconds:.0f} s",
            "minutes, not hours",
            f"{rows:,} rows, {rows / seconds:,.0f} rows/s",
        ),
        *statement_rows(bench),
    ]


def measure_report_timings(bench: Bench) -> list[Row]:
    """Participation (page and API), effort and reach reports against one hand-written SQL each."""
    client = bench.app.test_client()
    login(client, SCALE_MINISTRY_EMAIL, DEMO_PASSWORD)
    rows = [Row(*line) for line in report_rows(bench.app, client)]
    with bench.app.app_context():
        db.session.remove()
        db.engine.dispose()
    return rows


def measure_load_test(bench: Bench) -> list[Row]:
    """gunicorn with 2 workers, wrk with 20 connections for 30 s; then the workers' peak memory."""
    logins = {who: (email, DEMO_PASSWORD) for who, email in USERS.items()}
    result = run_load_test(bench.url, logins, ministry_token(bench.app), seconds=bench.load_seconds)
    pages = len(LOAD_PAGES)
    latency = result.latency_ms
    peak = max(result.worker_peak_mib, default=0.0)
    return [
        Row(
            "Load test: throughput",
            f"{result.per_second:.1f} req/s",
            f">= {MAIN_PAGES_PER_SECOND} req/s",
            f"{result.requests:,} requests in {result.seconds:.0f} s over {pages} main pages "
            "(gunicorn -w 2, wrk -c 20, loopback)",
        ),
        Row(
            "Load test: latency median / p90 / p99",
            " / ".join(f"{latency.get(p, float('nan')):,.0f} ms" for p in ("50", "90", "99")),
            "p99 < 1 s",
            "20 connections queue on 2 sync workers: latency = queue + service time",
        ),
        Row(
            "Load test: errors",
            str(result.errors),
            "0",
            result.error_detail or "no socket errors, no non-2xx/3xx answers",
        ),
        Row(
            "Worker peak memory (VmHWM)",
            f"{peak:.0f} MiB",
            "< 200 MB",
            "per worker: "
            + ", ".join(f"{m:.0f} MiB" for m in result.worker_peak_mib)
            + "; after the load test and the report exports (XLSX, CSV)",
        ),
    ]


def measure_api_load_test(bench: Bench) -> list[Row]:
    """The participation API alone under the same load (gunicorn -w 2, wrk -c 20)."""
    logins = {who: (email, DEMO_PASSWORD) for who, email in USERS.items()}
    result = run_load_test(
        bench.url,
        logins,
        ministry_token(bench.app),
        seconds=bench.load_seconds,
        pages=[API_LOAD_PAGE],
        heavy=False,
    )
    latency = result.latency_ms
    return [
        Row(
            "Load test, participation API alone: throughput",
            f"{result.per_second:.1f} req/s",
            f">= {API_PER_SECOND} req/s",
            f"{result.requests:,} requests in {result.seconds:.0f} s, {result.errors} errors; "
            "median / p99 "
            + " / ".join(f"{latency.get(p, float('nan')):,.0f} ms" for p in ("50", "99")),
        )
    ]


def measure_load_sqlite(bench: Bench) -> list[Row]:
    """The same load into a fresh SQLite file, for comparison."""
    if not bench.sqlite:
        return []
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app("sqlite:///" + os.path.join(folder, "bench.db"))
        seconds, rows = load(app, bench.factor, bench.seed)
        with app.app_context():
            db.engine.dispose()
    return [
        Row(
            f"Load factor {bench.factor:g} (SQLite)",
            f"{seconds:.0f} s",
            "minutes, not hours",
            f"{rows:,} rows, {rows / seconds:,.0f} rows/s",
        )
    ]


MEASUREMENTS: list[Callable[[Bench], list[Row]]] = [
    measure_load_postgres,
    measure_statements_per_page,
    measure_report_timings,
    measure_load_test,
    measure_api_load_test,
    measure_factor10,
    measure_load_sqlite,
]


# -- the machine and the report ----------------------------------------------------------------


def machine(bench: Bench) -> dict[str, str]:
    """Cores, memory, CPU model, versions and the load of the machine at the start."""
    facts = {"Cores": str(os.cpu_count())}
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            kib = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
        facts["Memory"] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        facts["Memory"] = "?"
    model = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            model = next(line for line in fh if line.startswith("model name")).split(":", 1)[1]
    except (OSError, StopIteration):
        pass
    facts["CPU"] = model.strip()
    facts["System"] = f"{platform.system()} {platform.release()}"
    facts["Python"] = platform.python_version()
    facts["SQLAlchemy"] = sqlalchemy.__version__
    facts["psycopg"] = psycopg.__version__
    load1, load5, _load15 = os.getloadavg()
    facts["Load average at the start (1 / 5 min)"] = f"{load1:.1f} / {load5:.1f}"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        commit = ""
    facts["Commit"] = commit or "?"
    return facts


def render(bench: Bench, facts: dict[str, str], rows: list[Row], started: datetime) -> str:
    """docs/benchmarks.md: the machine and the results table."""
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench.run`); do not edit by hand, run it again.",
        f"Run of {started:%d/%m/%Y %H:%M} at factor {bench.factor:g} (seed {bench.seed}).",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in facts.items()),
        "",
        "## Results",
        "",
        "| Measurement | Value | Target | Note |",
        "|---|---:|---|---|",
        *(f"| {r.measurement} | {r.value} | {r.target} | {r.note} |" for r in rows),
        "",
        "Figures from a shared machine vary with its load (see the load at the start above).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--no-sqlite", dest="sqlite", action="store_false")
    parser.add_argument(
        "--no-factor10",
        dest="factor10",
        action="store_false",
        help="skip loading factor 10 to compare the statement counts",
    )
    parser.add_argument("--load-seconds", type=int, default=30, help="duration of the wrk run")
    parser.add_argument("--output", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    parser.add_argument(
        "--admin-url", default=os.environ.get("NETWERK_BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL)
    )
    args = parser.parse_args(argv)
    bench = Bench(
        args.factor, args.seed, args.admin_url, args.sqlite, args.factor10, args.load_seconds
    )
    started = datetime.now()
    facts = machine(bench)
    rows: list[Row] = []
    for measurement in MEASUREMENTS:
        print(f"== {measurement.__doc__.splitlines()[0]}", flush=True)
        t0 = time.perf_counter()
        new = measurement(bench)
        for row in new:
            print(f"   {row.measurement}: {row.value}  {row.note}", flush=True)
        print(f"   ({time.perf_counter() - t0:.0f} s)", flush=True)
        rows.extend(new)
    facts.update(bench.facts)
    report = render(bench, facts, rows, started)
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write(report)
    print()
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
