"""Taking part (deelnemend): the one definition, used by the meetings pages and every report.

A school takes part in a network on a date when it was present at a held meeting of that network
that started on or before that date (so by the end of that day, Brussels time, as meetings store
their naive local start).

As known at a moment (known_at, naive UTC): the attendance versions open then
(netwerk.meetings.attendance_versions), which hold the attendance of the meetings held on their
day as it was recorded by then. known_at None reads the attendance as it stands (the same answer
as the open versions, at today's speed).
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from netwerk.meetings.models import (
    Attendance,
    AttendanceStatus,
    AttendanceVersion,
    Meeting,
    MeetingStatus,
)
from netwerk.versions import open_at


def end_of_day(day: date) -> datetime:
    """The first moment after a day (meetings store naive local datetimes)."""
    return datetime.combine(day + timedelta(days=1), time())


def present_at_held_meeting(ends_on: date, starts_on: date | None = None) -> list:
    """Where-clauses over Attendance joined to Meeting: present at a held meeting that started by
    the end of ends_on (and on or after starts_on, when given)."""
    conditions = [
        Attendance.status == AttendanceStatus.present,
        Meeting.status == MeetingStatus.held,
        Meeting.starts_at < end_of_day(ends_on),
    ]
    if starts_on is not None:
        conditions.append(Meeting.starts_at >= datetime.combine(starts_on, time()))
    return conditions


def present_in_versions(
    ends_on: date, starts_on: date | None = None, known_at: datetime | None = None
) -> list:
    """Where-clauses over AttendanceVersion: present, as known at known_at (naive UTC; None: the
    open versions), at a held meeting on a day up to ends_on (and from starts_on, when given)."""
    conditions = [
        *open_at(AttendanceVersion, known_at),
        AttendanceVersion.status == AttendanceStatus.present,
        AttendanceVersion.meeting_on <= ends_on,
    ]
    if starts_on is not None:
        conditions.append(AttendanceVersion.meeting_on >= starts_on)
    return conditions


def participating_on(
    as_of: date,
    network_ids=None,
    *,
    with_since: bool = False,
    known_at: datetime | None = None,
) -> Select:
    """(school_id, network_id[, since]), one row per pair, of schools taking part on as_of (as
    known at known_at, naive UTC; None: now); since = the start of the first such meeting (its
    day, as known at a moment). Usable as a subquery."""
    if known_at is not None:
        return _participating_as_known(as_of, network_ids, with_since, known_at)
    columns = [Attendance.school_id.label("school_id"), Meeting.network_id.label("network_id")]
    if with_since:
        columns.append(func.min(Meeting.starts_at).label("since"))
    query = (
        select(*columns)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(*present_at_held_meeting(as_of))
        .group_by(Attendance.school_id, Meeting.network_id)
    )
    if network_ids is not None:
        query = query.where(Meeting.network_id.in_(network_ids))
    return query


def _participating_as_known(as_of: date, network_ids, with_since: bool, known_at: datetime):
    """participating_on from the attendance versions open at known_at."""
    v = AttendanceVersion
    columns = [v.school_id.label("school_id"), v.network_id.label("network_id")]
    if with_since:
        columns.append(func.min(v.meeting_on).label("since"))
    query = (
        select(*columns)
        .where(*present_in_versions(as_of, known_at=known_at))
        .group_by(v.school_id, v.network_id)
    )
    if network_ids is not None:
        query = query.where(v.network_id.in_(network_ids))
    return query
