"""The report API: shape, totals, scoping per token, errors as JSON, the OpenAPI document."""

from datetime import date, datetime

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.reports.bodies import participation_body
from netwerk.reports.params import ReportFilters, ReportParams
from netwerk.reports.participation import participation_report
from netwerk.reports.schemas import ParticipationReportSchema, ReachReportSchema
from tests.factories import make_user
from tests.reports.factories import make_token


def _token(app, role: str = "ministry", user_id: int | None = None) -> dict:
    with app.app_context():
        token = make_token(user_id or make_user(role=role))
    return {"Authorization": f"Bearer {token}"}


def test_participation_shape_and_counts(app, client, data):
    """Rows per anchor x network x level, totals per level, peildatum and source."""
    response = client.get(
        "/api/v1/reports/participation?as_of=2021-11-19", headers=_token(app, "ministry")
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["as_of"] == "2021-11-19"
    assert body["basis"] == "registered"
    assert body["source"].startswith("bron: gegevens 19/11/2021, stand van de gegevens ")
    rows = {
        (r["anchor_school"]["name"], r["network"]["id"], r["level"]): r["count"]
        for r in body["rows"]
    }
    assert rows == {
        ("Sint-Jozef Humaniora Brugge", data.N1, "secundair"): 2,
        ("Sint-Jozef Humaniora Brugge", data.N2, "secundair"): 2,
        ("GO! Atheneum Geraardsbergen", data.N3, "secundair"): 2,
        ("Scholengemeenschap SO Leuven", data.N3, "secundair"): 2,
        ("VBS De Ark Heverlee", data.N4, "basis"): 3,
    }
    assert body["totals"] == {
        "secundair": {"registrations": 6, "distinct_schools": 4, "other_members": {}},
        "basis": {"registrations": 3, "distinct_schools": 3, "other_members": {}},
    }
    first = body["rows"][0]
    # A network's first row carries its other members (issue 20).
    assert set(first) == {"anchor_school", "anchor", "network", "level", "count", "other_members"}
    assert set(first["anchor_school"]) == {"institution_number", "name"}
    assert set(first["network"]) == {"id", "name"}


def test_participation_filters_and_basis(app, client, data):
    """Level, programme and basis narrow the same figures as the page."""
    headers = _token(app, "admin")
    body = client.get(
        "/api/v1/reports/participation?as_of=2021-11-19&level=basis&basis=participating",
        headers=headers,
    ).get_json()
    assert [(r["network"]["id"], r["count"]) for r in body["rows"]] == [(data.N4, 1)]
    assert body["totals"] == {
        "basis": {"registrations": 1, "distinct_schools": 1, "other_members": {}}
    }
    body = client.get(
        f"/api/v1/reports/participation?as_of=2021-11-19&programme_id={data.prog_o}",
        headers=headers,
    ).get_json()
    assert body["rows"] == [] and body["totals"] == {}


def test_coach_token_sees_own_networks_school_token_403(app, client, data):
    """A coach's token gives the coach's networks only; school tokens and no token are refused."""
    body = client.get(
        "/api/v1/reports/participation?as_of=2021-11-19", headers=_token(app, user_id=data.coach2)
    ).get_json()
    assert {r["network"]["id"] for r in body["rows"]} == {data.N2}
    assert body["totals"] == {
        "secundair": {"registrations": 2, "distinct_schools": 2, "other_members": {}}
    }
    school = client.get("/api/v1/reports/participation", headers=_token(app, "school"))
    assert school.status_code == 403 and school.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/reports/participation").status_code == 401
    assert client.get("/api/v1/reports/reach", headers=_token(app, "school")).status_code == 403


@pytest.mark.parametrize(
    ("query", "status", "fragment"),
    [
        ("as_of=19-13-2021", 400, "Ongeldige datum"),
        ("as_of=morgen", 400, "Ongeldige datum"),
        ("as_of=2199-01-01", 400, "toekomst"),
        ("programme_id=424242", 400, "Onbekend programma"),
        ("programme_id=abc", 422, "ongeldig"),
        ("basis=all", 422, "ongeldig"),
        ("level=hoger", 422, "ongeldig"),
        ("school_year=2021", 400, "schooljaar"),
        ("colour=blue", 422, "ongeldig"),
    ],
)
def test_participation_errors_are_json(app, client, query, status, fragment):
    """Bad dates, future dates, unknown ids, bad basis, unknown parameters: 400/422 JSON."""
    response = client.get(f"/api/v1/reports/participation?{query}", headers=_token(app, "ministry"))
    assert response.status_code == status
    error = response.get_json()["error"]
    assert fragment.lower() in error["message"].lower()


def test_reach_shape_and_counts(app, client, data):
    """Per school year and cumulative, with numerator, denominator and percentage."""
    body = client.get(
        "/api/v1/reports/reach?as_of=2021-11-19&level=secundair", headers=_token(app)
    ).get_json()
    assert body["population"] == {
        "level": "secundair",
        "province": None,
        "umbrella": None,
        "size": 12,
    }
    assert [
        (y["period"], y["numerator"], y["denominator"], y["percentage"])
        for y in body["school_years"]
    ] == [("2020-2021", 5, 12, 41.7), ("2021-2022", 5, 12, 41.7)]
    assert body["cumulative"] == {
        "period": "cumulative",
        "starts_on": None,
        "ends_on": "2021-11-19",
        "numerator": 6,
        "denominator": 12,
        "percentage": 50.0,
    }


def test_reach_errors(app, client):
    """A future peildatum is refused on reach too."""
    response = client.get("/api/v1/reports/reach?as_of=2199-01-01", headers=_token(app))
    assert response.status_code == 400 and "toekomst" in response.get_json()["error"]["message"]


def test_openapi_document_lists_the_report_endpoints(app, client):
    """Both endpoints with their query parameters and response schemas are documented."""
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    participation = spec["paths"]["/api/v1/reports/participation"]["get"]
    names = {p["name"] for p in participation["parameters"]}
    assert {"as_of", "programme_id", "level", "basis"} <= names
    assert "/api/v1/reports/reach" in spec["paths"]
    schema_names = set(spec["components"]["schemas"])
    assert {"ParticipationReport", "ParticipationRow", "LevelTotal"} <= schema_names
    # The effort report's API is the effort feature's endpoint (same effort_rollup as the page).
    effort = spec["paths"]["/api/v1/reports/effort"]["get"]
    assert {"school_year", "group_by"} <= {p["name"] for p in effort["parameters"]}


def test_token_user_must_be_active(app, client):
    """A deactivated ministry account's token no longer reads."""
    with app.app_context():
        user_id = make_user(role="ministry")
        token = make_token(user_id)
        db.session.get(User, user_id).is_active_account = False
        db.session.commit()
    response = client.get(
        "/api/v1/reports/participation", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


def test_participation_body_is_the_schemas_own_dump(app, client, data):
    """The endpoint writes its body without marshmallow (speed): byte for byte in JSON it is what
    ParticipationReportSchema would have dumped, so the document and the answer never part."""
    response = client.get(
        "/api/v1/reports/participation?as_of=2021-11-19", headers=_token(app, "ministry")
    )
    # The same moment as the answer (known now, it was resolved when the request came in).
    known_at = datetime.fromisoformat(response.get_json()["known_at"])
    with app.test_request_context():
        ministry = db.session.get(User, make_user(role="ministry"))
        report = participation_report(
            ministry,
            ReportParams(date(2021, 11, 19), "registered", ReportFilters(), known_at=known_at),
        )
        dumped = ParticipationReportSchema().dump(participation_body(report))
    assert response.get_json() == dumped
    assert len(dumped["rows"]) == 5


def test_reach_body_is_what_the_schema_dumps(app, client, data):
    """The reach endpoint writes bodies.reach_json without marshmallow too: read back by
    ReachReportSchema and dumped again it is unchanged, so the document and the answer agree."""
    response = client.get(
        "/api/v1/reports/reach?as_of=2021-11-19&level=secundair", headers=_token(app)
    )
    body = response.get_json()
    schema = ReachReportSchema()
    # The population's values are free (Raw, nulls included): they pass through as they are.
    loaded = schema.load({**body, "population": {}})
    assert schema.dump({**loaded, "population": body["population"]}) == body
    assert isinstance(body["cumulative"]["percentage"], float)
    assert body["cumulative"]["starts_on"] is None
