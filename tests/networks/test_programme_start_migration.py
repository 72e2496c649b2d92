"""The migration that adds Programme.starts_on fills it from the data already there (L6)."""

from datetime import date, datetime

from flask_migrate import upgrade
from sqlalchemy import text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401 - a fixture

BEFORE = "b7d2e4f6a8c1"
NOW = datetime(2026, 12, 1, 12, 0)
ROWS = [
    "INSERT INTO programme (id, name, description, is_active, created_at) VALUES "
    "(1, 'Met oproep', '', true, :now), (2, 'Met aanmelding', '', true, :now), "
    "(3, 'Leeg', '', true, :now)",
    "INSERT INTO network (id, name, type, programme_id, theme, level, region, description, "
    "rhythm, is_active, auto_accept, created_at) VALUES "
    "(1, 'N1', 'lerend_netwerk', 1, '', 'basis', '', '', '', true, false, :now), "
    "(2, 'N2', 'lerend_netwerk', 2, '', 'basis', '', '', '', true, false, :now)",
    'INSERT INTO "call" (id, title, programme_id, opens_on, closes_on, starts_on, text, '
    "created_at) VALUES (1, 'Oproep', 1, '2024-09-01', '2024-10-01', '2024-11-01', '', :now)",
    "INSERT INTO school (id, institution_number, name, level, umbrella, street, postcode, "
    "municipality, province, public_code, created_at, updated_at) VALUES "
    "(1, '100001', 'School', 'basis', 'go', '', '3500', 'Hasselt', 'limburg', 'S-1', :now, :now)",
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
