"""Role checks on every registry page: admins only; others 403; visitors to the login page."""

import pytest

from tests.factories import make_school

ROUTES = [
    ("GET", "/scholen/"),
    ("GET", "/scholen/{id}"),
    ("GET", "/scholen/nieuw"),
    ("POST", "/scholen/nieuw"),
    ("GET", "/scholen/{id}/bewerken"),
    ("POST", "/scholen/{id}/bewerken"),
    ("GET", "/scholen/import"),
    ("POST", "/scholen/import"),
]


@pytest.fixture
def school_id(app):
    """One school to address in the URLs."""
    with app.app_context():
        return make_school()


@pytest.mark.parametrize(("method", "url"), ROUTES)
@pytest.mark.parametrize("role", ["ministry", "coach", "school"])
def test_other_roles_get_403(client, login_as, school_id, role, method, url):
    """Ministry, coach and school users are refused every registry page."""
    login_as(role)
    response = client.open(url.format(id=school_id), method=method, data={"name": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_visitors_go_to_the_login_page(client, school_id, method, url):
    """Without a login every registry page leads to the login page."""
    response = client.open(url.format(id=school_id), method=method)
    assert response.status_code == 302
    assert "/aanmelden" in response.headers["Location"]


@pytest.mark.parametrize(("method", "url"), [r for r in ROUTES if r[0] == "GET"])
def test_admins_get_every_page(client, login_as, school_id, method, url):
    """Admins reach every registry page."""
    login_as("admin")
    assert client.open(url.format(id=school_id), method=method).status_code == 200


def test_menu_shows_schools_and_users_to_admins_only(client, login_as):
    """The menu items appear for admins, not for a coach."""
    login_as("admin")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/scholen/"' in page and 'href="/gebruikers"' in page
    client.post("/afmelden")
    login_as("coach")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/scholen/"' not in page and 'href="/gebruikers"' not in page
