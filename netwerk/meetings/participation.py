"""Taking part (deelnemend): the one definition, used by the meetings pages and every report.

A school takes part in a network on a date when it was present at a held meeting of that network
that started on or before that date (so by the end of that day, Brussels time, as meetings store
their naive local start).
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from netwerk.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus


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


def participating_on(as_of: date, network_ids=None, *, with_since: bool = False) -> Select:
    """(school_id, network_id[, since]), one row per pair, of schools taking part on as_of;
    since = the start of the first such meeting. Usable as a subquery."""
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
