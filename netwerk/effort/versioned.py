"""Writing the versions of assignments, planned FTE and hour entries (netwerk/versions.py).

Every service that saves or deletes one of these records calls `record` or `close` in the same
transaction; the import and the demo and scale loaders write theirs in bulk. A save that changes
none of the copied columns (an hour entry's note only) writes no version: the figures did not move.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, insert, literal, select

from netwerk.effort.models import (
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    StaffAssignment,
    StaffAssignmentVersion,
)
from netwerk.extensions import db
from netwerk.networks.models import Network, Programme
from netwerk.timeutil import utcnow
from netwerk.versions import close_versions, copy_of, record_version

# entity -> (its version model, the version's key column)
VERSIONS: dict[type, tuple[Any, str]] = {
    StaffAssignment: (StaffAssignmentVersion, "assignment_id"),
    PlannedEffort: (PlannedEffortVersion, "planned_effort_id"),
    HourEntry: (HourEntryVersion, "hour_entry_id"),
}


def snapshot(row: Any) -> dict[str, Any]:
    """The columns a version of this record copies, as they are now."""
    version, _key = VERSIONS[type(row)]
    return copy_of(row, version.COPIED)


def record(actor: Any, row: Any, before: Mapping[str, Any] | None = None) -> Any:
    """A new version of a flushed record (None when `before`, its snapshot before the save, is
    what it still is)."""
    values = snapshot(row)
    if before is not None and dict(before) == values:
        return None
    version, key = VERSIONS[type(row)]
    return record_version(version, {key: row.id}, values, actor)


def close(actor: Any, entity: type, ids: Iterable[int], now: datetime | None = None) -> int:
    """Close the open versions of deleted records of one kind; how many."""
    version, key = VERSIONS[entity]
    now = now or utcnow()
    return sum(close_versions(version, {key: record_id}, actor, now) for record_id in ids)


def record_new(actor: Any, entity: type, rows: list[Mapping[str, Any]]) -> None:
    """First versions of records inserted in bulk (`rows`: each with its "id"; a column left out
    is NULL, as in the insert), one statement."""
    if not rows:
        return
    version, key = VERSIONS[entity]
    now = utcnow()
    actor_id = getattr(actor, "id", actor)
    db.session.execute(
        insert(version),
        [
            {
                key: row["id"],
                **{name: row.get(name) for name in version.COPIED},
                "recorded_at": now,
                "recorded_by_id": actor_id,
            }
            for row in rows
        ],
    )


def first_versions(now: datetime | None = None) -> dict[str, int]:
    """A first, open version of every record that has none yet, in SQL (the demo and scale
    loaders): recorded at the record's creation (a planned-FTE line: its network's or its
    programme's), as the migration dates them. Rows written per table."""
    now = now or utcnow()
    written = {}
    for entity, (version, key) in VERSIONS.items():
        source = entity.__table__
        created = source.c.get("created_at")
        moment = func.coalesce(created, literal(now)) if created is not None else None
        query = select(source.c.id, *(source.c[name] for name in version.COPIED))
        if moment is None:
            # A planned-FTE line has no creation time of its own.
            moment = func.coalesce(Network.created_at, Programme.created_at, literal(now))
            query = query.outerjoin(Network, Network.id == source.c.network_id).outerjoin(
                Programme, Programme.id == source.c.programme_id
            )
        has_version = exists().where(getattr(version, key) == source.c.id)
        query = query.add_columns(moment).where(~has_version)
        result = db.session.execute(
            insert(version).from_select([key, *version.COPIED, "recorded_at"], query)
        )
        written[version.__tablename__] = result.rowcount or 0
    return written
