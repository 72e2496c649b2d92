"""The migration that adds Programme.starts_on fills it from the data already there (L6)."""

from datetime import date, datetime

from flask_migrate import upgrade
from sqlalchemy import text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import (  # noqa: F401 - empty_database_url is a fixture
    empty_database_url,
    insert,
    network_row,
    programme_row,
    school_row,
)

BEFORE = "b7d2e4f6a8c1"
NOW = datetime(2026, 12, 1, 12, 0)
PROGRAMMES = [
    programme_row(id_, name, NOW)
    for id_, name in ((1, "Met oproep"), (2, "Met aanmelding"), (3, "Leeg"))
]
NETWORKS = [
    network_row(1, NOW, with_search_name=False),
    network_row(2, NOW, programme_id=2, with_search_name=False),
]
SCHOOL = school_row(1, "School", NOW, with_search_name=False)
ROWS = [
    'INSERT INTO "call" (id, title, programme_id, opens_on, closes_on, starts_on, text, '
    "created_at) VALUES (1, 'Oproep', 1, '2024-09-01', '2024-10-01', '2024-11-01', '', :now)",
    "INSERT INTO registration (id, school_id, network_id, status, contact_name, contact_email, "
    "motivation, commitment, created_at, updated_at) VALUES "
    "(1, 1, 1, 'accepted', '', '', '', true, :now, :now), "
    "(2, 1, 2, 'accepted', '', '', '', true, :now, :now)",
    "INSERT INTO registration_status_change (id, registration_id, to_status, effective_on, "
    "recorded_at, reason) VALUES (1, 1, 'submitted', '2024-09-15', :now, ''), "
    "(2, 1, 'accepted', '2024-08-20', :now, 'op papier'), "
    "(3, 2, 'submitted', '2023-02-03', :now, ''), (4, 2, 'accepted', '2023-05-06', :now, '')",
]


def test_existing_programmes_start_on_their_earliest_day(empty_database_url):  # noqa: F811
    """A programme starts on its earliest call opening or move, whichever comes first; a
    programme without either gets no start."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            insert(connection, "programme", *PROGRAMMES)
            insert(connection, "network", *NETWORKS)
            insert(connection, "school", SCHOOL)
            for statement in ROWS:
                connection.execute(text(statement), {"now": NOW})
        upgrade()
        with db.engine.connect() as connection:
            starts = connection.execute(text("SELECT id, starts_on FROM programme ORDER BY id"))
            got = {
                pid: day if day is None or isinstance(day, date) else date.fromisoformat(day)
                for pid, day in starts
            }
        db.engine.dispose()
    assert got == {1: date(2024, 8, 20), 2: date(2023, 2, 3), 3: None}
