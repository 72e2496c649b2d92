"""The migration of API tokens (M7) carries existing tokens forward: they keep working, read-write
(a ministry user's: read-only), and expire API_TOKEN_DAYS after the upgrade."""

from datetime import datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import text

from netwerk import create_app
from netwerk.extensions import db
from netwerk.timeutil import utcnow
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

BEFORE = "a1c3e5f7b9d2"


def test_existing_tokens_get_an_expiry_and_a_scope(empty_database_url):  # noqa: F811
    """Tokens written before the migration: 'read write' (ministry: 'read'), expiring in 90 days."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for id_, role in ((1, "coach"), (2, "ministry")):
                conn.execute(
                    text(
                        'INSERT INTO "user" (id, email, name, password_hash, role, '
                        "is_active_account, created_at, session_version) VALUES "
                        "(:id, :email, 'X', 'x', :role, true, :now, 1)"
                    ),
                    {"id": id_, "email": f"{role}@test.be", "role": role, "now": utcnow()},
                )
                conn.execute(
                    text(
                        "INSERT INTO api_token (id, user_id, token_hash, name, created_at) "
                        "VALUES (:id, :id, :hash, 'oud', :now)"
                    ),
                    {"id": id_, "hash": str(id_) * 64, "now": utcnow()},
                )
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, scopes, expires_at FROM api_token ORDER BY id")
            ).all()
        db.engine.dispose()
    assert [(row.id, row.scopes) for row in rows] == [(1, "read write"), (2, "read")]
    for row in rows:
        # SQLite hands a raw query's datetime back as text.
        expires = datetime.fromisoformat(str(row.expires_at))
        assert abs(expires - (utcnow() + timedelta(days=90))) < timedelta(minutes=5)
