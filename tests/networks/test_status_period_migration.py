"""The migration that adds the status periods fills them from the existing history (issue 19)."""

from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import (  # noqa: F401 - empty_database_url is a fixture
    down_revision_of,
    empty_database_url,
    insert_network_and_schools,
)

BEFORE = down_revision_of("5c1e9a7b3d20")
NOW = datetime(2026, 12, 1, 12, 0)
ROWS = [
    # School A: submitted and accepted on one day (no period for the submission), withdrawn,
    # then a re-join as a new registration; school B: submitted, waitlisted, accepted.
    "INSERT INTO registration (id, school_id, network_id, status, contact_name, contact_email, "
    "motivation, commitment, created_at, updated_at) VALUES "
    "(1, 1, 1, 'withdrawn', '', '', '', true, :now, :now), "
    "(2, 2, 1, 'accepted', '', '', '', true, :now, :now), "
    "(3, 1, 1, 'submitted', '', '', '', true, :now, :now)",
    "INSERT INTO registration_status_change (id, registration_id, from_status, to_status, "
    "effective_on, recorded_at, reason) VALUES "
    "(1, 1, NULL, 'submitted', '2021-09-01', :now, ''), "
    "(2, 1, 'submitted', 'accepted', '2021-09-01', :now, ''), "
    "(3, 2, NULL, 'submitted', '2021-09-02', :now, ''), "
    "(4, 2, 'submitted', 'waitlisted', '2021-09-05', :now, ''), "
    "(5, 1, 'accepted', 'withdrawn', '2022-01-15', :now, ''), "
    "(6, 2, 'waitlisted', 'accepted', '2022-01-15', :now, ''), "
    "(7, 3, NULL, 'submitted', '2022-09-01', :now, '')",
]


def _day(value) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(str(value))


def test_the_periods_are_filled_from_the_history_and_go_on_downgrade(empty_database_url):  # noqa: F811
    """Upgrade: one row per status held for at least a day, open at the newest; on PostgreSQL
    the daterange is there and answers "held on D". Downgrade: the table is gone."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            insert_network_and_schools(connection, NOW)
            for statement in ROWS:
                connection.execute(text(statement), {"now": NOW})
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT registration_id, school_id, network_id, status, valid_from, "
                    "valid_until FROM registration_status_period ORDER BY registration_id, "
                    "valid_from"
                )
            ).all()
            if connection.dialect.name == "postgresql":
                held = connection.execute(
                    text(
                        "SELECT registration_id, status FROM registration_status_period "
                        "WHERE period @> DATE '2022-01-15' ORDER BY registration_id"
                    )
                ).all()
                assert [tuple(r) for r in held] == [(1, "withdrawn"), (2, "accepted")]
        downgrade(revision=BEFORE)
        assert "registration_status_period" not in inspect(db.engine).get_table_names()
        db.engine.dispose()
    assert [(*r[:4], _day(r[4]), _day(r[5])) for r in rows] == [
        (1, 1, 1, "accepted", date(2021, 9, 1), date(2022, 1, 15)),
        (1, 1, 1, "withdrawn", date(2022, 1, 15), None),
        (2, 2, 1, "submitted", date(2021, 9, 2), date(2021, 9, 5)),
        (2, 2, 1, "waitlisted", date(2021, 9, 5), date(2022, 1, 15)),
        (2, 2, 1, "accepted", date(2022, 1, 15), None),
        (3, 1, 1, "submitted", date(2022, 9, 1), None),
    ]
