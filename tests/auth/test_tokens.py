"""API tokens (M7): they expire, record their use, may be read-only, are listed and revoked by
their owner and by admins (page, command line and API), and a new password revokes them."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth import services
from netwerk.auth.models import ApiToken, Role, TokenScope, User
from netwerk.extensions import db
from netwerk.meetings.feeds import create_feed
from netwerk.schools.models import School
from netwerk.timeutil import utcnow
from tests.conftest import login
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.hardening.scene import session_user_id

FIELDS = {"id", "name", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"}
NEW_SCHOOL = {
    "institution_number": "555555",
    "name": "Nieuwe school",
    "level": "basis",
    "umbrella": "go",
    "postcode": "3500",
    "municipality": "Hasselt",
}


def _user(app, role=Role.coach, email=None) -> int:
    """A user of this role; returns its id."""
    with app.app_context():
        return make_user(role=role, email=email)


def _token(app, user_id: int, **kwargs) -> tuple[int, str]:
    """A token made by its owner through the service; returns its id and its text."""
    with app.app_context():
        user = db.session.get(User, user_id)
        row, text = services.new_api_token(user, user, name=kwargs.pop("name", "t"), **kwargs)
        db.session.commit()
        return row.id, text


def _bearer(text: str) -> dict:
    return {"Authorization": f"Bearer {text}"}


def _row(app, token_id: int) -> ApiToken:
    """The stored token as it is now (detached, for reading its columns)."""
    with app.app_context():
        row = db.session.get(ApiToken, token_id)
        db.session.expunge(row)
        return row


def _set(app, token_id: int, **values) -> None:
    with app.app_context():
        row = db.session.get(ApiToken, token_id)
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


def _as(app, client, user_id: int):
    """Log the test client in as this user (without the login form)."""
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(app, user_id)
        session["_fresh"] = True
    return client


# --- the token check ------------------------------------------------------------------------


def test_a_new_token_expires_after_the_configured_days(app, client):
    """API_TOKEN_DAYS sets the lifetime; an expired token answers 401 with a Dutch reason."""
    app.config["API_TOKEN_DAYS"] = 30
    token_id, text = _token(app, _user(app))
    row = _row(app, token_id)
    assert row.expires_at - row.created_at == timedelta(days=30)
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 200
    _set(app, token_id, expires_at=utcnow() - timedelta(seconds=1))
    response = client.get("/api/v1/meetings", headers=_bearer(text))
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert "verlopen" in response.get_json()["error"]["message"]


def test_a_revoked_token_answers_401(app, client):
    """revoked_at set: 401 that says so, also for a token without expiry."""
    token_id, text = _token(app, _user(app))
    _set(app, token_id, revoked_at=utcnow(), expires_at=None)
    response = client.get("/api/v1/meetings", headers=_bearer(text))
    assert response.status_code == 401
    assert "ingetrokken" in response.get_json()["error"]["message"]


def test_last_used_at_is_written_at_most_once_per_window(app, client):
    """The first use records the moment; another use within the window writes nothing; a use
    after the window records again."""
    token_id, text = _token(app, _user(app))
    assert _row(app, token_id).last_used_at is None
    client.get("/api/v1/meetings", headers=_bearer(text))
    first = _row(app, token_id).last_used_at
    assert first is not None and utcnow() - first < timedelta(minutes=1)
    client.get("/api/v1/meetings", headers=_bearer(text))
    assert _row(app, token_id).last_used_at == first
    long_ago = utcnow() - timedelta(minutes=10)
    _set(app, token_id, last_used_at=long_ago)
    client.get("/api/v1/meetings", headers=_bearer(text))
    assert _row(app, token_id).last_used_at > long_ago + timedelta(minutes=9)


def test_a_read_only_token_reads_but_never_writes(app, client):
    """GET answers; POST and DELETE are 403 insufficient_scope, and nothing is written."""
    admin = _user(app, Role.admin)
    token_id, text = _token(app, admin, read_only=True)
    assert _row(app, token_id).scopes is TokenScope.read
    assert client.get("/api/v1/schools", headers=_bearer(text)).status_code == 200
    response = client.post("/api/v1/schools", headers=_bearer(text), json=NEW_SCHOOL)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "insufficient_scope"
    assert "enkel lezen" in response.get_json()["error"]["message"]
    response = client.delete(f"/api/v1/tokens/{token_id}", headers=_bearer(text))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(School.id))) == 0
    assert _row(app, token_id).revoked_at is None
    _other, writer = _token(app, admin)
    response = client.post("/api/v1/schools", headers=_bearer(writer), json=NEW_SCHOOL)
    assert response.status_code == 201


def test_ministry_tokens_are_read_only_by_force(app):
    """Whatever is asked, a ministry user's token can only read."""
    token_id, _text = _token(app, _user(app, Role.ministry), read_only=False)
    assert _row(app, token_id).scopes is TokenScope.read


