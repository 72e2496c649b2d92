"""Factories for the report tests. They add and flush (ids without a commit), so a whole dataset
is written in one transaction: a commit per row made the suite slow on a busy disk. The caller
commits once."""

import itertools
from datetime import date, datetime, timedelta

from netwerk.auth.models import Role, User
from netwerk.auth.services import create_api_token
from netwerk.demo.meetings import first_versions
from netwerk.effort.models import Activity, HourEntry, StaffMember
from netwerk.extensions import db
from netwerk.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from netwerk.networks.models import (
    Call,
    Network,
    Programme,
    Registration,
)
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from tests.factories import _hash, with_history

_n = itertools.count(1)


def _add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj.id


def add_school(
    *, name=None, level="secundair", province="antwerpen", umbrella="kov", number=None
) -> int:
    """A school (flushed, not committed); returns its id."""
    n = next(_n)
    return _add(
        School(
            institution_number=number or f"{800000 + n}",
            name=name or f"Rapportschool {n}",
            level=SchoolLevel(level),
            umbrella=Umbrella(umbrella),
            province=Province(province),
            municipality="Hasselt" if province == "limburg" else "Antwerpen",
            public_code=f"S-R{n:05d}",
        )
    )


def add_user(role: str, name: str | None = None) -> int:
    """A user with the tests' shared password (flushed); returns its id."""
    n = next(_n)
    return _add(
        User(
            email=f"rapport{n}@test.be",
            name=name or f"Gebruiker {n}",
            role=Role(role),
            password_hash=_hash("correct-horse-battery"),
        )
    )


def add_programme(name: str | None = None) -> int:
    """A programme (flushed); returns its id."""
    return _add(Programme(name=name or f"Programma R{next(_n)}"))


def add_network(*, name, programme_id, anchor_ids, level="secundair", coach_ids=()) -> int:
    """A network with its anchors and coaches (flushed); returns its id."""
    network = Network(name=name, programme_id=programme_id, level=SchoolLevel(level))
    network.anchors = [db.session.get(School, i) for i in anchor_ids]
    network.coaches = [db.session.get(User, i) for i in coach_ids]
    return _add(network)


def add_call(*, programme_id, network_ids, opens_on: date, starts_on: date) -> int:
    """A call offering these networks (flushed); returns its id."""
    call = Call(
        title=f"Oproep R{next(_n)}",
        programme_id=programme_id,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=30),
        starts_on=starts_on,
    )
    call.networks = [db.session.get(Network, i) for i in network_ids]
    return _add(call)


def add_registration(school_id: int, network_id: int, *moves: tuple[str, date]) -> int:
    """A registration with its dated status history [(status, effective_on), ...] (flushed)."""
    return _add(with_history(Registration(school_id=school_id, network_id=network_id), moves))


def add_meeting(
    *,
    network_id: int,
    starts_at: datetime,
    status: str = "held",
    attendance: dict[int, str] | None = None,
) -> int:
    """A meeting with attendance {school_id: status} (flushed); returns its id."""
    meeting = Meeting(network_id=network_id, starts_at=starts_at, status=MeetingStatus(status))
    for school_id, att in (attendance or {}).items():
        meeting.attendances.append(Attendance(school_id=school_id, status=AttendanceStatus(att)))
    meeting_id = _add(meeting)
    # Written as the loaders write it: the attendance is also its first version, recorded now.
    first_versions([meeting], {meeting_id: meeting.created_at})
    db.session.flush()
    return meeting_id


def add_hours(*, network_id: int, worked_on: date, minutes: int, staff_id: int | None = None):
    """An hour entry (of a new staff member unless given) (flushed); returns the staff id."""
    if staff_id is None:
        staff_id = _add(StaffMember(name="Medewerker"))
    db.session.add(
        HourEntry(
            staff_member_id=staff_id,
            network_id=network_id,
            worked_on=worked_on,
            minutes=minutes,
            activity=Activity.bijeenkomst,
        )
    )
    return staff_id


def make_token(user_id: int) -> str:
    """A bearer token for a user (committed)."""
    token = create_api_token(db.session.get(User, user_id), "test")
    db.session.commit()
    return token
