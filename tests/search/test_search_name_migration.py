"""The migration that adds search_name fills it for the schools, users and networks already there."""

from datetime import datetime

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

BEFORE = "d5f7a9c1e3b5"
NOW = datetime(2026, 12, 1, 12, 0)
USER = (
    'INSERT INTO "user" (id, email, name, password_hash, role, is_active_account, created_at) '
    "VALUES (1, 'elise@test.be', 'Élise Dupré', 'x', 'coach', true, :now)"
)


def test_existing_rows_get_their_search_name(empty_database_url):  # noqa: F811
    """After the upgrade every existing row carries its normalised search text."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            insert(connection, "programme", programme_row(1, "P", NOW))
            insert(
                connection,
                "network",
                network_row(
                    1,
                    NOW,
                    name="Lerend netwerk Wiskunde",
                    theme="Rekenen & Meten",
                    with_search_name=False,
                ),
            )
            insert(
                connection,
                "school",
                school_row(1, "Sint-Jozefscollege", NOW, umbrella="kov", with_search_name=False),
            )
            connection.execute(text(USER), {"now": NOW})
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
