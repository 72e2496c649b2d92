"""Factories of the meetings tests: they write real rows and return ids (inside an app context)."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from netwerk.auth.models import ApiToken
from netwerk.auth.tokens import hash_token
from netwerk.extensions import db
from netwerk.meetings.attendance_versions import record_attendance_set
from netwerk.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    MeetingType,
    Output,
    OutputType,
)
from netwerk.networks.models import RegistrationStatus
from tests.factories import make_network, make_registration, make_school, make_user


def make_meeting(
    network_id: int,
    *,
    starts_at: datetime | None = None,
    status: MeetingStatus | str = MeetingStatus.planned,
    type: MeetingType | str = MeetingType.bijeenkomst,
    title: str = "",
    is_imposed: bool = False,
    series_id: int | None = None,
) -> int:
    """A meeting (default: in 10 days at 14:00); returns its id."""
    meeting = Meeting(
        network_id=network_id,
        starts_at=starts_at
        or datetime.combine(date.today() + timedelta(days=10), datetime.min.time()).replace(
            hour=14
        ),
        status=MeetingStatus(status),
        type=MeetingType(type),
        title=title,
        is_imposed=is_imposed,
        series_id=series_id,
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting.id


def accept(school_id: int, network_id: int, on: date = date(2024, 9, 1)) -> int:
    """An accepted registration (submitted and accepted on the given day)."""
    return make_registration(
        school_id=school_id,
        network_id=network_id,
        history=[(RegistrationStatus.submitted, on), (RegistrationStatus.accepted, on)],
    )


def attend(meeting_id: int, school_id: int, status=AttendanceStatus.present) -> None:
    """An attendance row written directly, with the meeting's attendance versions following."""
    db.session.add(Attendance(meeting_id=meeting_id, school_id=school_id, status=status))
    db.session.flush()
    record_attendance_set(db.session.get(Meeting, meeting_id), None)
    db.session.commit()


def make_output(network_id: int, meeting_id: int | None = None, title: str = "Fiche") -> int:
    """A link output; returns its id."""
    output = Output(
        network_id=network_id,
        meeting_id=meeting_id,
        type=OutputType.fiche,
        title=title,
        url="https://example.org/fiche",
    )
    db.session.add(output)
    db.session.commit()
    return output.id


def make_api_token(user_id: int) -> str:
    """An API token of a user; returns the plain token."""
    token = secrets.token_urlsafe(24)
    db.session.add(ApiToken(user_id=user_id, token_hash=hash_token(token), name="test"))
    db.session.commit()
    return token


@dataclass
class Scene:
    """Two networks with their coaches; schools accepted, pending and outside; users per role."""

    network: int
    other_network: int
    coach: int
    other_coach: int
    admin: int
    ministry: int
    accepted: list[int]
    submitted: int
    outsider: int
    school_user: int
    outsider_user: int
    pending_user: int


def make_scene() -> Scene:
    """The usual cast of the meetings tests."""
    coach = make_user(role="coach", name="Koen Coach")
    other_coach = make_user(role="coach", name="Charlotte Coach")
    network = make_network(coach_ids=[coach], name="Netwerk Wiskunde")
    other_network = make_network(coach_ids=[other_coach], name="Netwerk Taal")
    accepted = [make_school(name=f"Aanvaarde school {i}") for i in (1, 2, 3)]
    for school_id in accepted:
        accept(school_id, network)
    submitted = make_school(name="Ingediende school")
    make_registration(school_id=submitted, network_id=network)
    outsider = make_school(name="School van elders")
    accept(outsider, other_network)
    return Scene(
        network=network,
        other_network=other_network,
        coach=coach,
        other_coach=other_coach,
        admin=make_user(role="admin"),
        ministry=make_user(role="ministry"),
        accepted=accepted,
        submitted=submitted,
        outsider=outsider,
        school_user=make_user(role="school", school_ids=[accepted[0]]),
        outsider_user=make_user(role="school", school_ids=[outsider]),
        pending_user=make_user(role="school", school_ids=[submitted]),
    )
