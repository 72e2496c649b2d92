"""Test fixtures: a real database per test session (SQLite file or a PostgreSQL database of its own),
emptied after every test, and a fresh app per test."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings
from sqlalchemy import make_url

from netwerk import create_app
from netwerk.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

BACKEND = os.environ.get("NETWERK_TEST_BACKEND", "sqlite")

# CI explores the same hostile inputs on every run, so that main stays green for a reason and a
# failure can be reproduced; a developer's run draws new ones (HYPOTHESIS_PROFILE unset) and so
# keeps finding what CI has not tried yet.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _postgres_admin_url() -> str:
    url = os.environ.get("NETWERK_TEST_POSTGRES_URL")
    if not url:
        pytest.exit("NETWERK_TEST_BACKEND=postgres vraagt NETWERK_TEST_POSTGRES_URL", returncode=2)
    return url


@contextmanager
def new_database(folder: Path, label: str) -> Iterator[str]:
    """The URL of a new, empty database, dropped afterwards: the SQLite file <label>.db in folder,
    or the PostgreSQL database netwerk_<label>_<random> beside the one NETWERK_TEST_POSTGRES_URL
    names."""
    if BACKEND != "postgres":
        yield "sqlite:///" + str(folder / f"{label}.db")
        return
    admin = make_url(_postgres_admin_url())
    name = f"netwerk_{label}_{uuid.uuid4().hex[:10]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of this test session only: a SQLite file, or a new PostgreSQL database."""
    with new_database(tmp_path_factory.mktemp("db"), "test") as url:
        yield url


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the schema once per session (the migrations are checked in test_migrations.py)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database_url


def app_config(database_url: str, folder, **overrides) -> dict:
    """The configuration of a test app: this database, mails and uploads under folder."""
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "UPLOAD_DIR": str(folder / "uploads"),
        "SERVER_NAME": "localhost",
        **overrides,
    }


@pytest.fixture
def app(_schema, tmp_path):
    """A fresh app on the session's database; every table is emptied afterwards."""
    app = create_app(app_config(_schema, tmp_path))
    yield app
    with app.app_context():
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def _empty_all_tables() -> None:
    """DELETE in reverse dependency order: on tables of a few rows it is far cheaper than
    PostgreSQL's TRUNCATE, which rewrites every table's files (seconds per test)."""
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if not table.info.get("not_data"):  # the data generation's one row stays
                conn.execute(table.delete())


@pytest.fixture
def make_app(app):
    """Another app on the same database with some settings changed; its engine is closed after."""
    made = []

    def _make(**overrides):
        other = create_app({**app.config, **overrides})
        made.append(other)
        return other

    yield _make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def ctx(app):
    """An app context for service tests (never held open around client calls)."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def outbox(app):
    """The folder where the app writes its e-mails in tests; a function listing them."""
    folder = app.config["MAIL_OUTBOX_DIR"]

    def read() -> list[str]:
        if not os.path.isdir(folder):
            return []
        mails = []
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                mails.append(handle.read())
        return mails

    return read


def login(client, email: str, password: str = DEFAULT_PASSWORD):
    """Log a test client in through the login form."""
    response = client.post("/aanmelden", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def login_as(app, client):
    """Create a user with a role and log the client in as that user; returns the user's id."""

    def _login_as(role: str, **kwargs) -> int:
        with app.app_context():
            user_id = make_user(role=role, **kwargs)
            email = db.session.get(
                __import__("netwerk.auth.models").auth.models.User, user_id
            ).email
        login(client, email)
        return user_id

    return _login_as
