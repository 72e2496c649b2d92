"""The check every attendance-versions test makes: the attendance table and the open versions agree."""

from collections import Counter

from sqlalchemy import select

from netwerk.extensions import db
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
    AttendancePersonVersion,
    AttendanceVersion,
    Meeting,
    MeetingStatus,
)


def open_versions() -> tuple[Counter, Counter]:
    """The open versions of every meeting (schools, persons), as multisets of plain tuples."""
    v, pv = AttendanceVersion, AttendancePersonVersion
    schools = db.session.execute(
        select(v.meeting_id, v.network_id, v.meeting_on, v.school_id, v.status).where(
            v.recorded_until.is_(None)
        )
    )
    persons = db.session.execute(
        select(
            pv.meeting_id, pv.network_id, pv.meeting_on, pv.school_id, pv.name, pv.role, pv.status
        ).where(pv.recorded_until.is_(None))
    )
    return Counter(tuple(r) for r in schools), Counter(tuple(r) for r in persons)


def held_attendance() -> tuple[Counter, Counter]:
    """The attendance rows of the held meetings, in the shape of open_versions."""
    m = Meeting
    schools = db.session.execute(
        select(m.id, m.network_id, m.starts_at, Attendance.school_id, Attendance.status)
        .join(Attendance, Attendance.meeting_id == m.id)
        .where(m.status == MeetingStatus.held)
    )
    persons = db.session.execute(
        select(
            m.id,
            m.network_id,
            m.starts_at,
            AttendancePerson.school_id,
            AttendancePerson.name,
            AttendancePerson.role,
            AttendancePerson.status,
        )
        .join(AttendancePerson, AttendancePerson.meeting_id == m.id)
        .where(m.status == MeetingStatus.held)
    )
    day = lambda r: (r[0], r[1], r[2].date(), *r[3:])  # noqa: E731
    return Counter(day(r) for r in schools), Counter(day(r) for r in persons)


def assert_versions_agree() -> None:
    """The attendance table and the open versions say the same."""
    assert open_versions() == held_attendance()
