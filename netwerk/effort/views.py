"""Pages of the effort feature: the roll-up, staff and assignments, planned FTE, hours."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role, User
from netwerk.effort import services
from netwerk.effort.forms import (
    AssignmentForm,
    CloseMonthForm,
    ConfirmForm,
    HourEntryForm,
    HoursImportForm,
    HoursPerFteForm,
    PlannedEffortForm,
    StaffMemberForm,
)
from netwerk.effort.models import (
    Activity,
    FundingSource,
    HourEntry,
    PlannedEffort,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.effort.permissions import can_change_hour_entry, coached_network_ids
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.ids import is_id
from netwerk.meetings.models import Meeting
from netwerk.navigation import NavItem
from netwerk.networks.models import Network, Programme
from netwerk.schools.models import Province, School
from netwerk.timeutil import SchoolYear, parse_date, today

bp = Blueprint("effort", __name__, url_prefix="/inzet")

A, M, C = Role.admin, Role.ministry, Role.coach
MENU = (NavItem("effort.index", _l("Inzet"), (A, M, C), _l("VTE en begeleidingsuren")),)


def _failed() -> int:
    """A POST that did not go through answers 422 with the form and its messages."""
    return 422 if request.method == "POST" else 200


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


def _school_year_arg() -> SchoolYear:
    raw = request.args.get("school_year", "").strip()
    return SchoolYear.parse(raw) if raw else SchoolYear.of(today())


def _school_year_choices(selected: SchoolYear) -> list[str]:
    current = SchoolYear.of(today()).start_year
    years = {SchoolYear(y) for y in range(current - 5, current + 2)} | {selected}
    return [str(y) for y in sorted(years, reverse=True)]


# --- the roll-up -------------------------------------------------------------------------------


@bp.route("/")
@role_required(A, M, C)
def index():
    """FTE and hours per anchor school (or network, programme, province) for a school year."""
    year = _school_year_arg()
    group_by = request.args.get("group_by", "anchor_school")
    filters: dict = {}
    if (programme_id := _int_arg("programme_id")) is not None:
        filters["programme_id"] = programme_id
    if province := request.args.get("province", "").strip():
        filters["province"] = province
    if current_user.role is Role.coach:
        filters["network_ids"] = coached_network_ids(current_user)
    rollup = services.effort_rollup(year, group_by, filters)
    programmes = db.session.execute(
        select(Programme.id, Programme.name).order_by(Programme.name)
    ).all()
    return render_template(
        "effort/index.html",
        rollup=rollup,
        years=_school_year_choices(year),
        programmes=programmes,
        provinces=list(Province),
        group_by_choices=services.GROUP_BY,
        activities=list(Activity),
        is_coach=current_user.role is Role.coach,
    )


# --- staff members and assignments (admin) ------------------------------------------------------


def _user_choices(member: StaffMember | None = None) -> list[tuple[int, str]]:
    """Users that can be linked: admins and coaches without a staff member (plus the current one)."""
    linked = select(StaffMember.user_id).where(StaffMember.user_id.is_not(None))
    if member is not None and member.user_id:
        linked = linked.where(StaffMember.user_id != member.user_id)
    users = db.session.scalars(
        select(User)
        .where(User.role.in_([Role.admin, Role.coach]), User.id.not_in(linked))
        .order_by(User.name)
    )
    return [(0, _("— geen —"))] + [(u.id, f"{u.name} ({u.email})") for u in users]


def _staff_data(form: StaffMemberForm) -> dict:
    return {
        "name": form.name.data,
        "email": form.email.data,
        "user_id": form.user_id.data or None,
        "employer_name": form.employer_name.data,
        "seniority_years": form.seniority_years.data,
        "diploma_level": form.diploma_level.data,
    }


@bp.route("/medewerkers")
@role_required(A)
def staff():
    """The staff members, paginated."""
    page = db.paginate(
        select(StaffMember).options(joinedload(StaffMember.user)).order_by(StaffMember.name),
        per_page=50,
        error_out=False,
    )
    return render_template("effort/staff.html", page=page)


@bp.route("/medewerkers/nieuw", methods=["GET", "POST"])
@role_required(A)
def staff_new():
    """Add a staff member."""
    form = StaffMemberForm()
    form.user_id.choices = _user_choices()
    if form.validate_on_submit():
        try:
            member = services.create_staff_member(current_user, **_staff_data(form))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Medewerker %(name)s toegevoegd.", name=member.name), "success")
            return redirect(url_for("effort.staff_detail", member_id=member.id))
    return render_template("effort/staff_form.html", form=form, member=None), _failed()


@bp.route("/medewerkers/<int:member_id>")
@role_required(A)
def staff_detail(member_id: int):
    """A staff member with their assignments."""
    member = db.get_or_404(StaffMember, member_id)
    assignments = db.session.scalars(
        select(StaffAssignment)
        .where(StaffAssignment.staff_member_id == member.id)
        .options(
            joinedload(StaffAssignment.network),
            joinedload(StaffAssignment.anchor_school),
            joinedload(StaffAssignment.programme),
        )
        .order_by(StaffAssignment.starts_on)
    ).all()
    return render_template(
        "effort/staff_detail.html", member=member, assignments=assignments, confirm=ConfirmForm()
    )


@bp.route("/medewerkers/<int:member_id>/bewerken", methods=["GET", "POST"])
@role_required(A)
def staff_edit(member_id: int):
    """Change a staff member's details."""
    member = db.get_or_404(StaffMember, member_id)
    form = StaffMemberForm(obj=member)
    form.user_id.choices = _user_choices(member)
    if request.method == "GET":
        form.user_id.data = member.user_id or 0
    if form.validate_on_submit():
        try:
            services.update_staff_member(current_user, member, **_staff_data(form))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Gegevens opgeslagen."), "success")
            return redirect(url_for("effort.staff_detail", member_id=member.id))
    return render_template("effort/staff_form.html", form=form, member=member), _failed()


