"""Extra databases for the scale tests: one loaded once per module, one to import into."""

from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import new_database


@contextmanager
def extra_database(tmp_path_factory, label: str) -> Iterator[str]:
    """A new empty database beside the test database (a SQLite file or a PostgreSQL database)."""
    with new_database(tmp_path_factory.mktemp(label), label) as url:
        yield url
