"""Forgotten passwords and invitations: signed links that expire, work once, refuse tampering with
a Dutch 4xx, and answer the same for an address without an account."""

import email
import email.policy
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from netwerk.auth import links
from netwerk.auth.links import LinkPurpose, LinkRefused
from netwerk.auth.models import ApiToken, User
from netwerk.auth.services import create_api_token, unusable_password_hash
from netwerk.extensions import db
from tests.changelog import changes, start
from tests.conftest import BACKEND, login
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.hardening.racing import opener, post_form
from tests.serving import serve

EMAIL = "ada@test.be"
NEW_PASSWORD = "een-nieuw-wachtwoord"
ANSWER = "/wachtwoord-vergeten/verstuurd"


def _mails(outbox) -> list[email.message.EmailMessage]:
    return [email.message_from_string(raw, policy=email.policy.default) for raw in outbox()]


def _link(message: email.message.EmailMessage) -> str:
    """The path of the link in a mail, read from its text part."""
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/\S+)", text).group(1)


def _token_made_at(app, user_id: int, purpose: LinkPurpose, seconds_ago: float) -> str:
    """A link token as it was made `seconds_ago`."""
    with (
        app.test_request_context(),
        mock.patch("itsdangerous.timed.time.time", return_value=time.time() - seconds_ago),
    ):
        return links.make_token(db.session.get(User, user_id), purpose)


