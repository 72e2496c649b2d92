"""Counting the SQL statements the app sends: the tests that keep a page's statements from
growing with the data."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from netwerk.extensions import db


@contextmanager
def counting(app) -> Iterator[list[str]]:
    """The statements sent to the app's database while the block runs, in order."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


def statements_of_get(app, client, url: str) -> int:
    """How many statements a GET of url sends (it must answer 200)."""
    with counting(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)
