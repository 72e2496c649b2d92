"""User management for admins, its role checks, and the `flask users` commands."""

import re

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from netwerk.auth.models import ApiToken, Role, User
from netwerk.auth.tokens import hash_token
from netwerk.extensions import db
from tests.conftest import login
from tests.factories import DEFAULT_PASSWORD, make_school, make_user

NEW_PASSWORD = "een-nieuw-wachtwoord"


def _user(app, user_id: int) -> User:
    return db.session.get(User, user_id)


def test_list_filters_on_role_and_searches(app, client, login_as):
    """The list shows every account; the role filter and search narrow it."""
    with app.app_context():
        make_user(role="coach", name="Koen Coach", email="koen@test.be")
        make_user(role="ministry", name="Mina Ministerie")
    login_as("admin", name="Ada Admin")
    page = client.get("/gebruikers").get_data(as_text=True)
    assert "Koen Coach" in page and "Mina Ministerie" in page and "Ada Admin" in page
    page = client.get("/gebruikers?role=coach").get_data(as_text=True)
    assert "Koen Coach" in page and "Mina Ministerie" not in page
    page = client.get("/gebruikers?q=KOEN@").get_data(as_text=True)
    assert "1 gebruiker gevonden" in page
    assert client.get("/gebruikers?role=keizer").status_code == 400


def _link(mail: str) -> str:
    """The path of the first link to this app in a raw mail."""
    return re.search(r"http://localhost(/[^\s\"<]+)", mail).group(1)


def test_create_school_user_by_institution_numbers(app, client, login_as, outbox):
    """An admin creates a school user linked to two schools by their institution numbers; the
    user is mailed an invitation, chooses a password through it and logs in with it."""
    with app.app_context():
        make_school(institution_number="111111")
        make_school(institution_number="222222")
    login_as("admin")
    response = client.post(
        "/gebruikers/nieuw",
        data={
            "email": "Directie@School.be",
            "name": "Dirk Directeur",
            "role": "school",
            "schools": "111111, 222222",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "directie@school.be"))
        assert user.role is Role.school and user.is_invited
        assert sorted(s.institution_number for s in user.schools) == ["111111", "222222"]
    assert "uitgenodigd" in client.get("/gebruikers").get_data(as_text=True)
    (mail,) = outbox()
    assert "To: directie@school.be" in mail and "Beste Dirk Directeur" in mail
    assert f"From: {app.config['MAIL_DEFAULT_SENDER']}" in mail
    assert "Subject: Uw account voor netwerk: kies een wachtwoord" in mail
    assert "text/plain" in mail and "text/html" in mail and "7 dagen geldig" in mail
    path = _link(mail)
    assert path.startswith("/uitnodiging/")
    invited = app.test_client()
    assert "Welkom, Dirk Directeur" in invited.get(path).get_data(as_text=True)
    response = invited.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    client.post("/afmelden")
    login(client, "directie@school.be", NEW_PASSWORD)
    assert invited.get(path).status_code == 410  # used once


def test_the_role_of_a_new_user_has_no_default(app, client, login_as):
    """The role field starts on "Kies een rol"; sent empty, the form says so and creates no one."""
    login_as("admin")
    page = client.get("/gebruikers/nieuw").get_data(as_text=True)
    assert re.search(r'<option selected value="">Kies een rol</option>', page)
    assert "password" not in page
    data = {"email": "nieuw@test.be", "name": "Nieuw", "role": ""}
    response = client.post("/gebruikers/nieuw", data=data)
    assert response.status_code == 422 and "Kies een rol." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nieuw@test.be")) is None


def test_create_with_bad_input_shows_messages(app, client, login_as, outbox):
    """Unknown numbers, a school user without schools, a taken e-mail: a 4xx with messages (a
    taken e-mail is a clash, 409), and no invitation mailed."""
    with app.app_context():
        make_user(email="bezet@test.be")
    login_as("admin")
    base = {"email": "nieuw@test.be", "name": "Nieuw", "role": "school"}
    unknown = client.post("/gebruikers/nieuw", data={**base, "schools": "999999"})
    assert unknown.status_code == 422
    assert "Onbekend instellingsnummer: 999999." in unknown.get_data(as_text=True)
    no_school = client.post("/gebruikers/nieuw", data=base)
    assert "minstens één school" in no_school.get_data(as_text=True)
    taken = client.post(
        "/gebruikers/nieuw", data={**base, "role": "coach", "email": "BEZET@test.be"}
    )
    assert taken.status_code == 409
    assert "Er bestaat al een gebruiker" in taken.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nieuw@test.be")) is None
    assert outbox() == []


