"""The writing API of meetings (issue 27): plan a meeting or a series, cancel, replace the
attendance, list the minutes' revisions, record an output (a link or a file) and delete one.

Each endpoint is driven over HTTP and the object is then read back through its page and through
the read API; bad input is a Dutch 4xx in the JSON error format and writes nothing."""

import io
import os
from datetime import date, datetime, timedelta

import pytest

from netwerk.auth.models import ApiToken, TokenScope, User
from netwerk.extensions import db
from netwerk.meetings.models import (
    Attendance,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Output,
)
from netwerk.meetings.outputs import output_path
from tests.changelog import reader
from tests.conftest import login
from tests.meetings.factories import make_api_token, make_meeting, make_output

SOON = datetime.combine(date.today() + timedelta(days=10), datetime.min.time()).replace(hour=14)
PAST = datetime.combine(date.today() - timedelta(days=3), datetime.min.time()).replace(hour=9)
ROLES = ("admin", "ministry", "coach", "other_coach", "school_user", "outsider_user")
MANAGERS = {"admin", "coach"}
PDF = b"%PDF-1.4\n%%EOF\n"
# Mondays in February 2027, the krokusvakantie (8-14 February) in between.
WEEKLY = {"frequency": "weekly", "starts_on": "2027-02-01", "until": "2027-02-22", "at": "16:00"}
WEEKLY["weekday"] = 0


@pytest.fixture
def api(app, scene):
    """A planned meeting soon, a past one, a link output, and a token per user; returns a
    caller: api(who, method, url, body=None, **client_kwargs)."""
    with app.app_context():
        ids = {
            "soon": make_meeting(scene.network, starts_at=SOON, title="Start"),
            "past": make_meeting(scene.network, starts_at=PAST, title="Terugblik"),
        }
        ids["output"] = make_output(scene.network, ids["soon"], "Fiche")
        tokens = {who: make_api_token(getattr(scene, who)) for who in ROLES}
    client = app.test_client()

    def call(who, method, url, body=None, **kwargs):
        headers = {"Authorization": f"Bearer {tokens[who]}"}
        if body is not None:
            kwargs["json"] = body
        return client.open(url, method=method, headers=headers, **kwargs)

    call.ids = ids
    return call


