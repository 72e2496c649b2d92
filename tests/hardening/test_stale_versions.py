"""Lost updates (L4 c): each editable object (meeting, minutes, output) has a version that its
edit form carries hidden; a save from a form that saw an older version is refused with a 409 in
Dutch, keeps the user's input on the page and changes nothing. And the net under the services: a
unique clash or a stale UPDATE that reaches the view answers 409, never 500."""

import re
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from netwerk.extensions import db
from netwerk.meetings.models import Meeting, MeetingStatus, MinutesRevision, Output
from netwerk.timeutil import today
from tests.conftest import login
from tests.hardening.scene import build_scene

STALE = "Iemand anders wijzigde dit intussen"


@pytest.fixture
def scene(app):
    """The hardening scene: a held meeting (yesterday) with an output, its coach and an admin."""
    return build_scene(app)


def _two_clients(app):
    """The network's coach and an admin, each logged in on a client of their own."""
    coach, admin = app.test_client(), app.test_client()
    login(coach, "coach@scene.be")
    login(admin, "admin@scene.be")
    return coach, admin


def _version_on(client, url: str) -> str:
    """The hidden version of the form on a page."""
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'name="version" type="hidden" value="(\d+)"', page.get_data(as_text=True))
    assert found, "the form carries no hidden version"
    return found.group(1)


def _meeting_form(app, meeting_id: int, version: str, **changes) -> dict:
    """The edit form of a meeting as a browser posts it, with its current values and changes."""
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        data = {
            "type": meeting.type.value,
            "title": meeting.title,
            "day": meeting.starts_at.strftime("%d/%m/%Y"),
            "start_time": meeting.starts_at.strftime("%H:%M"),
            "duration_minutes": str(meeting.duration_minutes),
            "location": meeting.location,
            "host_school_id": "",
            "online_url": meeting.online_url,
            "agenda": meeting.agenda,
            "status": meeting.status.value,
            "status_reason": meeting.status_reason,
            "version": version,
        }
    return {**data, **changes}


def test_meeting_saved_from_a_stale_form_is_refused(app, scene):
    """Coach and admin open the same meeting; the admin saves a new title, then the coach saves a
    new place from the stale form: 409 with the Dutch message, the coach's place still in the
    form, the admin's title kept (before the fix the title was silently reverted)."""
    meeting_id = scene.ids["meeting_id"]
    url = f"/bijeenkomsten/{meeting_id}/bewerken"
    coach, admin = _two_clients(app)
    seen = _version_on(coach, url)
    assert _version_on(admin, url) == seen
    first = admin.post(url, data=_meeting_form(app, meeting_id, seen, title="Nieuwe titel"))
    assert first.status_code == 302
    stale = _meeting_form(app, meeting_id, seen, title="Start", location="Lokaal 12")
    second = coach.post(url, data=stale)
    page = second.get_data(as_text=True)
    assert second.status_code == 409, page[:2000]
    assert STALE in page
    assert 'value="Lokaal 12"' in page
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert (meeting.title, meeting.location) == ("Nieuwe titel", "")
        assert meeting.version == int(seen) + 1
    fresh = _version_on(coach, url)
    again = coach.post(url, data=_meeting_form(app, meeting_id, fresh, location="Lokaal 12"))
    assert again.status_code == 302


def test_minutes_saved_over_a_newer_revision_are_refused(app, scene):
    """Two writers start from the empty minutes; the second save is refused (409) and keeps its
    text on the page; the same text twice is no conflict (nothing to lose)."""
    meeting_id = scene.ids["meeting_id"]
    url = f"/bijeenkomsten/{meeting_id}/verslag"
    coach, admin = _two_clients(app)
    seen = _version_on(coach, url)
    assert seen == "0"
    assert admin.post(url, data={"body": "Verslag A", "version": seen}).status_code == 302
    refused = coach.post(url, data={"body": "Verslag B", "version": seen})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and STALE in page
    assert "Verslag B" in page
    same = coach.post(url, data={"body": "Verslag A", "version": seen})
    assert same.status_code == 302
    with app.app_context():
        revisions = db.session.scalars(
            db.select(MinutesRevision).where(MinutesRevision.meeting_id == meeting_id)
        ).all()
        assert [(r.version, r.body_markdown) for r in revisions] == [(1, "Verslag A")]
    assert _version_on(coach, url) == "1"


