"""Double submits over HTTP (L4): every form that inserts or replaces rows, posted N times at once
over real sockets behind a threading.Barrier (a double tap on a phone, two tabs). No answer is a
5xx, and the data end as if the form was submitted once; edits that saw the same version: one
wins, the others get a 409. PostgreSQL only: SQLite lets one writer in at a time."""

import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.effort.models import ClosedMonth, HourEntry, SchoolYearSetting, StaffMember
from netwerk.extensions import db
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
    Meeting,
    MeetingStatus,
    MinutesRevision,
    Output,
    WorkPlan,
    WorkPlanTheme,
)
from netwerk.networks.models import Programme, Registration
from netwerk.schools.models import School
from netwerk.timeutil import SchoolYear, today
from tests.conftest import BACKEND
from tests.factories import make_user
from tests.hardening.creates import CREATES, Create
from tests.hardening.racing import login_jar, opener, post_form
from tests.hardening.scene import Scene, build_scene
from tests.meetings.factories import make_meeting
from tests.serving import serve

N = 6
# Per request, and for the whole case: the saves queue on one lock, so a case takes a few seconds;
# a hung lock ends the run instead of blocking it.
REQUEST_TIMEOUT = 20
CASE_SECONDS = 30

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(BACKEND != "postgres", reason="real concurrency needs PostgreSQL"),
]


class Race:
    """The scene served over real sockets: post a form N times at once as one of its users."""

    def __init__(self, app, scene: Scene, base_url: str):
        self.app, self.scene, self.base_url = app, scene, base_url

    def submit(self, email: str, path: str, fields) -> list[tuple[int, str]]:
        """POST the form N times at once from one logged-in browser (fields: a dict, or a
        function of the submit's number); the (status, page) of each, in order. None is a 5xx."""
        jar = login_jar(self.base_url, email)
        barrier = threading.Barrier(N)

        def one(i: int) -> tuple[int, str]:
            client = opener(jar)
            data = fields(i) if callable(fields) else fields
            barrier.wait(timeout=REQUEST_TIMEOUT)
            return post_form(client, self.base_url + path, data, timeout=REQUEST_TIMEOUT)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=N) as pool:
            results = list(pool.map(one, range(N)))
        assert time.monotonic() - started < CASE_SECONDS
        errors = [(code, page[:300]) for code, page in results if code >= 500]
        assert not errors, errors
        return results

    def scalar(self, statement):
        """One value read in a context of its own (after the requests)."""
        with self.app.app_context():
            value = db.session.scalar(statement)
            db.session.remove()
        return value

    def rows(self, statement) -> list:
        """The rows of a select, read in a context of their own."""
        with self.app.app_context():
            rows = list(db.session.execute(statement).all())
            db.session.remove()
        return rows


@pytest.fixture
def race(app):
    """The hardening scene and its app served over real sockets."""
    scene = build_scene(app)
    # Stopped before the app fixture empties the tables and disposes of the engine under it.
    with serve(app, "form-race") as url:
        yield Race(app, scene, url)


COACH, ADMIN = "coach@scene.be", "admin@scene.be"


def _codes(results) -> list[int]:
    return [code for code, _page in results]


def _one_saved(results) -> None:
    """Exactly one submit went through; the others were refused with a 4xx page."""
    codes = _codes(results)
    assert codes.count(302) == 1, codes
    assert all(400 <= code < 500 for code in codes if code != 302), codes


def _attendance_fields(race: Race) -> dict:
    school = race.scene.ids["school_id"]
    return {
        f"school_{school}": "present",
        "persons-0-name": "An Peeters",
        "persons-0-school_id": str(school),
        "persons-0-status": "present",
    }


def _attendance_of(race: Race, meeting_id: int) -> tuple[list, list]:
    schools = race.rows(
        select(Attendance.school_id, Attendance.status).where(Attendance.meeting_id == meeting_id)
    )
    persons = race.rows(
        select(AttendancePerson.name).where(AttendancePerson.meeting_id == meeting_id)
    )
    return schools, persons


def test_attendance_saved_at_once(race):
    """The same attendance six times at once: six redirects, the rows once (was 4-6 x 500)."""
    meeting_id = race.scene.ids["meeting_id"]
    results = race.submit(
        COACH, f"/bijeenkomsten/{meeting_id}/aanwezigheden", _attendance_fields(race)
    )
    assert _codes(results) == [302] * N
    schools, persons = _attendance_of(race, meeting_id)
    assert [(s, st.value) for s, st in schools] == [(race.scene.ids["school_id"], "present")]
    assert [p for (p,) in persons] == ["An Peeters"]


