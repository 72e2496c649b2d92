"""The effort API: lists with pagination and scope, and the report with the page's figures."""

from datetime import date
from decimal import Decimal

import pytest

from netwerk.effort.models import Activity, FundingSource
from netwerk.effort.rollup import GROUP_BY, effort_rollup
from netwerk.extensions import db
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff, make_token
from tests.factories import make_network, make_school, make_user


@pytest.fixture
def api(app):
    """Two networks (one with two anchors), a coach on one, their staff, tokens per role."""
    with app.app_context():
        coach = make_user(role="coach")
        a, b = make_school(name="A-school"), make_school(name="B-school")
        shared = make_network(name="Gedeeld", anchor_ids=[a, b], coach_ids=[coach])
        other = make_network(name="Ander")
        own = make_staff("Koen", user_id=coach)
        colleague = make_staff("Els")
        make_assignment(own, "0.5", date(2023, 9, 1), network_id=shared)
        make_assignment(
            colleague,
            "0.4",
            date(2023, 9, 1),
            date(2024, 2, 29),
            anchor_school_id=a,
            funding=FundingSource.eigen_middelen,
        )
        make_assignment(colleague, "0.2", date(2022, 9, 1), date(2023, 6, 30), network_id=other)
        make_planned("2023-2024", "1", "0.5", network_id=shared)
        for day in range(1, 6):
            make_hours(own, shared, date(2023, 10, day), 60, Activity.bijeenkomst)
        make_hours(colleague, other, date(2023, 11, 7), 90, Activity.schoolbezoek)
        tokens = {
            role: make_token(make_user(role=role)) for role in ("admin", "ministry", "school")
        }
        tokens["coach"] = make_token(coach)
        return {
            "tokens": tokens,
            "own": own,
            "colleague": colleague,
            "shared": shared,
            "other": other,
        }


def _get(client, api, role, url):
    return client.get(url, headers={"Authorization": f"Bearer {api['tokens'][role]}"})


@pytest.mark.parametrize(
    ("role", "assignments", "entries", "report"),
    [
        ("admin", 3, 6, 200),
        ("ministry", 3, 6, 200),
        ("coach", 1, 5, 200),  # own assignment and entries only (the shared network has no others)
        ("school", 403, 403, 403),
    ],
)
def test_readers_and_their_scope(client, api, role, assignments, entries, report):
    """Admins and ministry read all; a coach reads their own; school users are refused."""
    response = _get(client, api, role, "/api/v1/assignments")
    if assignments == 403:
        assert response.status_code == 403
        assert _get(client, api, role, "/api/v1/hour-entries").status_code == 403
        assert (
            _get(client, api, role, "/api/v1/reports/effort?school_year=2023-2024").status_code
            == 403
        )
        return
    assert response.json["total"] == assignments
    assert _get(client, api, role, "/api/v1/hour-entries").json["total"] == entries
    assert (
        _get(client, api, role, "/api/v1/reports/effort?school_year=2023-2024").status_code
        == report
    )


def test_pagination_and_filters(client, api):
    """{"items","page","per_page","total"}; filters narrow the list."""
    body = _get(client, api, "admin", "/api/v1/hour-entries?per_page=2&page=2").json
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (2, 2, 6, 2)
    assert body["items"][0]["worked_on"] == "2023-10-03"
    body = _get(client, api, "ministry", "/api/v1/hour-entries?activity=schoolbezoek").json
    assert [i["minutes"] for i in body["items"]] == [90]
    body = _get(
        client,
        api,
        "admin",
        f"/api/v1/assignments?school_year=2023-2024&staff_member_id={api['colleague']}",
    ).json
    assert [(i["fte"], i["funding_source"]) for i in body["items"]] == [("0.400", "eigen_middelen")]
    assert (
        _get(client, api, "admin", "/api/v1/assignments?school_year=2023-2024").json["total"] == 2
    )
    body = _get(
        client, api, "admin", "/api/v1/hour-entries?date_from=2023-10-04&date_to=2023-10-31"
    ).json
    assert body["total"] == 2