def test_output_saved_from_a_stale_form_is_refused(app, scene):
    """The output's edit form: the second save from the same version is a 409, nothing changes."""
    output_id = scene.ids["output_id"]
    url = f"/bijeenkomsten/outputs/{output_id}/bewerken"
    coach, admin = _two_clients(app)
    seen = _version_on(coach, url)
    form = {
        "type": "fiche",
        "title": "Fiche",
        "description": "",
        "status": "draft",
        "meeting_id": str(scene.ids["meeting_id"]),
        "url": "https://example.org/fiche",
        "version": seen,
    }
    assert admin.post(url, data={**form, "title": "Fiche van de admin"}).status_code == 302
    refused = coach.post(url, data={**form, "description": "Mijn uitleg"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and STALE in page and "Mijn uitleg" in page
    with app.app_context():
        output = db.session.get(Output, output_id)
        assert (output.title, output.description) == ("Fiche van de admin", "")
        assert output.version == int(seen) + 1


def test_meeting_cancelled_from_a_stale_form_is_refused(app, scene):
    """The cancel page carries the version too: the admin moves the meeting while the coach has
    the cancel form open; the coach's cancellation (of the meeting as it was) is a 409 and the
    meeting stays planned; from a fresh form it is cancelled."""
    with app.app_context():
        meeting = Meeting(
            network_id=scene.ids["network_id"],
            starts_at=datetime.combine(today() + timedelta(days=7), time(14)),
            title="Later",
        )
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    coach, admin = _two_clients(app)
    cancel_url = f"/bijeenkomsten/{meeting_id}/afgelasten"
    seen = _version_on(coach, cancel_url)
    edit_url = f"/bijeenkomsten/{meeting_id}/bewerken"
    moved = _meeting_form(app, meeting_id, seen, location="Elders")
    assert admin.post(edit_url, data=moved).status_code == 302
    refused = coach.post(cancel_url, data={"reason": "Ziek", "version": seen})
    assert refused.status_code == 409 and STALE in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).status is MeetingStatus.planned
    fresh = _version_on(coach, cancel_url)
    assert coach.post(cancel_url, data={"reason": "Ziek", "version": fresh}).status_code == 302
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).status is MeetingStatus.cancelled


def test_the_api_shows_the_version_of_meetings_and_outputs(app, scene):
    """GET of a meeting and of the outputs carries `version`, raised by a change."""
    meeting_id = scene.ids["meeting_id"]
    headers = {"Authorization": f"Bearer {scene.tokens['coach']}"}
    client = app.test_client()
    before = client.get(f"/api/v1/meetings/{meeting_id}", headers=headers).get_json()["version"]
    coach, _admin = _two_clients(app)
    url = f"/bijeenkomsten/{meeting_id}/bewerken"
    edit = coach.post(url, data=_meeting_form(app, meeting_id, str(before), title="Anders"))
    assert edit.status_code == 302
    after = client.get(f"/api/v1/meetings/{meeting_id}", headers=headers).get_json()
    assert after["version"] == before + 1
    outputs = client.get("/api/v1/outputs", headers=headers).get_json()["items"]
    assert {item["version"] for item in outputs} == {1}


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT", {}, Exception("duplicate key value violates unique constraint")),
        StaleDataError("UPDATE statement on table 'meeting' expected to update 1 row(s)"),
    ],
    ids=["unique-clash", "stale-update"],
)
@pytest.mark.parametrize("prefix", ["", "/api/v1"])
def test_a_clash_that_reaches_the_view_is_a_409_not_a_500(app, error, prefix):
    """A unique violation or a stale UPDATE raised in a view (a race the services did not
    foresee) is rolled back and answered 409 in Dutch: a page, or JSON under /api/."""

    def clash():
        raise error

    app.add_url_rule(f"{prefix}/test-clash", "test_clash", clash, methods=["POST"])
    response = app.test_client().post(f"{prefix}/test-clash")
    assert response.status_code == 409
    if prefix:
        body = response.get_json()["error"]
        expected = "conflict" if isinstance(error, IntegrityError) else "stale_version"
        assert body["code"] == expected and body["message"]
    else:
        page = response.get_data(as_text=True)
        assert "intussen" in page