def test_resend_an_invitation(app, client, login_as, outbox):
    """A new invitation works and ends the older one's link; a user who chose a password gets
    none (409 with a message)."""
    login_as("admin")
    client.post("/gebruikers/nieuw", data={"email": "k@test.be", "name": "Koen", "role": "coach"})
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "k@test.be"))
    assert "Uitnodiging opnieuw versturen" in client.get(
        f"/gebruikers/{user_id}/uitnodiging"
    ).get_data(as_text=True)
    response = client.post(f"/gebruikers/{user_id}/uitnodiging")
    assert response.status_code == 302
    first, second = outbox()
    assert _link(first) != _link(second)
    assert client.get(_link(first)).status_code == 410
    other = app.test_client()
    data = {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert other.post(_link(second), data=data).status_code == 302
    again = client.post(f"/gebruikers/{user_id}/uitnodiging")
    assert again.status_code == 409
    assert "al een wachtwoord gekozen" in again.get_data(as_text=True)
    assert len(outbox()) == 2


def test_edit_role_name_active_and_schools(app, client, login_as):
    """An admin changes a user's role and schools, and deactivates the account."""
    with app.app_context():
        school_id = make_school(institution_number="333333")
        user_id = make_user(role="coach", email="koen@test.be")
    login_as("admin")
    form = client.get(f"/gebruikers/{user_id}/bewerken").get_data(as_text=True)
    assert "koen@test.be" in form
    response = client.post(
        f"/gebruikers/{user_id}/bewerken",
        data={"name": "Koen School", "role": "school", "schools": "333333"},
    )
    assert response.status_code == 302
    with app.app_context():
        user = _user(app, user_id)
        assert (user.role, user.name, user.is_active_account) == (Role.school, "Koen School", False)
        assert [s.id for s in user.schools] == [school_id]
    other = app.test_client()
    refused = other.post("/aanmelden", data={"email": "koen@test.be", "password": DEFAULT_PASSWORD})
    assert refused.status_code == 422  # the right password, but deactivated: no login
    assert "verkeerd wachtwoord" in refused.get_data(as_text=True)
    assert client.get("/gebruikers/99999/bewerken").status_code == 404


def test_an_admin_cannot_lock_themselves_out(app, client, login_as):
    """Taking away one's own admin role or deactivating oneself is refused with a message."""
    admin_id = login_as("admin")
    demote = client.post(
        f"/gebruikers/{admin_id}/bewerken", data={"name": "Ada", "role": "coach", "active": "y"}
    )
    assert "eigen beheerdersrol" in demote.get_data(as_text=True)
    deactivate = client.post(
        f"/gebruikers/{admin_id}/bewerken", data={"name": "Ada", "role": "admin"}
    )
    assert "eigen account niet deactiveren" in deactivate.get_data(as_text=True)
    with app.app_context():
        user = _user(app, admin_id)
        assert (user.role, user.is_active_account) == (Role.admin, True)


def test_reset_password_mails_a_link(app, client, login_as, outbox):
    """An admin mails a reset link; the old password works until the user sets a new one."""
    with app.app_context():
        user_id = make_user(role="coach", email="koen@test.be")
    login_as("admin")
    page = client.get(f"/gebruikers/{user_id}/wachtwoord").get_data(as_text=True)
    assert "Herstellink versturen" in page and "password" not in page
    response = client.post(f"/gebruikers/{user_id}/wachtwoord")
    assert response.status_code == 302
    (mail,) = outbox()
    assert "To: koen@test.be" in mail
    login(app.test_client(), "koen@test.be")
    path = _link(mail)
    response = app.test_client().post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    login(app.test_client(), "koen@test.be", NEW_PASSWORD)


def test_no_mail_to_a_deactivated_account(app, client, login_as, outbox):
    """A reset link for a deactivated account is refused with a message (409)."""
    with app.app_context():
        user = db.session.get(User, make_user(role="coach"))
        user.is_active_account = False
        db.session.commit()
        user_id = user.id
    login_as("admin")
    response = client.post(f"/gebruikers/{user_id}/wachtwoord")
    assert response.status_code == 409 and "gedeactiveerd" in response.get_data(as_text=True)
    assert outbox() == []


USER_ROUTES = [
    ("GET", "/gebruikers"),
    ("GET", "/gebruikers/nieuw"),
    ("POST", "/gebruikers/nieuw"),
    ("GET", "/gebruikers/{id}/bewerken"),
    ("POST", "/gebruikers/{id}/bewerken"),
    ("GET", "/gebruikers/{id}/wachtwoord"),
    ("POST", "/gebruikers/{id}/wachtwoord"),
    ("GET", "/gebruikers/{id}/uitnodiging"),
    ("POST", "/gebruikers/{id}/uitnodiging"),
]


@pytest.mark.parametrize("role", ["ministry", "coach", "school"])
def test_user_pages_are_for_admins_only(app, client, login_as, role):
    """Every user-management route answers 403 to the other roles and writes nothing."""
    user_id = login_as(role)
    data = {"name": "Hacker", "role": "admin", "active": "y", "new": "x" * 12, "confirm": "x" * 12}
    statuses = {
        f"{method} {url}": client.open(url.format(id=user_id), method=method, data=data).status_code
        for method, url in USER_ROUTES
    }
    assert statuses == dict.fromkeys(statuses, 403)
    with app.app_context():
        assert _user(app, user_id).role is Role(role)


def test_user_pages_send_visitors_to_login(app, client):
    """Without a login every user-management route leads to the login page."""
    with app.app_context():
        user_id = make_user()
    for method, url in USER_ROUTES:
        response = client.open(url.format(id=user_id), method=method)
        assert response.status_code == 302, (method, url)
        assert "/aanmelden" in response.headers["Location"]


# --- flask users ... ------------------------------------------------------------------------------


def test_cli_create_user_with_password_option(app):
    """flask users create with --password and --school links the schools."""
    with app.app_context():
        make_school(institution_number="111111")
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "dir@school.be",
            "--role",
            "school",
            "--password",
            NEW_PASSWORD,
            "--school",
            "111111",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "dir@school.be (school) aangemaakt" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "dir@school.be"))
        assert [s.institution_number for s in user.schools] == ["111111"]
        assert check_password_hash(user.password_hash, NEW_PASSWORD)


