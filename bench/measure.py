"""Small tools for the measurements: an app on a database, count SQL statements of a request,
time repeated calls."""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from netwerk import create_app
from netwerk.extensions import db


def bench_app(url: str) -> Flask:
    """An app on a database, as the tests make one (no CSRF, no rate limit, mails to a folder),
    without the report cache: a timing or a statement count of a cached body would measure the
    cache, not the report (the load test's gunicorn workers keep the cache, as in production)."""
    return create_app(
        {
            "TESTING": True,
            "REPORT_CACHE_BYTES": 0,
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_OUTBOX_DIR": os.path.join(tempfile.gettempdir(), "netwerk-bench-outbox"),
        }
    )


@contextmanager
def statement_counter(app: Flask):
    """Count the SQL statements the app's engine sends while the block runs: `with ... as n`."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


def statements_for(app: Flask, client, url: str, headers=None) -> tuple[int, int]:
    """(status code, number of SQL statements) of one GET through the Flask test client."""
    with statement_counter(app) as seen:
        response = client.get(url, headers=headers)
        status = response.status_code
        response.close()
    return status, len(seen)


def login(client, email: str, password: str) -> None:
    """Log the test client in through the login form (CSRF is off in the bench app)."""
    response = client.post("/aanmelden", data={"email": email, "password": password})
    response.close()
    if response.status_code != 302:
        raise RuntimeError(f"login as {email} failed: {response.status_code}")


def timings(call: Callable[[], object], repeat: int = 20, warmup: int = 2) -> dict[str, float]:
    """Median, 95th percentile and minimum in milliseconds over repeated calls."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {"median": statistics.median(samples), "p95": p95, "min": samples[0]}
