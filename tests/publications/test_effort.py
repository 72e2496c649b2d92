"""Publishing the effort report (issue 18): the body is the effort API's answer at known_at, it
reproduces exactly after later edits of assignments, planned FTE and hours (made through the
services), and the publication lists the rows whose FTE or hours changed.

The scene (school year 2023-2024, 366 days; 1.000 hours per FTE): networks N1 (anchor A) and N2
(anchor B) of one programme; a full-year 0,5 FTE assignment on N1 and 0,2 FTE on N2; planned
1,0 FTE on N1; 120 minutes on N1 and 60 on N2. After publishing: N1's assignment becomes 0,3 FTE,
N2's hours are deleted, and B's planned FTE is set to 0,4.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from netwerk.auth.models import User
from netwerk.effort import hours as hours_service
from netwerk.effort import staff as staff_service
from netwerk.effort.models import HourEntry, SchoolYearSetting, StaffAssignment, StaffMember
from netwerk.effort.staff import AssignmentData
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.publications.models import Publication
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.factories import make_network, make_programme, make_school, make_user
from tests.publications.factories import bearer, query

YEAR = "2023-2024"
PARAMETERS = {"school_year": YEAR, "group_by": "anchor_school"}


@pytest.fixture
def scene(app):
    """The dataset of the module docstring; the ids by name."""
    with app.app_context():
        a = make_school(name="A-school")
        b = make_school(name="B-school")
        p = make_programme("Programma P")
        n1 = make_network(name="N1", anchor_ids=[a], programme_id=p)
        n2 = make_network(name="N2", anchor_ids=[b], programme_id=p)
        staff = make_staff()
        s1 = make_assignment(staff, "0.5", date(2023, 9, 1), network_id=n1)
        make_assignment(staff, "0.2", date(2023, 9, 1), network_id=n2)
        make_planned(YEAR, "1.0", network_id=n1)
        make_hours(staff, n1, date(2023, 10, 3), 120)
        h2 = make_hours(staff, n2, date(2023, 10, 4), 60)
        db.session.add(SchoolYearSetting(school_year=YEAR, hours_per_fte=Decimal("1000")))
        db.session.commit()
        return {"A": a, "B": b, "N1": n1, "N2": n2, "staff": staff, "s1": s1, "h2": h2}


def _publish(client, headers, **parameters) -> dict:
    response = client.post(
        "/api/v1/publications",
        json={
            "report": "effort",
            "title": "Schriftelijke vraag nr. 18",
            "parameters": {**PARAMETERS, **parameters},
        },
        headers=headers,
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def _edit(app, scene) -> None:
    """The three edits of the module docstring, through the services, as an admin."""
    with app.test_request_context():
        admin = db.session.get(User, make_user(role="admin"))
        assignment = db.session.get(StaffAssignment, scene["s1"])
        staff_service.save_assignment(
            admin,
            db.session.get(StaffMember, scene["staff"]),
            AssignmentData(
                role=assignment.role,
                fte=Decimal("0.3"),
                funding_source=assignment.funding_source,
                starts_on=assignment.starts_on,
                network=db.session.get(Network, scene["N1"]),
            ),
            assignment,
        )
        hours_service.delete_hour_entry(admin, db.session.get(HourEntry, scene["h2"]))
        staff_service.save_planned_effort(
            admin, YEAR, Decimal("0.4"), Decimal("0"), network=db.session.get(Network, scene["N2"])
        )
        db.session.commit()


def _row(body: dict, label: str) -> dict:
    return next(row for row in body["rows"] if row["label"] == label)


def test_the_body_is_the_effort_api_answer_and_reproduces_after_edits(app, client, scene):
    """201; the body equals GET /api/v1/reports/effort with the stored parameters, before and
    after the edits; the report known now has moved by exactly those edits."""
    headers = bearer(app, "ministry")
    published = _publish(client, headers)
    body = published["body"]
    assert published["report"] == "effort"
    assert published["known_at"] == published["parameters"]["known_at"] == body["known_at"]
    assert (_row(body, "A-school")["realised_fte"], _row(body, "A-school")["hours"]) == (
        "0.500",
        "2.0",
    )
    assert _row(body, "B-school")["planned_fte"] == "0.000"
    url = "/api/v1/reports/effort?" + query(published["parameters"])
    assert client.get(url, headers=headers).get_json() == body
    _edit(app, scene)
    assert client.get(url, headers=headers).get_json() == body
    now = client.get("/api/v1/reports/effort?" + query(PARAMETERS), headers=headers).get_json()
    assert _row(now, "A-school")["realised_fte"] == "0.300"
    assert (_row(now, "B-school")["hours"], _row(now, "B-school")["planned_fte"]) == (
        "0.0",
        "0.400",
    )
    with app.app_context():
        stored = db.session.get(Publication, published["id"])
        assert stored.body == body and stored.as_of.isoformat() == body["known_at"][:10]


def test_the_publication_lists_the_changed_rows(app, client, scene):
    """changes_since: per changed row the four figures as published and now; totals_since the
    total's four figures; nothing before the edits."""
    headers = bearer(app, "admin")
    published = _publish(client, headers)
    detail = client.get(f"/api/v1/publications/{published['id']}", headers=headers).get_json()
    assert detail["changes_since"] == []
    assert all(t["published"] == t["current"] for t in detail["totals_since"].values())
    _edit(app, scene)
    detail = client.get(f"/api/v1/publications/{published['id']}", headers=headers).get_json()
    assert detail["body"] == published["body"]
    changes = {c["label"]: c for c in detail["changes_since"]}
    assert set(changes) == {"A-school", "B-school"}
    a, b = changes["A-school"], changes["B-school"]
    assert (a["published"]["realised_fte"], a["current"]["realised_fte"]) == ("0.500", "0.300")
    assert a["published"]["hours"] == a["current"]["hours"] == "2.0"
    assert (b["published"]["hours"], b["current"]["hours"]) == ("1.0", "0.0")
    assert (b["published"]["planned_fte"], b["current"]["planned_fte"]) == ("0.000", "0.400")
    assert detail["totals_since"] == {
        "planned_fte": {"published": "1.000", "current": "1.400"},
        "earmarked_fte": {"published": "0.000", "current": "0.000"},
        "realised_fte": {"published": "0.700", "current": "0.500"},
        "hours": {"published": "3.0", "current": "2.0"},
    }


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _cells(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_page_and_exports_are_the_report_known_at_the_publication(app, client, scene, login_as):
    """After the edits: the page shows the published figures and the changes; CSV and XLSX equal
    the effort page's downloads with the stored parameters (known_at included)."""
    published = _publish(client, bearer(app, "admin"))
    _edit(app, scene)
    login_as("admin")
    page = client.get(f"/publicaties/{published['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Sinds de publicatie zijn gegevens gewijzigd: 2 rijen" in html
    assert "A-school" in html and published["body"]["source"] in html
    live = "/rapporten/inzet?" + query(published["parameters"])
    for fmt, read in (("csv", _csv), ("xlsx", _cells)):
        stored = client.get(f"/publicaties/{published['id']}?format={fmt}")
        asked = client.get(f"{live}&format={fmt}")
        assert stored.status_code == asked.status_code == 200
        assert read(stored.data) == read(asked.data)


def test_publishing_from_the_effort_page(app, client, scene, login_as):
    """The effort page offers "Publiceren" to the ministry; the POST lands on the publication."""
    login_as("ministry")
    html = client.get(f"/rapporten/inzet?school_year={YEAR}&group_by=network").get_data(
        as_text=True
    )
    action = html.split('action="/publicaties/nieuw?')[1].split('"')[0].replace("&amp;", "&")
    assert "report=effort" in action and "group_by=network" in action
    new = client.get("/publicaties/nieuw?" + action)
    assert new.status_code == 200 and "Inzet: VTE en uren" in new.get_data(as_text=True)
    token = html.split('name="submission" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/publicaties/nieuw?" + action, data={"title": "Vraag 9", "submission": token}
    )
    assert response.status_code == 302
    with app.app_context():
        publication = db.session.scalars(db.select(Publication)).one()
        assert publication.report.value == "effort"
        assert publication.body["group_by"] == "network"


def test_a_coach_may_not_publish_effort(app, client, scene):
    """403 for a coach token, as for the other reports."""
    response = client.post(
        "/api/v1/publications",
        json={"report": "effort", "title": "x", "parameters": PARAMETERS},
        headers=bearer(app, "coach"),
    )
    assert response.status_code == 403


def test_a_bad_effort_parameter_is_a_400(app, client, scene):
    """A wrong school year or grouping: 400 with a Dutch message, nothing stored."""
    response = client.post(
        "/api/v1/publications",
        json={"report": "effort", "title": "x", "parameters": {"school_year": "2023"}},
        headers=bearer(app, "admin"),
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(db.select(Publication)).first() is None


@pytest.mark.parametrize("known_at", ["gisteren", "2021-11-19T12:00:00", "2999-01-01"])
def test_the_effort_api_refuses_a_bad_known_at(app, client, scene, known_at):
    """400 with a JSON error, as the other report endpoints."""
    response = client.get(
        f"/api/v1/reports/effort?school_year={YEAR}&known_at={known_at}",
        headers=bearer(app, "ministry"),
    )
    assert response.status_code == 400
    assert "error" in response.get_json()
