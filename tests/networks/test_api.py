"""The networks JSON API: role x endpoint table, bodies, errors, pagination, OpenAPI document."""

import re
from datetime import timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Programme, Registration, RegistrationStatus
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.factories import make_registration, make_school, make_user
from tests.mailbox import read_mails
from tests.networks.factories import bearer, open_network, token_for

S = RegistrationStatus
ROLES = ("admin", "ministry", "coach", "other-coach", "school", "other-school")


@pytest.fixture
def api(app):
    """Tokens per role, a network coached by 'coach' with an open call, and a registration."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        school_id = make_school(name="Sint-Ursula-Instituut")
        users = {
            "admin": make_user(role="admin"),
            "ministry": make_user(role="ministry"),
            "coach": coach,
            "other-coach": make_user(role="coach"),
            "school": make_user(role="school", school_ids=[school_id]),
            "other-school": make_user(role="school"),
        }
        network_id = open_network(capacity=2, coach_ids=[coach])
        registration_id = make_registration(school_id=school_id, network_id=network_id)
        other_school = db.session.scalar(
            select(School).join(School.users).where(User.id == users["other-school"])
        )
        data = {
            "tokens": {role: token_for(uid) for role, uid in users.items()},
            "network": network_id,
            "registration": registration_id,
            "school_number": db.session.get(School, school_id).institution_number,
            "other_school_number": other_school.institution_number,
            "programme": db.session.scalar(select(Programme.id)),
        }
    return data


def _headers(api, role):
    return bearer(api["tokens"][role])


# (method, path, body) -> roles that are let through (others: 403)
TABLE = [
    ("GET", "/api/v1/programmes", None, set(ROLES)),
    ("POST", "/api/v1/programmes", {"name": "Nieuw programma"}, {"admin"}),
    ("GET", "/api/v1/networks", None, set(ROLES)),
    ("GET", "/api/v1/networks/{network}", None, set(ROLES)),
    ("GET", "/api/v1/registrations", None, set(ROLES)),
    ("GET", "/api/v1/registrations/{registration}", None, {"admin", "ministry", "coach", "school"}),
    (
        "POST",
        "/api/v1/registrations/{registration}/transitions",
        {"to": "waitlisted"},
        {"admin", "coach"},
    ),
    (
        "POST",
        "/api/v1/registrations/{registration}/transitions",
        {"to": "withdrawn"},
        {"admin", "school"},
    ),
]


@pytest.mark.parametrize("role", ROLES)
def test_endpoint_by_role_table(app, client, api, role):
    """Each endpoint lets the roles of the table through and answers 403 in JSON to the rest."""
    wrong = []
    for method, path, body, allowed in TABLE:
        url = path.format(**api)
        response = client.open(url, method=method, json=body, headers=_headers(api, role))
        code = response.status_code
        ok = code in (200, 201) if role in allowed else code == 403
        if not ok or (code == 403 and response.get_json()["error"]["code"] != "forbidden"):
            wrong.append((method, url, body, code))
        if code in (200, 201) and method == "POST" and "transitions" in url:
            # Put the registration back to submitted so that the next row starts the same.
            with app.app_context():
                registration = db.session.get(Registration, api["registration"])
                registration.status_changes.pop()
                registration.status = S.submitted
                db.session.commit()
    assert wrong == []


def test_no_token_or_a_bad_token_is_401_in_json(client, api):
    """Without a valid bearer token every endpoint answers 401 with the one error format."""
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/networks", headers=headers)
        assert response.status_code == 401
        assert "Bearer" in response.get_json()["error"]["message"]


def test_school_registers_by_institution_number(client, api, outbox):
    """POST .../registrations -> 201 with the registration and its first history row."""
    with client.application.app_context():
        school_id = make_school()
        number = db.session.get(School, school_id).institution_number
        token = token_for(make_user(role="school", email="els@school.be", school_ids=[school_id]))
    response = client.post(
        f"/api/v1/networks/{api['network']}/registrations",
        json={
            "institution_number": number,
            "contact_name": "Els",
            "contact_email": "els@school.be",
            "motivation": "Graag",
        },
        headers=bearer(token),
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "submitted" and body["school"]["institution_number"] == number
    assert [(h["from_status"], h["to_status"]) for h in body["history"]] == [(None, "submitted")]
    assert body["history"][0]["effective_on"] == today().isoformat()
    # The school's status mail, and the mail to the network's coach.
    assert sorted(to for mail in read_mails(outbox) for to in mail.to) == sorted(
        ["els@school.be", "coach@test.be"]
    )
    again = client.post(
        f"/api/v1/networks/{api['network']}/registrations",
        json={"institution_number": number},
        headers=bearer(token),
    )
    assert again.status_code == 409
    assert "al ingeschreven" in again.get_json()["error"]["message"]


BAD_REGISTRATIONS = [
    ("other-school", {"institution_number": "{school_number}"}, 403, "eigen scholen"),
    ("school", {"institution_number": "000000"}, 404, "Onbekend instellingsnummer"),
    ("school", {}, 422, "ongeldig"),
    ("school", {"institution_number": "{school_number}", "effective_on": "morgen"}, 422, ""),
    ("ministry", {"institution_number": "{school_number}"}, 403, ""),
    (
        "admin",
        {"institution_number": "{other_school_number}", "effective_on": "{future}"},
        422,
        "toekomst",
    ),
]


def test_bad_registration_requests(client, api):
    """Unknown school, other school, missing field, bad or future date: 4xx in JSON, nothing made."""
    values = {**api, "future": (today() + timedelta(days=3)).isoformat()}
    for role, body, status, fragment in BAD_REGISTRATIONS:
        body = {k: v.format(**values) for k, v in body.items()}
        response = client.post(
            f"/api/v1/networks/{api['network']}/registrations",
            json=body,
            headers=_headers(api, role),
        )
        assert response.status_code == status, (role, body, response.get_json())
        assert fragment.lower() in response.get_json()["error"]["message"].lower()
    with client.application.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_unknown_ids_are_404_in_json(client, api):
    """Unknown network or registration: 404 with the error format."""
    headers = _headers(api, "admin")
    for method, url, body in (
        ("GET", "/api/v1/networks/999999", None),
        ("GET", "/api/v1/registrations/999999", None),
        ("POST", "/api/v1/networks/999999/registrations", {"institution_number": "1"}),
        ("POST", "/api/v1/registrations/999999/transitions", {"to": "accepted"}),
    ):
        response = client.open(url, method=method, json=body, headers=headers)
        assert response.status_code == 404, url
        assert response.get_json()["error"]["code"] == "not_found"


def test_out_of_range_ids_and_unknown_filters_are_4xx_not_500(client, api):
    """An id beyond the database's integer is a 404 or 422, a misspelt filter a 422 (schemathesis
    found 500s from the driver for the ids and silently ignored filters)."""
    headers = _headers(api, "admin")
    huge = 99999999999999999999
    assert client.get(f"/api/v1/networks/{huge}", headers=headers).status_code == 404
    for url in (f"/api/v1/registrations?network_id={huge}", f"/api/v1/networks?page={huge}"):
        assert client.get(url, headers=headers).status_code == 422, url
    body = {"name": "X", "programme_id": huge, "level": "basis", "anchor_schools": ["1"]}
    refused = client.post("/api/v1/networks", json=body, headers=headers)
    assert refused.status_code == 422
    assert "programme_id" in refused.get_json()["error"]["details"]["json"]
    misspelt = client.get("/api/v1/networks?programme=3", headers=headers)
    assert misspelt.status_code == 422
    assert "programme" in misspelt.get_json()["error"]["details"]["query"]


def test_a_refused_method_names_the_allowed_ones(client, api):
    """405 in JSON with the Allow header (RFC 9110), which the error handler used to drop."""
    response = client.open("/api/v1/networks", method="DELETE", headers=_headers(api, "admin"))
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_moments_carry_their_utc_offset(client, api):
    """created_at and recorded_at are RFC 3339 date-times with an offset, as documented."""
    url = f"/api/v1/registrations/{api['registration']}"
    body = client.get(url, headers=_headers(api, "admin")).get_json()
    assert body["created_at"].endswith("+00:00")
    assert all(change["recorded_at"].endswith("+00:00") for change in body["history"])


def test_transitions_history_and_refusals(client, api):
    """Coach accepts with an earlier date; an illegal move and a full network are refused."""
    url = f"/api/v1/registrations/{api['registration']}/transitions"
    coach = _headers(api, "coach")
    future = (today() + timedelta(days=1)).isoformat()
    assert (
        client.post(url, json={"to": "accepted", "effective_on": future}, headers=coach).status_code
        == 422
    )
    bad = client.post(url, json={"to": "bijna"}, headers=coach)
    assert bad.status_code == 422 and "to" in bad.get_json()["error"]["details"]["json"]
    ok = client.post(url, json={"to": "accepted", "reason": "Welkom"}, headers=coach)
    assert ok.status_code == 200
    assert [h["to_status"] for h in ok.get_json()["history"]] == ["submitted", "accepted"]
    assert ok.get_json()["history"][-1]["reason"] == "Welkom"
    refused = client.post(url, json={"to": "waitlisted"}, headers=coach)
    assert refused.status_code == 422
    assert "kan niet naar" in refused.get_json()["error"]["message"]
    with client.application.app_context():
        for _ in range(2):
            make_registration(school_id=make_school(), network_id=api["network"])
        last = db.session.scalars(select(Registration.id).order_by(Registration.id.desc())).first()
    client.post(
        f"/api/v1/registrations/{last - 1}/transitions", json={"to": "accepted"}, headers=coach
    )
    full = client.post(
        f"/api/v1/registrations/{last}/transitions", json={"to": "accepted"}, headers=coach
    )
    assert full.status_code == 409 and full.get_json()["error"]["code"] == "network_full"


def test_create_network_through_the_api(client, api):
    """Admin creates a network by institution numbers and coach e-mails; a third anchor fails."""
    with client.application.app_context():
        numbers = [db.session.get(School, make_school()).institution_number for _ in range(3)]
    body = {
        "name": "STS Limburg",
        "programme_id": api["programme"],
        "level": "secundair",
        "capacity": 12,
        "province": "limburg",
        "anchor_schools": numbers[:2],
        "coaches": ["coach@test.be"],
    }
    admin = _headers(api, "admin")
    created = client.post("/api/v1/networks", json=body, headers=admin)
    assert created.status_code == 201, created.get_json()
    out = created.get_json()
    assert {a["institution_number"] for a in out["anchors"]} == set(numbers[:2])
    assert out["places_left"] == 12 and out["coaches"][0]["email"] == "coach@test.be"
    three = client.post("/api/v1/networks", json={**body, "anchor_schools": numbers}, headers=admin)
    assert three.status_code == 422 and "hoogstens twee" in three.get_json()["error"]["message"]
    # Issue 20: a network may have no anchor ("zonder anker").
    none = client.post("/api/v1/networks", json={**body, "anchor_schools": []}, headers=admin)
    assert none.status_code == 201 and none.get_json()["anchor_organisations"] == []
    bad_coach = client.post("/api/v1/networks", json={**body, "coaches": ["x@y.be"]}, headers=admin)
    assert bad_coach.status_code == 422
    bad_level = client.post("/api/v1/networks", json={**body, "level": "kleuter"}, headers=admin)
    assert bad_level.status_code == 422
    for role in ("ministry", "coach", "school"):
        assert (
            client.post("/api/v1/networks", json=body, headers=_headers(api, role)).status_code
            == 403
        )


def test_lists_are_paginated_and_filtered(client, api):
    """{items, page, per_page, total}; filters on level; bad per_page is a 422."""
    with client.application.app_context():
        for _ in range(4):
            open_network(with_call=False)
    admin = _headers(api, "admin")
    body = client.get("/api/v1/networks?per_page=2&page=2", headers=admin).get_json()
    assert body["total"] == 5 and body["page"] == 2 and body["per_page"] == 2
    assert len(body["items"]) == 2
    assert client.get("/api/v1/networks?level=basis", headers=admin).get_json()["total"] == 0
    assert client.get("/api/v1/networks?per_page=1000", headers=admin).status_code == 422
    assert client.get("/api/v1/networks?level=kleuter", headers=admin).status_code == 422


def test_registrations_are_scoped_by_role(client, api):
    """School users see their schools', coaches their networks', ministry everything as codes."""
    with client.application.app_context():
        make_registration(school_id=make_school(), network_id=open_network())
    totals = {
        role: client.get("/api/v1/registrations", headers=_headers(api, role)).get_json()["total"]
        for role in ROLES
    }
    assert totals == {
        "admin": 2,
        "ministry": 2,
        "coach": 1,
        "other-coach": 0,
        "school": 1,
        "other-school": 0,
    }
    ministry = client.get("/api/v1/registrations", headers=_headers(api, "ministry")).get_json()
    assert all("name" not in item["school"] for item in ministry["items"])
    assert all(item["school"]["public_code"] for item in ministry["items"])
    school = client.get("/api/v1/registrations", headers=_headers(api, "school")).get_json()
    assert school["items"][0]["school"]["name"] == "Sint-Ursula-Instituut"


def test_ministry_reads_and_never_writes(client, api):
    """Ministry tokens: GETs work, every POST is a 403."""
    headers = _headers(api, "ministry")
    assert (
        client.get(f"/api/v1/registrations/{api['registration']}", headers=headers).status_code
        == 200
    )
    for url, body in (
        ("/api/v1/programmes", {"name": "X"}),
        (f"/api/v1/networks/{api['network']}/registrations", {"institution_number": "1"}),
        (f"/api/v1/registrations/{api['registration']}/transitions", {"to": "accepted"}),
    ):
        assert client.post(url, json=body, headers=headers).status_code == 403


def test_openapi_document_is_valid_and_lists_every_route(client):
    """The generated document validates against OpenAPI 3 and lists the routes of the issue."""
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    expected = {
        ("/api/v1/programmes", "get"),
        ("/api/v1/programmes", "post"),
        ("/api/v1/networks", "get"),
        ("/api/v1/networks", "post"),
        ("/api/v1/networks/{network_id}", "get"),
        ("/api/v1/networks/{network_id}/registrations", "post"),
        ("/api/v1/registrations", "get"),
        ("/api/v1/registrations/{registration_id}", "get"),
        ("/api/v1/registrations/{registration_id}/transitions", "post"),
    }
    listed = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert expected <= listed
    assert "/api/v1/docs" not in spec["paths"]
    schema = spec["components"]["schemas"]["NetworkIn"]
    # Anchors are optional since issue 20 (0 to 2, schools or organisations).
    assert {"name", "programme_id", "level"} <= set(schema["required"])


def _resolve(spec: dict, node: dict) -> dict:
    """Follow a $ref inside the document."""
    while "$ref" in node:
        *_, kind, name = node["$ref"].split("/")
        node = spec["components"][kind][name]
    return node


def test_every_operation_documents_its_errors_in_the_one_format(client):
    """400 and 401 on every operation, no catch-all default, and every error is the Error body."""
    spec = client.get("/api/v1/openapi.json").get_json()
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert set(_resolve(spec, error["properties"]["error"])["required"]) == {"code", "message"}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            assert {"400", "401"} <= set(op["responses"]), (method, path)
            assert "default" not in op["responses"], (method, path)
            for status, response in op["responses"].items():
                if status.startswith("4"):
                    body = _resolve(spec, response)["content"]["application/json"]["schema"]
                    assert body == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_docs_page_is_readable_without_scripts(client):
    """The docs page renders every path from the spec, with no external or inline script."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "POST /api/v1/networks/{network_id}/registrations" in page
    assert "RegistrationIn" in page and "institution_number" in page
    # The CSRF token of the language switch is random text (since tokens expire, a longer one):
    # it may spell "cdn" by chance, so the check reads the page without it.
    markup = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "", page)
    assert "cdn" not in markup.lower() and 'src="http' not in markup
    assert "<script>" not in page  # CSP forbids inline scripts


