"""Login, logout, the rate limit, CSRF and the secret-key guard."""

import pytest

from netwerk import create_app
from tests.factories import DEFAULT_PASSWORD, make_user


def _user(app, **kwargs) -> int:
    with app.app_context():
        return make_user(**kwargs)


def test_login_with_good_password_then_logout(app, client):
    """A good password logs in and shows the menu; logout is a POST."""
    _user(app, role="admin", email="ada@test.be")
    response = client.post(
        "/aanmelden", data={"email": "ADA@test.be", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Welkom" in page
    refused = client.get("/afmelden")
    assert refused.status_code == 405 and "POST" in refused.headers["Allow"]
    assert client.post("/afmelden").status_code == 302
    assert client.get("/").headers["Location"].endswith("/aanmelden")


def test_wrong_password_is_refused_with_a_dutch_message(app, client):
    """A wrong password keeps the user out and says so in Dutch."""
    _user(app, email="ada@test.be")
    response = client.post(
        "/aanmelden", data={"email": "ada@test.be", "password": "fout-wachtwoord"}
    )
    assert response.status_code == 422
    assert "verkeerd wachtwoord" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_open_redirect_after_login_is_refused(app, client):
    """?next= only leads to a path on this site."""
    _user(app, email="ada@test.be")
    response = client.post(
        "/aanmelden?next=https://evil.example/x",
        data={"email": "ada@test.be", "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_login_attempts_are_rate_limited(make_app):
    """After LOGIN_RATE_LIMIT attempts a minute the login answers 429."""
    limited = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    statuses = [
        client.post("/aanmelden", data={"email": "x@test.be", "password": "nope"}).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [422, 422, 422]
    assert statuses[3:] == [429, 429]
    assert "Te veel pogingen" in client.post("/aanmelden", data={}).get_data(as_text=True)


def test_csrf_is_refused_when_enabled(make_app):
    """With CSRF on (as in production), a POST without the token is refused with 400."""
    protected = make_app(WTF_CSRF_ENABLED=True)
    with protected.app_context():
        make_user(email="ada@test.be")
    client = protected.test_client()
    response = client.post(
        "/aanmelden", data={"email": "ada@test.be", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # still logged out


def test_security_headers_and_cookie_flags(app, client):
    """The usual security headers are set on every page."""
    response = client.get("/aanmelden")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_to_start_without_a_secret_key(database_url, monkeypatch):
    """Outside debug and testing, a missing or placeholder secret key stops the app."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="NETWERK_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": None})
    with pytest.raises(RuntimeError, match="NETWERK_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "change-me"})
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x" * 40})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_change_password(app, client):
    """A user changes the password after giving the current one."""
    _user(app, email="ada@test.be")
    client.post("/aanmelden", data={"email": "ada@test.be", "password": DEFAULT_PASSWORD})
    bad = client.post(
        "/wachtwoord",
        data={"current": "fout", "new": "nieuw-wachtwoord-1", "confirm": "nieuw-wachtwoord-1"},
    )
    assert "klopt niet" in bad.get_data(as_text=True)
    good = client.post(
        "/wachtwoord",
        data={
            "current": DEFAULT_PASSWORD,
            "new": "nieuw-wachtwoord-1",
            "confirm": "nieuw-wachtwoord-1",
        },
    )
    assert good.status_code == 302
    client.post("/afmelden")
    ok = client.post("/aanmelden", data={"email": "ada@test.be", "password": "nieuw-wachtwoord-1"})
    assert ok.status_code == 302


def test_language_switch_to_english(app, client):
    """The switch changes the interface language for the session."""
    assert "Aanmelden" in client.get("/aanmelden").get_data(as_text=True)
    client.post("/taal", data={"lang": "en", "next": "/aanmelden"})
    assert 'lang="en"' in client.get("/aanmelden").get_data(as_text=True)


def test_unknown_page_is_a_dutch_404_and_json_under_api(client):
    """404 in Dutch for pages, in JSON under /api/."""
    page = client.get("/bestaat-niet")
    assert page.status_code == 404
    assert "bestaat niet" in page.get_data(as_text=True)
    api = client.get("/api/v1/bestaat-niet")
    assert api.status_code == 404
    assert api.get_json()["error"]["code"] == "not_found"
