"""Locks that turn a check-then-write into one step under concurrency (on PostgreSQL).

Two requests that both read "not there yet" and then both insert end in a unique violation; two
that both read a row and then both rewrite it lose one of the writes. Taking a lock first, then
re-reading, makes the second request wait for the first to commit and then see what it wrote.

- `lock_row(model, id)`: SELECT ... FOR UPDATE on PostgreSQL; on SQLite a no-op UPDATE of the row,
  which takes SQLite's write lock at once.
- `lock_name(kind, key)`: a PostgreSQL advisory lock until the end of the transaction, for a row
  that does not exist yet (a programme name, an e-mail address, a month); on SQLite, which lets
  one writer in at a time, nothing.
"""

import hashlib

from sqlalchemy import func, select, update

from netwerk.extensions import db


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def lock_row(model, object_id: int) -> None:
    """Serialise the writers of one row until the end of the transaction."""
    if _is_postgres():
        db.session.execute(select(model.id).where(model.id == object_id).with_for_update())
    else:
        table = model.__table__
        # Every column set to itself: the id, and those with an onupdate (updated_at), which
        # would otherwise change although nothing did.
        same = {c.key: c for c in table.c if c.primary_key or c.onupdate is not None}
        db.session.execute(
            update(table).where(table.c.id == object_id).values(same),
            execution_options={"synchronize_session": False},
        )


def lock_name(kind: str, key: str) -> None:
    """Serialise the writers of one name (e.g. "user.email", "a@b.be") until the end of the
    transaction, so that the check "is it taken?" that follows sees a concurrent insert."""
    if not _is_postgres():
        return
    digest = hashlib.sha256(f"{kind}\x1f{key}".encode()).digest()
    db.session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], signed=True))))
