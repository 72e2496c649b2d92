"""Writing the versions of assignments, planned FTE and hour entries (netwerk/versions.py).

Every service that saves or deletes one of these records calls `record` or `close` in the same
transaction; the import (hours_import) and the demo and scale loaders (netwerk.demo.effort
first_versions) write theirs in bulk. A save that changes none of the copied columns (an hour
entry's note only) writes no version: the figures did not move.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from netwerk.effort.models import (
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    StaffAssignment,
    StaffAssignmentVersion,
)
from netwerk.extensions import db
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
    if before is not None:
        # The row as stored, not as this request loaded it: a save sends only the columns it
        # changed, so after a concurrent save the row can mix both, and the version must be it.
        db.session.refresh(row, attribute_names=list(VERSIONS[type(row)][0].COPIED))
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
