"""The versions of a meeting's attendance (netwerk.versions): what was known of it at any moment.

The rule the writes keep: the open versions are exactly the attendance rows of the held meetings,
on each meeting's day. A save replaces the meeting's whole set (schools and persons) at one
recorded_at; a meeting that moves to another day records its set again on the new day; one that
stops being held (cancelled, postponed, planned again) closes it, and records it again if it is
held once more (its rows stay in the attendance tables, as today). So "taking part as known at K"
reads the versions open at K alone (netwerk.meetings.participation), without a history of the
meeting itself.

The history of a meeting's attendance (who saved what, when) is read from the same versions.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
    AttendancePersonVersion,
    AttendanceStatus,
    AttendanceVersion,
    Meeting,
    MeetingStatus,
)
from netwerk.schools.models import School
from netwerk.timeutil import utcnow
from netwerk.versions import close_versions, record_versions

SCHOOL_FIELDS = ("school_id", "status")
PERSON_FIELDS = ("school_id", "name", "role", "status")


def _current_rows(meeting: Meeting) -> tuple[list[dict], list[dict]]:
    """The meeting's attendance rows as version values (schools, persons)."""
    common = {"network_id": meeting.network_id, "meeting_on": meeting.starts_at.date()}
    schools = db.session.execute(
        select(Attendance.school_id, Attendance.status)
        .where(Attendance.meeting_id == meeting.id)
        .order_by(Attendance.school_id)
    ).all()
    persons = db.session.execute(
        select(
            AttendancePerson.school_id,
            AttendancePerson.name,
            AttendancePerson.role,
            AttendancePerson.status,
        )
        .where(AttendancePerson.meeting_id == meeting.id)
        .order_by(AttendancePerson.name, AttendancePerson.id)
    ).all()
    return (
        [{**common, **dict(zip(SCHOOL_FIELDS, row, strict=True))} for row in schools],
        [{**common, **dict(zip(PERSON_FIELDS, row, strict=True))} for row in persons],
    )


def record_attendance_set(
    meeting: Meeting, actor: User | None, now: datetime | None = None
) -> None:
    """Replace the meeting's open attendance versions by its rows as they stand (flushed): on its
    day when it is held, none when it is not. Every save of attendance calls it, and every change
    of a meeting's day or status."""
    now = now or utcnow()
    key = {"meeting_id": meeting.id}
    if meeting.status is not MeetingStatus.held:
        close_attendance_set(meeting.id, actor, now)
        return
    schools, persons = _current_rows(meeting)
    record_versions(AttendanceVersion, key, schools, actor, now)
    record_versions(AttendancePersonVersion, key, persons, actor, now)


def close_attendance_set(meeting_id: int, actor: User | None, now: datetime | None = None) -> None:
    """Close the open attendance versions of a meeting (it stops being held, or is deleted)."""
    now = now or utcnow()
    key = {"meeting_id": meeting_id}
    close_versions(AttendanceVersion, key, actor, now)
    close_versions(AttendancePersonVersion, key, actor, now)


def follow_meeting_change(meeting: Meeting, was: tuple, actor: User | None) -> None:
    """After a change of a meeting: when its day or whether it is held changed, its attendance
    versions follow (was: attendance_key(meeting) before the change)."""
    if attendance_key(meeting) != was:
        record_attendance_set(meeting, actor)


def attendance_key(meeting: Meeting) -> tuple:
    """What the open versions of a meeting's attendance depend on: held or not, and its day."""
    held = meeting.status is MeetingStatus.held
    return (held, meeting.starts_at.date() if held else None)


# History ------------------------------------------------------------------------------------


@dataclass
class SchoolChange:
    """A school added, changed or removed in one step of the history."""

    school: School
    old: AttendanceStatus | None
    new: AttendanceStatus | None


@dataclass
class PersonChange:
    """A person added, changed or removed (a person is known by name and school)."""

    name: str
    school: School | None
    old: tuple[str, AttendanceStatus] | None  # (role, status)
    new: tuple[str, AttendanceStatus] | None