def test_cli_create_user_prompts_for_the_password(app):
    """Without --password the command asks twice, hidden, and refuses a mismatch."""
    runner = app.test_cli_runner()
    args = ["users", "create", "--email", "ada@test.be", "--role", "admin"]
    mismatch = runner.invoke(args=args, input=f"{NEW_PASSWORD}\nanders-wachtwoord\n")
    assert mismatch.exit_code != 0
    assert "Wachtwoord" in mismatch.output
    assert NEW_PASSWORD not in mismatch.output  # hidden input is not echoed
    result = runner.invoke(args=args, input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ada@test.be"))
        assert user.role is Role.admin
        assert check_password_hash(user.password_hash, NEW_PASSWORD)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--role", "school", "--school", "999999"], "Onbekend instellingsnummer: 999999"),
        (["--role", "school"], "minstens één school"),
        (["--role", "coach", "--password", "kort"], "minstens 10 tekens"),
        (["--role", "keizer"], "Invalid value"),
    ],
)
def test_cli_create_user_refuses_bad_input(app, extra, message):
    """Bad options end with a message and exit code != 0, and no user."""
    args = ["users", "create", "--email", "x@test.be", "--password", NEW_PASSWORD, *extra]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "x@test.be")) is None


def test_cli_token_prints_a_token_stored_as_hash(app, client):
    """flask users token prints a token; only its hash is stored, and the API accepts it."""
    with app.app_context():
        make_user(role="ministry", email="mina@test.be")
    result = app.test_cli_runner().invoke(args=["users", "token", "mina@test.be"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()  # the token alone on stdout; what it is goes to stderr
    assert len(token) >= 40
    with app.app_context():
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
        assert stored == [hash_token(token)]
    response = client.get("/api/v1/networks", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    unknown = app.test_cli_runner().invoke(args=["users", "token", "niemand@test.be"])
    assert unknown.exit_code != 0 and "Geen gebruiker" in unknown.output
