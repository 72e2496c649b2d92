"""The schools API: read by admins and coaches (a school user its own schools, the ministry not
at all), create for admins, JSON errors."""

import pytest
from sqlalchemy import func, select

from netwerk.extensions import db
from netwerk.schools.models import School
from tests.factories import make_school, make_user
from tests.schools.factories import make_token

NEW = {
    "institution_number": "126771",
    "name": "Sint-Jozefscollege",
    "level": "Secundair",
    "umbrella": "Katholiek Onderwijs Vlaanderen",
    "street": "Kerkstraat 1",
    "postcode": "3800",
    "municipality": "Sint-Truiden",
}


@pytest.fixture
def token_for(app):
    """A function: role -> Authorization header of a new user with that role."""

    def _token(role: str) -> dict:
        with app.app_context():
            return {"Authorization": f"Bearer {make_token(make_user(role=role))}"}

    return _token


def _schools(app, *specs) -> list[int]:
    with app.app_context():
        return [make_school(**spec) for spec in specs]


@pytest.mark.parametrize("role", ["admin", "coach"])
def test_admins_and_coaches_read_the_full_registry(app, client, token_for, role):
    """Admins and coaches read the registry with names and codes."""
    (school_id,) = _schools(app, {"name": "Atheneum"})
    headers = token_for(role)
    body = client.get("/api/v1/schools", headers=headers).get_json()
    assert body["total"] >= 1
    one = client.get(f"/api/v1/schools/{school_id}", headers=headers)
    assert one.status_code == 200
    assert one.get_json()["name"] == "Atheneum"
    assert one.get_json()["public_code"].startswith("S-")


def test_ministry_may_not_read_the_registry(app, client, token_for):
    """The ministry sees schools by code only elsewhere: the registry (names) is a 403 (M2)."""
    (school_id,) = _schools(app, {"name": "Atheneum"})
    headers = token_for("ministry")
    assert client.get("/api/v1/schools", headers=headers).status_code == 403
    assert client.get(f"/api/v1/schools/{school_id}", headers=headers).status_code == 403


def test_a_school_user_reads_its_own_schools_by_name_without_codes(app, client):
    """A school user lists and reads only its own schools, by name and without their code."""
    own, other = _schools(app, {"name": "Eigen school"}, {"name": "Andere school"})
    with app.app_context():
        headers = {
            "Authorization": f"Bearer {make_token(make_user(role='school', school_ids=[own]))}"
        }
    body = client.get("/api/v1/schools", headers=headers).get_json()
    assert [(s["id"], s["name"]) for s in body["items"]] == [(own, "Eigen school")]
    assert body["total"] == 1
    assert "public_code" not in body["items"][0]
    assert (
        client.get(f"/api/v1/schools/{own}", headers=headers).get_json()["name"] == "Eigen school"
    )
    assert client.get(f"/api/v1/schools/{other}", headers=headers).status_code == 404


def test_list_filters_and_paginates(app, client, token_for):
    """Filters on level, province and q; page and per_page; the total counts every match."""
    _schools(
        app,
        *({"name": f"Basisschool {i}", "level": "basis"} for i in range(5)),
        {"name": "Atheneum Hasselt", "level": "secundair", "province": "limburg"},
    )
    headers = token_for("coach")
    body = client.get("/api/v1/schools?level=basis&per_page=2&page=2", headers=headers).get_json()
    assert (body["page"], body["per_page"], body["total"]) == (2, 2, 5)
    assert [s["name"] for s in body["items"]] == ["Basisschool 2", "Basisschool 3"]
    assert {s["level"] for s in body["items"]} == {"basis"}
    body = client.get("/api/v1/schools?province=limburg", headers=headers).get_json()
    assert [s["name"] for s in body["items"]] == ["Atheneum Hasselt"]
    body = client.get("/api/v1/schools?q=hasselt", headers=headers).get_json()
    assert body["total"] == 1
    beyond = client.get("/api/v1/schools?page=99", headers=headers).get_json()
    assert (beyond["items"], beyond["total"]) == ([], 6)


@pytest.mark.parametrize(
    "query", ["per_page=101", "per_page=0", "page=0", "page=x", "level=universiteit"]
)
def test_bad_query_parameters_are_422_json(client, token_for, query):
    """Bad paging or filter values are answered with a JSON 422 naming the field."""
    response = client.get(f"/api/v1/schools?{query}", headers=token_for("admin"))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["message"] == "De gegevens zijn ongeldig."
    assert query.split("=")[0] in str(error["details"])


def test_without_a_valid_token_is_401(client):
    """No token or an unknown one: 401 in JSON."""
    assert client.get("/api/v1/schools").status_code == 401
    response = client.get("/api/v1/schools", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert "Bearer" in response.get_json()["error"]["message"]
    assert client.post("/api/v1/schools", json=NEW).status_code == 401


def test_unknown_school_is_404_json(client, token_for):
    """An unknown id gives a JSON 404."""
    response = client.get("/api/v1/schools/99999", headers=token_for("coach"))
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "Deze school bestaat niet."


def test_admin_creates_a_school_with_readable_values(app, client, token_for):
    """POST with Dutch values as in the CSV: 201 with the school; province from the postcode."""
    response = client.post("/api/v1/schools", json=NEW, headers=token_for("admin"))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["level"], body["umbrella"], body["province"]) == ("secundair", "kov", "limburg")
    with app.app_context():
        assert db.session.get(School, body["id"]).public_code == body["public_code"]


@pytest.mark.parametrize("role", ["ministry", "coach", "school"])
def test_other_roles_cannot_create(app, client, token_for, role):
    """Ministry (read only), coach and school users get 403 on POST; nothing is written."""
    response = client.post("/api/v1/schools", json=NEW, headers=token_for(role))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    with app.app_context():
        assert (
            db.session.scalar(select(School).where(School.institution_number == "126771")) is None
        )


def test_post_validation_errors_are_422_with_details(app, client, token_for):
    """The service's rules (as in the import) come back per field, in Dutch, as JSON 422."""
    _schools(app, {"institution_number": "555555"})
    headers = token_for("admin")
    bad = {
        **NEW,
        "institution_number": "55a",
        "level": "universiteit",
        "postcode": "123",
        "parent_institution_number": "999999",
    }
    response = client.post("/api/v1/schools", json=bad, headers=headers)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]["json"]
    assert "mag enkel cijfers bevatten" in details["institution_number"][0]
    assert details["level"] == ["Onbekend niveau 'universiteit'."]
    assert "vier cijfers" in details["postcode"][0]
    assert "999999" in details["parent_institution_number"][0]
    duplicate = client.post(
        "/api/v1/schools", json={**NEW, "institution_number": "555555"}, headers=headers
    )
    assert duplicate.status_code == 422
    assert "Er bestaat al een school" in str(duplicate.get_json()["error"]["details"])
    missing = client.post("/api/v1/schools", json={"name": "X", "foo": 1}, headers=headers)
    assert missing.status_code == 422
    assert {"institution_number", "foo"} <= set(missing.get_json()["error"]["details"]["json"])
    not_json = client.post("/api/v1/schools", data="nee", headers=headers)
    assert not_json.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(School.id))) == 1


def test_openapi_document_describes_the_schools_endpoints(client):
    """The OpenAPI document is generated from the code and lists the endpoints."""
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"get", "post"} <= set(spec["paths"]["/api/v1/schools"])
    assert "get" in spec["paths"]["/api/v1/schools/{school_id}"]