def test_attendance_marking_a_meeting_held_at_once(race):
    """Marking a past planned meeting held with its attendance: held once (its SEQUENCE raised
    once), the rows once."""
    with race.app.app_context():
        two_days_ago = datetime.combine(today() - timedelta(days=2), datetime.min.time())
        meeting_id = make_meeting(race.scene.ids["network_id"], starts_at=two_days_ago)
        db.session.remove()
    fields = {**_attendance_fields(race), "mark_held": "y"}
    results = race.submit(COACH, f"/bijeenkomsten/{meeting_id}/aanwezigheden", fields)
    assert _codes(results) == [302] * N
    meeting = race.rows(select(Meeting.status, Meeting.sequence).where(Meeting.id == meeting_id))
    assert meeting == [(MeetingStatus.held, 1)]
    schools, persons = _attendance_of(race, meeting_id)
    assert len(schools) == 1 and len(persons) == 1


def _plans(race: Race, year: SchoolYear) -> list:
    return race.rows(
        select(WorkPlan.id, WorkPlan.needs).where(
            WorkPlan.network_id == race.scene.ids["network_id"],
            WorkPlan.school_year == str(year),
        )
    )


def test_work_plan_first_saved_at_once(race):
    """The first save of next year's work plan six times at once: one plan (was 3 x 500)."""
    year = SchoolYear(SchoolYear.of(today()).start_year + 1)
    path = f"/bijeenkomsten/netwerk/{race.scene.ids['network_id']}/werkplan/{year}"
    results = race.submit(COACH, path, {"needs": "Differentiatie"})
    assert _codes(results) == [302] * N
    assert [needs for _id, needs in _plans(race, year)] == ["Differentiatie"]


def test_theme_of_a_new_work_plan_added_at_once(race):
    """A first theme for a year without a plan, six times at once: one plan, one theme."""
    year = SchoolYear(SchoolYear.of(today()).start_year + 2)
    path = f"/bijeenkomsten/netwerk/{race.scene.ids['network_id']}/werkplan/{year}/thema"
    results = race.submit(COACH, path, {"title": "Lezen", "goals": "Beter lezen"})
    _one_saved(results)
    plans = _plans(race, year)
    assert len(plans) == 1
    themes = race.rows(select(WorkPlanTheme.title).where(WorkPlanTheme.work_plan_id == plans[0][0]))
    assert themes == [("Lezen",)]


def test_minutes_saved_at_once(race):
    """The same minutes six times at once, from the empty version: one revision."""
    meeting_id = race.scene.ids["meeting_id"]
    fields = {"body": "# Verslag\n\nGoed gewerkt.", "version": "0"}
    results = race.submit(COACH, f"/bijeenkomsten/{meeting_id}/verslag", fields)
    assert _codes(results) == [302] * N
    revisions = race.rows(
        select(MinutesRevision.version).where(MinutesRevision.meeting_id == meeting_id)
    )
    assert revisions == [(1,)]


def test_minutes_from_the_same_version_at_once(race):
    """Six different texts from the same version at once: one is saved, the rest get a 409."""
    meeting_id = race.scene.ids["meeting_id"]
    results = race.submit(
        COACH,
        f"/bijeenkomsten/{meeting_id}/verslag",
        lambda i: {"body": f"Verslag {i}", "version": "0"},
    )
    codes = _codes(results)
    assert sorted(codes) == [302] + [409] * (N - 1), codes
    winner = codes.index(302)
    revisions = race.rows(
        select(MinutesRevision.version, MinutesRevision.body_markdown).where(
            MinutesRevision.meeting_id == meeting_id
        )
    )
    assert revisions == [(1, f"Verslag {winner}")]


def _meeting_form(race: Race, meeting_id: int, title: str) -> dict:
    with race.app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        form = {
            "type": meeting.type.value,
            "title": title,
            "day": meeting.starts_at.strftime("%d/%m/%Y"),
            "start_time": meeting.starts_at.strftime("%H:%M"),
            "duration_minutes": str(meeting.duration_minutes),
            "status": meeting.status.value,
            "version": str(meeting.version),
        }
        db.session.remove()
    return form


def test_meeting_edited_from_the_same_version_at_once(race):
    """Six edits of one meeting from the same version at once: one title wins, the others are
    refused with 409 instead of silently overwriting it."""
    meeting_id = race.scene.ids["meeting_id"]
    forms = [_meeting_form(race, meeting_id, f"Titel {i}") for i in range(N)]
    results = race.submit(COACH, f"/bijeenkomsten/{meeting_id}/bewerken", lambda i: forms[i])
    codes = _codes(results)
    assert sorted(codes) == [302] + [409] * (N - 1), codes
    assert all(
        "Iemand anders wijzigde dit intussen" in page for code, page in results if code == 409
    )
    row = race.rows(select(Meeting.title, Meeting.version).where(Meeting.id == meeting_id))
    assert row == [(f"Titel {codes.index(302)}", int(forms[0]["version"]) + 1)]


def test_output_edited_from_the_same_version_at_once(race):
    """Six edits of one output from the same version at once: one wins, the others get 409."""
    output_id = race.scene.ids["output_id"]
    results = race.submit(
        COACH,
        f"/bijeenkomsten/outputs/{output_id}/bewerken",
        lambda i: {
            "type": "fiche",
            "title": f"Fiche {i}",
            "status": "draft",
            "url": "https://example.org/fiche",
            "version": "1",
        },
    )
    codes = _codes(results)
    assert sorted(codes) == [302] + [409] * (N - 1), codes
    row = race.rows(select(Output.title, Output.version).where(Output.id == output_id))
    assert row == [(f"Fiche {codes.index(302)}", 2)]


