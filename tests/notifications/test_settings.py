"""The page Meldingen: every role sees it in the menu; a coach chooses immediately, daily or
never for new registrations and switches reminders off; a wrong value is a 422, nothing stored."""

import re

import pytest

from netwerk.auth.models import RegistrationMail, User
from netwerk.extensions import db


def _user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


@pytest.mark.parametrize("role", ["admin", "ministry", "coach", "school"])
def test_every_role_finds_the_page_in_the_menu(client, login_as, role):
    """The menu links to /meldingen; the page says which mails the user gets."""
    login_as(role)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/meldingen"' in home
    page = client.get("/meldingen")
    assert page.status_code == 200
    assert "mails" in page.get_data(as_text=True)


def test_a_coach_saves_its_settings(app, client, login_as):
    """Daily digest and no reminders, stored; the form shows them again."""
    coach_id = login_as("coach")
    assert _user(app, coach_id).registration_mail is RegistrationMail.immediately
    response = client.post("/meldingen", data={"registration_mail": "daily"})
    assert response.status_code == 302
    user = _user(app, coach_id)
    assert user.registration_mail is RegistrationMail.daily and user.wants_reminders is False
    page = client.get("/meldingen").get_data(as_text=True)
    assert re.search(
        r'<input[^>]*checked[^>]*value="daily"|<input[^>]*value="daily"[^>]*checked', page
    )
    assert not re.search(r'<input[^>]*checked[^>]*name="wants_reminders"', page)


def test_a_wrong_choice_is_refused_in_dutch(app, client, login_as):
    """An unknown value: 422 with a Dutch message, nothing stored."""
    coach_id = login_as("coach")
    response = client.post(
        "/meldingen", data={"registration_mail": "hourly", "wants_reminders": "y"}
    )
    assert response.status_code == 422
    assert "Not a valid choice" not in response.get_data(as_text=True)
    assert _user(app, coach_id).registration_mail is RegistrationMail.immediately


def test_only_a_coach_posts_settings(client, login_as):
    """Other roles have nothing to change: a POST is a 403."""
    login_as("school")
    assert client.post("/meldingen", data={"registration_mail": "daily"}).status_code == 403


def test_the_page_needs_a_login(client):
    """Anonymous: to the login page."""
    response = client.get("/meldingen")
    assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]
