"""The read API: meetings (filters, pagination, scope per role), attendance (codes for the
ministry), outputs; errors in the one JSON format."""

import io
from datetime import datetime
from urllib.parse import urlsplit

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.models import OutputType
from netwerk.meetings.outputs import OutputData, create_output
from netwerk.networks.models import Network
from netwerk.schools.models import School
from tests.meetings.factories import attend, make_api_token, make_meeting, make_output


@pytest.fixture
def api(app, scene):
    """Meetings in both networks, attendance, outputs, and a token per user; returns a getter."""
    with app.app_context():
        ids = {
            "oct": make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), status="held"),
            "nov": make_meeting(scene.network, starts_at=datetime(2025, 11, 18, 14), status="held"),
            "dec": make_meeting(scene.network, starts_at=datetime(2025, 12, 9, 14)),
            "other": make_meeting(scene.other_network, starts_at=datetime(2025, 10, 1, 9)),
        }
        attend(ids["oct"], scene.accepted[0])
        make_output(scene.network, ids["oct"], "Fiche A")
        make_output(scene.other_network, None, "Fiche B")
        tokens = {
            who: make_api_token(getattr(scene, who))
            for who in ("admin", "ministry", "coach", "other_coach", "school_user", "outsider_user")
        }
    client = app.test_client()

    def get(who, url):
        headers = {"Authorization": f"Bearer {tokens[who]}"} if who else {}
        return client.get(url, headers=headers)

    get.ids = ids
    return get


def test_meeting_list_pages_and_filters(api, scene):
    """Paginated {items, page, per_page, total}; network_id, from and to filter."""
    body = api("admin", "/api/v1/meetings?per_page=2").get_json()
    assert (body["page"], body["per_page"], body["total"]) == (1, 2, 4)
    assert len(body["items"]) == 2
    assert (
        api("admin", "/api/v1/meetings?page=2&per_page=2").get_json()["items"][1]["id"]
        == api.ids["dec"]
    )
    body = api(
        "admin", f"/api/v1/meetings?network_id={scene.network}&from=2025-10-15&to=2025-11-30"
    ).get_json()
    assert [m["id"] for m in body["items"]] == [api.ids["nov"]]
    item = body["items"][0]
    # Brussels wall-clock time with its offset (RFC 3339): winter time in November.
    assert item["starts_at"] == "2025-11-18T14:00:00+01:00" and item["status"] == "held"
    assert item["network_name"] == "Netwerk Wiskunde"


@pytest.mark.parametrize(
    "who, visible",
    [
        ("admin", {"oct", "nov", "dec", "other"}),
        ("ministry", {"oct", "nov", "dec", "other"}),
        ("coach", {"oct", "nov", "dec"}),
        ("other_coach", {"other"}),
        ("school_user", {"oct", "nov", "dec"}),
        ("outsider_user", {"other"}),
    ],
)
def test_each_role_reads_its_networks(api, who, visible):
    """Coaches their networks, school users the networks they are accepted in, others all."""
    ids = {m["id"] for m in api(who, "/api/v1/meetings").get_json()["items"]}
    assert ids == {api.ids[k] for k in visible}
    status = api(who, f"/api/v1/meetings/{api.ids['oct']}").status_code
    assert status == (200 if "oct" in visible else 403)


def test_meeting_detail_has_counts(api):
    """GET /meetings/{id} includes the attendance counts."""
    body = api("coach", f"/api/v1/meetings/{api.ids['oct']}").get_json()
    assert body["attendance"]["schools_present"] == 1 and body["sequence"] == 0
    # Summer time in October: the offset tells a client which moment the local time means.
    assert (body["starts_at"], body["ends_at"]) == (
        "2025-10-14T14:00:00+02:00",
        "2025-10-14T16:00:00+02:00",
    )