@bp.route("/medewerkers/<int:member_id>/verwijderen", methods=["POST"])
@role_required(A)
def staff_delete(member_id: int):
    """Delete a staff member (refused once they logged hours)."""
    member = db.get_or_404(StaffMember, member_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_staff_member(current_user, member)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("effort.staff_detail", member_id=member.id))
        db.session.commit()
        flash(_("Medewerker verwijderd."), "success")
    return redirect(url_for("effort.staff"))


def _target(value: str):
    """'network:3' / 'school:5' / 'programme:2' -> (network, school, programme), one of them set."""
    kind, _sep, ident = (value or "").partition(":")
    model = {"network": Network, "school": School, "programme": Programme}.get(kind)
    obj = db.session.get(model, int(ident)) if model and is_id(ident) else None
    if obj is None:
        raise DomainError(_("Kies een geldig doel."))
    return (
        obj if kind == "network" else None,
        obj if kind == "school" else None,
        obj if kind == "programme" else None,
    )


def _assignment_page(form, member, assignment):
    """Save an assignment from the form; an overload asks for the confirmation box."""
    needs_confirmation = False
    if form.validate_on_submit():
        try:
            network, school, programme = _target(form.target.data)
            data = services.AssignmentData(
                role=StaffRole(form.role.data),
                fte=form.fte.data,
                funding_source=FundingSource(form.funding_source.data),
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                network=network,
                anchor_school=school,
                programme=programme,
            )
            services.save_assignment(
                current_user,
                member,
                data,
                assignment,
                confirm_overload=form.confirm_overload.data,
            )
        except services.OverloadWarning as exc:
            needs_confirmation = True
            flash(exc.message, "warning")
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Opdracht opgeslagen."), "success")
            return redirect(url_for("effort.staff_detail", member_id=member.id))
    return render_template(
        "effort/assignment_form.html",
        form=form,
        member=member,
        assignment=assignment,
        needs_confirmation=needs_confirmation or bool(form.confirm_overload.data),
    ), (409 if needs_confirmation else _failed())


@bp.route("/medewerkers/<int:member_id>/opdrachten/nieuw", methods=["GET", "POST"])
@role_required(A)
def assignment_new(member_id: int):
    """Add an assignment to a staff member."""
    member = db.get_or_404(StaffMember, member_id)
    form = AssignmentForm(targets=services.assignment_targets())
    return _assignment_page(form, member, None)


@bp.route("/opdrachten/<int:assignment_id>/bewerken", methods=["GET", "POST"])
@role_required(A)
def assignment_edit(assignment_id: int):
    """Change an assignment."""
    assignment = db.get_or_404(StaffAssignment, assignment_id)
    form = AssignmentForm(obj=assignment, targets=services.assignment_targets())
    if request.method == "GET":
        form.role.data = assignment.role.value
        form.funding_source.data = assignment.funding_source.value
        if assignment.network_id:
            form.target.data = f"network:{assignment.network_id}"
        elif assignment.anchor_school_id:
            form.target.data = f"school:{assignment.anchor_school_id}"
        else:
            form.target.data = f"programme:{assignment.programme_id}"
        form.confirm_overload.data = False
    return _assignment_page(form, assignment.staff_member, assignment)


