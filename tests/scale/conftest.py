"""Extra databases for the scale tests: one loaded once per module, one to import into."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import make_url

from tests.conftest import BACKEND


@contextmanager
def extra_database(tmp_path_factory, label: str) -> Iterator[str]:
    """A new empty database beside the test database (a SQLite file or a PostgreSQL database)."""
    if BACKEND != "postgres":
        yield "sqlite:///" + str(tmp_path_factory.mktemp(label) / f"{label}.db")
        return
    admin = make_url(os.environ["NETWERK_TEST_POSTGRES_URL"])
    name = f"netwerk_{label}_{uuid.uuid4().hex[:10]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
