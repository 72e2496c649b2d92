"""Token scopes (issue 27, item 4): the points the other token tests leave open. A ministry
token, read-only by force, still publishes; a read token's scope shows on the token page; a
read token is refused a POST before its Idempotency-Key is looked at."""

from sqlalchemy import func, select

from netwerk.auth.models import Role, TokenScope
from netwerk.extensions import db
from netwerk.idempotency import IdempotencyKey
from netwerk.publications.models import Publication
from tests.auth.test_tokens import _as, _bearer, _row, _token, _user
from tests.publications.factories import publish_api


def test_a_ministry_token_is_read_only_and_still_publishes(app, client):
    """The ministry's token has the read scope; POST /publications (which keeps what its reader
    may read) is allowed with it, every other write is not."""
    ministry = _user(app, Role.ministry)
    token_id, text = _token(app, ministry, read_only=False)
    assert _row(app, token_id).scopes is TokenScope.read
    response = publish_api(client, _bearer(text))
    assert response.status_code == 201, response.get_json()
    response = client.post("/api/v1/programmes", json={"name": "X"}, headers=_bearer(text))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(Publication.id))) == 1


def test_a_read_token_of_an_admin_publishes_but_creates_nothing(app, client):
    """Publishing is a reading POST for every role; creating a programme needs the write scope."""
    admin = _user(app, Role.admin)
    _token_id, text = _token(app, admin, read_only=True)
    assert publish_api(client, _bearer(text)).status_code == 201
    response = client.post("/api/v1/programmes", json={"name": "X"}, headers=_bearer(text))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "insufficient_scope"


def test_the_token_page_shows_each_tokens_scope(app, client):
    """ "lezen" for a read token, "lezen en schrijven" for a read-write one."""
    coach = _user(app, Role.coach)
    _token(app, coach, name="alleen-lezen", read_only=True)
    _token(app, coach, name="ook-schrijven")
    page = _as(app, client, coach).get("/api-sleutels").get_data(as_text=True)
    row_read = page.split("alleen-lezen")[1].split("</tr>")[0]
    row_write = page.split("ook-schrijven")[1].split("</tr>")[0]
    assert ">lezen<" in row_read
    assert "lezen en schrijven" in row_write


def test_a_read_token_is_refused_before_its_idempotency_key_is_stored(app, client):
    """403 insufficient_scope, and no key kept: the scope is checked first."""
    admin = _user(app, Role.admin)
    _token_id, text = _token(app, admin, read_only=True)
    headers = {**_bearer(text), "Idempotency-Key": "k"}
    response = client.post("/api/v1/programmes", json={"name": "X"}, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "insufficient_scope"
    with app.app_context():
        assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 0
