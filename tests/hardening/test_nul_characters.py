"""A NUL character anywhere in a request is refused with a 400 before anything is written.

PostgreSQL cannot store U+0000 in text; without the guard such a value reached the database and
ended in a 500 there (found by the hostile-form tests on PostgreSQL).
"""

from sqlalchemy import func, select

from netwerk.extensions import db
from netwerk.networks.models import Programme
from tests.factories import make_user
from tests.networks.factories import bearer, token_for


def _programmes(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Programme.id)))


def test_a_form_with_a_nul_character_is_refused_in_dutch(app, client, login_as):
    """The programme form with a NUL in its name: 400, a Dutch message, no programme."""
    login_as("admin")
    before = _programmes(app)
    response = client.post("/netwerken/programmas", data={"name": "Lezen\x00", "description": ""})
    assert response.status_code == 400
    assert "ongeldig teken (NUL)" in response.get_data(as_text=True)
    assert _programmes(app) == before


def test_a_filter_with_a_nul_character_is_refused(client, login_as):
    """A NUL in the query string of a list: 400, not a database error."""
    login_as("admin")
    response = client.get("/scholen/?q=Sint%00Jan")
    assert response.status_code == 400


def test_the_api_refuses_a_nul_character_in_json(app, client):
    """The API answers a NUL in a JSON body with its JSON error and writes nothing."""
    with app.app_context():
        headers = bearer(token_for(make_user(role="admin")))
    before = _programmes(app)
    response = client.post("/api/v1/programmes", json={"name": "Lezen\x00"}, headers=headers)
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith("De invoer bevat een ongeldig teken")
    assert _programmes(app) == before


def test_the_guard_lets_ordinary_input_through(app, client):
    """The same call without the NUL character still creates the programme."""
    with app.app_context():
        headers = bearer(token_for(make_user(role="admin")))
    before = _programmes(app)
    response = client.post("/api/v1/programmes", json={"name": "Lezen"}, headers=headers)
    assert response.status_code == 201, response.json
    assert _programmes(app) == before + 1
