"""The migration that versions attendance: the attendance of held meetings becomes its first,
open version, on the meeting's day, recorded at the meeting's creation."""

from datetime import date, datetime

from flask_migrate import upgrade
from sqlalchemy import text

from netwerk import create_app
from netwerk.extensions import db
from netwerk.meetings.participation import participating_on
from tests.test_migrations import (  # noqa: F401 - empty_database_url is a fixture
    down_revision_of,
    empty_database_url,
    insert_network_and_schools,
)

BEFORE = down_revision_of("99ed2128140c")
NOW = datetime(2026, 12, 1, 12, 0)
CREATED = datetime(2021, 10, 1, 8, 30, 15, 250000)
MEETING_COLUMNS = (
    "network_id, type, title, starts_at, duration_minutes, location, online_url, agenda, "
    "status_reason, is_imposed, sequence, updated_at, id, status, created_at"
)
ROWS = [
    # 1: held on 19/11/2021 late in the evening; 2: cancelled (its rows never counted);
    # 3: held, a person without a school.
    f"INSERT INTO meeting ({MEETING_COLUMNS}) VALUES "
    "(1, 'bijeenkomst', '', '2021-11-19 23:30:00', 60, '', '', '', '', false, 0, :now, 1, "
    "'held', :created), "
    "(1, 'bijeenkomst', '', '2021-11-20 14:00:00', 60, '', '', '', 'Ziek', false, 0, :now, 2, "
    "'cancelled', :now), "
    "(1, 'bijeenkomst', '', '2021-12-01 14:00:00', 60, '', '', '', '', false, 0, :now, 3, "
    "'held', :now)",
    "INSERT INTO attendance (meeting_id, school_id, status) VALUES "
    "(1, 1, 'present'), (1, 2, 'excused'), (2, 2, 'present'), (3, 2, 'present')",
    "INSERT INTO attendance_person (meeting_id, school_id, name, role, status) VALUES "
    "(1, 1, 'An', 'leerkracht', 'present'), (2, 2, 'Bert', '', 'present'), "
    "(3, NULL, 'Carla', 'CLB', 'absent')",
]


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _moment(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def test_attendance_of_held_meetings_becomes_its_first_open_version(
    empty_database_url,  # noqa: F811
):
    """Held meetings' rows become open versions (day, network, recorded at the meeting's
    creation, nobody); the cancelled meeting's rows get none; taking part as known at any moment
    since reads as the table read before."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            insert_network_and_schools(connection, NOW, level="secundair", programme="Programma")
            for statement in ROWS:
                connection.execute(text(statement), {"now": NOW, "created": CREATED})
        upgrade()
        with db.engine.connect() as connection:
            schools = connection.execute(
                text(
                    "SELECT meeting_id, network_id, meeting_on, school_id, status, recorded_at, "
                    "recorded_until, recorded_by_id, closed_by_id FROM attendance_version "
                    "ORDER BY meeting_id, school_id"
                )
            ).all()
            persons = connection.execute(
                text(
                    "SELECT meeting_id, meeting_on, school_id, name, role, status, recorded_at, "
                    "recorded_until FROM attendance_person_version ORDER BY meeting_id"
                )
            ).all()
        known = {
            when: set(db.session.execute(participating_on(date(2021, 12, 31), known_at=when)))
            for when in (CREATED, NOW, None)
        }
        before_created = set(
            db.session.execute(participating_on(date(2021, 12, 31), known_at=datetime(2021, 9, 1)))
        )
        db.session.remove()
        db.engine.dispose()
    assert [
        (m, n, _day(d), s, st, _moment(r), u, b, c) for m, n, d, s, st, r, u, b, c in schools
    ] == [
        (1, 1, date(2021, 11, 19), 1, "present", CREATED, None, None, None),
        (1, 1, date(2021, 11, 19), 2, "excused", CREATED, None, None, None),
        (3, 1, date(2021, 12, 1), 2, "present", NOW, None, None, None),
    ]
    assert [(m, _day(d), s, n, r, st, _moment(at), u) for m, d, s, n, r, st, at, u in persons] == [
        (1, date(2021, 11, 19), 1, "An", "leerkracht", "present", CREATED, None),
        (3, date(2021, 12, 1), None, "Carla", "CLB", "absent", NOW, None),
    ]
    assert known[CREATED] == {(1, 1)}
    assert known[NOW] == known[None] == {(1, 1), (2, 1)}
    assert before_created == set()
