"""Every page shows a recorded moment in Brussels time and a meeting's time as planned."""

from datetime import datetime

from jinja2 import TemplateAssertionError

from netwerk.auth.models import User
from netwerk.extensions import db
from tests.factories import make_user


def test_every_template_compiles_without_the_old_datetime_filter(app):
    """The ambiguous |datetime filter is gone: every template compiles with the filters left."""
    names = [n for n in app.jinja_env.list_templates() if n.endswith((".html", ".txt"))]
    assert len(names) > 50
    for name in names:
        try:
            app.jinja_env.get_template(name)
        except TemplateAssertionError as exc:  # pragma: no cover - the failure message
            raise AssertionError(f"{name}: {exc}") from exc
    assert "datetime" not in app.jinja_env.filters


def test_the_users_page_shows_a_last_login_in_brussels_time(app, client, login_as):
    """A login recorded at 09:35 UTC in summer shows as 11:35; in winter 08:15 UTC as 09:15."""
    with app.app_context():
        summer = make_user(role="coach", name="Zomer Coach")
        winter = make_user(role="coach", name="Winter Coach")
        db.session.get(User, summer).last_login_at = datetime(2026, 7, 1, 9, 35)
        db.session.get(User, winter).last_login_at = datetime(2026, 1, 15, 8, 15)
        db.session.commit()
    login_as("admin")
    page = client.get("/gebruikers").get_data(as_text=True)
    assert "01/07/2026 11:35" in page and "01/07/2026 09:35" not in page
    assert "15/01/2026 09:15" in page and "15/01/2026 08:15" not in page
