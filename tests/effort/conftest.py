"""Fixtures of the effort tests."""

import pytest

from netwerk.extensions import db


@pytest.fixture
def ctx(app):
    """A request context for service tests: Dutch messages need the locale selector's request."""
    with app.test_request_context():
        yield
        db.session.rollback()