@bp.route("/opdrachten/<int:assignment_id>/verwijderen", methods=["POST"])
@role_required(A)
def assignment_delete(assignment_id: int):
    """Remove an assignment."""
    assignment = db.get_or_404(StaffAssignment, assignment_id)
    member_id = assignment.staff_member_id
    if ConfirmForm().validate_on_submit():
        services.delete_assignment(current_user, assignment)
        db.session.commit()
        flash(_("Opdracht verwijderd."), "success")
    return redirect(url_for("effort.staff_detail", member_id=member_id))


# --- planned FTE (admin) -----------------------------------------------------------------------


@bp.route("/planning", methods=["GET", "POST"])
@role_required(A)
def planned():
    """Planned and earmarked FTE per network or programme for a school year."""
    year = _school_year_arg()
    targets = services.assignment_targets()
    form = PlannedEffortForm(targets=targets)
    if form.validate_on_submit():
        try:
            network, _school, programme = _target(form.target.data)
            services.save_planned_effort(
                current_user,
                year,
                form.planned_fte.data,
                form.earmarked_fte.data or 0,
                network=network,
                programme=programme,
            )
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Planning opgeslagen."), "success")
            return redirect(url_for("effort.planned", school_year=str(year)))
    return render_template(
        "effort/planned.html",
        form=form,
        rows=services.planned_efforts(year),
        year=year,
        years=_school_year_choices(year),
        confirm=ConfirmForm(),
    ), _failed()


@bp.route("/planning/<int:planned_id>/verwijderen", methods=["POST"])
@role_required(A)
def planned_delete(planned_id: int):
    """Remove a planned-FTE line."""
    row = db.get_or_404(PlannedEffort, planned_id)
    year = row.school_year
    if ConfirmForm().validate_on_submit():
        services.delete_planned_effort(current_user, row)
        db.session.commit()
        flash(_("Planning verwijderd."), "success")
    return redirect(url_for("effort.planned", school_year=year))


# --- hours ---------------------------------------------------------------------------------------


def _week_day() -> date:
    raw = request.args.get("week", "").strip()
    return parse_date(raw) if raw else today()


def _hour_data(form: HourEntryForm, networks: list[Network]) -> services.HourData:
    """The form's values as HourData; unknown network, meeting or school is a DomainError."""
    network = next((n for n in networks if n.id == form.network_id.data), None)
    if network is None:
        raise DomainError(_("Kies een netwerk waarop u uren mag schrijven."))
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
            raise DomainError(_("Onbekend instellingsnummer '%(value)s'.", value=number[:20]))
    return services.HourData(
        worked_on=form.worked_on.data,
        minutes=form.duration.data,
        activity=Activity(form.activity.data),
        network=network,
        meeting=meeting,
        school=school,
        note=form.note.data or "",
    )


@bp.route("/uren", methods=["GET", "POST"])
@role_required(A, C)
def hours():
    """The week view of one's own hours (admins: anyone's), with a form to log more."""
    is_admin = current_user.role is Role.admin
    networks = services.networks_for_logging(current_user)
    staff = None
    if is_admin:
        staff = db.session.scalars(select(StaffMember).order_by(StaffMember.name)).all()
        member_id = _int_arg("staff_member_id")
        member = db.get_or_404(StaffMember, member_id) if member_id else None
    else:
        member = services.staff_member_of(current_user)
    form = HourEntryForm(networks=networks, staff=staff)
    day = _week_day()
    meeting_id = _int_arg("meeting_id")
    if request.method == "GET":
        if member is not None and is_admin:
            form.staff_member_id.data = member.id
        if meeting_id is not None:
            prefill = services.prefill_from_meeting(
                current_user, db.get_or_404(Meeting, meeting_id)
            )
            day = prefill["worked_on"]
            form.worked_on.data = prefill["worked_on"]
            form.duration.data = prefill["minutes"]
            form.network_id.data = prefill["network_id"]
            form.meeting_id.data = str(prefill["meeting_id"])
            form.activity.data = prefill["activity"].value
        else:
            form.worked_on.data = min(day, today())
    if form.validate_on_submit():
        try:
            if is_admin:
                target = db.session.get(StaffMember, form.staff_member_id.data or 0)
                if target is None:
                    raise DomainError(_("Kies een medewerker."))
            else:
                target = services.ensure_staff_member(current_user)
            entry = services.create_hour_entry(current_user, target, _hour_data(form, networks))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Uren opgeslagen."), "success")
            args = {"week": entry.worked_on.isoformat()}
            if is_admin:
                args["staff_member_id"] = entry.staff_member_id
            return redirect(url_for("effort.hours", **args))
    if request.method == "POST" and form.worked_on.data:
        day = form.worked_on.data
    return render_template(
        "effort/hours.html",
        form=form,
        week=services.week_of(member, day),
        member=member,
        is_admin=is_admin,
        confirm=ConfirmForm(),
    ), _failed()


