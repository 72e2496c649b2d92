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


def _statuses(client, school_id: int, routes) -> dict[str, int]:
    """Every route's status code ("GET /scholen/1": 403, ...), one login for all of them."""
    return {
        f"{method} {url}": client.open(
            url.format(id=school_id), method=method, data={"name": "x"}
        ).status_code
        for method, url in routes
    }


@pytest.mark.parametrize("role", ["ministry", "coach", "school"])
def test_other_roles_get_403(client, login_as, school_id, role):
    """Ministry, coach and school users are refused every registry page (route x role)."""
    login_as(role)
    statuses = _statuses(client, school_id, ROUTES)
    assert statuses == dict.fromkeys(statuses, 403)


def test_visitors_go_to_the_login_page(client, school_id):
    """Without a login every registry page leads to the login page."""
    for method, url in ROUTES:
        response = client.open(url.format(id=school_id), method=method)
        assert response.status_code == 302, (method, url)
        assert "/aanmelden" in response.headers["Location"]


def test_admins_get_every_page(client, login_as, school_id):
    """Admins reach every registry page."""
    login_as("admin")
    statuses = _statuses(client, school_id, [r for r in ROUTES if r[0] == "GET"])
    assert statuses == dict.fromkeys(statuses, 200)


def test_menu_shows_schools_and_users_to_admins_only(client, login_as):
    """The menu items appear for admins, not for a coach."""
    login_as("admin")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/scholen/"' in page and 'href="/gebruikers"' in page
    client.post("/afmelden")
    login_as("coach")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/scholen/"' not in page and 'href="/gebruikers"' not in page
