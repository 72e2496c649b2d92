"""The migration to one active registration per school and network splits reopened rows into
one registration per period, and its downgrade merges them back (issue 17, part 4)."""

from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import (  # noqa: F401 - empty_database_url is a fixture
    down_revision_of,
    empty_database_url,
    insert_network_and_schools,
)

BEFORE = down_revision_of("f4dd478e97ac")
NOW = datetime(2026, 12, 1, 12, 0)
ROWS = [
    # School A was accepted, withdrew, registered again on the same row (issue 14) and was
    # declined, then registered a third time; school B has one plain registration.
    "INSERT INTO registration (id, school_id, network_id, status, contact_name, contact_email, "
    "motivation, commitment, created_at, updated_at) VALUES "
    "(1, 1, 1, 'submitted', 'Directeur', 'a@school.be', 'graag', true, :t1, :t6), "
    "(2, 2, 1, 'accepted', '', '', '', true, :t1, :t1)",
    "INSERT INTO registration_status_change (id, registration_id, from_status, to_status, "
    "effective_on, recorded_at, reason) VALUES "
    "(1, 1, NULL, 'submitted', '2021-09-01', :t1, ''), "
    "(2, 1, 'submitted', 'accepted', '2021-09-01', :t1, ''), "
    "(3, 2, NULL, 'submitted', '2021-09-01', :t1, ''), "
    "(4, 2, 'submitted', 'accepted', '2021-09-02', :t1, ''), "
    "(5, 1, 'accepted', 'withdrawn', '2022-01-15', :t2, ''), "
    "(6, 1, 'withdrawn', 'submitted', '2022-03-01', :t3, ''), "
    "(7, 1, 'submitted', 'declined', '2022-03-05', :t4, ''), "
    "(8, 1, 'declined', 'submitted', '2022-09-01', :t5, '')",
]
TIMES = {f"t{n}": datetime(2021 + (n > 2), 1 + n, 1, 9, 0) for n in range(1, 7)}


def _table(connection, sql: str) -> list[tuple]:
    return [tuple(row) for row in connection.execute(text(sql))]


def test_reopened_rows_become_one_registration_per_period_and_merge_back(empty_database_url):  # noqa: F811
    """Upgrade: school A's row keeps its first period, each later one gets a new row with its own
    changes (the first from nothing); school B is untouched; a second active registration is
    refused by the new index. Downgrade: one row per school again, the whole history on it."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            insert_network_and_schools(connection, NOW)
            for statement in ROWS:
                connection.execute(text(statement), {"now": NOW, **TIMES})
            if connection.dialect.name == "postgresql":  # rows written with ids
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence('registration', 'id'), 2)")
                )
        upgrade()
        with db.engine.connect() as connection:
            registrations = _table(
                connection,
                "SELECT id, school_id, status, contact_email FROM registration ORDER BY id",
            )
            changes = _table(
                connection,
                "SELECT id, registration_id, from_status, to_status FROM "
                "registration_status_change ORDER BY id",
            )
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO registration (school_id, network_id, status, contact_name, "
                    "contact_email, motivation, commitment, created_at, updated_at) VALUES "
                    "(2, 1, 'submitted', '', '', '', true, :now, :now)"
                ),
                {"now": NOW},
            )
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            merged = _table(
                connection, "SELECT id, school_id, status FROM registration ORDER BY id"
            )
            merged_changes = _table(
                connection,
                "SELECT id, registration_id, from_status, to_status FROM "
                "registration_status_change ORDER BY id",
            )
        db.engine.dispose()
    assert registrations == [
        (1, 1, "withdrawn", "a@school.be"),
        (2, 2, "accepted", ""),
        (3, 1, "declined", "a@school.be"),
        (4, 1, "submitted", "a@school.be"),
    ]
    assert changes == [
        (1, 1, None, "submitted"),
        (2, 1, "submitted", "accepted"),
        (3, 2, None, "submitted"),
        (4, 2, "submitted", "accepted"),
        (5, 1, "accepted", "withdrawn"),
        (6, 3, None, "submitted"),
        (7, 3, "submitted", "declined"),
        (8, 4, None, "submitted"),
    ]
    assert merged == [(1, 1, "submitted"), (2, 2, "accepted")]
    assert merged_changes == [
        (1, 1, None, "submitted"),
        (2, 1, "submitted", "accepted"),
        (3, 2, None, "submitted"),
        (4, 2, "submitted", "accepted"),
        (5, 1, "accepted", "withdrawn"),
        (6, 1, "withdrawn", "submitted"),
        (7, 1, "submitted", "declined"),
        (8, 1, "declined", "submitted"),
    ]
