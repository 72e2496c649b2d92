"""Attendance of a held meeting: per accepted school present, absent or excused, and the persons
who came; the counts the lists show. Taking part itself is netwerk.meetings.participation."""

from dataclasses import asdict, dataclass, replace
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError, check_version
from netwerk.events import emit
from netwerk.extensions import db
from netwerk.locks import lock_row
from netwerk.meetings.attendance_versions import record_attendance_set
from netwerk.meetings.meetings import now_local
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from netwerk.meetings.participation import participating_on
from netwerk.meetings.roster import accepted_school_ids
from netwerk.networks.permissions import require_manager
from netwerk.schools.models import School

# Persons on one meeting's attendance: a big network meeting has a hundred; without a bound one
# request could store a hundred thousand rows and make the meeting page huge for everyone.
MAX_PERSONS = 300


@dataclass
class PersonRow:
    """One person on the attendance form."""

    name: str
    status: AttendanceStatus
    role: str = ""
    school_id: int | None = None


@dataclass
class AttendanceCounts:
    """Counts of one meeting."""

    schools_present: int = 0
    schools_recorded: int = 0
    persons_present: int = 0
    persons_recorded: int = 0


def _check_may_record(meeting: Meeting, mark_held: bool) -> None:
    """Attendance belongs to a held meeting, or to a past one that is marked held now."""
    if meeting.status is MeetingStatus.held:
        return
    if not mark_held:
        raise DomainError(
            _("Aanwezigheden kunnen enkel voor een gehouden bijeenkomst genoteerd worden."),
            field="mark_held",
        )
    if meeting.status is MeetingStatus.cancelled:
        raise DomainError(_("Deze bijeenkomst is afgelast."))
    if meeting.starts_at > now_local():
        raise DomainError(too_early(meeting), field="mark_held")


def too_early(meeting: Meeting) -> str | None:
    """Why no attendance can be recorded yet, and from when it can (None: it can now)."""
    if meeting.status is MeetingStatus.held or meeting.starts_at <= now_local():
        return None
    return _(
        "Deze bijeenkomst ligt in de toekomst: ze kan nog niet gehouden zijn. Aanwezigheden "
        "noteert u vanaf het begin van de bijeenkomst, %(start)s.",
        start=meeting.starts_at.strftime("%d/%m/%Y %H:%M"),
    )


def _check_schools_accepted(meeting: Meeting, statuses: dict, persons: list[PersonRow]) -> None:
    """Every school named, per school or per person, is accepted in the network."""
    wanted = set(statuses) | {p.school_id for p in persons if p.school_id}
    wrong = wanted - accepted_school_ids(meeting.network)
    if wrong:
        names = db.session.scalars(select(School.name).where(School.id.in_(wrong))).all()
        raise DomainError(
            _(
                "Deze scholen zijn niet aanvaard in het netwerk: %(names)s. Er is niets bewaard.",
                names=", ".join(sorted(names)) or ", ".join(str(i) for i in sorted(wrong)),
            )
        )


def _add_present_schools(statuses: dict, persons: list[PersonRow]) -> None:
    """A person present makes the school present; refused when the school is noted otherwise."""
    for person in persons:
        if len(person.name.strip()) > 200 or len(person.role or "") > 100:
            raise DomainError(_("Een naam of rol is te lang."))
        if person.status is AttendanceStatus.present and person.school_id:
            school_status = statuses.get(person.school_id)
            if school_status is None:
                statuses[person.school_id] = AttendanceStatus.present
            elif school_status is not AttendanceStatus.present:
                raise DomainError(
                    _(
                        "%(name)s is aanwezig, maar de school staat als niet aanwezig genoteerd.",
                        name=person.name.strip(),
                    )
                )


def _replace_rows(meeting: Meeting, statuses: dict, persons: list[PersonRow]) -> None:
    """The meeting's attendance rows become exactly the given ones."""
    db.session.execute(delete(Attendance).where(Attendance.meeting_id == meeting.id))
    db.session.execute(delete(AttendancePerson).where(AttendancePerson.meeting_id == meeting.id))
    db.session.expire(meeting, ["attendances", "persons"])
    for school_id, status in sorted(statuses.items()):
        db.session.add(Attendance(meeting_id=meeting.id, school_id=school_id, status=status))
    for person in persons:
        db.session.add(
            AttendancePerson(
                meeting_id=meeting.id,
                school_id=person.school_id,
                name=person.name.strip(),
                role=(person.role or "").strip(),
                status=person.status,
            )
        )


