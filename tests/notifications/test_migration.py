"""The migration of the notification settings carries every user forward with the defaults (a
mail at once, reminders on), adds sent_reminder, and goes back down cleanly."""

from datetime import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401 - a fixture

BEFORE = "d5f7a9c1e3b5"
NOW = datetime(2026, 12, 1, 12, 0)
USERS = (
    'INSERT INTO "user" (id, email, name, password_hash, role, is_active_account, created_at, '
    "session_version) VALUES (1, 'coach@test.be', 'Coach', 'x', 'coach', true, :now, 1), "
    "(2, 'school@test.be', 'School', 'x', 'school', false, :now, 3)"
)


def test_users_are_carried_forward_with_the_defaults(empty_database_url):  # noqa: F811
    """Both users keep their rows and get 'immediately' and reminders on."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            connection.execute(text(USERS), {"now": NOW})
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT id, email, session_version, registration_mail, wants_reminders "
                    'FROM "user" ORDER BY id'
                )
            ).all()
        assert [(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows] == [
            (1, "coach@test.be", 1, "immediately", True),
            (2, "school@test.be", 3, "immediately", True),
        ]
        assert "sent_reminder" in inspect(db.engine).get_table_names()
        downgrade(revision=BEFORE)
        columns = {c["name"] for c in inspect(db.engine).get_columns("user")}
        assert "registration_mail" not in columns and "wants_reminders" not in columns
        assert "sent_reminder" not in inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            assert connection.execute(text('SELECT count(*) FROM "user"')).scalar() == 2
        db.engine.dispose()
