"""Pages of logged hours: the week view with its form, changing and deleting an entry, the CSV
import, and closing and reopening months."""

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.effort import hours, hours_import
from netwerk.effort.blueprint import bp, confirmed_delete, saved
from netwerk.effort.forms import CloseMonthForm, ConfirmForm, HourEntryForm, HoursImportForm
from netwerk.effort.models import Activity, HourEntry, StaffMember
from netwerk.effort.permissions import can_change_hour_entry
from netwerk.effort.staff import ensure_staff_member, staff_member_of
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import answered_before, remember_answer, render_form, show_refusal
from netwerk.ids import is_id
from netwerk.meetings.models import Meeting
from netwerk.networks.models import Network
from netwerk.schools.models import School
from netwerk.timeutil import parse_date, today

A, C = Role.admin, Role.coach


def _int_arg(name: str) -> int | None:
    """An optional whole-number query parameter; anything else is a clear 400."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not is_id(raw):
        raise DomainError(
            _("Ongeldige waarde voor %(name)s: geef een getal.", name=name), status_code=400
        )
    return int(raw)


def _week_day() -> date:
    """?week=<any day of it>, else today."""
    raw = request.args.get("week", "").strip()
    return parse_date(raw) if raw else today()


def _week_url(entry: HourEntry) -> str:
    """The week view around an entry (an admin sees the entry's person)."""
    args = {"week": entry.worked_on.isoformat()}
    if current_user.role is Role.admin:
        args["staff_member_id"] = entry.staff_member_id
    return url_for("effort.hours", **args)


def _hour_data(form: HourEntryForm, networks: list[Network]) -> hours.HourData:
    """The form's values as HourData; unknown network, meeting or school is a DomainError."""
    network = next((n for n in networks if n.id == form.network_id.data), None)
    if network is None:
        raise DomainError(_("Kies een netwerk waarop u uren mag schrijven."), field="network_id")
    meeting = None
    if (form.meeting_id.data or "").strip():
        if not is_id(form.meeting_id.data.strip()):
            raise DomainError(_("Onbekende bijeenkomst."))
        meeting = db.session.get(Meeting, int(form.meeting_id.data))
        if meeting is None:
            raise DomainError(_("Onbekende bijeenkomst."))
    school = None
    if number := (form.school_number.data or "").strip():
        school = db.session.scalar(select(School).where(School.institution_number == number))
        if school is None:
            raise DomainError(
                _("Onbekend instellingsnummer '%(value)s'.", value=number[:20]),
                field="school_number",
            )
    return hours.HourData(
        worked_on=form.worked_on.data,
        minutes=form.duration.data,
        activity=Activity(form.activity.data),
        network=network,
        meeting=meeting,
        school=school,
        note=form.note.data or "",
    )


def _prefill(
    form: HourEntryForm, member: StaffMember | None, day: date, meeting_id: int | None
) -> date:
    """Fill a new entry's form (from the meeting when given); the day whose week to show.

    An admin's form (the only one with a staff member select) names the person shown. A day in
    a closed month is not filled in: the save would be refused (the page says why instead)."""
    if member is not None and current_user.role is Role.admin:
        form.staff_member_id.data = member.id
    if meeting_id is None:
        worked_on = min(day, today())
        if hours.closed_month_note(worked_on) is None:
            form.worked_on.data = worked_on
        return day
    prefill = hours.prefill_from_meeting(current_user, db.get_or_404(Meeting, meeting_id))
    if hours.closed_month_note(prefill["worked_on"]) is None:
        form.worked_on.data = prefill["worked_on"]
    form.duration.data = prefill["minutes"]
    form.network_id.data = prefill["network_id"]
    form.meeting_id.data = str(prefill["meeting_id"])
    form.activity.data = prefill["activity"].value
    return prefill["worked_on"]


@bp.route("/uren", methods=["GET", "POST"], endpoint="hours")
@role_required(A, C)
def hours_week():
    """The week view of one's own hours (admins: anyone's), with a form to log more."""
    is_admin = current_user.role is Role.admin
    networks = hours.networks_for_logging(current_user)
    people = None
    if is_admin:
        people = db.session.scalars(select(StaffMember).order_by(StaffMember.name)).all()
        member_id = _int_arg("staff_member_id")
        member = db.get_or_404(StaffMember, member_id) if member_id else None
    else:
        member = staff_member_of(current_user)
    form = HourEntryForm(networks=networks, staff=people)
    day = _week_day()
    meeting_id = _int_arg("meeting_id")
    if request.method == "GET":
        day = _prefill(form, member, day, meeting_id)
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        try:
            if is_admin:
                target = db.session.get(StaffMember, form.staff_member_id.data or 0)
                if target is None:
                    raise DomainError(_("Kies een medewerker."), field="staff_member_id")
            else:
                target = ensure_staff_member(current_user)
            entry = hours.create_hour_entry(current_user, target, _hour_data(form, networks))
        except DomainError as exc:
            db.session.rollback()
            show_refusal(form, exc)
        else:
            location = remember_answer(form, _week_url(entry))
            db.session.commit()
            flash(_("Uren opgeslagen."), "success")
            return redirect(location)
    if request.method == "POST" and form.worked_on.data:
        day = form.worked_on.data
    return render_form(
        "effort/hours.html",
        form=form,
        week=hours.week_of(member, day),
        closed_note=hours.closed_month_note(form.worked_on.data or min(day, today())),
        member=member,
        is_admin=is_admin,
        confirm=ConfirmForm(),
    )


@bp.route("/uren/<int:entry_id>/bewerken", methods=["GET", "POST"])
@role_required(A, C)
def hour_edit(entry_id: int):
    """Change an hour entry (one's own, or anyone's for an admin)."""
    entry = db.get_or_404(HourEntry, entry_id)
    if not can_change_hour_entry(current_user, entry):
        abort(403)
    networks = hours.networks_for_logging(current_user)
    form = HourEntryForm(networks=networks)
    if request.method == "GET":
        form.worked_on.data = entry.worked_on
        form.duration.data = entry.minutes
        form.activity.data = entry.activity.value
        form.network_id.data = entry.network_id
        form.meeting_id.data = str(entry.meeting_id or "")
        form.school_number.data = entry.school.institution_number if entry.school else ""
        form.note.data = entry.note
    if form.validate_on_submit():
        try:
            hours.update_hour_entry(current_user, entry, _hour_data(form, networks))
        except DomainError as exc:
            db.session.rollback()
            show_refusal(form, exc)
        else:
            db.session.commit()
            flash(_("Uren gewijzigd."), "success")
            return redirect(_week_url(entry))
    # An entry in a closed month is shown, not offered for a change that would be refused.
    closed_note = hours.closed_month_note(entry.worked_on)
    return render_form("effort/hour_form.html", form=form, entry=entry, closed_note=closed_note)


@bp.route("/uren/<int:entry_id>/verwijderen", methods=["POST"])
@role_required(A, C)
def hour_delete(entry_id: int):
    """Delete an hour entry (refused in a closed month)."""
    entry = db.get_or_404(HourEntry, entry_id)
    if not can_change_hour_entry(current_user, entry):
        abort(403)
    return confirmed_delete(hours.delete_hour_entry, entry, _("Uren verwijderd."), _week_url(entry))


@bp.route("/uren/import", methods=["GET", "POST"], endpoint="hours_import")
@role_required(A)
def hours_import_page():
    """Import hour entries from a CSV file: all lines or none."""
    form = HoursImportForm()
    errors: list[tuple[int, str]] = []
    if form.validate_on_submit():
        try:
            count = hours_import.import_hours_csv(current_user, form.file.data.read())
        except hours_import.ImportFailed as exc:
            errors = exc.errors
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(
                ngettext(
                    "%(num)d urenregistratie geïmporteerd.",
                    "%(num)d urenregistraties geïmporteerd.",
                    count,
                ),
                "success",
            )
            return redirect(url_for("effort.hours"))
    return render_form("effort/hours_import.html", form=form, errors=errors)


@bp.route("/maanden", methods=["GET", "POST"])
@role_required(A)
def months():
    """Closed months: close one; reopen from the list."""
    form = CloseMonthForm()
    if form.validate_on_submit():
        try:
            row = hours.close_month(current_user, hours.parse_month(form.month.data))
        except DomainError as exc:
            db.session.rollback()
            show_refusal(form, exc, form.month)  # every refusal here is about the month
        else:
            db.session.commit()
            flash(
                _(
                    "De maand %(month)s is afgesloten: de uren ervan liggen vast.",
                    month=row.month.strftime("%m/%Y"),
                ),
                "success",
            )
            return redirect(url_for("effort.months"))
    return render_form(
        "effort/months.html", form=form, months=hours.closed_months(), confirm=ConfirmForm()
    )


@bp.route("/maanden/<int:year>-<int:month>/heropenen", methods=["POST"])
@role_required(A)
def month_reopen(year: int, month: int):
    """Reopen a closed month (logged in the flash message)."""
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        abort(404)
    if ConfirmForm().validate_on_submit():
        saved(
            lambda: hours.reopen_month(current_user, date(year, month, 1)),
            _(
                "De maand %(month)s is heropend door %(name)s: de uren kunnen weer wijzigen.",
                month=f"{month:02d}/{year}",
                name=current_user.name,
            ),
            "warning",
        )
    return redirect(url_for("effort.months"))