@dataclass
class AttendanceStep:
    """One write of a meeting's attendance: when, by whom, what the set became and what changed.

    kind: "saved" (a save, or the set written again on a new day), "closed" (nothing open after
    it: a save that emptied the set, or the meeting stopped being held or was deleted; the
    versions do not tell these apart).
    """

    at: datetime
    actor: User | None
    kind: str
    meeting_on: date | None = None
    schools: list[SchoolChange] = field(default_factory=list)
    persons: list[PersonChange] = field(default_factory=list)
    schools_present: int = 0
    persons_present: int = 0
    # The day the set counted on before (a step that moved it, when it differs).
    moved_from: date | None = None

    @property
    def unchanged(self) -> bool:
        return self.kind == "saved" and not self.schools and not self.persons and not self.moved

    @property
    def moved(self) -> bool:
        return self.moved_from is not None and self.moved_from != self.meeting_on


def _versions(model, meeting_id: int) -> list:
    """Every version of a meeting's attendance in one table, oldest first."""
    return list(
        db.session.scalars(
            select(model)
            .where(model.meeting_id == meeting_id)
            .order_by(model.recorded_at, model.id)
        )
    )


def _moments(schools: list, persons: list) -> list[datetime]:
    """Every moment the set changed: each recorded_at, and each closing with nothing after."""
    moments = {v.recorded_at for v in schools + persons}
    moments |= {v.recorded_until for v in schools + persons if v.recorded_until is not None}
    return sorted(moments)


def _open_at(versions: list, moment: datetime) -> list:
    return [
        v
        for v in versions
        if v.recorded_at <= moment and (v.recorded_until is None or v.recorded_until > moment)
    ]


def _school_changes(before: list, after: list, schools: dict) -> list[SchoolChange]:
    old = {v.school_id: v.status for v in before}
    new = {v.school_id: v.status for v in after}
    return [
        SchoolChange(schools[sid], old.get(sid), new.get(sid))
        for sid in sorted(set(old) | set(new), key=lambda s: schools[s].name)
        if old.get(sid) != new.get(sid)
    ]


def _person_changes(before: list, after: list, schools: dict) -> list[PersonChange]:
    def keyed(versions):
        found: dict = {}
        for v in versions:
            found.setdefault((v.name, v.school_id), []).append((v.role, v.status))
        return found

    old, new = keyed(before), keyed(after)
    changes = []
    for name, school_id in sorted(set(old) | set(new), key=lambda k: (k[0], k[1] or 0)):
        was, now = old.get((name, school_id), []), new.get((name, school_id), [])
        # Two persons of the same name and school are told apart by their position.
        for i in range(max(len(was), len(now))):
            a = was[i] if i < len(was) else None
            b = now[i] if i < len(now) else None
            if a != b:
                changes.append(PersonChange(name, schools.get(school_id), a, b))
    return changes


def attendance_history(meeting_id: int) -> list[AttendanceStep]:
    """The writes of a meeting's attendance, newest first; four statements whatever its length."""
    school_versions = _versions(AttendanceVersion, meeting_id)
    person_versions = _versions(AttendancePersonVersion, meeting_id)
    every = school_versions + person_versions
    school_ids = {v.school_id for v in every if v.school_id is not None}
    schools = {s.id: s for s in db.session.scalars(select(School).where(School.id.in_(school_ids)))}
    user_ids = {v.recorded_by_id for v in every} | {v.closed_by_id for v in every}
    user_ids.discard(None)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    steps: list[AttendanceStep] = []
    before_s: list = []
    before_p: list = []
    previous_day = None
    for moment in _moments(school_versions, person_versions):
        after_s = _open_at(school_versions, moment)
        after_p = _open_at(person_versions, moment)
        opened = [v for v in after_s + after_p if v.recorded_at == moment]
        if opened:
            writer = opened[0].recorded_by_id
            day = opened[0].meeting_on
            step = AttendanceStep(moment, users.get(writer), "saved", day, moved_from=previous_day)
            previous_day = day
        else:
            closed = [v for v in before_s + before_p if v.recorded_until == moment]
            closer = closed[0].closed_by_id if closed else None
            step = AttendanceStep(moment, users.get(closer), "closed")
        step.schools = _school_changes(before_s, after_s, schools)
        step.persons = _person_changes(before_p, after_p, schools)
        step.schools_present = sum(v.status is AttendanceStatus.present for v in after_s)
        step.persons_present = sum(v.status is AttendanceStatus.present for v in after_p)
        steps.append(step)
        before_s, before_p = after_s, after_p
    return steps[::-1]