@pytest.mark.parametrize(
    ("role", "days", "allowed"),
    [
        (Role.coach, 90, True),
        (Role.coach, 1, True),
        (Role.coach, 91, False),
        (Role.coach, 0, False),
        (Role.admin, 365, True),
        (Role.admin, 366, False),
    ],
)
def test_the_lifetime_a_user_may_choose(app, role, days, allowed):
    """Anyone may choose a shorter lifetime; only admins a longer one, up to the maximum."""
    user_id = _user(app, role)
    with app.app_context():
        user = db.session.get(User, user_id)
        if allowed:
            row, _text = services.new_api_token(user, user, name="x", days=days)
            assert row.expires_at - row.created_at == timedelta(days=days)
        else:
            with pytest.raises(services.InvalidField) as refused:
                services.new_api_token(user, user, name="x", days=days)
            assert refused.value.fields.keys() == {"days"}


# --- a new password -------------------------------------------------------------------------


def test_a_password_change_revokes_tokens_but_not_calendar_links(app, client):
    """After /wachtwoord the user's tokens answer 401; the calendar link still works."""
    user_id = _user(app, Role.coach, email="ww@test.be")
    _id, text = _token(app, user_id)
    with app.app_context():
        _feed, feed_token = create_feed(db.session.get(User, user_id))
        db.session.commit()
    login(client, "ww@test.be")
    response = client.post(
        "/wachtwoord",
        data={
            "current": DEFAULT_PASSWORD,
            "new": "een-nieuw-wachtwoord",
            "confirm": "een-nieuw-wachtwoord",
        },
    )
    assert response.status_code == 302
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 401
    assert client.get(f"/bijeenkomsten/feed/{feed_token}.ics").status_code == 200


def test_a_password_set_through_an_admins_reset_link_revokes_tokens(app, client, outbox):
    """An admin's reset link changes nothing until it is used; the password set through it
    revokes the user's tokens."""
    user_id = _user(app)
    _id, text = _token(app, user_id)
    _as(app, client, _user(app, Role.admin))
    assert client.post(f"/gebruikers/{user_id}/wachtwoord").status_code == 302
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 200
    (mail,) = outbox()
    path = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", mail).group(1)
    data = {"new": "een-nieuw-wachtwoord", "confirm": "een-nieuw-wachtwoord"}
    assert app.test_client().post(path, data=data).status_code == 302
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 401


# --- the page -------------------------------------------------------------------------------


