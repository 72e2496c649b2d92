"""The writing API of meetings (L4): PATCH a meeting, PUT its minutes, PATCH an output, each
through the page's service, with the version the caller read (missing: 422 naming the field;
stale: 409 stale_version in Dutch); who may write exactly as on the pages; change-log lines."""

from datetime import date, datetime, timedelta

import pytest

from netwerk.auth.models import ApiToken, TokenScope
from netwerk.extensions import db
from netwerk.meetings.models import Meeting, MinutesRevision, Output
from tests.changelog import reader
from tests.meetings.factories import make_api_token, make_meeting, make_output

STALE = "Iemand anders wijzigde dit intussen"
SOON = datetime.combine(date.today() + timedelta(days=10), datetime.min.time()).replace(hour=14)
ROLES = ("admin", "ministry", "coach", "other_coach", "school_user", "outsider_user")
MANAGERS = {"admin", "coach"}


@pytest.fixture
def api(app, scene):
    """A planned meeting and a link output in the scene's network, and a token per user;
    returns a caller: api(who, method, url, body)."""
    with app.app_context():
        meeting = make_meeting(scene.network, starts_at=SOON, title="Start")
        ids = {"meeting": meeting, "output": make_output(scene.network, meeting, "Fiche")}
        tokens = {who: make_api_token(getattr(scene, who)) for who in ROLES}
    client = app.test_client()

    def call(who, method, url, body=None):
        headers = {"Authorization": f"Bearer {tokens[who]}"}
        return client.open(url, method=method, headers=headers, json=body)

    call.ids = ids
    call.tokens = tokens
    return call


@pytest.fixture
def changes(caplog):
    """The change lines logged since the last call, as (actor_id, action, type, id)."""
    return reader(caplog)


def _meeting(app, meeting_id: int) -> Meeting:
    """The stored meeting, read in a context of its own (detached, attributes loaded)."""
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


def _error(response) -> dict:
    """The inside of a JSON error body."""
    return response.get_json()["error"]


# -- PATCH /api/v1/meetings/<id> -------------------------------------------------------------


def test_patch_meeting_changes_only_the_fields_sent(app, api, scene, changes):
    """200 with the new representation and the new version; the rest stays; one change line."""
    url = f"/api/v1/meetings/{api.ids['meeting']}"
    response = api(
        "coach", "PATCH", url, {"title": "Startdag", "location": "Lokaal 4", "version": 1}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["title"], body["location"], body["version"]) == ("Startdag", "Lokaal 4", 2)
    assert body["attendance"]["schools_recorded"] == 0
    meeting = _meeting(app, api.ids["meeting"])
    assert (meeting.title, meeting.location, meeting.starts_at) == ("Startdag", "Lokaal 4", SOON)
    assert (meeting.duration_minutes, meeting.sequence, meeting.version) == (120, 1, 2)
    assert changes() == [(scene.coach, "meeting.changed", "meeting", api.ids["meeting"])]
    assert api("coach", "GET", url).get_json()["version"] == 2


def test_patch_meeting_takes_a_time_with_an_offset_as_brussels_time(app, api):
    """starts_at with an offset is stored as Brussels wall-clock time, as the page stores it."""
    url = f"/api/v1/meetings/{api.ids['meeting']}"
    later = SOON + timedelta(days=1)
    response = api(
        "admin", "PATCH", url, {"starts_at": f"{later:%Y-%m-%d}T12:30:00Z", "version": 1}
    )
    assert response.status_code == 200, response.get_json()
    assert _meeting(app, api.ids["meeting"]).starts_at.strftime("%M") == "30"
    assert response.get_json()["starts_at"].startswith(f"{later:%Y-%m-%d}T1")


def test_patch_meeting_without_version_is_422_naming_the_field(app, api):
    """No version: 422 in Dutch with the field in the details, nothing changed."""
    url = f"/api/v1/meetings/{api.ids['meeting']}"
    for body in ({"title": "Zonder versie"}, {"title": "Null", "version": None}):
        response = api("coach", "PATCH", url, body)
        assert response.status_code == 422
        error = _error(response)
        assert error["message"] == "De gegevens zijn ongeldig."
        assert "versie" in error["details"]["json"]["version"][0]
    meeting = _meeting(app, api.ids["meeting"])
    assert (meeting.title, meeting.version) == ("Start", 1)


