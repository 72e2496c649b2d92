"""The attendance page: per accepted school present, absent or excused, and the persons."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.errors import DomainError
from netwerk.meetings.attendance import (
    MAX_PERSONS,
    PersonRow,
    attendance_list,
    record_attendance,
    too_early,
)
from netwerk.meetings.attendance_versions import attendance_history as history_of_attendance
from netwerk.meetings.blueprint import (
    READERS,
    WRITERS,
    bp,
    form_page,
    meeting_to_manage,
    meeting_with_attendance_history,
    refused,
    saved,
)
from netwerk.meetings.forms import AttendanceBase, attendance_form
from netwerk.meetings.models import AttendanceStatus, Meeting, MeetingStatus
from netwerk.meetings.roster import accepted_schools
from netwerk.networks.permissions import can_see_school_names
from netwerk.schools.models import School

EMPTY_ROWS = 3  # rows for new persons, on the page and for each "more rows"


def _recorded_form(meeting: Meeting, schools: list[School]) -> AttendanceBase:
    """The form filled with what was recorded, and empty rows for more persons."""
    current_schools, current_persons = attendance_list(meeting)
    data = {f"school_{a.school_id}": a.status.value for a in current_schools}
    rows = [
        {"name": p.name, "role": p.role, "school_id": p.school_id, "status": p.status.value}
        for p in current_persons
    ]
    if len(rows) > MAX_PERSONS:  # recorded before the bound: show what the form can hold
        flash(_("Hoogstens %(max)s personen per bijeenkomst.", max=MAX_PERSONS), "warning")
    rows = (rows + [{"status": "present"}] * EMPTY_ROWS)[:MAX_PERSONS]
    return attendance_form(schools, data={**data, "persons": rows, "mark_held": True})


def _school_statuses(form: AttendanceBase, schools: list[School]) -> dict:
    """school id -> the status picked (None: nothing picked)."""
    picked = {s.id: form[f"school_{s.id}"].data for s in schools}
    return {sid: AttendanceStatus(value) if value else None for sid, value in picked.items()}


def _person_rows(form: AttendanceBase) -> list[PersonRow]:
    """The persons' rows of the form (the service leaves out those without a name)."""
    return [
        PersonRow(
            name=entry.form.name.data or "",
            role=entry.form.role.data or "",
            school_id=entry.form.school_id.data,
            status=AttendanceStatus(entry.form.status.data),
        )
        for entry in form.persons
    ]


@bp.route("/<int:meeting_id>/aanwezigheden", methods=["GET", "POST"])
@role_required(*WRITERS)
def attendance(meeting_id: int):
    """One quick screen: per school present/absent/excused, and the persons."""
    meeting = meeting_to_manage(meeting_id)
    if meeting.status is MeetingStatus.cancelled:
        flash(_("Deze bijeenkomst is afgelast: er zijn geen aanwezigheden."), "warning")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    if request.method == "GET" and (early := too_early(meeting)) is not None:
        # No form that can only be refused: say why, and from when it can be recorded (a POST
        # all the same is refused by the service, at the form's "mark held" box).
        flash(early, "info")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    schools = accepted_schools(meeting.network)
    more = request.method == "POST" and "more" in request.form
    if request.method == "GET":
        form = _recorded_form(meeting, schools)
    else:
        form = attendance_form(schools, extra_rows=EMPTY_ROWS if more else 0)
        if more and not form.persons.room_left():
            flash(_("Hoogstens %(max)s personen per bijeenkomst.", max=MAX_PERSONS), "warning")
    if meeting.status is MeetingStatus.held:
        del form.mark_held
    context = {"form": form, "meeting": meeting, "schools": schools}
    if request.method == "GET" or more:
        return render_template("meetings/attendance.html", **context)
    refusal = None
    if form.validate():
        mark_held = "mark_held" in form and form.mark_held.data
        try:
            counts = record_attendance(
                current_user,
                meeting,
                _school_statuses(form, schools),
                _person_rows(form),
                mark_held=mark_held,
            )
        except DomainError as exc:
            refusal = refused(exc, form)
        else:
            message = _(
                "Aanwezigheden opgeslagen: %(schools)s, %(persons)s.",
                schools=ngettext(
                    "%(num)d school vertegenwoordigd",
                    "%(num)d scholen vertegenwoordigd",
                    counts.schools_present,
                ),
                persons=ngettext(
                    "%(num)d persoon aanwezig", "%(num)d personen aanwezig", counts.persons_present
                ),
            )
            return saved(message, "meetings.detail", meeting_id=meeting.id)
    return form_page("meetings/attendance.html", refusal, **context)


@bp.route("/<int:meeting_id>/aanwezigheden/geschiedenis")
@role_required(*READERS)
def attendance_history(meeting_id: int):
    """Every save of a meeting's attendance: when, by whom, which schools and persons changed."""
    meeting = meeting_with_attendance_history(meeting_id)
    return render_template(
        "meetings/attendance_history.html",
        meeting=meeting,
        steps=history_of_attendance(meeting.id),
        show_names=can_see_school_names(current_user, meeting.network),
    )