def test_the_page_makes_a_token_shown_once(app, client):
    """POST /api-sleutels/nieuw shows the token on its answer; the list shows it without text."""
    _as(app, client, _user(app))
    response = client.post("/api-sleutels/nieuw", data={"name": "Mijn script", "days": "30"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert (row.name, row.scopes) == ("Mijn script", TokenScope.read_write)
        assert row.expires_at - row.created_at == timedelta(days=30)
    page = response.get_data(as_text=True)
    text = page.split('id="api-sleutel"')[1].split('value="')[1].split('"')[0]
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 200
    listing = client.get("/api-sleutels").get_data(as_text=True)
    assert "Mijn script" in listing and text not in listing
    assert "lezen en schrijven" in listing


def test_the_page_refuses_a_bad_token_in_dutch(app, client):
    """Too long a lifetime or no name: 422 with the reason at the field, nothing made."""
    _as(app, client, _user(app))
    response = client.post("/api-sleutels/nieuw", data={"name": "x", "days": "400"})
    assert response.status_code == 422
    assert "1 tot 90 dagen" in response.get_data(as_text=True)
    response = client.post("/api-sleutels/nieuw", data={"name": "", "days": "10"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_the_page_revokes_after_a_confirmation(app, client):
    """GET asks, POST revokes; someone else's token is a 403; an admin may revoke it."""
    owner = _user(app)
    token_id, text = _token(app, owner, name="te-intrekken")
    _as(app, client, _user(app))
    assert client.get(f"/api-sleutels/{token_id}/intrekken").status_code == 403
    assert client.post(f"/api-sleutels/{token_id}/intrekken").status_code == 403
    _as(app, client, owner)
    page = client.get(f"/api-sleutels/{token_id}/intrekken")
    assert "te-intrekken" in page.get_data(as_text=True)
    assert _row(app, token_id).revoked_at is None  # asking is no revoking
    response = client.post(f"/api-sleutels/{token_id}/intrekken")
    assert response.status_code == 302 and response.headers["Location"].endswith("/api-sleutels")
    assert _row(app, token_id).revoked_at is not None
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 401
    assert "ingetrokken op" in client.get("/api-sleutels").get_data(as_text=True)


def test_an_admin_lists_and_revokes_anyones_tokens(app, client):
    """?user_id= lets an admin see someone's tokens and revoke them; others get a 403."""
    owner = _user(app)
    token_id, _text = _token(app, owner, name="van-de-coach")
    _as(app, client, _user(app, Role.school))
    assert client.get(f"/api-sleutels?user_id={owner}").status_code == 403
    _as(app, client, _user(app, Role.admin))
    assert "van-de-coach" in client.get(f"/api-sleutels?user_id={owner}").get_data(as_text=True)
    assert client.get("/api-sleutels?user_id=999999").status_code == 404
    assert client.get("/api-sleutels?user_id=x").status_code == 404
    response = client.post(f"/api-sleutels/{token_id}/intrekken")
    assert response.headers["Location"].endswith(f"/api-sleutels?user_id={owner}")
    assert _row(app, token_id).revoked_at is not None


# --- the API --------------------------------------------------------------------------------


def test_api_lists_ones_own_tokens(app, client):
    """GET /api/v1/tokens: one's own, with exactly the documented fields; never the hash."""
    user = _user(app)
    token_id, text = _token(app, user, name="eigen")
    _token(app, _user(app), name="van-een-ander")
    body = client.get("/api/v1/tokens", headers=_bearer(text)).get_json()
    assert body["total"] == 1
    (item,) = body["items"]
    assert set(item) == FIELDS
    assert (item["id"], item["name"], item["scopes"]) == (token_id, "eigen", ["read", "write"])
    assert item["expires_at"].endswith("+00:00") and item["revoked_at"] is None


def test_api_user_id_is_for_admins(app, client):
    """?user_id=: an admin sees anyone's tokens (404 for an unknown user); others get 403."""
    owner = _user(app)
    _id, own_text = _token(app, owner)
    _id, admin_text = _token(app, _user(app, Role.admin))
    _id, other_text = _token(app, _user(app))
    url = f"/api/v1/tokens?user_id={owner}"
    assert client.get(url, headers=_bearer(admin_text)).get_json()["total"] == 1
    assert client.get(url, headers=_bearer(own_text)).status_code == 200
    response = client.get(url, headers=_bearer(other_text))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert (
        client.get("/api/v1/tokens?user_id=999999", headers=_bearer(admin_text)).status_code == 404
    )
    assert client.get("/api/v1/tokens").status_code == 401


def test_api_creates_a_token_shown_once(app, client):
    """POST /api/v1/tokens: 201 with the token's text; a read-only one when asked."""
    _id, text = _token(app, _user(app))
    response = client.post(
        "/api/v1/tokens",
        headers=_bearer(text),
        json={"name": "lezer", "scopes": ["read"], "days": 7},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == FIELDS | {"token"}
    assert body["scopes"] == ["read"]
    new = body["token"]
    assert client.get("/api/v1/meetings", headers=_bearer(new)).status_code == 200
    listed = client.get("/api/v1/tokens", headers=_bearer(new)).get_json()["items"]
    assert "token" not in listed[0]
    row = _row(app, body["id"])
    assert row.expires_at - row.created_at == timedelta(days=7)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "x", "scopes": ["admin"]},
        {"name": "x", "days": 0},
        {"name": "x", "days": 91},
    ],
)
def test_api_refuses_a_bad_new_token(app, client, body):
    """A missing name, an unknown scope or a lifetime out of bounds: 422, nothing made."""
    _id, text = _token(app, _user(app))
    response = client.post("/api/v1/tokens", headers=_bearer(text), json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["message"]
    with app.app_context():
        assert db.session.scalar(select(func.count(ApiToken.id))) == 1


def test_api_ministry_manages_tokens_on_the_page_only(app, client):
    """The API refuses every ministry write, these too (the page and the CLI serve them)."""
    token_id, text = _token(app, _user(app, Role.ministry))
    response = client.post("/api/v1/tokens", headers=_bearer(text), json={"name": "x"})
    assert response.status_code == 403
    response = client.delete(f"/api/v1/tokens/{token_id}", headers=_bearer(text))
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/tokens", headers=_bearer(text)).status_code == 200


def test_api_revokes_a_token(app, client):
    """DELETE: 204, again 204 (nothing changes), then the token answers 401; someone else's
    token is a 403, an unknown one a 404; an admin may revoke anyone's."""
    owner = _user(app)
    token_id, text = _token(app, owner)
    spare_id, spare = _token(app, owner)
    _id, other = _token(app, _user(app))
    _id, admin = _token(app, _user(app, Role.admin))
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=_bearer(other)).status_code == 403
    assert client.delete("/api/v1/tokens/999999", headers=_bearer(text)).status_code == 404
    response = client.delete(f"/api/v1/tokens/{token_id}", headers=_bearer(spare))
    assert response.status_code == 204
    revoked_at = _row(app, token_id).revoked_at
    assert revoked_at is not None
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=_bearer(spare)).status_code == 204
    assert _row(app, token_id).revoked_at == revoked_at
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 401
    assert client.delete(f"/api/v1/tokens/{spare_id}", headers=_bearer(admin)).status_code == 204
    assert client.get("/api/v1/meetings", headers=_bearer(spare)).status_code == 401


def test_the_openapi_document_describes_the_tokens_endpoints(app, client):
    """/tokens and /tokens/{token_id} are documented with their answers."""
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"200", "401", "403", "404", "422"} <= set(paths["/api/v1/tokens"]["get"]["responses"])
    assert {"201", "401", "403", "422"} <= set(paths["/api/v1/tokens"]["post"]["responses"])
    assert {"204", "401", "403", "404"} <= set(
        paths["/api/v1/tokens/{token_id}"]["delete"]["responses"]
    )


