"""Sessions that end when they should (M5, L10), login limits per account and behind a proxy
(M6), equal login time (L1), a random debug key (L2) and the transport and cache headers (L11)."""

import os
import re
import time
from unittest import mock

import pytest
from werkzeug.security import check_password_hash

from netwerk import create_app
from netwerk.auth import services
from netwerk.auth.models import User
from netwerk.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

EMAIL = "ada@test.be"


def _user(app, **kwargs) -> int:
    with app.app_context():
        return make_user(email=EMAIL, **kwargs)


def _login(client, remember: bool = False):
    data = {"email": EMAIL, "password": DEFAULT_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/aanmelden", data=data)
    assert response.status_code == 302
    return response


def _remember_cookie(client) -> str:
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    return cookie.value


def _logged_in_with(app, remember: str) -> bool:
    """A fresh browser that holds only this remember cookie: is it logged in?"""
    other = app.test_client()
    other.set_cookie("remember_token", remember)
    return other.get("/bijeenkomsten/").status_code == 200


def test_the_remember_cookie_differs_per_login_and_ends_at_logout(app, client):
    """Two logins give two cookie values; after a logout neither logs anyone in (M5)."""
    _user(app, role="coach")
    _login(client, remember=True)
    first = _remember_cookie(client)
    second_browser = app.test_client()
    with mock.patch("netwerk.auth.models.time.time", return_value=time.time() - 5):
        _login(second_browser, remember=True)
    second = _remember_cookie(second_browser)
    assert first != second
    assert _logged_in_with(app, first) and _logged_in_with(app, second)
    client.post("/afmelden")
    assert not _logged_in_with(app, first)
    assert not _logged_in_with(app, second)
    assert second_browser.get("/bijeenkomsten/").status_code == 302  # its session ended too


def test_a_new_password_ends_other_sessions_but_not_this_one(app, client):
    """After a password change the other browser and the old remember cookie are logged out."""
    _user(app, role="coach")
    _login(client, remember=True)
    old_cookie = _remember_cookie(client)
    other = app.test_client()
    _login(other)
    response = client.post(
        "/wachtwoord",
        data={
            "current": DEFAULT_PASSWORD,
            "new": "nieuw-wachtwoord-1",
            "confirm": "nieuw-wachtwoord-1",
        },
    )
    assert response.status_code == 302
    assert client.get("/bijeenkomsten/").status_code == 200
    assert other.get("/bijeenkomsten/").status_code == 302
    assert not _logged_in_with(app, old_cookie)


def test_an_admin_role_change_or_deactivation_ends_sessions(app, client, login_as):
    """A new role or a deactivation takes effect on the account's open sessions at once."""
    user_id = _user(app, role="coach")
    victim = app.test_client()
    admin = client
    login_as("admin")
    for data in (
        {"name": "Ada", "role": "ministry", "active": "y", "schools": ""},
        {"name": "Ada", "role": "ministry", "schools": ""},  # deactivated
    ):
        with app.app_context():
            db.session.get(User, user_id).is_active_account = True
            db.session.commit()
        _login(victim)
        assert victim.get("/").status_code == 200
        response = admin.post(f"/gebruikers/{user_id}/bewerken", data=data)
        assert response.status_code == 302
        assert victim.get("/").status_code == 302
    # An admin's reset only mails a link: the sessions end when the user sets the new password
    # (tests/auth/test_password_links.py).


def test_a_remember_cookie_expires_on_the_server(app, client):
    """A cookie older than REMEMBER_COOKIE_DURATION logs no one in, whatever the browser keeps."""
    _user(app, role="coach")
    days = app.config["REMEMBER_COOKIE_DURATION"].days
    with mock.patch("netwerk.auth.models.time.time", return_value=time.time() - (days + 1) * 86400):
        _login(client, remember=True)
    assert not _logged_in_with(app, _remember_cookie(client))


@pytest.mark.parametrize(
    "value", ["1", "1:1", "x:1:1", "1:1:99999999999999", "", "99999999999:1:1"]
)
def test_a_malformed_session_id_is_no_login(app, value):
    """The user loader refuses what User.get_id never makes."""
    with app.app_context():
        make_user()
        assert services.load_user(value) is None


def test_login_starts_a_new_session_and_logout_ends_it(app, client):
    """The CSRF secret of before the login does not survive it, nor the logout (L10)."""
    _user(app)
    with client.session_transaction() as before:
        before["csrf_token"] = "geplant"
        before["lang"] = "en"
    _login(client)
    with client.session_transaction() as after:
        assert after.get("csrf_token") != "geplant"
        assert after["lang"] == "en"  # the chosen language stays
        after["csrf_token"] = "tijdens"
    client.post("/afmelden")
    with client.session_transaction() as out:
        assert out.get("csrf_token") != "tijdens" and "_user_id" not in out


def test_csrf_tokens_expire(app):
    """A form's token holds for a working day, not for ever."""
    assert 0 < app.config["WTF_CSRF_TIME_LIMIT"] <= 24 * 3600


def test_failed_logins_are_limited_per_account_from_any_address(make_app):
    """Five wrong passwords for one account, from five addresses, lock that account's login for a
    while; another account and the real owner on a fresh account are not affected (M6)."""
    limited = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="100 per minute")
    with limited.app_context():
        make_user(email="doel@test.be")
        make_user(email="ander@test.be")
    statuses = []
    for n in range(6):
        client = limited.test_client()
        response = client.post(
            "/aanmelden",
            data={"email": "Doel@test.be ", "password": f"fout-{n}"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        )
        statuses.append(response.status_code)
    assert statuses == [422] * 5 + [429]
    other = limited.test_client().post(
        "/aanmelden",
        data={"email": "ander@test.be", "password": DEFAULT_PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert other.status_code == 302


def test_successful_logins_do_not_count_against_the_account(make_app):
    """Logging in and out many times is no attack."""
    limited = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="100 per minute")
    with limited.app_context():
        make_user(email="vaak@test.be")
    client = limited.test_client()
    for _ in range(7):
        response = client.post(
            "/aanmelden", data={"email": "vaak@test.be", "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        client.post("/afmelden")


def test_behind_a_proxy_each_client_has_its_own_limit(make_app):
    """With PROXY_COUNT=1 the limit counts X-Forwarded-For, so one client's wrong passwords do
    not lock out the others who come through the same proxy."""
    limited = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute", PROXY_COUNT=1)
    client = limited.test_client()
    proxy = {"REMOTE_ADDR": "192.0.2.1"}

    def attempt(client_ip: str) -> int:
        return client.post(
            "/aanmelden",
            data={"email": f"{client_ip}@test.be", "password": "x"},
            environ_base=proxy,
            headers={"X-Forwarded-For": client_ip},
        ).status_code

    assert [attempt("198.51.100.7") for _ in range(4)] == [422, 422, 422, 429]
    assert attempt("198.51.100.8") == 422


def test_the_password_form_is_limited(make_app):
    """Guessing the current password on /wachtwoord is limited too."""
    limited = make_app(RATELIMIT_ENABLED=True, PASSWORD_RATE_LIMIT="2 per minute")
    with limited.app_context():
        make_user(email=EMAIL)
    client = limited.test_client()
    _login(client)
    data = {"current": "fout", "new": "nieuw-wachtwoord-1", "confirm": "nieuw-wachtwoord-1"}
    assert [client.post("/wachtwoord", data=data).status_code for _ in range(3)] == [422, 422, 429]


def test_every_login_attempt_checks_one_password(app):
    """Unknown e-mail, inactive account, wrong password: one hash check each, so the answer takes
    as long whichever it is (L1)."""
    with app.app_context():
        make_user(email="actief@test.be")
        inactive = db.session.get(User, make_user(email="slapend@test.be"))
        inactive.is_active_account = False
        db.session.commit()
        services.authenticate("opwarmen@test.be", "x")  # the dummy hash is made once
        for email, password in (
            ("onbekend@test.be", "x"),
            ("slapend@test.be", DEFAULT_PASSWORD),
            ("actief@test.be", "fout"),
        ):
            with mock.patch(
                "netwerk.auth.services.check_password_hash", wraps=check_password_hash
            ) as checked:
                assert services.authenticate(email, password) is None
            assert checked.call_count == 1, email


def test_debug_without_a_key_makes_a_random_one_and_keeps_it(database_url, tmp_path, monkeypatch):
    """No constant key in debug: a random one in instance/secret_key, the same at the next start,
    readable by the owner only (L2)."""
    monkeypatch.setenv("FLASK_DEBUG", "1")
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": None,
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    app = create_app(config)
    key_file = tmp_path / "instance" / "secret_key"
    assert app.debug
    assert re.fullmatch(r"[0-9a-f]{64}", app.config["SECRET_KEY"])
    assert create_app(config).config["SECRET_KEY"] == app.config["SECRET_KEY"]
    assert os.stat(key_file).st_mode & 0o077 == 0


def test_hsts_over_https_and_no_store_behind_the_login(app, client):
    """HTTPS answers carry Strict-Transport-Security; pages behind the login are not cached;
    the development server does not announce its version (L11)."""
    _user(app)
    public = client.get("/aanmelden", base_url="https://localhost")
    assert public.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/aanmelden").headers
    assert "no-store" not in public.headers.get("Cache-Control", "")
    _login(client)
    page = client.get("/")
    assert page.headers["Cache-Control"] == "no-store"
    assert "Werkzeug" not in page.headers.get("Server", "")
    assert "Python" not in page.headers.get("Server", "")


def test_only_the_configured_host_names_are_answered(make_app):
    """With TRUSTED_HOSTS set, a request for another Host is a 400: absolute links (a feed's URL,
    the API's download_url) can never be built on a name an attacker chose (I3)."""
    open_app = make_app()
    assert (
        open_app.test_client().get("/healthz", headers={"Host": "evil.example"}).status_code == 200
    )
    strict = make_app(TRUSTED_HOSTS=["localhost"]).test_client()
    assert strict.get("/healthz").status_code == 200
    refused = strict.get("/healthz", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert "evil.example" not in refused.get_data(as_text=True)
    api = strict.get("/api/v1/programmes", headers={"Host": "evil.example"})
    assert api.status_code == 400 and api.json["error"]["code"] == "untrusted_host"