def record_attendance(
    actor: User,
    meeting: Meeting,
    schools: dict[int, AttendanceStatus | None],
    persons: list[PersonRow],
    *,
    mark_held: bool = False,
    version: int | None = None,
) -> AttendanceCounts:
    """Replace the attendance of a held meeting (or mark it held now) with the given one.

    The attendance is part of the meeting: a save raises the meeting's version, and one over a
    newer version than the caller saw (version; None: not checked) is refused (a 409).
    """
    require_manager(actor, meeting.network)
    # Two saves at once (a double tap, two coaches) would both delete, then both insert the same
    # rows: lock the meeting and re-read it, so the second waits and replaces what the first wrote.
    lock_row(Meeting, meeting.id)
    db.session.refresh(meeting)
    check_version(meeting.version, version)
    _check_may_record(meeting, mark_held)
    statuses = {sid: st for sid, st in schools.items() if st is not None}
    # A person without a school may come in as 0 (the form's "no school" choice): that is None.
    persons = [replace(p, school_id=p.school_id or None) for p in persons if (p.name or "").strip()]
    if len(persons) > MAX_PERSONS:
        raise DomainError(
            _("Hoogstens %(max)s personen per bijeenkomst. Er is niets bewaard.", max=MAX_PERSONS)
        )
    _check_schools_accepted(meeting, statuses, persons)
    _add_present_schools(statuses, persons)
    # An UPDATE of the meeting's row raises its version (version_id_col) even when nothing else
    # of the meeting changes: the next save from what was read before this one is stale.
    flag_modified(meeting, "sequence")
    marked_held = mark_held and meeting.status is not MeetingStatus.held
    if marked_held:
        meeting.status = MeetingStatus.held
        meeting.status_reason = ""
        meeting.sequence += 1
    _replace_rows(meeting, statuses, persons)
    db.session.flush()
    # The whole set, as a new version of the meeting's attendance (netwerk.versions).
    record_attendance_set(meeting, actor)
    if marked_held:
        log_change(actor, "meeting.changed", meeting, fields="status,status_reason")
        emit("meeting.changed", meeting, fields=["status", "status_reason"])
    counts = attendance_counts([meeting.id]).get(meeting.id, AttendanceCounts())
    # The rows are replaced as a whole: one line for the meeting's attendance, with its four counts
    # (that attendance has no row of its own: its id is the meeting's).
    log_change(
        actor,
        "attendance.recorded",
        object_type="attendance",
        object_id=meeting.id,
        **asdict(counts),
    )
    emit("attendance.saved", meeting, counts=asdict(counts))
    return counts


def attendance_counts(meeting_ids) -> dict[int, AttendanceCounts]:
    """Schools represented and persons present per meeting, in two grouped queries."""
    ids = list(meeting_ids)
    result: dict[int, AttendanceCounts] = {i: AttendanceCounts() for i in ids}
    if not ids:
        return result
    for model, recorded_field, present_field in (
        (Attendance, "schools_recorded", "schools_present"),
        (AttendancePerson, "persons_recorded", "persons_present"),
    ):
        present = func.sum(case((model.status == AttendanceStatus.present, 1), else_=0))
        for meeting_id, recorded, here in db.session.execute(
            select(model.meeting_id, func.count(), present)
            .where(model.meeting_id.in_(ids))
            .group_by(model.meeting_id)
        ):
            setattr(result[meeting_id], recorded_field, recorded)
            setattr(result[meeting_id], present_field, int(here or 0))
    return result


def schools_taking_part(network_ids=None, as_of: date | None = None) -> set[tuple[int, int]]:
    """{(school_id, network_id)} taking part on as_of (default: today in Brussels)."""
    as_of = as_of or now_local().date()
    return {
        (row.school_id, row.network_id)
        for row in db.session.execute(participating_on(as_of, network_ids))
    }


def attendance_list(meeting: Meeting) -> tuple[list[Attendance], list[AttendancePerson]]:
    """The attendance of a meeting with the schools loaded, schools by name."""
    schools = list(
        db.session.scalars(
            select(Attendance)
            .join(School, School.id == Attendance.school_id)
            .where(Attendance.meeting_id == meeting.id)
            .options(selectinload(Attendance.school))
            .order_by(School.name)
        )
    )
    persons = list(
        db.session.scalars(
            select(AttendancePerson)
            .where(AttendancePerson.meeting_id == meeting.id)
            .options(selectinload(AttendancePerson.school))
            .order_by(AttendancePerson.name)
        )
    )
    return schools, persons
