"""A pooled connection the database ended is replaced at checkout, without a ping per request."""

import psycopg
from sqlalchemy import event, text
from sqlalchemy.pool import Pool

from netwerk import dbhealth
from netwerk.extensions import db


def _backend_pid(conn) -> int:
    return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_ended_by_the_server_is_replaced_unnoticed(app, client):
    """On PostgreSQL: a pooled connection whose backend was terminated is dropped at checkout,
    and the next request answers 200 on a new connection; on SQLite nothing is checked."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "postgresql":
            raw = engine.raw_connection()
            try:  # even after a long idle spell a SQLite connection is handed out as it is
                record = raw._connection_record
                record.info[dbhealth.CHECKED_IN] = -1e9
                assert dbhealth._checkout(raw.dbapi_connection, record, None) is None
            finally:
                raw.close()
            assert client.get("/healthz").status_code == 200
            return
        with engine.connect() as conn:
            victim = _backend_pid(conn)
        # A connection of its own ends the pooled one's backend, as a restart or an admin would.
        conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as killer:
            killer.execute("SELECT pg_terminate_backend(%s, 5000)", (victim,))  # waits for the end
        assert client.get("/healthz").status_code == 200
        with engine.connect() as conn:
            assert _backend_pid(conn) != victim


def test_a_busy_connection_costs_no_ping(app, monkeypatch):
    """A connection used a moment ago is handed out without a statement; after a long idle
    spell it is pinged first (an empty statement)."""
    assert event.contains(Pool, "checkout", dbhealth._checkout)
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            dbapi = raw.dbapi_connection
            if not hasattr(dbapi, "pgconn"):  # SQLite: no server to ask, nothing checked
                assert raw._connection_record.info.get(dbhealth.CHECKED_IN) is None
                return
            sent = []
            real = dbhealth._answers
            monkeypatch.setattr(dbhealth, "_answers", lambda c: sent.append(c) or real(c))
            assert dbhealth.is_alive(dbapi, idle_seconds=0.5)
            assert sent == []
            assert dbhealth.is_alive(dbapi, idle_seconds=dbhealth.PING_AFTER_IDLE_SECONDS)
            assert sent == [dbapi]
        finally:
            raw.close()
