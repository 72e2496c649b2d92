"""The migration that adds network_parent_period keeps every network and its reports: no network
gets a parent, and the table takes a parent period afterwards (issue 21)."""

from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import down_revision_of, empty_database_url  # noqa: F401 - a fixture

REVISION = "3b8d6f1a9c2e"
NOW = datetime(2026, 12, 1, 12, 0)
ROWS = [
    "INSERT INTO programme (id, name, description, is_active, created_at) VALUES "
    "(1, 'Samen tegen Schooluitval', '', true, :now)",
    "INSERT INTO network (id, name, type, programme_id, theme, level, region, description, "
    "rhythm, is_active, auto_accept, created_at, search_name) VALUES "
    "(1, 'Vlaams netwerk', 'lerend_netwerk', 1, '', 'secundair', '', '', '', true, false, :now, "
    "'vlaams netwerk'), "
    "(2, 'Netwerk Limburg', 'lerend_netwerk', 1, '', 'secundair', '', '', '', true, false, :now, "
    "'netwerk limburg')",
]


def test_networks_are_carried_forward_without_a_parent(empty_database_url):  # noqa: F811
    """Upgrading from the revision before keeps both networks, with no parent; a parent period
    can be written and the check refuses a network under itself; downgrade drops the table."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=down_revision_of(REVISION))
        with db.engine.begin() as connection:
            for statement in ROWS:
                connection.execute(text(statement), {"now": NOW})
        upgrade(revision=REVISION)
        with db.engine.begin() as connection:
            names = connection.execute(text("SELECT name FROM network ORDER BY id")).scalars()
            assert list(names) == ["Vlaams netwerk", "Netwerk Limburg"]
            count = "SELECT count(*) FROM network_parent_period"
            assert connection.execute(text(count)).scalar() == 0
            connection.execute(
                text(
                    "INSERT INTO network_parent_period (network_id, parent_id, valid_from, "
                    "opening, recorded_at, reason) VALUES (2, 1, :day, false, :now, '')"
                ),
                {"day": date(2021, 9, 1), "now": NOW},
            )
            assert connection.execute(text(count)).scalar() == 1
        refused = False
        try:
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO network_parent_period (network_id, parent_id, valid_from, "
                        "opening, recorded_at, reason) VALUES (1, 1, :day, false, :now, '')"
                    ),
                    {"day": date(2021, 9, 1), "now": NOW},
                )
        except Exception:  # the CHECK: IntegrityError on SQLite and PostgreSQL alike
            refused = True
        assert refused
        downgrade(revision=down_revision_of(REVISION))
        assert "network_parent_period" not in inspect(db.engine).get_table_names()
        db.engine.dispose()