def test_the_history_names_who_and_why_only_to_readers_of_names(client, api):
    """A coach's move: its coach and admins see the actor and reason, the ministry neither."""
    url = f"/api/v1/registrations/{api['registration']}"
    moved = client.post(
        f"{url}/transitions",
        json={"to": "waitlisted", "reason": "Sint-Ursula belde af"},
        headers=_headers(api, "coach"),
    )
    assert moved.status_code == 200, moved.get_json()
    for role, sees in (("admin", True), ("coach", True), ("ministry", False)):
        last = client.get(url, headers=_headers(api, role)).get_json()["history"][-1]
        assert (last["actor"] is not None, last["reason"] == "Sint-Ursula belde af") == (sees, sees)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", True),
        ("coach", True),
        ("other-coach", True),
        ("ministry", False),
        ("school", False),
    ],
)
def test_coaches_e_mail_addresses_only_for_admins_and_coaches(client, api, role, sees):
    """A coach's e-mail address is for the staff; school and ministry tokens see the name (I8)."""
    items = client.get("/api/v1/networks", headers=_headers(api, role)).get_json()["items"]
    coaches = [c for n in items for c in n["coaches"]]
    assert coaches and all(c["name"] for c in coaches)
    assert any("email" in c for c in coaches) is sees


def test_network_search_treats_percent_and_underscore_as_text(client, api):
    """q is matched literally: '%' or '_' are no wildcards that match every network (I4)."""
    headers = _headers(api, "admin")
    assert client.get("/api/v1/networks", headers=headers).get_json()["total"] >= 1
    for q in ("%", "_", "%25"):
        body = client.get("/api/v1/networks", headers=headers, query_string={"q": q}).get_json()
        assert body["total"] == 0, q