def test_a_reset_link_by_mail_sets_a_new_password_once(app, client, outbox):
    """The mail carries a link; the password set through it works, the old one and the link no
    longer do."""
    with app.app_context():
        make_user(role="coach", email=EMAIL, name="Ada Peeters")
    assert "/wachtwoord-vergeten" in client.get("/aanmelden").get_data(as_text=True)
    response = client.post("/wachtwoord-vergeten", data={"email": " ADA@test.be "})
    assert response.status_code == 302 and response.headers["Location"] == ANSWER
    assert "Controleer uw mailbox" in client.get(ANSWER).get_data(as_text=True)
    (message,) = _mails(outbox)
    assert message["To"] == EMAIL
    assert message["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert message["Subject"] == "Een nieuw wachtwoord kiezen voor netwerk"
    html = message.get_body(("html",)).get_content()
    path = _link(message)
    assert path.startswith("/wachtwoord-herstellen/") and f'href="http://localhost{path}"' in html
    assert (
        "Beste Ada Peeters" in html and "2 uur geldig" in message.get_body(("plain",)).get_content()
    )

    page = client.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert EMAIL in page.get_data(as_text=True)
    mismatch = client.post(path, data={"new": NEW_PASSWORD, "confirm": "iets-anders-123"})
    assert mismatch.status_code == 422
    done = client.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert client.get("/").status_code == 200  # logged in by setting the password

    again = app.test_client().get(path)
    assert again.status_code == 410
    assert "al gebruikt" in again.get_data(as_text=True)
    other = app.test_client()
    assert (
        other.post("/aanmelden", data={"email": EMAIL, "password": DEFAULT_PASSWORD}).status_code
        == 422  # the old password is refused
    )
    login(other, EMAIL, NEW_PASSWORD)


@pytest.mark.parametrize("active", [None, False])
def test_unknown_or_inactive_address_gets_the_same_answer_and_no_mail(app, client, outbox, active):
    """No account, or a deactivated one: the same redirect, no mail, and the same work done (a
    link signed and a mail rendered), so the answer tells nothing."""
    if active is False:
        with app.app_context():
            user = db.session.get(User, make_user(email=EMAIL))
            user.is_active_account = False
            db.session.commit()
    with mock.patch.object(links, "render_mail", wraps=links.render_mail) as rendered:
        response = client.post("/wachtwoord-vergeten", data={"email": EMAIL})
    assert response.status_code == 302 and response.headers["Location"] == ANSWER
    assert rendered.call_count == 1
    assert outbox() == []


def test_the_answer_takes_as_long_for_a_known_and_an_unknown_address(make_app, app):
    """Both answers wait until PASSWORD_RESET_MIN_SECONDS have passed."""
    with app.app_context():
        make_user(email=EMAIL)
    slow = make_app(PASSWORD_RESET_MIN_SECONDS=0.3)
    for address in (EMAIL, "niemand@test.be"):
        started = time.monotonic()
        assert (
            slow.test_client().post("/wachtwoord-vergeten", data={"email": address}).status_code
            == 302
        )
        assert time.monotonic() - started >= 0.3


def test_an_empty_address_is_refused_on_the_form(client):
    """No address: a 422 with the message at the field, nothing mailed."""
    response = client.post("/wachtwoord-vergeten", data={"email": ""})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_an_expired_link_is_refused(app, client):
    """A reset link older than PASSWORD_RESET_HOURS, an invitation older than INVITATION_DAYS:
    410 with a Dutch message and a way to ask for a new one; nothing changes."""
    with app.app_context():
        user_id = make_user(email=EMAIL)
    hours = app.config["PASSWORD_RESET_HOURS"]
    fresh = _token_made_at(app, user_id, LinkPurpose.reset, hours * 3600 - 60)
    assert client.get(f"/wachtwoord-herstellen/{fresh}").status_code == 200
    old = _token_made_at(app, user_id, LinkPurpose.reset, hours * 3600 + 60)
    response = client.post(
        f"/wachtwoord-herstellen/{old}", data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "Deze link is verlopen." in page and 'href="/wachtwoord-vergeten"' in page
    days = app.config["INVITATION_DAYS"]
    invitation = _token_made_at(app, user_id, LinkPurpose.invitation, days * 86400 + 60)
    assert client.get(f"/uitnodiging/{invitation}").status_code == 410
    with app.app_context():
        assert check_password_hash(db.session.get(User, user_id).password_hash, DEFAULT_PASSWORD)


def test_a_tampered_or_foreign_link_is_refused(app, client):
    """A changed character, a link of the other kind, a made-up or overlong token: 400 with a
    Dutch message, never a 500."""
    with app.app_context():
        user_id = make_user(email=EMAIL)
    token = _token_made_at(app, user_id, LinkPurpose.reset, 0)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    invitation = _token_made_at(app, user_id, LinkPurpose.invitation, 0)
    for url in (
        f"/wachtwoord-herstellen/{tampered}",
        f"/wachtwoord-herstellen/{invitation}",
        f"/uitnodiging/{token}",
        "/wachtwoord-herstellen/onzin",
        "/wachtwoord-herstellen/" + "x" * 2000,
    ):
        response = client.post(url, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert response.status_code == 400, url
        assert "Deze link is ongeldig." in response.get_data(as_text=True)
    with app.app_context():
        assert check_password_hash(db.session.get(User, user_id).password_hash, DEFAULT_PASSWORD)


def test_a_new_password_or_deactivation_ends_older_links(ctx):
    """A link dies when the password changes (by any way) or the account is deactivated."""
    user = db.session.get(User, make_user(email=EMAIL))
    token = links.make_token(user, LinkPurpose.reset)
    assert links.user_for_token(token, LinkPurpose.reset) is user
    user.is_active_account = False
    with pytest.raises(LinkRefused) as refused:
        links.user_for_token(token, LinkPurpose.reset)
    assert refused.value.status_code == 410
    user.is_active_account = True
    user.password_hash = unusable_password_hash()
    with pytest.raises(LinkRefused):
        links.user_for_token(token, LinkPurpose.reset)


def test_setting_the_password_ends_sessions_and_api_tokens(app, client):
    """As a password change does: other sessions end and API tokens are revoked."""
    with app.app_context():
        user_id = make_user(role="coach", email=EMAIL)
        create_api_token(db.session.get(User, user_id), "script")
        db.session.commit()
    login(client, EMAIL)
    token = _token_made_at(app, user_id, LinkPurpose.reset, 0)
    other = app.test_client()
    response = other.post(
        f"/wachtwoord-herstellen/{token}", data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # the older session was logged out
    with app.app_context():
        assert db.session.scalar(select(ApiToken.revoked_at)) is not None


def test_an_invited_account_has_no_password_until_it_chooses_one(ctx):
    """No password logs into an invited account (not even an empty one)."""
    from netwerk.auth.services import authenticate

    user = db.session.get(User, make_user(email=EMAIL))
    user.password_hash = unusable_password_hash()
    db.session.flush()
    assert authenticate(EMAIL, "") is None
    assert authenticate(EMAIL, user.password_hash) is None


def test_reset_requests_are_limited_per_address(make_app, app):
    """The same address from many clients: the fourth request within the hour answers 429, known
    address or not; another address still gets through."""
    with app.app_context():
        make_user(email=EMAIL)
    limited = make_app(RATELIMIT_ENABLED=True, PASSWORD_RESET_MIN_SECONDS=0)
    for address in (EMAIL, "niemand@test.be"):
        codes = [
            limited.test_client()
            .post(
                "/wachtwoord-vergeten",
                data={"email": address},
                environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
            )
            .status_code
            for n in range(4)
        ]
        assert codes == [302, 302, 302, 429], address
    other = limited.test_client().post("/wachtwoord-vergeten", data={"email": "ander@test.be"})
    assert other.status_code == 302


def test_the_changes_are_logged(app, client, caplog):
    """A reset asked for and a password set through the link: a line each, the user as actor."""
    with app.app_context():
        user_id = make_user(email=EMAIL)
    start(caplog)
    client.post("/wachtwoord-vergeten", data={"email": EMAIL})
    token = _token_made_at(app, user_id, LinkPurpose.reset, 0)
    client.post(
        f"/wachtwoord-herstellen/{token}", data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert changes(caplog) == [
        (None, "user.password_reset_requested", "user", user_id),
        (user_id, "user.password_reset_by_link", "user", user_id),
    ]


@pytest.mark.postgres
@pytest.mark.skipif(BACKEND != "postgres", reason="real concurrency needs PostgreSQL")
def test_one_link_sent_six_times_at_once_sets_one_password(app):
    """Six browsers post the same reset link at once, each with another password: one wins (the
    user's row is locked), the others get the Dutch 410, never a 500."""
    with app.app_context():
        user_id = make_user(email=EMAIL)
    token = _token_made_at(app, user_id, LinkPurpose.reset, 0)
    barrier = threading.Barrier(6)

    def one(i: int) -> tuple[int, str]:
        password = f"wachtwoord-nummer-{i}"
        barrier.wait(timeout=20)
        code, page = post_form(
            opener(), f"{url}/wachtwoord-herstellen/{token}", {"new": password, "confirm": password}
        )
        return code, page

    with serve(app, "link-race") as url, ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(one, range(6)))
    codes = [code for code, _page in results]
    assert codes.count(302) == 1 and codes.count(410) == 5, codes
    assert all("al gebruikt" in page for code, page in results if code == 410)
    winner = codes.index(302)
    with app.app_context():
        stored = db.session.get(User, user_id).password_hash
        assert check_password_hash(stored, f"wachtwoord-nummer-{winner}")