# --- the command line -----------------------------------------------------------------------


def test_cli_makes_lists_and_revokes_tokens(app, client):
    """users token --name --days --read-only; users tokens lists; users revoke-token revokes."""
    _user(app, Role.coach, email="cli@test.be")
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=["users", "token", "cli@test.be", "--name", "nachtjob", "--days", "200", "--read-only"]
    )
    assert made.exit_code == 0, made.output
    text = made.stdout.strip()
    with app.app_context():
        row = db.session.scalar(select(ApiToken))
        assert (row.name, row.scopes) == ("nachtjob", TokenScope.read)
        assert row.expires_at - row.created_at == timedelta(days=200)
        token_id = row.id
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 200
    listed = runner.invoke(args=["users", "tokens", "cli@test.be"])
    assert listed.exit_code == 0
    assert f"{token_id}\tnachtjob\tread\t" in listed.output and "actief" in listed.output
    revoked = runner.invoke(args=["users", "revoke-token", str(token_id)])
    assert revoked.exit_code == 0 and "ingetrokken" in revoked.output
    assert client.get("/api/v1/meetings", headers=_bearer(text)).status_code == 401
    assert "ingetrokken" in runner.invoke(args=["users", "tokens", "cli@test.be"]).output
    again = runner.invoke(args=["users", "revoke-token", str(token_id)])
    assert again.exit_code == 0 and "al ingetrokken" in again.output
    assert runner.invoke(args=["users", "revoke-token", "999999"]).exit_code != 0
    too_long = runner.invoke(args=["users", "token", "cli@test.be", "--days", "366"])
    assert too_long.exit_code != 0 and "1 tot 365 dagen" in too_long.output