@pytest.fixture
def page(app, scene):
    """The coach's browser: page(url) -> the HTML of a page (200)."""
    client = app.test_client()
    with app.app_context():
        email = db.session.get(User, scene.coach).email
    login(client, email)

    def get(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    return get


@pytest.fixture
def changes(caplog):
    """The change lines logged since the last call, as (actor_id, action, type, id)."""
    return reader(caplog)


def _error(response) -> dict:
    """The inside of a JSON error body."""
    return response.get_json()["error"]


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


# -- POST /api/v1/meetings ------------------------------------------------------------------


def test_create_meeting_then_read_it_on_the_page_and_the_api(app, api, scene, page, changes):
    """201 with the meeting as GET shows it; the page and the read API show the same."""
    body = {
        "network_id": scene.network,
        "type": "werksessie",
        "title": "Werksessie breuken",
        "starts_at": f"{SOON + timedelta(days=7):%Y-%m-%dT%H:%M:%S}",
        "duration_minutes": 90,
        "location": "Lokaal 3",
        "host_school_id": scene.accepted[0],
    }
    response = api("coach", "POST", "/api/v1/meetings", body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["title"], created["status"], created["version"]) == (
        "Werksessie breuken",
        "planned",
        1,
    )
    assert created["attendance"]["schools_recorded"] == 0
    assert changes() == [(scene.coach, "meeting.created", "meeting", created["id"])]
    read = api("school_user", "GET", f"/api/v1/meetings/{created['id']}").get_json()
    assert (read["title"], read["duration_minutes"], read["location"]) == (
        "Werksessie breuken",
        90,
        "Lokaal 3",
    )
    html = page(f"/bijeenkomsten/{created['id']}")
    assert "Werksessie breuken" in html and "Lokaal 3" in html


def test_create_meeting_refusals(app, api, scene):
    """Unknown network 422 at the field; another's network 403; a coach imposing 403; domain and
    schema errors 422 in Dutch; nothing written."""
    before = _count(app, Meeting)
    base = {
        "network_id": scene.network,
        "type": "bijeenkomst",
        "starts_at": f"{SOON:%Y-%m-%dT%H:%M}",
    }
    unknown = api("admin", "POST", "/api/v1/meetings", {**base, "network_id": 999999})
    assert unknown.status_code == 422
    assert _error(unknown)["message"] == "Dit netwerk bestaat niet."
    other = api("other_coach", "POST", "/api/v1/meetings", base)
    assert (other.status_code, _error(other)["code"]) == (403, "forbidden")
    imposed = api("coach", "POST", "/api/v1/meetings", {**base, "is_imposed": True})
    assert imposed.status_code == 403
    cases = [
        ({"starts_at": "morgen"}, None),
        ({"type": "feest"}, None),
        ({"status": "held"}, "Een bijeenkomst in de toekomst kan nog niet gehouden zijn."),
        ({"status": "cancelled"}, "Geef een reden op"),
        ({"host_school_id": scene.outsider}, "De gastschool moet een ankerschool"),
        ({"duration_minutes": 0}, "De duur ligt tussen 1 en 1440 minuten."),
        ({"starts_at": "1950-01-01T10:00:00"}, "Het jaar van de bijeenkomst is onmogelijk."),
        ({"id": 3}, None),
    ]
    for fields, message in cases:
        response = api("coach", "POST", "/api/v1/meetings", {**base, **fields})
        assert response.status_code == 422, (fields, response.get_json())
        if message:
            assert message in str(response.get_json()), fields
    for missing in ("network_id", "type", "starts_at"):
        body = {k: v for k, v in base.items() if k != missing}
        response = api("coach", "POST", "/api/v1/meetings", body)
        assert missing in _error(response)["details"]["json"]
    assert _count(app, Meeting) == before


def test_create_a_held_meeting_afterwards(api, scene):
    """A meeting entered afterwards as held, as the page allows, for a past start."""
    body = {
        "network_id": scene.network,
        "type": "bijeenkomst",
        "starts_at": f"{PAST - timedelta(days=7):%Y-%m-%dT%H:%M:%S}",
        "status": "held",
    }
    response = api("admin", "POST", "/api/v1/meetings", body)
    assert (response.status_code, response.get_json()["status"]) == (201, "held")


# -- POST /api/v1/meetings/<id>/cancel ---------------------------------------------------------


def test_cancel_meeting_then_read_it(app, api, scene, page, changes):
    """200 with the cancelled meeting; the page and the read API show it cancelled, with the
    reason; a stale or missing version or no reason changes nothing."""
    url = f"/api/v1/meetings/{api.ids['soon']}/cancel"
    missing = api("coach", "POST", url, {"reason": "Ziek"})
    assert missing.status_code == 422 and "version" in _error(missing)["details"]["json"]
    stale = api("coach", "POST", url, {"reason": "Ziek", "version": 7})
    assert (stale.status_code, _error(stale)["code"]) == (409, "stale_version")
    empty = api("coach", "POST", url, {"reason": "  ", "version": 1})
    assert empty.status_code == 422
    assert _error(empty)["message"] == "Geef een reden op wanneer een bijeenkomst afgelast wordt."
    assert changes() == []
    response = api("coach", "POST", url, {"reason": "Staking", "version": 1})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["status"], body["status_reason"], body["version"]) == ("cancelled", "Staking", 2)
    assert changes() == [(scene.coach, "meeting.cancelled", "meeting", api.ids["soon"])]
    read = api("ministry", "GET", f"/api/v1/meetings/{api.ids['soon']}").get_json()
    assert (read["status"], read["status_reason"]) == ("cancelled", "Staking")
    assert "Staking" in page(f"/bijeenkomsten/{api.ids['soon']}")


def test_cancel_a_held_meeting_is_refused(app, api, scene):
    """A held meeting cannot be cancelled: 422, as on the page."""
    with app.app_context():
        held = make_meeting(scene.network, starts_at=PAST, status="held")
    response = api(
        "coach", "POST", f"/api/v1/meetings/{held}/cancel", {"reason": "x", "version": 1}
    )
    assert response.status_code == 422
    assert "gehouden" in _error(response)["message"]


def test_cancel_following_cancels_the_rest_of_the_series(app, api, scene):
    """scope following: the later open meetings of the series are cancelled too."""
    created = api(
        "coach",
        "POST",
        f"/api/v1/networks/{scene.network}/series",
        {**WEEKLY, "type": "werksessie", "title": "Reeks"},
    ).get_json()
    first, second, third = (m["id"] for m in created["meetings"])
    body = {"reason": "Project stopt", "version": 1, "scope": "following"}
    assert api("admin", "POST", f"/api/v1/meetings/{second}/cancel", body).status_code == 200
    statuses = [
        api("admin", "GET", f"/api/v1/meetings/{i}").get_json()["status"]
        for i in (first, second, third)
    ]
    assert statuses == ["planned", "cancelled", "cancelled"]


