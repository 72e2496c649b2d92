"""Factories for the report tests: meetings with attendance, hour entries, API tokens."""

from datetime import date, datetime

from netwerk.auth.models import User
from netwerk.auth.services import create_api_token
from netwerk.effort.models import Activity, HourEntry, StaffMember
from netwerk.extensions import db
from netwerk.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus


def make_meeting(
    *,
    network_id: int,
    starts_at: datetime,
    status: MeetingStatus | str = MeetingStatus.held,
    attendance: dict[int, AttendanceStatus | str] | None = None,
) -> int:
    """A meeting with attendance {school_id: status}; returns its id."""
    meeting = Meeting(network_id=network_id, starts_at=starts_at, status=MeetingStatus(status))
    for school_id, att in (attendance or {}).items():
        meeting.attendances.append(Attendance(school_id=school_id, status=AttendanceStatus(att)))
    db.session.add(meeting)
    db.session.commit()
    return meeting.id


def make_hours(*, network_id: int, worked_on: date, minutes: int) -> int:
    """An hour entry of a staff member of its own; returns its id."""
    staff = StaffMember(name="Medewerker")
    entry = HourEntry(
        staff_member=staff,
        network_id=network_id,
        worked_on=worked_on,
        minutes=minutes,
        activity=Activity.bijeenkomst,
    )
    db.session.add(entry)
    db.session.commit()
    return entry.id


def make_token(user_id: int) -> str:
    """A bearer token for a user."""
    token = create_api_token(db.session.get(User, user_id), "test")
    db.session.commit()
    return token
