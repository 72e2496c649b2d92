"""Is a pooled PostgreSQL connection still alive? Asked at every checkout, mostly without a round trip.

SQLAlchemy's pool_pre_ping sends a statement before every request's first one: on a busy worker
that is one round trip of the four or five a cached report costs. Here a connection that was
back in the pool a moment ago is checked locally: when the server ends a connection (a restart,
pg_terminate_backend, idle_session_timeout) it sends a message and closes the socket, so the
socket has something to read while no statement is under way. Only then, or after the
connection sat idle for PING_AFTER_IDLE_SECONDS (a firewall may have dropped it without a
word), is the server asked with an empty statement, as pool_pre_ping does. A dead connection is
refused with DisconnectionError: the pool drops it and connects anew, and the request never sees it.
"""

import select
import time

from sqlalchemy import event, exc
from sqlalchemy.pool import Pool

PING_AFTER_IDLE_SECONDS = 10.0
CHECKED_IN = "netwerk.checked_in_at"


def _checkin(dbapi_connection, record) -> None:
    record.info[CHECKED_IN] = time.monotonic()


def _has_news(dbapi_connection) -> bool:
    """The server sent something on an idle connection: a termination notice, or the end."""
    readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    return bool(readable)


def _answers(dbapi_connection) -> bool:
    """An empty statement outside any transaction (SQLAlchemy's ping for psycopg)."""
    before = dbapi_connection.autocommit
    try:
        dbapi_connection.autocommit = True
        dbapi_connection.execute(";")
    except Exception:  # any failure means the connection is unusable
        return False
    finally:
        if not dbapi_connection.closed:
            dbapi_connection.autocommit = before
    return True


def is_alive(dbapi_connection, idle_seconds: float) -> bool:
    """Whether a psycopg connection can be handed out: locally when it was used a moment ago."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return False
    try:
        quiet = not _has_news(dbapi_connection)
    except (OSError, ValueError):  # no socket any more
        return False
    if quiet and idle_seconds < PING_AFTER_IDLE_SECONDS:
        return True
    return _answers(dbapi_connection)


def _checkout(dbapi_connection, record, _proxy) -> None:
    if not hasattr(dbapi_connection, "pgconn"):  # not psycopg: SQLite needs no check
        return
    idle = time.monotonic() - record.info.get(CHECKED_IN, float("-inf"))
    if not is_alive(dbapi_connection, idle):
        raise exc.DisconnectionError("the database ended this connection")


def check_connections() -> None:
    """Check every pool's connections at checkout (once per process)."""
    if event.contains(Pool, "checkout", _checkout):
        return
    event.listen(Pool, "checkin", _checkin)
    event.listen(Pool, "checkout", _checkout)