# -- series: preview and create ----------------------------------------------------------------


def test_series_preview_then_create_then_read(app, api, scene, page, changes):
    """The preview lists the dates and the skipped holiday and saves nothing; the create plans
    exactly those dates; the network's page and the read API list them."""
    url = f"/api/v1/networks/{scene.network}/series"
    preview = api("coach", "POST", f"{url}/preview", WEEKLY)
    assert preview.status_code == 200, preview.get_json()
    plan = preview.get_json()
    assert [s[:16] for s in plan["starts"]] == [
        "2027-02-01T16:00",
        "2027-02-15T16:00",
        "2027-02-22T16:00",
    ]
    assert plan["skipped_holidays"] == ["2027-02-08"]
    assert plan["description"].startswith("wekelijks op maandag om 16:00")
    assert _count(app, MeetingSeries) == 0 and changes() == []
    response = api("coach", "POST", url, {**WEEKLY, "type": "werksessie", "title": "Reeks"})
    assert response.status_code == 201, response.get_json()
    series = response.get_json()
    assert [m["starts_at"] for m in series["meetings"]] == plan["starts"]
    assert {m["series_id"] for m in series["meetings"]} == {series["id"]}
    assert series["rule"].startswith("wekelijks op maandag")
    assert [c[1] for c in changes()] == ["meeting_series.created"] + ["meeting.created"] * 3
    listed = api(
        "school_user", "GET", f"/api/v1/meetings?network_id={scene.network}&from=2027-02-01"
    ).get_json()
    assert [m["title"] for m in listed["items"]] == ["Reeks"] * 3
    assert "22/02/2027" in page(f"/bijeenkomsten/netwerk/{scene.network}")


def test_series_refusals(app, api, scene):
    """Impossible rules and bad fields: Dutch 422s; another coach 403; unknown network 404;
    nothing planned."""
    url = f"/api/v1/networks/{scene.network}/series"
    cases = [
        ({"until": "2027-01-01"}, "De einddatum ligt vóór de begindatum."),
        ({"until": "2031-01-01"}, "Een reeks duurt hoogstens drie jaar."),
        ({"weekday": 7}, None),
        ({"at": "16:00+01:00"}, "Geef een uur zonder tijdzone"),
        ({"at": "25:00"}, None),
        ({"frequency": "daily"}, None),
        ({"starts_on": "2027-02-08", "until": "2027-02-14"}, "geen enkele datum"),
    ]
    for fields, message in cases:
        for path in (f"{url}/preview", url):
            body = {**WEEKLY, **fields, **({"type": "werksessie"} if path == url else {})}
            response = api("coach", "POST", path, body)
            assert response.status_code == 422, (path, fields, response.get_json())
            if message:
                assert message in str(response.get_json()), fields
    assert api("coach", "POST", url, WEEKLY).status_code == 422  # no type
    assert api("other_coach", "POST", f"{url}/preview", WEEKLY).status_code == 403
    assert api("admin", "POST", "/api/v1/networks/999999/series/preview", WEEKLY).status_code == 404
    assert _count(app, MeetingSeries) == 0


# -- PUT /api/v1/meetings/<id>/attendance ------------------------------------------------------


def test_put_attendance_then_read_it(app, api, scene, page, changes):
    """A past planned meeting marked held with its attendance; the meeting's version goes up;
    the page and the read API (codes for the ministry) show it; a stale version is a 409."""
    url = f"/api/v1/meetings/{api.ids['past']}/attendance"
    before = api("coach", "GET", url).get_json()
    assert (before["version"], before["schools"]) == (1, [])
    body = {
        "version": 1,
        "mark_held": True,
        "schools": [
            {"school_id": scene.accepted[0], "status": "present"},
            {"school_id": scene.accepted[1], "status": "excused"},
        ],
        "persons": [
            {"name": "An Peeters", "role": "leerkracht", "school_id": scene.accepted[2]},
            {"name": "Bert Claes", "status": "absent"},
        ],
    }
    response = api("coach", "PUT", url, body)
    assert response.status_code == 200, response.get_json()
    saved = response.get_json()
    assert saved["version"] == 2
    assert saved["counts"] == {
        "schools_present": 2,
        "schools_recorded": 3,
        "persons_present": 1,
        "persons_recorded": 2,
    }
    actions = [c[1] for c in changes()]
    assert actions == ["meeting.changed", "attendance.recorded"]
    meeting = api("coach", "GET", f"/api/v1/meetings/{api.ids['past']}").get_json()
    assert (meeting["status"], meeting["version"]) == ("held", 2)
    ministry = api("ministry", "GET", url).get_json()
    assert {s["school_name"] for s in ministry["schools"]} == {None}
    assert {p["name"] for p in ministry["persons"]} == {None}
    html = page(f"/bijeenkomsten/{api.ids['past']}")
    assert "An Peeters" in html and "Aanvaarde school 2" in html
    stale = api("admin", "PUT", url, {**body, "schools": []})
    assert (stale.status_code, _error(stale)["code"]) == (409, "stale_version")
    emptied = api("admin", "PUT", url, {"version": 2})
    assert emptied.status_code == 200 and emptied.get_json()["counts"]["schools_recorded"] == 0