def test_hours_logged_at_once_never_pass_24_hours(race):
    """Six entries of 5 hours on one day at once: four fit in 24 hours, two are refused."""
    day = today() - timedelta(days=3)
    fields = {
        "worked_on": day.strftime("%d/%m/%Y"),
        "duration": "5u",
        "activity": "voorbereiding",
        "network_id": str(race.scene.ids["network_id"]),
    }
    results = race.submit(COACH, "/inzet/uren", fields)
    codes = _codes(results)
    assert sorted(codes) == [302] * 4 + [422] * 2, codes
    total = race.scalar(
        select(func.sum(HourEntry.minutes))
        .join(StaffMember)
        .where(StaffMember.email == COACH, HourEntry.worked_on == day)
    )
    assert total == 4 * 300


def test_programme_created_at_once(race):
    """The same new programme six times at once: one programme, the others a Dutch refusal."""
    results = race.submit(ADMIN, "/netwerken/programmas", {"name": "Leesoffensief"})
    _one_saved(results)
    assert all("Er bestaat al een programma" in page for code, page in results if code != 302)
    count = race.scalar(select(func.count()).where(Programme.name == "Leesoffensief"))
    assert count == 1


def test_user_created_at_once(race):
    """The same new user six times at once: one user."""
    fields = {
        "email": "race@test.be",
        "name": "Race",
        "role": "coach",
    }
    results = race.submit(ADMIN, "/gebruikers/nieuw", fields)
    codes = _codes(results)
    assert codes.count(302) == 1, codes
    assert race.scalar(select(func.count()).where(User.email == "race@test.be")) == 1


def test_month_closed_at_once(race):
    """Closing the same month six times at once: one row, the others "al afgesloten"."""
    results = race.submit(ADMIN, "/inzet/maanden", {"month": "03/2024"})
    _one_saved(results)
    assert all("al afgesloten" in page for code, page in results if code != 302)
    count = race.scalar(select(func.count()).where(ClosedMonth.month == date(2024, 3, 1)))
    assert count == 1


def test_hours_per_fte_first_saved_at_once(race):
    """The first hours-per-FTE setting of a year six times at once: one row with the value."""
    results = race.submit(
        ADMIN, "/inzet/instellingen", {"school_year": "2030-2031", "hours": "1600"}
    )
    assert _codes(results) == [302] * N
    rows = race.rows(
        select(SchoolYearSetting.hours_per_fte).where(SchoolYearSetting.school_year == "2030-2031")
    )
    assert rows == [(Decimal("1600.00"),)]


def test_school_registered_at_once(race):
    """A school user sends the registration form six times at once: one registration."""
    school_id = race.scene.ids["free_school_id"]
    with race.app.app_context():
        make_user(role="school", email="vrij@school.be", school_ids=[school_id])
        db.session.remove()
    fields = {
        "school": str(school_id),
        "contact_name": "Directie",
        "contact_email": "vrij@school.be",  # a school user registers with its own address (L7)
        "commitment": "y",
    }
    network_id = race.scene.ids["network_id"]
    results = race.submit("vrij@school.be", f"/netwerken/{network_id}/aanmelden", fields)
    _one_saved(results)
    count = race.scalar(
        select(func.count()).where(
            Registration.school_id == school_id, Registration.network_id == network_id
        )
    )
    assert count == 1


def test_school_created_at_once(race):
    """The same new school six times at once: one school with that institution number."""
    fields = {
        "institution_number": "199999",
        "name": "Dubbel getikt college",
        "level": "secundair",
        "umbrella": "kov",
        "street": "Kerkstraat 1",
        "postcode": "3800",
        "municipality": "Sint-Truiden",
        "province": "",
        "parent_institution_number": "",
        "scholengemeenschap": "",
    }
    results = race.submit(ADMIN, "/scholen/nieuw", fields)
    # The school pages answer the clash with 409 and the message at the field.
    assert sorted(_codes(results)) == [302] + [409] * (len(results) - 1), _codes(results)
    refused = [page for code, page in results if code != 302]
    assert all("Er bestaat al een school met instellingsnummer" in page for page in refused)
    count = race.scalar(select(func.count()).where(School.institution_number == "199999"))
    assert count == 1


@pytest.mark.parametrize("create", CREATES, ids=lambda c: c.name)
def test_create_form_sent_at_once_with_its_token(race, create: Create):
    """A create page sent six times at once with its one-time token (a double tap): one row, the
    first submit answered as always, the others redirected to the same place (was: six rows)."""
    fields = {**create.fields(race.scene.ids), "submission": secrets.token_urlsafe(24)}
    before = race.scalar(create.rows)
    results = race.submit(create.email, create.path.format(**race.scene.ids), fields)
    codes = _codes(results)
    assert sorted(codes) == sorted([create.first_code] + [302] * (N - 1)), codes
    assert race.scalar(create.rows) == before + 1
