"""M2: the ministry and school users see a school by its pseudonymous code or by its name, never
both in one JSON object, in any GET of the API; so no crawl joins codes back to names.

Every GET route of the API is walked (from the app's URL map, with the scene's ids), and every
JSON object in every answer is checked. Anchor schools are public by name and may carry a name;
only a code next to a name, an institution number or an id is a leak.
"""

import pytest

from netwerk.extensions import db
from netwerk.meetings.models import Attendance, AttendanceStatus
from tests.hardening.scene import build_scene
from tests.hardening.test_authz_matrix import _url, app_routes

CODE_KEYS = ("public_code", "school_code")
IDENTIFYING_KEYS = ("name", "institution_number", "id", "school_id", "school_name")
# The OpenAPI document describes the fields; it holds no school.
NOT_DATA = {"/api/v1/openapi.json"}


def _objects(value):
    """Every dict inside a JSON value, the value itself included."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _objects(inner)


def pairings(body) -> list[dict]:
    """The JSON objects that carry a school code together with a name, a number or an id."""
    return [
        obj
        for obj in _objects(body)
        if any(obj.get(key) for key in CODE_KEYS)
        and any(obj.get(key) is not None for key in IDENTIFYING_KEYS)
    ]


def test_pairings_finds_a_code_next_to_a_name():
    """The detector itself: a code with a name or id is found, a code alone is not."""
    body = {"items": [{"school": {"public_code": "S-1", "id": 3}}, {"school_code": "S-2"}]}
    assert pairings(body) == [{"public_code": "S-1", "id": 3}]
    assert pairings({"schools": [{"school_code": "S-2", "school_id": None}]}) == []


@pytest.mark.parametrize("role", ["ministry", "school"])
def test_no_api_answer_pairs_a_code_with_a_name(app, role):
    """For the ministry and a school user, no GET of the API shows a code next to a name or id."""
    scene = build_scene(app)
    with app.app_context():  # the member school was at the meeting: attendance lists it
        db.session.add(
            Attendance(
                meeting_id=scene.ids["meeting_id"],
                school_id=scene.ids["school_id"],
                status=AttendanceStatus.present,
            )
        )
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {scene.tokens[role]}"}
    rules = sorted(
        rule
        for method, rule in app_routes(app)
        if method == "GET" and rule.startswith("/api/") and rule not in NOT_DATA
    )
    leaks, read = [], 0
    for rule in rules:
        response = client.get(_url(rule, scene), headers=headers)
        if response.is_json and response.status_code == 200:
            read += 1
            leaks += [(rule, obj) for obj in pairings(response.get_json())]
        response.close()
    assert read > 10  # the walk really read the API
    assert leaks == []


def test_the_walk_sees_codes_where_the_roster_is_read_by_code(app):
    """The ministry does read codes (so the walk above is not vacuous): the registrations list."""
    scene = build_scene(app)
    headers = {"Authorization": f"Bearer {scene.tokens['ministry']}"}
    body = app.test_client().get("/api/v1/registrations", headers=headers).get_json()
    schools = [item["school"] for item in body["items"]]
    assert schools and all(s["public_code"] and "name" not in s and "id" not in s for s in schools)
