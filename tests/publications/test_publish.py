"""Publishing the report, and what a publication says after a backdated move (issue 17).

The dataset is the reports' (tests/reports/conftest.py): as of 19/11/2021 N1 (anchor A1) has two
accepted secondary schools; S5 is only submitted there. The move: S5 accepted effective
12/11/2021, recorded after the publication.
"""

import csv
import io

import openpyxl
import pytest

from netwerk.extensions import db
from netwerk.publications.models import Publication
from netwerk.schools.models import School
from tests.publications.factories import (
    BACKDATED_REASON,
    backdated_move,
    bearer,
    publish_api,
    query,
)


def _published(app, client, data, role: str = "ministry", **params) -> dict:
    """Publish through the API; the 201 answer."""
    response = publish_api(client, bearer(app, role), **params)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def _number(app, school_id: int) -> str:
    with app.app_context():
        return db.session.get(School, school_id).institution_number


def test_the_body_is_what_the_report_api_answers_at_known_at(app, client, data):
    """201 with id, title, report, published_at, known_at, parameters and body; the body equals
    GET /api/v1/reports/participation with the stored parameters (known_at resolved)."""
    headers = bearer(app, "ministry")
    published = _published(app, client, data)
    assert published["title"] == "Schriftelijke vraag nr. 155"
    assert published["report"] == "participation"
    known_at = published["known_at"]
    assert known_at == published["parameters"]["known_at"] == published["body"]["known_at"]
    assert known_at[-6:] in ("+01:00", "+02:00") and "." in known_at  # offset, microseconds
    asked = client.get(
        "/api/v1/reports/participation?" + query(published["parameters"]), headers=headers
    )
    assert asked.status_code == 200
    assert asked.get_json() == published["body"]
    assert published["body"]["totals"]["secundair"]["registrations"] == 6


def test_reach_is_published_as_its_api_answers(app, client, data):
    """The reach report too: the body is the reach endpoint's answer at known_at."""
    headers = bearer(app, "admin")
    published = _published(app, client, data, role="admin", report="reach", level="secundair")
    asked = client.get("/api/v1/reports/reach?" + query(published["parameters"]), headers=headers)
    assert asked.get_json() == published["body"]
    assert published["parameters"]["level"] == "secundair"


def test_a_backdated_move_is_listed_exactly(app, client, data):
    """After S5 is accepted in N1 effective 12/11, recorded now: the publication's API lists
    exactly that row (2 -> 3) and the secondary total (6 -> 7); the report known at the
    publication's moment still equals the stored body."""
    headers = bearer(app, "ministry")
    published = _published(app, client, data)
    backdated_move(app, data.S5, data.N1)
    answer = client.get(f"/api/v1/publications/{published['id']}", headers=headers).get_json()
    assert answer["changes_since"] == [
        {
            "anchor_school": {"institution_number": _number(app, data.A1)},
            "network": {"id": data.N1},
            "level": "secundair",
            "published_count": 2,
            "current_count": 3,
        }
    ]
    assert answer["totals_since"] == {
        "basis": {"published": 3, "current": 3},
        "secundair": {"published": 6, "current": 7},
    }
    assert answer["body"] == published["body"]
    then = client.get(
        "/api/v1/reports/participation?" + query(published["parameters"]), headers=headers
    )
    assert then.get_json() == published["body"]
    now = client.get("/api/v1/reports/participation?as_of=2021-11-19", headers=headers)
    assert now.get_json()["totals"]["secundair"]["registrations"] == 7


def test_unchanged_publication_lists_no_changes(app, client, data):
    """Without later moves: no changed rows, totals equal."""
    headers = bearer(app, "admin")
    published = _published(app, client, data, role="admin")
    answer = client.get(f"/api/v1/publications/{published['id']}", headers=headers).get_json()
    assert answer["changes_since"] == []
    assert all(t["published"] == t["current"] for t in answer["totals_since"].values())


def test_the_page_shows_the_change_with_names_for_admins(app, client, data, login_as):
    """The notice at the top, the row's published and current count, the move behind it."""
    published = _published(app, client, data)
    backdated_move(app, data.S5, data.N1)
    login_as("admin")
    html = client.get(f"/publicaties/{published['id']}").get_data(as_text=True)
    assert "Sinds de publicatie zijn gegevens gewijzigd: 1 rij" in html
    assert "gepubliceerd 2, nu 3" in html
    assert "Deelnemer S5" in html and _number(app, data.S5) in html
    assert "12/11/2021" in html and BACKDATED_REASON in html
    assert "beheerder" in html  # the role that recorded it
    assert "Stand van de gegevens" in html and "Schriftelijke vraag nr. 155" in html


