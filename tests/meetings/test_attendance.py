"""Attendance: counts, refusal of schools that are not accepted, the 'takes part by date' select."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.attendance import PersonRow, record_attendance, schools_taking_part
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from netwerk.meetings.participation import participating_on
from tests.meetings.factories import attend, make_meeting

P, A, E = AttendanceStatus.present, AttendanceStatus.absent, AttendanceStatus.excused


def test_counts_of_schools_and_persons(ctx, scene):
    """Schools represented and persons present are counted in SQL per meeting."""
    meeting = db.session.get(
        Meeting, make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), status="held")
    )
    coach = db.session.get(User, scene.coach)
    s1, s2, s3 = scene.accepted
    counts = record_attendance(
        coach,
        meeting,
        {s1: P, s2: E, s3: None},
        [
            PersonRow("An", P, "leerkracht", s1),
            PersonRow("Bert", P, "directeur", s1),
            PersonRow("Carla", E, "", s2),
            PersonRow("", P),  # an empty row is left out
        ],
    )
    assert (counts.schools_present, counts.schools_recorded) == (1, 2)
    assert (counts.persons_present, counts.persons_recorded) == (2, 3)
    # Saving again replaces, never adds.
    counts = record_attendance(coach, meeting, {s1: P, s3: P}, [])
    assert (counts.schools_present, counts.persons_recorded) == (2, 0)
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2


def test_a_person_present_makes_the_school_present(ctx, scene):
    """A present person of a school without a status marks the school present; a contradiction is refused."""
    meeting = db.session.get(
        Meeting, make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), status="held")
    )
    coach = db.session.get(User, scene.coach)
    s1 = scene.accepted[0]
    counts = record_attendance(coach, meeting, {}, [PersonRow("An", P, "", s1)])
    assert counts.schools_present == 1
    with pytest.raises(DomainError, match="niet aanwezig"):
        record_attendance(coach, meeting, {s1: A}, [PersonRow("An", P, "", s1)])


def test_a_person_with_school_zero_is_a_person_without_a_school(ctx, scene):
    """The form's 'no school' choice (0) is stored as no school, never as a school id 0.

    Found by the hostile-form test on PostgreSQL: school_id 0 broke the foreign key (a 500).
    """
    meeting = db.session.get(
        Meeting, make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), status="held")
    )
    coach = db.session.get(User, scene.coach)
    counts = record_attendance(coach, meeting, {}, [PersonRow("An", P, "", 0)])
    db.session.flush()
    assert counts.persons_present == 1
    assert db.session.scalar(select(AttendancePerson.school_id)) is None


@pytest.mark.parametrize("who", ["submitted", "outsider"])
def test_schools_not_accepted_are_refused_and_nothing_is_stored(ctx, scene, who):
    """A submitted or foreign school: a clear message naming it, nothing written."""
    meeting = db.session.get(
        Meeting, make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), status="held")
    )
    attend(meeting.id, scene.accepted[0])
    coach = db.session.get(User, scene.coach)
    wrong = getattr(scene, who)
    for schools, persons in (
        ({scene.accepted[1]: P, wrong: P}, []),
        ({}, [PersonRow("Dirk", P, "", wrong)]),
    ):
        with pytest.raises(DomainError, match="niet aanvaard") as err:
            record_attendance(coach, meeting, schools, persons)
        assert ("Ingediende school" if who == "submitted" else "School van elders") in str(
            err.value
        )
        db.session.rollback()
    assert db.session.scalars(select(Attendance.school_id)).all() == [scene.accepted[0]]
    assert db.session.scalar(select(func.count()).select_from(AttendancePerson)) == 0


def test_only_held_meetings_take_attendance(ctx, scene):
    """A planned meeting needs mark_held; a future or cancelled one can never be held."""
    coach = db.session.get(User, scene.coach)
    past = db.session.get(
        Meeting, make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14))
    )
    with pytest.raises(DomainError, match="gehouden"):
        record_attendance(coach, past, {scene.accepted[0]: P}, [])
    record_attendance(coach, past, {scene.accepted[0]: P}, [], mark_held=True)
    assert past.status is MeetingStatus.held and past.sequence == 1
    future = db.session.get(Meeting, make_meeting(scene.network))
    with pytest.raises(DomainError, match="toekomst"):
        record_attendance(coach, future, {}, [], mark_held=True)
    cancelled = db.session.get(
        Meeting, make_meeting(scene.network, starts_at=datetime(2025, 9, 9, 14), status="cancelled")
    )
    with pytest.raises(DomainError, match="afgelast"):
        record_attendance(coach, cancelled, {}, [], mark_held=True)


def test_participating_on_a_date(ctx, scene):
    """A school takes part from the first held meeting it attended; absent or planned ones do not count."""
    s1, s2, s3 = scene.accepted
    m1 = make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), status="held")
    m2 = make_meeting(scene.network, starts_at=datetime(2025, 11, 18, 14), status="held")
    m3 = make_meeting(scene.network, starts_at=datetime(2025, 12, 9, 14), status="cancelled")
    other = make_meeting(scene.other_network, starts_at=datetime(2025, 10, 1, 9), status="held")
    attend(m1, s1)
    attend(m1, s2, A)
    attend(m2, s1)
    attend(m2, s2, E)
    attend(m3, s3)  # a cancelled meeting never counts, whatever was written
    attend(other, scene.outsider)

    def on(day):
        return sorted(tuple(r) for r in db.session.execute(participating_on(day)))

    assert on(date(2025, 9, 30)) == []
    assert on(date(2025, 10, 1)) == [(scene.outsider, scene.other_network)]
    assert on(date(2025, 10, 14)) == sorted(
        [(s1, scene.network), (scene.outsider, scene.other_network)]
    )
    assert on(date(2026, 6, 30)) == on(date(2025, 10, 14))  # distinct: s1 twice counts once
    assert schools_taking_part([scene.network], as_of=date(2026, 1, 1)) == {(s1, scene.network)}
    # Usable as a subquery by the reports: count per network.
    sub = participating_on(date(2026, 1, 1)).subquery()
    counts = dict(
        db.session.execute(select(sub.c.network_id, func.count()).group_by(sub.c.network_id)).all()
    )
    assert counts == {scene.network: 1, scene.other_network: 1}


def _page_data(scene, **extra) -> dict:
    s1, s2, s3 = scene.accepted
    data = {
        f"school_{s1}": "present",
        f"school_{s2}": "excused",
        "persons-0-name": "An Peeters",
        "persons-0-role": "leerkracht",
        "persons-0-school_id": str(s1),
        "persons-0-status": "present",
        "persons-1-name": "",
        "persons-1-role": "",
        "persons-1-school_id": "",
        "persons-1-status": "present",
        "submit": "Aanwezigheden opslaan",
    }
    data.update(extra)
    return data


def test_attendance_screen_marks_held_and_counts(app, client, scene, log_in):
    """The quick form: radio groups per accepted school, person rows, marks the meeting held."""
    with app.app_context():
        meeting_id = make_meeting(scene.network, starts_at=datetime.now() - timedelta(hours=3))
    log_in(scene.coach)
    page = client.get(f"/bijeenkomsten/{meeting_id}/aanwezigheden").get_data(as_text=True)
    assert "Aanvaarde school 1" in page and "Ingediende school" not in page
    assert 'name="persons-2-name"' in page
    more = client.post(
        f"/bijeenkomsten/{meeting_id}/aanwezigheden", data={"more": "Meer rijen"}
    ).get_data(as_text=True)
    assert 'name="persons-5-name"' in more and 'name="persons-6-name"' not in more
    response = client.post(
        f"/bijeenkomsten/{meeting_id}/aanwezigheden", data=_page_data(scene, mark_held="y")
    )
    assert response.status_code == 302
    detail = client.get(f"/bijeenkomsten/{meeting_id}").get_data(as_text=True)
    assert "1 school vertegenwoordigd, 1 persoon aanwezig" in detail
    assert "An Peeters" in detail
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).status is MeetingStatus.held


def test_attendance_screen_refuses_a_forged_school(app, client, scene, log_in):
    """A person row naming a school outside the network: 422 with its name, nothing stored."""
    with app.app_context():
        meeting_id = make_meeting(
            scene.network, starts_at=datetime(2025, 10, 14, 14), status="held"
        )
    log_in(scene.coach)
    response = client.post(
        f"/bijeenkomsten/{meeting_id}/aanwezigheden",
        data=_page_data(scene, **{"persons-0-school_id": str(scene.outsider)}),
    )
    assert response.status_code == 422
    assert "School van elders" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
