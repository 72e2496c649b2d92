"""Fixtures of the meetings tests."""

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from tests.conftest import login
from tests.meetings.factories import make_scene


@pytest.fixture
def scene(app):
    """Two networks, coaches, accepted/pending/outside schools and a user per role (ids)."""
    with app.app_context():
        return make_scene()


@pytest.fixture
def log_in(app, client):
    """Log the test client in as an existing user (by id)."""

    def _log_in(user_id: int) -> None:
        with app.app_context():
            email = db.session.get(User, user_id).email
        client.post("/afmelden")
        login(client, email)

    return _log_in