BAD_REPORT_QUERIES = [
    ("school_year=2023", 400),
    ("school_year=2023-2025", 400),
    ("", 422),
    ("school_year=2023-2024&group_by=school", 422),
    ("school_year=2023-2024&province=nergens", 422),
    ("school_year=2023-2024&programme_id=x", 422),
]


def test_report_refuses_bad_parameters(client, api):
    """A bad school year or grouping is a JSON 400/422 with a message."""
    for query, status in BAD_REPORT_QUERIES:
        response = _get(client, api, "ministry", f"/api/v1/reports/effort?{query}")
        assert response.status_code == status, query
        assert response.json["error"]["message"], query


def test_list_refuses_bad_parameters(client, api):
    """Bad pagination or filters are JSON 4xx, and no token is 401."""
    assert _get(client, api, "admin", "/api/v1/hour-entries?per_page=1000").status_code == 422
    assert _get(client, api, "admin", "/api/v1/hour-entries?date_from=gisteren").status_code == 422
    # Days outside 1900..2200 are refused like on the pages (the API's one BoundedDate).
    assert _get(client, api, "admin", "/api/v1/hour-entries?date_to=9999-12-31").status_code == 422
    assert (
        _get(client, api, "admin", "/api/v1/hour-entries?date_from=0001-01-01").status_code == 422
    )
    assert _get(client, api, "admin", "/api/v1/assignments?school_year=x").status_code == 400
    assert client.get("/api/v1/assignments").status_code == 401


def test_report_has_the_same_figures_as_the_service(app, client, api):
    """The report is the service's roll-up, figure for figure, for every grouping."""
    for group_by in GROUP_BY:
        _compare(app, client, api, group_by)


def _compare(app, client, api, group_by):
    """One grouping: the API's figures equal the service's."""
    body = _get(
        client, api, "ministry", f"/api/v1/reports/effort?school_year=2023-2024&group_by={group_by}"
    ).json
    with app.test_request_context():
        rollup = effort_rollup("2023-2024", group_by)
        db.session.rollback()
    assert body["school_year"] == "2023-2024" and body["group_by"] == group_by
    assert [r["label"] for r in body["rows"]] == [r.label for r in rollup.rows]
    for got, want in zip(body["rows"] + [body["total"]], rollup.rows + [rollup.total], strict=True):
        for name in (
            "planned_fte",
            "earmarked_fte",
            "realised_fte",
            "subsidised_fte",
            "own_fte",
            "other_fte",
            "difference_fte",
            "hours",
            "hours_fte",
        ):
            assert Decimal(got[name]) == getattr(want, name)
        assert {k: Decimal(v) for k, v in got["realised_by_funding"].items()} == (
            want.realised_by_funding
        )
        assert {k: Decimal(v) for k, v in got["hours_by_activity"].items()} == (
            want.hours_by_activity
        )
    total = body["total"]
    # 0,5 (shared, all year) + 0,4 x 182/366 (A, until 29/2) = 0,699; 5u + 1u30 of hours.
    assert (total["realised_fte"], total["own_fte"], total["hours"]) == ("0.699", "0.199", "6.5")
    assert total["planned_fte"] == "1.000"


def test_coach_report_covers_only_their_networks(client, api):
    """A coach's report counts the networks they run (half of the shared network per anchor)."""
    body = _get(
        client, api, "coach", "/api/v1/reports/effort?school_year=2023-2024&group_by=network"
    ).json
    assert [r["label"] for r in body["rows"]] == ["Gedeeld"]
    assert body["total"]["hours"] == "5.0"


def test_openapi_lists_the_effort_paths(client):
    """The endpoints are in the OpenAPI document."""
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/assignments", "/api/v1/hour-entries", "/api/v1/reports/effort"} <= set(paths)


def test_openapi_documents_decimals_as_strings(client):
    """FTE and hours are sent as decimal strings ("0.500"), and the document says so."""
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert schemas["Assignment"]["properties"]["fte"]["type"] == "string"
    assert schemas["EffortRow"]["properties"]["hours"]["format"] == "decimal"
