"""Factories of the effort tests: real rows, ids returned (call inside an app context)."""

import secrets
from datetime import date, datetime
from decimal import Decimal

from netwerk.auth.models import ApiToken
from netwerk.auth.tokens import hash_token
from netwerk.effort.models import (
    Activity,
    ClosedMonth,
    FundingSource,
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    StaffAssignment,
    StaffAssignmentVersion,
    StaffMember,
    StaffRole,
)
from netwerk.extensions import db
from netwerk.meetings.models import Meeting, MeetingStatus
from netwerk.versions import copy_of, record_version


def _first_version(model, key: str, row) -> None:
    """The row's first version, as a service write would add it (flushed row, then committed)."""
    db.session.flush()
    record_version(model, {key: row.id}, copy_of(row, model.COPIED))


def make_staff(name: str = "Els Medewerker", *, user_id: int | None = None, email: str = "") -> int:
    """A staff member; returns its id."""
    member = StaffMember(name=name, user_id=user_id, email=email)
    db.session.add(member)
    db.session.commit()
    return member.id


def make_assignment(
    staff_id: int,
    fte: str,
    starts_on: date,
    ends_on: date | None = None,
    *,
    network_id: int | None = None,
    anchor_school_id: int | None = None,
    programme_id: int | None = None,
    funding: FundingSource = FundingSource.projectsubsidie,
    role: StaffRole = StaffRole.procescoach,
) -> int:
    """An assignment written directly (the rules are tested through the services)."""
    row = StaffAssignment(
        staff_member_id=staff_id,
        fte=Decimal(fte),
        starts_on=starts_on,
        ends_on=ends_on,
        network_id=network_id,
        anchor_school_id=anchor_school_id,
        programme_id=programme_id,
        funding_source=funding,
        role=role,
    )
    db.session.add(row)
    _first_version(StaffAssignmentVersion, "assignment_id", row)
    db.session.commit()
    return row.id


def make_planned(
    school_year: str,
    planned: str,
    earmarked: str = "0",
    *,
    network_id: int | None = None,
    programme_id: int | None = None,
) -> int:
    """A planned-FTE line."""
    row = PlannedEffort(
        school_year=school_year,
        planned_fte=Decimal(planned),
        earmarked_fte=Decimal(earmarked),
        network_id=network_id,
        programme_id=programme_id,
    )
    db.session.add(row)
    _first_version(PlannedEffortVersion, "planned_effort_id", row)
    db.session.commit()
    return row.id


def make_hours(
    staff_id: int,
    network_id: int,
    worked_on: date,
    minutes: int,
    activity: Activity = Activity.bijeenkomst,
) -> int:
    """An hour entry written directly."""
    row = HourEntry(
        staff_member_id=staff_id,
        network_id=network_id,
        worked_on=worked_on,
        minutes=minutes,
        activity=activity,
    )
    db.session.add(row)
    _first_version(HourEntryVersion, "hour_entry_id", row)
    db.session.commit()
    return row.id


def close(month: date) -> None:
    """Close a month directly."""
    db.session.add(ClosedMonth(month=month.replace(day=1)))
    db.session.commit()


def make_meeting(
    network_id: int,
    starts_at: datetime,
    duration: int = 120,
    status: MeetingStatus = MeetingStatus.held,
) -> int:
    """A meeting of a network."""
    row = Meeting(
        network_id=network_id, starts_at=starts_at, duration_minutes=duration, status=status
    )
    db.session.add(row)
    db.session.commit()
    return row.id


def make_token(user_id: int) -> str:
    """An API token for a user; returns the secret."""
    token = secrets.token_urlsafe(24)
    db.session.add(ApiToken(user_id=user_id, token_hash=hash_token(token), name="test"))
    db.session.commit()
    return token
