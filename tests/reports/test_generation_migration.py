"""The data_generation migration: existing rows stay, the counter is made (the upgrade's own
commit, which writes alembic_version, already counts once) and the next writing commit raises
it; downgrade removes it and leaves the data."""

from datetime import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import down_revision_of, empty_database_url  # noqa: F401

REVISION = "7c3e9a1f5b2d"
BEFORE = down_revision_of(REVISION)
USER = (
    'INSERT INTO "user" (id, email, name, search_name, password_hash, role, is_active_account, '
    "created_at, session_version) VALUES (1, 'coach@test.be', 'Coach', 'coach', 'x', 'coach', true, "
    ":now, 1)"
)


def _one(sql: str):
    with db.engine.connect() as connection:
        return connection.execute(text(sql)).scalar()


def test_counter_is_made_and_rises_on_the_next_write(empty_database_url):  # noqa: F811
    """A database with data gets the counter; a write raises it by one; down drops it only."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:  # no counter yet: the write is not counted
            connection.execute(text(USER), {"now": datetime(2026, 12, 1, 12)})
        upgrade(revision=REVISION)
        start = _one("SELECT value FROM data_generation WHERE id = 1")
        assert start == 1  # 0 as inserted, 1 with the upgrade's commit
        assert _one('SELECT count(*) FROM "user"') == 1
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE \"user\" SET name = 'Coach Een' WHERE id = 1"))
        assert _one("SELECT value FROM data_generation WHERE id = 1") == start + 1
        downgrade(revision=BEFORE)
        assert "data_generation" not in inspect(db.engine).get_table_names()
        assert _one('SELECT name FROM "user" WHERE id = 1') == "Coach Een"
        db.engine.dispose()
