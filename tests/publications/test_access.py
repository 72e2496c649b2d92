"""Who may do what with publications, withdrawing, and bad input (pages and API)."""

import pytest

from netwerk.extensions import db
from netwerk.publications.models import Publication
from tests.publications.factories import bearer, publish_api


@pytest.fixture
def publication(app, client, data) -> int:
    """A participation publication of 19/11/2021 (published by the ministry)."""
    response = publish_api(client, bearer(app, "ministry"))
    assert response.status_code == 201
    return response.get_json()["id"]


PAGES = [
    ("GET", "/publicaties"),
    ("GET", "/publicaties/{id}"),
    ("GET", "/publicaties/{id}?format=csv"),
    ("GET", "/publicaties/nieuw?report=participation&as_of=2021-11-19"),
    ("POST", "/publicaties/nieuw?report=participation&as_of=2021-11-19"),
    ("POST", "/publicaties/{id}/intrekken"),
]


@pytest.mark.parametrize("role", ["coach", "school"])
@pytest.mark.parametrize(("method", "path"), PAGES)
def test_coaches_and_schools_get_403_on_every_page(
    client, login_as, publication, role, method, path
):
    """Every route of the feature refuses coaches and schools."""
    login_as(role)
    url = path.format(id=publication)
    response = client.open(url, method=method, data={"title": "x", "reason": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["coach", "school"])
def test_coaches_and_schools_get_403_on_the_api(app, client, publication, role):
    """POST, list and one publication: 403 for coach and school tokens."""
    headers = bearer(app, role)
    assert publish_api(client, headers).status_code == 403
    assert client.get("/api/v1/publications", headers=headers).status_code == 403
    assert client.get(f"/api/v1/publications/{publication}", headers=headers).status_code == 403


def test_coaches_never_see_the_publish_form_or_the_menu(client, data, login_as):
    """The report page of a coach has no "Publiceren"; the menu has no "Publicaties"."""
    login_as("coach")
    html = client.get("/rapporten/deelname?as_of=19/11/2021").get_data(as_text=True)
    assert "/publicaties/nieuw" not in html and 'href="/publicaties"' not in html


def test_the_menu_has_publicaties_for_ministry_and_admin(client, login_as):
    """A menu item for those who publish."""
    login_as("ministry")
    assert 'href="/publicaties"' in client.get("/").get_data(as_text=True)


def test_an_admin_withdraws_with_a_reason(app, client, publication, login_as):
    """Without a reason 422; with one it is marked, stays, and the list shows the badge."""
    login_as("admin")
    url = f"/publicaties/{publication}/intrekken"
    refused = client.post(url, data={"reason": " "})
    assert refused.status_code == 422
    assert "Geef een reden" in refused.get_data(as_text=True)
    done = client.post(url, data={"reason": "Verkeerde filter gebruikt"})
    assert done.status_code == 302
    html = client.get(f"/publicaties/{publication}").get_data(as_text=True)
    assert "ingetrokken" in html and "Verkeerde filter gebruikt" in html
    assert "ingetrokken" in client.get("/publicaties").get_data(as_text=True)
    with app.app_context():
        row = db.session.get(Publication, publication)
        assert row.withdrawn_at is not None and row.withdrawal_reason == "Verkeerde filter gebruikt"
    again = client.post(url, data={"reason": "nog eens"})
    assert again.status_code == 409


def test_the_ministry_cannot_withdraw(app, client, publication, login_as):
    """403, no form on the page, nothing changed."""
    login_as("ministry")
    assert "intrekken" not in client.get(f"/publicaties/{publication}").get_data(as_text=True)
    assert (
        client.post(f"/publicaties/{publication}/intrekken", data={"reason": "x"}).status_code
        == 403
    )
    with app.app_context():
        assert db.session.get(Publication, publication).withdrawn_at is None


def test_unknown_publication_is_404(client, login_as):
    """Page and API alike."""
    login_as("admin")
    assert client.get("/publicaties/999999").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"report": "participation", "parameters": {}}, 422, None),
        ({"report": "participation", "title": " ", "parameters": {}}, 422, "titel"),
        ({"report": "participation", "title": "x" * 301, "parameters": {}}, 422, "300"),
        ({"report": "trends", "title": "t", "parameters": {}}, 422, None),
        ({"report": "reach", "title": "t", "parameters": {"as_of": "2199-01-01"}}, 400, "toekomst"),
        ({"report": "reach", "title": "t", "parameters": {"as_of": "31/13/2021"}}, 400, "datum"),
        ({"report": "reach", "title": "t", "parameters": {"province": "mars"}}, 400, "provincie"),
        ({"report": "reach", "title": "t", "parameters": {"programme": "1"}}, 422, None),
        (
            {
                "report": "participation",
                "title": "t",
                "parameters": {"known_at": "2021-11-19T12:00"},
            },
            400,
            "tijdzone",
        ),
        (
            {"report": "participation", "title": "t", "parameters": {"known_at": "2199-01-01"}},
            400,
            "toekomst",
        ),
    ],
)
def test_bad_input_on_the_api(app, client, body, status, message):
    """A clear JSON error in Dutch; nothing stored."""
    response = client.post("/api/v1/publications", json=body, headers=bearer(app, "admin"))
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    if message:
        assert message in error["message"]
    with app.app_context():
        assert db.session.scalars(db.select(Publication)).all() == []


def test_a_past_known_at_is_kept(app, client, data):
    """A publication of the data as they stood at a given moment: known_at as asked."""
    response = publish_api(client, bearer(app, "admin"), known_at="2021-11-19")
    published = response.get_json()
    assert published["known_at"] == "2021-11-19T23:59:59.999999+01:00"
