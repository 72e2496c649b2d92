"""make bench: load Flanders-sized data into PostgreSQL, measure, write docs/benchmarks.md.

Not part of `make test`. It (re)creates the database `netwerk_bench` (admin URL from
NETWERK_BENCH_POSTGRES_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/postgres),
migrates it, loads factor 1 with `netwerk.scale` and runs every function in MEASUREMENTS in turn.
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
from sqlalchemy import make_url, text

from bench.measure import login, statements_for
from netwerk import create_app
from netwerk.demo import DEMO_PASSWORD
from netwerk.extensions import db
from netwerk.scale import SCALE_ADMIN_EMAIL, SCALE_MINISTRY_EMAIL, load_scale

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "netwerk_bench"

# (label, endpoint, user): the main pages; a page whose feature has not landed yet is skipped.
PAGES = [
    ("Home", "main.index", SCALE_ADMIN_EMAIL),
    ("Calls", "networks.calls", SCALE_ADMIN_EMAIL),
    ("Networks", "networks.index", SCALE_ADMIN_EMAIL),
    ("Meetings", "meetings.dashboard", SCALE_ADMIN_EMAIL),
    ("Effort", "effort.index", SCALE_ADMIN_EMAIL),
    ("Reports", "reports.index", SCALE_MINISTRY_EMAIL),
    ("Schools", "schools.index", SCALE_ADMIN_EMAIL),
    ("Users", "auth.users", SCALE_ADMIN_EMAIL),
]


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
    url: str = ""
    app: Flask | None = None
    facts: dict[str, str] = field(default_factory=dict)


def bench_app(url: str) -> Flask:
    """An app on a database, as the tests make one (no CSRF, no rate limit, mails to a folder)."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_OUTBOX_DIR": os.path.join(tempfile.gettempdir(), "netwerk-bench-outbox"),
        }
    )


def recreate_database(admin_url: str, name: str) -> str:
    """Drop and create a PostgreSQL database; returns its SQLAlchemy URL."""
    admin = make_url(admin_url)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(database=name).render_as_string(hide_password=False)


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


def measure_statements_per_page(bench: Bench) -> list[Row]:
    """SQL statements per main page at this factor (must not grow with the data)."""
    app = bench.app
    rows = []
    clients = {}
    for label, endpoint, email in PAGES:
        if endpoint not in app.view_functions:
            rows.append(
                Row(f"SQL statements: {label}", "-", "same at factor 1 and 10", "not built yet")
            )
            continue
        if email not in clients:
            clients[email] = app.test_client()
            login(clients[email], email, DEMO_PASSWORD)
        with app.test_request_context():
            from flask import url_for

            url = url_for(endpoint)
        status, count = statements_for(app, clients[email], url)
        rows.append(
            Row(
                f"SQL statements: {label} ({url})",
                str(count),
                "same at factor 1 and 10",
                f"factor {bench.factor:g}, HTTP {status}",
            )
        )
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return rows


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
    parser.add_argument("--output", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    parser.add_argument(
        "--admin-url", default=os.environ.get("NETWERK_BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL)
    )
    args = parser.parse_args(argv)
    bench = Bench(args.factor, args.seed, args.admin_url, args.sqlite)
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
