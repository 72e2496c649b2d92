"""The data generation: one number that every committed write raises.

A cached report body (netwerk/httpcache.py) is keyed by the generation it was built at, so that
any write to any table makes every older body unreachable. The counter is raised in the same
transaction as the writes, just before COMMIT, so a reader that sees a write also sees the new
number. The hook is generic on purpose: it watches the statements the engine sends (INSERT,
UPDATE, DELETE, COPY, TRUNCATE on any table, by the ORM, by Core or by text), not a list of models,
so a new feature's writes count without anyone remembering to register them.

Readers take the number BEFORE their queries: a write committed in between can then only make the
body newer than its key, never older.
"""

from sqlalchemy import DDL, BigInteger, Connection, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from netwerk.extensions import db

# The first word of a statement that changes rows.
WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "COPY", "TRUNCATE", "MERGE", "REPLACE")
# Where Connection.info notes that the current transaction wrote rows.
WROTE = "netwerk.wrote"
ROW_ID = 1

# Sent on the DBAPI cursor itself (no SQLAlchemy events, so it does not count as a write). It skips
# a database without the table (a migration test upgrading from before it, a half-built schema).
BUMP_POSTGRES = (
    "DO $$ BEGIN IF to_regclass('data_generation') IS NOT NULL THEN "
    "UPDATE data_generation SET value = value + 1 WHERE id = 1; END IF; END $$"
)
HAS_TABLE_SQLITE = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_generation'"
BUMP = "UPDATE data_generation SET value = value + 1 WHERE id = 1"


class DataGeneration(db.Model):
    """The one row (id 1) whose value counts the committed transactions that wrote data."""

    __tablename__ = "data_generation"
    # Not data: a fresh migrated database holds this row and is still empty (bulk loads, imports),
    # and an export leaves it out (the importing database has its own).
    __table_args__ = {"info": {"not_data": True}}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


# create_all (the tests' schema) gets the row the migration inserts.
event.listen(
    DataGeneration.__table__,
    "after_create",
    DDL("INSERT INTO data_generation (id, value) VALUES (1, 0)"),
)


def current_generation() -> int | None:
    """The generation now, None when the row is missing (then nothing may be cached)."""
    return db.session.scalar(select(DataGeneration.value).where(DataGeneration.id == ROW_ID))


def is_write(statement: str) -> bool:
    """Does this SQL statement change rows? (Its first word says so.)"""
    head = statement.lstrip()[:8].upper()
    return head.startswith(WRITE_WORDS)


def note_write(conn: Connection) -> None:
    """Count the current transaction as a writer: for writes the engine does not see (psycopg's
    COPY through the DBAPI cursor)."""
    conn.info[WROTE] = True


def _after_cursor_execute(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    if WROTE not in conn.info and is_write(statement):
        conn.info[WROTE] = True


def _forget(conn, *_args) -> None:
    conn.info.pop(WROTE, None)


def _bump_before_commit(conn: Connection) -> None:
    """Raise the generation in the transaction that is about to commit, if it wrote."""
    if not conn.info.pop(WROTE, False):
        return
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            cursor.execute(BUMP_POSTGRES)
        else:
            cursor.execute(HAS_TABLE_SQLITE)
            if cursor.fetchone() is not None:
                cursor.execute(BUMP)
    finally:
        cursor.close()


def watch_writes() -> None:
    """Listen on every engine (once per process): note writes, raise the generation on commit."""
    if event.contains(Engine, "commit", _bump_before_commit):
        return
    event.listen(Engine, "after_cursor_execute", _after_cursor_execute)
    event.listen(Engine, "begin", _forget)
    event.listen(Engine, "rollback", _forget)
    event.listen(Engine, "commit", _bump_before_commit)
