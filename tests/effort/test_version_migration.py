"""The migration that adds effort versions turns every assignment, planned-FTE line and hour entry
into its first, open version, dated at the row's creation (or its parent's)."""

from datetime import date, datetime
from decimal import Decimal

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import (  # noqa: F401 - empty_database_url is a fixture
    down_revision_of,
    empty_database_url,
    insert,
    network_row,
    programme_row,
)

BEFORE = down_revision_of("e2b155a427f9")
NETWORK_AT = datetime(2021, 8, 20, 10, 0)
PROGRAMME_AT = datetime(2020, 2, 3, 7, 15)
ASSIGNED_AT = datetime(2022, 9, 1, 8, 0)
LOGGED_AT = datetime(2023, 3, 4, 16, 45, 12)
ROWS = [
    "INSERT INTO staff_member (id, name, email, employer_name, diploma_level, created_at) "
    "VALUES (1, 'Els', '', '', '', :network_at)",
    "INSERT INTO staff_assignment (id, staff_member_id, network_id, programme_id, role, fte, "
    "funding_source, starts_on, ends_on, created_at) VALUES "
    "(1, 1, 1, NULL, 'procescoach', 0.5, 'projectsubsidie', '2022-09-01', NULL, :assigned_at), "
    "(2, 1, NULL, 1, 'projectcoordinator', 0.25, 'gekleurde_middelen', '2022-09-01', "
    "'2023-06-30', :logged_at)",
    "INSERT INTO planned_effort (id, network_id, programme_id, school_year, planned_fte, "
    "earmarked_fte) VALUES (1, 1, NULL, '2022-2023', 1, 0.4), (2, NULL, 1, '2022-2023', 0.3, 0)",
    "INSERT INTO hour_entry (id, staff_member_id, worked_on, minutes, activity, network_id, "
    "meeting_id, school_id, note, created_at) VALUES "
    "(1, 1, '2023-03-02', 90, 'bijeenkomst', 1, NULL, NULL, 'notitie', :logged_at)",
]


def _day(value) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(str(value))


def _moment(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _query(connection, sql: str) -> list[tuple]:
    return [tuple(row) for row in connection.execute(text(sql))]


def test_existing_effort_rows_become_their_first_versions(empty_database_url):  # noqa: F811
    """Each row, column for column, open, by nobody, recorded at its own (or parent's) creation;
    a downgrade drops the tables and leaves the rows."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            insert(
                connection,
                "programme",
                programme_row(1, "Programma", PROGRAMME_AT, starts_on="2019-09-01"),
            )
            insert(connection, "network", network_row(1, NETWORK_AT))
            for statement in ROWS:
                connection.execute(
                    text(statement),
                    {
                        "network_at": NETWORK_AT,
                        "assigned_at": ASSIGNED_AT,
                        "logged_at": LOGGED_AT,
                    },
                )
        upgrade()
        with db.engine.connect() as connection:
            assignments = _query(
                connection,
                "SELECT assignment_id, staff_member_id, network_id, anchor_school_id, "
                "programme_id, role, fte, funding_source, starts_on, ends_on, recorded_at, "
                "recorded_until, recorded_by_id, closed_by_id FROM staff_assignment_version "
                "ORDER BY assignment_id",
            )
            planned = _query(
                connection,
                "SELECT planned_effort_id, network_id, programme_id, school_year, planned_fte, "
                "earmarked_fte, recorded_at, recorded_until FROM planned_effort_version "
                "ORDER BY planned_effort_id",
            )
            hours = _query(
                connection,
                "SELECT hour_entry_id, staff_member_id, worked_on, minutes, activity, "
                "network_id, meeting_id, school_id, recorded_at, recorded_until "
                "FROM hour_entry_version",
            )
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            still = _query(connection, "SELECT count(*) FROM staff_assignment")
        db.engine.dispose()
    assert [
        (*row[:6], Decimal(str(row[6])), row[7], _day(row[8]), _day(row[9]), _moment(row[10]))
        + row[11:]
        for row in assignments
    ] == [
        (1, 1, 1, None, None, "procescoach", Decimal("0.5"), "projectsubsidie")
        + (date(2022, 9, 1), None, ASSIGNED_AT, None, None, None),
        (2, 1, None, None, 1, "projectcoordinator", Decimal("0.25"), "gekleurde_middelen")
        + (date(2022, 9, 1), date(2023, 6, 30), LOGGED_AT, None, None, None),
    ]
    # A planned-FTE line has no creation time: its network's, else its programme's.
    assert [
        (*row[:4], Decimal(str(row[4])), Decimal(str(row[5])), _moment(row[6]), row[7])
        for row in planned
    ] == [
        (1, 1, None, "2022-2023", Decimal("1"), Decimal("0.4"), NETWORK_AT, None),
        (2, None, 1, "2022-2023", Decimal("0.3"), Decimal("0"), PROGRAMME_AT, None),
    ]
    assert [(*row[:2], _day(row[2]), *row[3:8], _moment(row[8]), row[9]) for row in hours] == [
        (1, 1, date(2023, 3, 2), 90, "bijeenkomst", 1, None, None, LOGGED_AT, None)
    ]
    assert still == [(2,)]
