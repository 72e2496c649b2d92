"""The effort records as known at a moment: assignments, planned FTE and hour entries.

Each source is a FROM clause with the entity's column names, so a report selects from it the same
way whatever the moment: known_at None (now) is the entity table itself, today's path at today's
speed; a moment (naive UTC) is the versions open then, their entity key labelled `id`.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import FromClause, select

from netwerk.effort.models import (
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    StaffAssignment,
    StaffAssignmentVersion,
)
from netwerk.versions import open_at


def _source(entity: Any, version: Any, key: str, known_at: datetime | None, name: str):
    """The entity's table (known_at None) or its versions open at known_at, as the entity."""
    if known_at is None:
        return entity.__table__
    columns = [getattr(version, key).label("id")]
    columns += [getattr(version, column).label(column) for column in version.COPIED]
    return select(*columns).where(*open_at(version, known_at)).subquery(name)


def assignment_source(known_at: datetime | None) -> FromClause:
    """Staff assignments as known at known_at: id, staff_member_id, network_id, anchor_school_id,
    programme_id, role, fte, funding_source, starts_on, ends_on."""
    return _source(
        StaffAssignment, StaffAssignmentVersion, "assignment_id", known_at, "staff_assignment_known"
    )


def planned_source(known_at: datetime | None) -> FromClause:
    """Planned-FTE lines as known at known_at: id, network_id, programme_id, school_year,
    planned_fte, earmarked_fte."""
    return _source(
        PlannedEffort, PlannedEffortVersion, "planned_effort_id", known_at, "planned_effort_known"
    )


def hour_source(known_at: datetime | None) -> FromClause:
    """Hour entries as known at known_at: id, staff_member_id, worked_on, minutes, activity,
    network_id, meeting_id, school_id."""
    return _source(HourEntry, HourEntryVersion, "hour_entry_id", known_at, "hour_entry_known")
