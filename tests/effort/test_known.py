"""netwerk.effort.known: the effort records as known at a moment, under the entity's names."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from netwerk.effort import known
from netwerk.effort.models import (
    Activity,
    FundingSource,
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    StaffAssignment,
    StaffAssignmentVersion,
    StaffRole,
)
from netwerk.extensions import db
from netwerk.versions import close_versions, record_version

T0 = datetime(2025, 1, 10, 9, 0)
T1 = T0 + timedelta(days=1)
T2 = T0 + timedelta(days=2)
ASSIGNMENT = {
    "staff_member_id": 4,
    "network_id": 5,
    "anchor_school_id": None,
    "programme_id": None,
    "role": StaffRole.procescoach,
    "fte": Decimal("0.500"),
    "funding_source": FundingSource.projectsubsidie,
    "starts_on": date(2024, 9, 1),
    "ends_on": None,
}


def _rows(source) -> list[dict]:
    return [dict(r._mapping) for r in db.session.execute(select(source).order_by(source.c.id))]


def test_sources_name_the_entity_columns(ctx):
    """Now and at a moment, each source has exactly the entity's columns under their names."""
    for source, model in (
        (known.assignment_source, StaffAssignmentVersion),
        (known.planned_source, PlannedEffortVersion),
        (known.hour_source, HourEntryVersion),
    ):
        assert list(source(T0).c.keys()) == ["id", *model.COPIED]
        assert set(source(None).c.keys()) >= {"id", *model.COPIED}
    assert known.assignment_source(None) is StaffAssignment.__table__
    assert known.planned_source(None) is PlannedEffort.__table__
    assert known.hour_source(None) is HourEntry.__table__


def test_a_moment_reads_the_versions_open_then(ctx):
    """Written at T0, changed at T1, deleted at T2: each moment reads the state it knew."""
    key = {"assignment_id": 7}
    record_version(StaffAssignmentVersion, key, ASSIGNMENT, now=T0)
    record_version(StaffAssignmentVersion, key, {**ASSIGNMENT, "fte": Decimal("0.8")}, now=T1)
    close_versions(StaffAssignmentVersion, key, now=T2)
    record_version(
        PlannedEffortVersion,
        {"planned_effort_id": 3},
        {
            "network_id": 5,
            "programme_id": None,
            "school_year": "2024-2025",
            "planned_fte": Decimal("1"),
            "earmarked_fte": Decimal("0.4"),
        },
        now=T1,
    )
    hours = {
        "staff_member_id": 4,
        "worked_on": date(2025, 1, 6),
        "minutes": 90,
        "activity": Activity.bijeenkomst,
        "network_id": 5,
        "meeting_id": None,
        "school_id": None,
    }
    record_version(HourEntryVersion, {"hour_entry_id": 9}, hours, now=T0)
    db.session.flush()

    assert _rows(known.assignment_source(T0 - timedelta(seconds=1))) == []
    assert _rows(known.assignment_source(T0)) == [{"id": 7, **ASSIGNMENT}]
    assert _rows(known.assignment_source(T1 + timedelta(hours=1))) == [
        {"id": 7, **ASSIGNMENT, "fte": Decimal("0.800")}
    ]
    assert _rows(known.assignment_source(T2)) == []
    assert [r["id"] for r in _rows(known.planned_source(T0))] == []
    assert [r["planned_fte"] for r in _rows(known.planned_source(T2))] == [Decimal("1.000")]
    assert _rows(known.hour_source(T2)) == [{"id": 9, **hours}]
