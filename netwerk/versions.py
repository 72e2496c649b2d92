"""Append-only versions of the records a report reads, so that a figure can be read as known at
any moment ("stand van de gegevens").

A versioned record keeps its identity and its current state in its own table (foreign keys, URLs
and today's pages read it as before, at the same speed) and every state it has had in a version
table beside it. A write closes the open version (`recorded_until`) and adds the new one
(`recorded_at`, `recorded_by_id`); a delete only closes it. Nothing in a version table is ever
updated except that one closing time, and nothing is deleted: "as known at K" reads the versions
open at K, so a figure published at K is rebuilt exactly whatever was edited since.

A version table is a model with `VersionColumns` and the columns it copies. Its *key* names the
rows one write replaces together: one record (`{"hour_entry_id": 7}`) or a whole set
(`{"meeting_id": 3}` for a meeting's attendance, saved as one).

Times are naive UTC, as `recorded_at` of the registration history (networks.history.known_by).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, Index, or_, select, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from netwerk.extensions import db
from netwerk.timeutil import utcnow


class VersionColumns:
    """When a version was the known state: [recorded_at, recorded_until), and who recorded it."""

    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # NULL while this is the record's current version.
    recorded_until: Mapped[datetime | None]

    @declared_attr
    def recorded_by_id(cls) -> Mapped[int | None]:
        """Who wrote this version (None: the system, a migration or an import without a user)."""
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def closed_by_id(cls) -> Mapped[int | None]:
        """Who closed it: the writer of the next version, or who deleted the record."""
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


def version_indexes(table: str, *key: str) -> tuple[Index, ...]:
    """The indexes every version table needs: the open versions of a key (current reads and the
    close on write) and the versions of a key by time (history, "as known at")."""
    return (
        Index(f"ix_{table}_open", *key, "recorded_until"),
        Index(f"ix_{table}_recorded", *key, "recorded_at"),
    )


def open_at(model: Any, known_at: datetime | None) -> list[ColumnElement[bool]]:
    """Where-clauses: the versions of `model` that were the known state at known_at (naive UTC;
    None: the current ones)."""
    if known_at is None:
        return [model.recorded_until.is_(None)]
    return [
        model.recorded_at <= known_at,
        or_(model.recorded_until.is_(None), model.recorded_until > known_at),
    ]


def _key_conditions(model: Any, key: Mapping[str, Any]) -> list[ColumnElement[bool]]:
    if not key:
        raise ValueError("a version key names at least one column")
    return [getattr(model, name) == value for name, value in key.items()]


def close_versions(
    model: Any, key: Mapping[str, Any], actor: Any = None, now: datetime | None = None
) -> int:
    """Close the open versions of `key` (a delete, or the first half of a write); how many."""
    now = now or utcnow()
    result = db.session.execute(
        update(model)
        .where(*_key_conditions(model, key), model.recorded_until.is_(None))
        .values(recorded_until=now, closed_by_id=getattr(actor, "id", actor))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def record_versions(
    model: Any,
    key: Mapping[str, Any],
    rows: Iterable[Mapping[str, Any]],
    actor: Any = None,
    now: datetime | None = None,
) -> list[Any]:
    """Replace the open versions of `key` by `rows` (each a dict of the copied columns; the key's
    columns are filled in): close the old ones and add the new ones, all at the same moment.

    An empty `rows` closes the key's versions and opens none (a set emptied, a record deleted).
    """
    now = now or utcnow()
    close_versions(model, key, actor, now)
    actor_id = getattr(actor, "id", actor)
    added = [model(**{**row, **key}, recorded_at=now, recorded_by_id=actor_id) for row in rows]
    db.session.add_all(added)
    return added


def record_version(
    model: Any,
    key: Mapping[str, Any],
    values: Mapping[str, Any],
    actor: Any = None,
    now: datetime | None = None,
) -> Any:
    """Replace the open version of one record (key) by `values`; the new version."""
    return record_versions(model, key, [values], actor, now)[0]


def copy_of(obj: Any, columns: Iterable[str]) -> dict[str, Any]:
    """The values of `columns` on a model instance, for record_version."""
    return {name: getattr(obj, name) for name in columns}


@dataclass
class VersionStep:
    """One write in a record's history: when, by whom, and what changed ({field: (old, new)})."""

    recorded_at: datetime
    # Who wrote it (for a delete: who deleted).
    recorded_by_id: int | None
    changes: dict[str, tuple[Any, Any]]
    # "created", "changed" or "deleted".
    kind: str


def history_of(model: Any, key: Mapping[str, Any], fields: Iterable[str]) -> list[VersionStep]:
    """The writes of one record (a single-row key), oldest first, each with the fields it changed;
    a delete is the closing of the last version with nothing after it. One statement."""
    fields = list(fields)
    versions = db.session.scalars(
        select(model).where(*_key_conditions(model, key)).order_by(model.recorded_at, model.id)
    ).all()
    steps: list[VersionStep] = []
    previous = None
    for version in versions:
        new = {name: getattr(version, name) for name in fields}
        if previous is None:
            changes = {name: (None, value) for name, value in new.items()}
            kind = "created"
        else:
            old = {name: getattr(previous, name) for name in fields}
            changes = {name: (old[name], new[name]) for name in fields if old[name] != new[name]}
            kind = "changed"
        steps.append(VersionStep(version.recorded_at, version.recorded_by_id, changes, kind))
        previous = version
    if previous is not None and previous.recorded_until is not None:
        # Closed with no later version: the record was deleted then.
        steps.append(VersionStep(previous.recorded_until, previous.closed_by_id, {}, "deleted"))
    return steps