def test_put_attendance_refusals(app, api, scene):
    """Not yet held, a future meeting, a school not accepted, a school twice, a present person of
    an absent school, counts (not yet), no version: 4xx in Dutch, nothing written."""
    url = f"/api/v1/meetings/{api.ids['past']}/attendance"
    present = {"school_id": scene.accepted[0], "status": "present"}
    cases = [
        ({"schools": [present]}, "Aanwezigheden kunnen enkel voor een gehouden bijeenkomst"),
        ({"mark_held": True, "schools": [{"school_id": scene.outsider, "status": "present"}]},
         "niet aanvaard"),
        ({"mark_held": True, "schools": [present, present]}, "hoogstens één keer"),
        ({"mark_held": True, "schools": [{**present, "status": "absent"}],
          "persons": [{"name": "An", "school_id": scene.accepted[0]}]}, "niet aanwezig"),
        ({"mark_held": True, "counts": {"leerlingen": 4}}, "counts) kan deze API nog niet"),
        ({"mark_held": True, "persons": [{"name": ""}]}, None),
        ({"mark_held": True, "persons": [{"name": "x"}] * 301}, "Hoogstens 300 personen"),
        ({"mark_held": True, "schools": [{"school_id": "een", "status": "present"}]}, None),
    ]  # fmt: skip
    for fields, message in cases:
        response = api("coach", "PUT", url, {"version": 1, **fields})
        assert response.status_code == 422, (fields, response.get_json())
        if message:
            assert message in str(response.get_json()), fields
    missing = api("coach", "PUT", url, {"mark_held": True})
    assert missing.status_code == 422 and "version" in _error(missing)["details"]["json"]
    future = api("coach", "PUT", f"/api/v1/meetings/{api.ids['soon']}/attendance",
                 {"version": 1, "mark_held": True})  # fmt: skip
    assert future.status_code == 422 and "toekomst" in _error(future)["message"]
    assert _count(app, Attendance) == 0
    with app.app_context():
        assert db.session.get(Meeting, api.ids["past"]).status is MeetingStatus.planned


# -- minutes and their revisions ---------------------------------------------------------------


def test_minutes_revisions_then_read_them(app, api, scene, page):
    """Two PUTs make two revisions: the revisions list shows them newest first with their
    author; the history page shows both."""
    url = f"/api/v1/meetings/{api.ids['soon']}/minutes"
    assert api("coach", "PUT", url, {"text": "Eerste versie", "version": 0}).status_code == 200
    assert api("admin", "PUT", url, {"text": "Tweede versie", "version": 1}).status_code == 200
    revisions = api("school_user", "GET", f"{url}/revisions").get_json()
    assert revisions["total"] == 2
    assert [(r["version"], r["text"]) for r in revisions["items"]] == [
        (2, "Tweede versie"),
        (1, "Eerste versie"),
    ]
    assert revisions["items"][1]["author"] == "Koen Coach"
    assert (
        api("ministry", "GET", f"{url}/revisions?per_page=1").get_json()["items"][0]["version"] == 2
    )
    html = page(f"/bijeenkomsten/{api.ids['soon']}/verslag/geschiedenis")
    assert "Eerste versie" in html and "Tweede versie" in html
    assert api("outsider_user", "GET", f"{url}/revisions").status_code == 403
    assert api("admin", "GET", "/api/v1/meetings/999999/minutes/revisions").status_code == 404


# -- outputs: POST (link or file) and DELETE ---------------------------------------------------


