"""The migration that adds search_name fills it for the schools, users and networks already there."""

from datetime import datetime

from flask_migrate import upgrade
from sqlalchemy import text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401 - a fixture

BEFORE = "d5f7a9c1e3b5"
ROWS = [
    "INSERT INTO programme (id, name, description, is_active, created_at) VALUES "
    "(1, 'P', '', true, :now)",
    "INSERT INTO network (id, name, type, programme_id, theme, level, region, description, "
    "rhythm, is_active, auto_accept, created_at) VALUES "
    "(1, 'Lerend netwerk Wiskunde', 'lerend_netwerk', 1, 'Rekenen & Meten', 'basis', '', '', "
    "'', true, false, :now)",
    "INSERT INTO school (id, institution_number, name, level, umbrella, street, postcode, "
    "municipality, province, public_code, created_at, updated_at) VALUES "
    "(1, '100001', 'Sint-Jozefscollege', 'basis', 'kov', '', '3500', 'Hasselt', 'limburg', "
    "'S-1', :now, :now)",
    'INSERT INTO "user" (id, email, name, password_hash, role, is_active_account, created_at) '
    "VALUES (1, 'elise@test.be', 'Élise Dupré', 'x', 'coach', true, :now)",
]


def test_existing_rows_get_their_search_name(empty_database_url):  # noqa: F811
    """After the upgrade every existing row carries its normalised search text."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            for statement in ROWS:
                connection.execute(text(statement), {"now": datetime(2026, 12, 1, 12, 0)})
        upgrade()
        with db.engine.connect() as connection:
            got = {
                table: connection.execute(text(f'SELECT search_name FROM "{table}"')).scalar_one()
                for table in ("school", "user", "network")
            }
        db.engine.dispose()
    assert got == {
        "school": "sint jozefscollege 100001 3500 hasselt",
        "user": "elise dupre elise test be",
        "network": "lerend netwerk wiskunde rekenen meten",
    }