def test_attendance_shows_codes_to_the_ministry(app, api, scene):
    """Coaches see school names; the ministry only the public codes."""

    with app.app_context():
        school = db.session.get(School, scene.accepted[0])
        name, code = school.name, school.public_code
    url = f"/api/v1/meetings/{api.ids['oct']}/attendance"
    coach_view = api("coach", url).get_json()
    assert coach_view["schools"][0]["school_name"] == name
    ministry_view = api("ministry", url).get_json()
    assert ministry_view["schools"][0]["school_code"] == code
    assert ministry_view["schools"][0]["school_name"] is None
    assert name not in str(ministry_view)
    assert ministry_view["counts"]["schools_present"] == 1


def test_outputs_list_is_scoped(api, scene):
    """Outputs of the caller's networks, filter network_id."""
    assert [o["title"] for o in api("coach", "/api/v1/outputs").get_json()["items"]] == ["Fiche A"]
    assert api("admin", "/api/v1/outputs").get_json()["total"] == 2
    body = api("admin", f"/api/v1/outputs?network_id={scene.other_network}").get_json()
    assert [o["title"] for o in body["items"]] == ["Fiche B"]


@pytest.mark.parametrize(
    "who, url, status",
    [
        (None, "/api/v1/meetings", 401),
        ("admin", "/api/v1/meetings?from=morgen", 422),
        ("admin", "/api/v1/meetings?per_page=0", 422),
        ("admin", "/api/v1/meetings?network_id=abc", 422),
        ("admin", "/api/v1/meetings/99999", 404),
        ("admin", "/api/v1/meetings/99999/attendance", 404),
        # Beyond the database's integer: refused up front, not a driver error (a 500).
        ("admin", "/api/v1/meetings/99999999999999999999", 404),
        ("admin", "/api/v1/meetings?network_id=99999999999999999999", 422),
        ("admin", "/api/v1/outputs?netwerk_id=1", 422),
    ],
)
def test_api_errors_are_json(api, who, url, status):
    """Bad or unknown parameters, no token, unknown ids: the one JSON error format."""
    response = api(who, url)
    assert response.status_code == status
    assert set(response.get_json()["error"]) >= {"code", "message"}


def test_openapi_lists_the_endpoints(client):
    """The endpoints are in the OpenAPI document."""
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/meetings/{meeting_id}/attendance",
        "/api/v1/outputs",
        "/api/v1/outputs/{output_id}/file",
    ):
        assert path in paths


def test_an_output_file_downloads_with_the_token(app, api, scene):
    """download_url works with the same bearer token: the file for readers of the network, 403
    for others, a JSON 404 for an output that is a link."""
    pdf = b"%PDF-1.4\n%%EOF\n"
    with app.app_context():
        output = create_output(
            db.session.get(User, scene.coach),
            db.session.get(Network, scene.network),
            OutputData(type=OutputType.fiche, title="Fiche C"),
            stream=io.BytesIO(pdf),
            filename="Fiche C.pdf",
        )
        db.session.commit()
        output_id = output.id
    items = api("coach", "/api/v1/outputs").get_json()["items"]
    url = next(o["download_url"] for o in items if o["id"] == output_id)
    path = urlsplit(url).path
    assert path == f"/api/v1/outputs/{output_id}/file"
    for who in ("coach", "ministry", "school_user"):
        response = api(who, path)
        assert response.status_code == 200, who
        assert response.data == pdf
        assert "Fiche C.pdf" in response.headers["Content-Disposition"]
        assert "no-store" in response.headers["Cache-Control"]
        response.close()
    assert api("outsider_user", path).status_code == 403
    assert api(None, path).status_code == 401
    link = next(o for o in items if o["title"] == "Fiche A")
    assert link["download_url"] is None
    redirected = api("coach", f"/api/v1/outputs/{link['id']}/file")
    assert redirected.status_code == 302 and redirected.headers["Location"] == link["url"]
    missing = api("coach", "/api/v1/outputs/99999/file")
    assert missing.status_code == 404 and missing.get_json()["error"]["message"]