def test_post_a_link_output_then_read_it(app, api, scene, page, changes):
    """A link as JSON: 201 with the output; the outputs page and the read API list it."""
    body = {
        "network_id": scene.network,
        "meeting_id": api.ids["soon"],
        "type": "lesmateriaal",
        "title": "Lesreeks breuken",
        "url": "https://example.org/breuken",
    }
    response = api("coach", "POST", "/api/v1/outputs", body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["title"], created["status"], created["download_url"]) == (
        "Lesreeks breuken",
        "draft",
        None,
    )
    assert changes() == [(scene.coach, "output.created", "output", created["id"])]
    listed = api("school_user", "GET", f"/api/v1/outputs?network_id={scene.network}").get_json()
    assert "Lesreeks breuken" in [o["title"] for o in listed["items"]]
    assert "Lesreeks breuken" in page(f"/bijeenkomsten/netwerk/{scene.network}/outputs")


def test_post_a_file_output_then_download_it(app, api, scene, page):
    """A file as multipart/form-data: stored with its name and type; the API's download and the
    page's download give the same bytes."""
    form = {
        "network_id": str(scene.network),
        "type": "fiche",
        "title": "Fiche als pdf",
        "file": (io.BytesIO(PDF), "Fiche 1.pdf"),
    }
    response = api(
        "coach", "POST", "/api/v1/outputs", data=form, content_type="multipart/form-data"
    )
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["original_name"], created["content_type"], created["size_bytes"]) == (
        "Fiche 1.pdf",
        "application/pdf",
        len(PDF),
    )
    download = api("ministry", "GET", f"/api/v1/outputs/{created['id']}/file")
    assert download.status_code == 200 and download.data == PDF
    download.close()
    assert "Fiche als pdf" in page(f"/bijeenkomsten/netwerk/{scene.network}/outputs")