def test_patch_meeting_with_a_stale_version_is_409(app, api, scene, changes):
    """Two callers read version 1; the second save is refused (409 stale_version, Dutch), the
    first caller's title is kept (no lost update) and nothing is logged for the refusal."""
    url = f"/api/v1/meetings/{api.ids['meeting']}"
    assert api("admin", "PATCH", url, {"title": "Van de admin", "version": 1}).status_code == 200
    changes()
    refused = api("coach", "PATCH", url, {"location": "Lokaal 12", "version": 1})
    assert refused.status_code == 409
    assert _error(refused)["code"] == "stale_version"
    assert STALE in _error(refused)["message"]
    meeting = _meeting(app, api.ids["meeting"])
    assert (meeting.title, meeting.location, meeting.version) == ("Van de admin", "", 2)
    assert changes() == []


def test_patch_meeting_bad_input_is_a_dutch_4xx_and_writes_nothing(app, api, scene):
    """Schema errors are 422 per field; domain rules 422 with their Dutch message; no 500."""
    url = f"/api/v1/meetings/{api.ids['meeting']}"
    cases = [
        ({"duration_minutes": 0}, "De duur ligt tussen 1 en 1440 minuten."),
        ({"starts_at": "9999-12-31T23:00:00-14:00"}, "Geef een tijdstip tussen 1900 en 2200."),
        ({"host_school_id": scene.outsider}, "De gastschool moet een ankerschool"),
        ({"online_url": "javascript:alert(1)"}, None),
        ({"status": "cancelled"}, "Geef een reden op"),
        ({"id": 5}, None),
    ]
    for fields, message in cases:
        response = api("coach", "PATCH", url, {**fields, "version": 1})
        assert response.status_code == 422, (fields, response.get_json())
        if message:
            assert message in str(response.get_json()), fields
    assert _meeting(app, api.ids["meeting"]).version == 1


def test_patch_an_imposed_meeting(app, api, scene):
    """A coach changes the title of an imposed meeting but not its time, and never imposes."""
    with app.app_context():
        imposed = make_meeting(scene.network, starts_at=SOON, is_imposed=True)
    url = f"/api/v1/meetings/{imposed}"
    assert api("coach", "PATCH", url, {"title": "Nieuw", "version": 1}).status_code == 200
    moved = api("coach", "PATCH", url, {"duration_minutes": 60, "version": 2})
    assert (moved.status_code, _error(moved)["code"]) == (403, "imposed")
    freed = api("coach", "PATCH", url, {"is_imposed": False, "version": 2})
    assert freed.status_code == 403
    assert api("admin", "PATCH", url, {"is_imposed": False, "version": 2}).status_code == 200
    assert _meeting(app, imposed).is_imposed is False


# -- GET and PUT /api/v1/meetings/<id>/minutes --------------------------------------------


def test_minutes_are_put_as_revisions_with_their_version(app, api, scene, changes):
    """Version 0 before the first; each changed text a revision; the same text changes nothing;
    a stale version (or null over existing minutes) is a 409."""
    url = f"/api/v1/meetings/{api.ids['meeting']}/minutes"
    assert api("school_user", "GET", url).get_json() == {
        "meeting_id": api.ids["meeting"],
        "version": 0,
        "text": "",
        "saved_at": None,
    }
    first = api("coach", "PUT", url, {"text": "# Verslag", "version": 0})
    assert first.status_code == 200, first.get_json()
    assert {k: first.get_json()[k] for k in ("version", "text", "changed")} == {
        "version": 1,
        "text": "# Verslag",
        "changed": True,
    }
    with app.app_context():
        revision_id = db.session.scalar(db.select(MinutesRevision.id))
    assert changes() == [(scene.coach, "minutes_revision.created", "minutes_revision", revision_id)]
    same = api("admin", "PUT", url, {"text": "# Verslag", "version": 0})
    assert (same.status_code, same.get_json()["changed"]) == (200, False)
    for stale in (0, None):
        refused = api("admin", "PUT", url, {"text": "Iets anders", "version": stale})
        assert refused.status_code == 409 and _error(refused)["code"] == "stale_version"
    second = api("admin", "PUT", url, {"text": "Iets anders", "version": 1})
    assert second.get_json()["version"] == 2
    assert api("ministry", "GET", url).get_json()["text"] == "Iets anders"


def test_minutes_put_without_version_or_too_long_is_422(app, api):
    """Missing version or text, or more than 100,000 characters: 422, no revision."""
    url = f"/api/v1/meetings/{api.ids['meeting']}/minutes"
    for body in ({"text": "x"}, {"version": 0}, {"text": "x" * 100_001, "version": 0}):
        assert api("coach", "PUT", url, body).status_code == 422, body
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(MinutesRevision.id))) == 0


