"""User management for admins, its role checks, and the `flask users` commands."""

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


def test_create_school_user_by_institution_numbers(app, client, login_as):
    """An admin creates a school user linked to two schools by their institution numbers."""
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
            "password": NEW_PASSWORD,
            "schools": "111111, 222222",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "directie@school.be"))
        assert user.role is Role.school
        assert sorted(s.institution_number for s in user.schools) == ["111111", "222222"]
    client.post("/afmelden")
    login(client, "directie@school.be", NEW_PASSWORD)


def test_create_with_bad_input_shows_messages(app, client, login_as):
    """Unknown numbers, a school user without schools, a taken e-mail: a 4xx with messages (a
    taken e-mail is a clash, 409)."""
    with app.app_context():
        make_user(email="bezet@test.be")
    login_as("admin")
    base = {"email": "nieuw@test.be", "name": "Nieuw", "role": "school", "password": NEW_PASSWORD}
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
    short = client.post("/gebruikers/nieuw", data={**base, "role": "coach", "password": "kort"})
    assert short.status_code == 422 and 'aria-invalid="true"' in short.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nieuw@test.be")) is None


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


def test_reset_password(app, client, login_as):
    """An admin sets a new password; the user logs in with it."""
    with app.app_context():
        user_id = make_user(role="coach", email="koen@test.be")
    login_as("admin")
    mismatch = client.post(
        f"/gebruikers/{user_id}/wachtwoord", data={"new": NEW_PASSWORD, "confirm": "anders-123456"}
    )
    assert "De wachtwoorden verschillen." in mismatch.get_data(as_text=True)
    response = client.post(
        f"/gebruikers/{user_id}/wachtwoord", data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    login(app.test_client(), "koen@test.be", NEW_PASSWORD)


USER_ROUTES = [
    ("GET", "/gebruikers"),
    ("GET", "/gebruikers/nieuw"),
    ("POST", "/gebruikers/nieuw"),
    ("GET", "/gebruikers/{id}/bewerken"),
    ("POST", "/gebruikers/{id}/bewerken"),
    ("GET", "/gebruikers/{id}/wachtwoord"),
    ("POST", "/gebruikers/{id}/wachtwoord"),
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