@bp.route("/uren/<int:entry_id>/bewerken", methods=["GET", "POST"])
@role_required(A, C)
def hour_edit(entry_id: int):
    """Change an hour entry (one's own, or anyone's for an admin)."""
    entry = db.get_or_404(HourEntry, entry_id)
    if not can_change_hour_entry(current_user, entry):
        abort(403)
    networks = services.networks_for_logging(current_user)
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
            services.update_hour_entry(current_user, entry, _hour_data(form, networks))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Uren gewijzigd."), "success")
            return redirect(_week_url(entry))
    return render_template("effort/hour_form.html", form=form, entry=entry), _failed()


def _week_url(entry: HourEntry) -> str:
    args = {"week": entry.worked_on.isoformat()}
    if current_user.role is Role.admin:
        args["staff_member_id"] = entry.staff_member_id
    return url_for("effort.hours", **args)


@bp.route("/uren/<int:entry_id>/verwijderen", methods=["POST"])
@role_required(A, C)
def hour_delete(entry_id: int):
    """Delete an hour entry (refused in a closed month)."""
    entry = db.get_or_404(HourEntry, entry_id)
    if not can_change_hour_entry(current_user, entry):
        abort(403)
    target = _week_url(entry)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_hour_entry(current_user, entry)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(target)
        db.session.commit()
        flash(_("Uren verwijderd."), "success")
    return redirect(target)


@bp.route("/uren/import", methods=["GET", "POST"])
@role_required(A)
def hours_import():
    """Import hour entries from a CSV file: all lines or none."""
    form = HoursImportForm()
    errors: list[tuple[int, str]] = []
    if form.validate_on_submit():
        try:
            count = services.import_hours_csv(current_user, form.file.data.read())
        except services.ImportFailed as exc:
            errors = exc.errors
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("%(n)s urenregistraties geïmporteerd.", n=count), "success")
            return redirect(url_for("effort.hours"))
    return render_template("effort/hours_import.html", form=form, errors=errors), _failed()


# --- closed months and settings (admin) ---------------------------------------------------------


@bp.route("/maanden", methods=["GET", "POST"])
@role_required(A)
def months():
    """Closed months: close one; reopen from the list."""
    form = CloseMonthForm()
    if form.validate_on_submit():
        try:
            row = services.close_month(current_user, services.parse_month(form.month.data))
        except DomainError as exc:
            flash(exc.message, "error")
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
    return render_template(
        "effort/months.html", form=form, months=services.closed_months(), confirm=ConfirmForm()
    ), _failed()


@bp.route("/maanden/<int:year>-<int:month>/heropenen", methods=["POST"])
@role_required(A)
def month_reopen(year: int, month: int):
    """Reopen a closed month (logged in the flash message)."""
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            services.reopen_month(current_user, date(year, month, 1))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(
                _(
                    "De maand %(month)s is heropend door %(name)s: de uren kunnen weer wijzigen.",
                    month=f"{month:02d}/{year}",
                    name=current_user.name,
                ),
                "warning",
            )
    return redirect(url_for("effort.months"))


@bp.route("/instellingen", methods=["GET", "POST"])
@role_required(A)
def settings():
    """Hours in one FTE per school year."""
    form = HoursPerFteForm()
    if request.method == "GET":
        form.school_year.data = SchoolYear.of(today())
    if form.validate_on_submit():
        try:
            services.set_hours_per_fte(current_user, form.school_year.data, form.hours.data)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Uren per VTE opgeslagen."), "success")
            return redirect(url_for("effort.settings"))
    year = SchoolYear.of(today())
    return render_template(
        "effort/settings.html",
        form=form,
        settings=services.school_year_settings(),
        current_year=year,
        current_hours=services.hours_per_fte(year),
    ), _failed()