# -- PATCH /api/v1/outputs/<id> ----------------------------------------------------------------


def test_patch_output(app, api, scene, changes):
    """200 with the new version; the rest stays; one change line; stale 409; missing 422."""
    url = f"/api/v1/outputs/{api.ids['output']}"
    response = api(
        "coach", "PATCH", url, {"status": "final", "description": "Uitleg", "version": 1}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["status"], body["title"], body["version"]) == ("final", "Fiche", 2)
    assert body["meeting_id"] == api.ids["meeting"] and body["download_url"] is None
    assert changes() == [(scene.coach, "output.changed", "output", api.ids["output"])]
    stale = api("admin", "PATCH", url, {"title": "Oud", "version": 1})
    assert (stale.status_code, _error(stale)["code"]) == (409, "stale_version")
    assert "version" in _error(api("admin", "PATCH", url, {"title": "X"}))["details"]["json"]
    with app.app_context():
        output = db.session.get(Output, api.ids["output"])
        assert (output.title, output.description, output.version) == ("Fiche", "Uitleg", 2)


def test_patch_output_bad_input_is_422(app, api, scene):
    """An empty title, a meeting of another network, no link left, a bad link: 422, no change."""
    url = f"/api/v1/outputs/{api.ids['output']}"
    with app.app_context():
        elsewhere = make_meeting(scene.other_network)
    cases = [
        ({"title": ""}, None),
        ({"meeting_id": elsewhere}, "Die bijeenkomst hoort niet bij dit netwerk."),
        ({"url": ""}, "Geef een link."),
        ({"url": "ftp://example.org/x"}, None),
        ({"type": "video"}, None),
    ]
    for fields, message in cases:
        response = api("coach", "PATCH", url, {**fields, "version": 1})
        assert response.status_code == 422, (fields, response.get_json())
        if message:
            assert _error(response)["message"] == message
    with app.app_context():
        assert db.session.get(Output, api.ids["output"]).version == 1


# -- who may write, 404, read-only tokens ----------------------------------------------------


def _writes(api) -> list[tuple[str, str, dict]]:
    """One valid write of each endpoint (version 1, or 0 for the first minutes)."""
    return [
        ("PATCH", f"/api/v1/meetings/{api.ids['meeting']}", {"title": "Nieuw", "version": 1}),
        ("PUT", f"/api/v1/meetings/{api.ids['meeting']}/minutes", {"text": "Nieuw", "version": 0}),
        ("PATCH", f"/api/v1/outputs/{api.ids['output']}", {"title": "Nieuw", "version": 1}),
    ]


@pytest.mark.parametrize("who", ROLES)
def test_who_may_write(app, api, who):
    """Admins and the network's coach write; the ministry, school users and another network's
    coach get 403 and change nothing (as on the pages)."""
    for method, url, body in _writes(api):
        response = api(who, method, url, body)
        if who in MANAGERS:
            assert response.status_code == 200, (method, url, response.get_json())
        else:
            assert response.status_code == 403, (method, url, response.get_json())
            assert _error(response)["code"] == "forbidden"
    if who not in MANAGERS:
        assert _meeting(app, api.ids["meeting"]).version == 1
        with app.app_context():
            assert db.session.get(Output, api.ids["output"]).version == 1
            assert db.session.scalar(db.select(db.func.count(MinutesRevision.id))) == 0


def test_another_coach_is_refused_before_the_body_is_read(api):
    """403 before 422: a coach of another network learns nothing from a validation error."""
    url = f"/api/v1/meetings/{api.ids['meeting']}"
    assert api("other_coach", "PATCH", url, {"title": "x" * 500}).status_code == 403


@pytest.mark.parametrize("unknown", [999999, 2**31])
def test_unknown_ids_are_404(api, unknown):
    """An id that does not exist, or is beyond MAX_INT: 404 in JSON, for a manager (not a 405
    because GET shares the path: one view class per path)."""
    for method, url, body in _writes(api):
        url = url.replace(f"/{api.ids['meeting']}", f"/{unknown}").replace(
            f"/{api.ids['output']}", f"/{unknown}"
        )
        response = api("admin", method, url, body)
        assert (response.status_code, _error(response)["code"]) == (404, "not_found"), url


def test_a_read_only_token_writes_nothing(app, api, scene):
    """A coach's read-only token: 403 insufficient_scope on every write."""
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == scene.coach))
        token.scopes = TokenScope.read
        db.session.commit()
    for method, url, body in _writes(api):
        response = api("coach", method, url, body)
        assert (response.status_code, _error(response)["code"]) == (403, "insufficient_scope")