def test_the_ministry_sees_codes_never_names(app, client, data, login_as):
    """The moves behind a change name the school by its code for ministry staff."""
    published = _published(app, client, data)
    backdated_move(app, data.S5, data.N1)
    login_as("ministry")
    html = client.get(f"/publicaties/{published['id']}").get_data(as_text=True)
    with app.app_context():
        school = db.session.get(School, data.S5)
        code, number = school.public_code, school.institution_number
    assert "gewijzigd: 1 rij" in html
    assert code in html
    assert "Deelnemer S5" not in html and number not in html


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _cells(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("variant", ["", "&publication=1"])
def test_exports_are_the_report_known_at_the_publication(app, client, data, login_as, variant):
    """CSV and XLSX of the publication (and their publication variant) equal the report page's
    downloads with the stored parameters, also after a backdated move."""
    published = _published(app, client, data)
    backdated_move(app, data.S5, data.N1)
    login_as("admin")
    live = "/rapporten/deelname?" + query(published["parameters"])
    mine = f"/publicaties/{published['id']}?"
    for fmt, read in (("csv", _csv), ("xlsx", _cells)):
        stored = client.get(f"{mine}format={fmt}{variant}")
        asked = client.get(f"{live}&format={fmt}{variant}")
        assert stored.status_code == asked.status_code == 200
        assert read(stored.data) == read(asked.data)
    rows = _csv(client.get(f"{mine}format=csv").data)
    assert [
        rows_[i] for rows_ in [r for r in rows if "Netwerk Brugge 1" in r][:1] for i in (1, 3, 4)
    ] == ["Sint-Jozef Humaniora Brugge", "Netwerk Brugge 1", "2"]


def test_the_page_shows_the_report_as_published(app, client, data, login_as):
    """The page's figures are the stored ones, whatever happened since."""
    published = _published(app, client, data)
    backdated_move(app, data.S5, data.N1)
    login_as("ministry")
    html = client.get(f"/publicaties/{published['id']}").get_data(as_text=True)
    assert "Netwerk Brugge 1" in html and "Subtotaal Sint-Jozef Humaniora Brugge" in html
    # A1's subtotal as published (N1 2 + N2 2), not as now (5).
    subtotal = html.split("Subtotaal Sint-Jozef Humaniora Brugge")[1][:80]
    assert ">4<" in subtotal
    assert published["body"]["source"] in html


def test_the_list_shows_publications_newest_first(app, client, data, login_as):
    """Title, report, peildatum; newest first; paged through the API too."""
    _published(app, client, data, title="Eerste")
    _published(app, client, data, title="Tweede", report="reach")
    login_as("ministry")
    html = client.get("/publicaties").get_data(as_text=True)
    assert html.index("Tweede") < html.index("Eerste")
    assert "Bereik" in html and "19/11/2021" in html
    listed = client.get("/api/v1/publications", headers=bearer(app, "admin")).get_json()
    assert [p["title"] for p in listed["items"]] == ["Tweede", "Eerste"]
    assert listed["total"] == 2 and "body" not in listed["items"][0]


def test_publishing_from_the_report_page(app, client, data, login_as):
    """The report page offers "Publiceren" with its filters; the POST publishes and lands on the
    publication; sent twice with the same form it publishes once."""
    login_as("ministry")
    page = client.get("/rapporten/deelname?as_of=19/11/2021&level=secundair")
    html = page.get_data(as_text=True)
    assert "Publiceren" in html
    action = html.split('action="/publicaties/nieuw?')[1].split('"')[0].replace("&amp;", "&")
    assert "report=participation" in action and "level=secundair" in action
    token = html.split('name="submission" type="hidden" value="')[1].split('"')[0]
    form = {"title": "Vraag nr. 7", "submission": token}
    first = client.post("/publicaties/nieuw?" + action, data=form)
    second = client.post("/publicaties/nieuw?" + action, data=form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        rows = db.session.scalars(db.select(Publication)).all()
        assert len(rows) == 1 and rows[0].parameters["level"] == "secundair"
        assert rows[0].title == "Vraag nr. 7"


def test_an_empty_or_long_title_is_refused_on_the_page(app, client, data, login_as):
    """422 with the Dutch message at the title; nothing stored."""
    login_as("admin")
    url = "/publicaties/nieuw?report=participation&as_of=2021-11-19"
    empty = client.post(url, data={"title": "  "})
    assert empty.status_code == 422
    assert "Geef de publicatie een titel" in empty.get_data(as_text=True)
    long = client.post(url, data={"title": "x" * 301})
    assert long.status_code == 422 and "hoogstens 300 tekens" in long.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Publication)).all() == []