def _files(app) -> list[str]:
    folder = app.config["UPLOAD_DIR"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_post_output_refusals(app, api, scene):
    """A file that is no pdf 415, too big 413, an exe 415, a link and a file 422, neither 422,
    bad fields 422, another network 403: nothing stored, no file left on disk."""
    before, files = _count(app, Output), _files(app)
    fields = {"network_id": str(scene.network), "type": "fiche", "title": "Fiche"}

    def upload(content: bytes, name: str, **extra):
        data = {**fields, **extra, "file": (io.BytesIO(content), name)}
        return api(
            "coach", "POST", "/api/v1/outputs", data=data, content_type="multipart/form-data"
        )

    not_a_pdf = upload(b"MZ not a pdf", "x.pdf")
    assert (not_a_pdf.status_code, _error(not_a_pdf)["code"]) == (415, "refused_type")
    assert upload(b"MZ", "x.exe").status_code == 415
    app.config["UPLOAD_MAX_BYTES"] = 10
    too_big = upload(PDF, "x.pdf")
    assert (too_big.status_code, _error(too_big)["code"]) == (413, "too_large")
    app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024
    both = upload(PDF, "x.pdf", url="https://example.org")
    assert (both.status_code, _error(both)["message"]) == (
        422,
        "Geef een link of een bestand, niet allebei.",
    )
    json_cases = [
        ({}, "Geef een link of voeg een bestand toe."),
        ({"url": "javascript:alert(1)"}, None),
        ({"title": ""}, None),
        ({"type": "video", "url": "https://example.org"}, None),
        ({"network_id": 999999, "url": "https://example.org"}, "Dit netwerk bestaat niet."),
    ]
    for extra, message in json_cases:
        body = {**fields, "network_id": scene.network, **extra}
        response = api("coach", "POST", "/api/v1/outputs", body)
        assert response.status_code == 422, (extra, response.get_json())
        if message:
            assert _error(response)["message"] == message
    other = {**fields, "network_id": scene.other_network, "url": "https://example.org"}
    assert api("coach", "POST", "/api/v1/outputs", other).status_code == 403
    assert api("coach", "POST", "/api/v1/outputs", data="titel=x").status_code == 422
    assert _count(app, Output) == before
    assert _files(app) == files


def test_delete_output_then_it_is_gone(app, api, scene, page, changes):
    """204 with no body; the read API and the page no longer list it; then 404."""
    url = f"/api/v1/outputs/{api.ids['output']}"
    assert api("school_user", "DELETE", url).status_code == 403
    assert api("other_coach", "DELETE", url).status_code == 403
    response = api("coach", "DELETE", url)
    assert (response.status_code, response.data) == (204, b"")
    assert changes() == [(scene.coach, "output.deleted", "output", api.ids["output"])]
    assert api("admin", "GET", "/api/v1/outputs").get_json()["total"] == 0
    assert "Fiche" not in page(f"/bijeenkomsten/netwerk/{scene.network}/outputs")
    assert api("coach", "DELETE", url).status_code == 404
    assert api("coach", "DELETE", "/api/v1/outputs/99999999999").status_code == 404


def test_delete_an_uploaded_output_removes_its_file(app, api, scene):
    """The file goes with the row, after the commit."""
    form = {
        "network_id": str(scene.network),
        "type": "fiche",
        "title": "Weg",
        "file": (io.BytesIO(PDF), "weg.pdf"),
    }
    created = api("coach", "POST", "/api/v1/outputs", data=form, content_type="multipart/form-data")
    output_id = created.get_json()["id"]
    with app.app_context():
        path = output_path(db.session.get(Output, output_id))
    assert os.path.isfile(path)
    assert api("admin", "DELETE", f"/api/v1/outputs/{output_id}").status_code == 204
    assert not os.path.exists(path)


# -- who may write, read-only tokens, the OpenAPI document ------------------------------------


def _writes(api, scene) -> list[tuple[str, str, dict]]:
    """One valid write of each new endpoint."""
    meeting, past = api.ids["soon"], api.ids["past"]
    return [
        ("POST", "/api/v1/meetings", {"network_id": scene.network, "type": "bijeenkomst",
                                      "starts_at": f"{SOON:%Y-%m-%dT%H:%M:%S}"}),
        ("POST", f"/api/v1/networks/{scene.network}/series/preview", WEEKLY),
        ("POST", f"/api/v1/networks/{scene.network}/series", {**WEEKLY, "type": "werksessie"}),
        ("PUT", f"/api/v1/meetings/{past}/attendance", {"version": 1, "mark_held": True}),
        ("POST", "/api/v1/outputs", {"network_id": scene.network, "type": "fiche",
                                     "title": "Nieuw", "url": "https://example.org/n"}),
        ("POST", f"/api/v1/meetings/{meeting}/cancel", {"reason": "Ziek", "version": 1}),
        ("DELETE", f"/api/v1/outputs/{api.ids['output']}", None),
    ]  # fmt: skip


@pytest.mark.parametrize("who", ROLES)
def test_who_may_write(app, api, scene, who):
    """Admins and the network's coach write; the ministry, school users and another network's
    coach get 403 and change nothing (as on the pages)."""
    for method, url, body in _writes(api, scene):
        response = api(who, method, url, body)
        if who in MANAGERS:
            assert response.status_code in (200, 201, 204), (url, response.get_json())
            if url.endswith("/series"):  # the same dates again for the second manager
                with app.app_context():
                    db.session.execute(db.delete(Meeting).where(Meeting.series_id.is_not(None)))
                    db.session.commit()
        else:
            assert (response.status_code, _error(response)["code"]) == (403, "forbidden"), url
    if who not in MANAGERS:
        assert _count(app, Meeting) == 2 and _count(app, Output) == 1


def test_a_read_only_token_writes_nothing(app, api, scene):
    """A coach's read-only token: 403 insufficient_scope on every new write."""
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == scene.coach))
        token.scopes = TokenScope.read
        db.session.commit()
    for method, url, body in _writes(api, scene):
        response = api("coach", method, url, body)
        assert (response.status_code, _error(response)["code"]) == (403, "insufficient_scope")


def test_openapi_documents_the_writes(client):
    """Every new operation is in the OpenAPI document; POST /outputs takes JSON or a file."""
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, method in (
        ("/api/v1/meetings", "post"),
        ("/api/v1/meetings/{meeting_id}/cancel", "post"),
        ("/api/v1/networks/{network_id}/series/preview", "post"),
        ("/api/v1/networks/{network_id}/series", "post"),
        ("/api/v1/meetings/{meeting_id}/attendance", "put"),
        ("/api/v1/meetings/{meeting_id}/minutes/revisions", "get"),
        ("/api/v1/outputs", "post"),
        ("/api/v1/outputs/{output_id}", "delete"),
    ):
        assert method in paths[path], (path, method)
    bodies = paths["/api/v1/outputs"]["post"]["requestBody"]["content"]
    assert set(bodies) == {"application/json", "multipart/form-data"}
    assert "204" in paths["/api/v1/outputs/{output_id}"]["delete"]["responses"]
