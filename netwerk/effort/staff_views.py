"""Pages of staff members and their assignments (admin only)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role, User
from netwerk.effort import history, staff
from netwerk.effort.blueprint import bp, confirmed_delete, saved
from netwerk.effort.forms import AssignmentForm, ConfirmForm, StaffMemberForm, chosen_target
from netwerk.effort.models import FundingSource, StaffAssignment, StaffMember, StaffRole
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import answered_before, remember_answer, render_form
from netwerk.paging import page_number


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
    """The form's fields as the staff services take them."""
    return {
        "name": form.name.data,
        "email": form.email.data,
        "user_id": form.user_id.data or None,
        "employer_name": form.employer_name.data,
        "seniority_years": form.seniority_years.data,
        "diploma_level": form.diploma_level.data,
    }


@bp.route("/medewerkers", endpoint="staff")
@role_required(Role.admin)
def staff_list():
    """The staff members, paginated."""
    page = db.paginate(
        select(StaffMember).options(joinedload(StaffMember.user)).order_by(StaffMember.name),
        per_page=50,
        page=page_number(),
        error_out=False,
    )
    return render_template("effort/staff.html", page=page)


@bp.route("/medewerkers/nieuw", methods=["GET", "POST"])
@role_required(Role.admin)
def staff_new():
    """Add a staff member."""
    form = StaffMemberForm()
    form.user_id.choices = _user_choices()
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        try:
            member = staff.create_staff_member(current_user, **_staff_data(form))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            location = remember_answer(form, url_for("effort.staff_detail", member_id=member.id))
            db.session.commit()
            flash(_("Medewerker %(name)s toegevoegd.", name=member.name), "success")
            return redirect(location)
    return render_form("effort/staff_form.html", form=form, member=None)


@bp.route("/medewerkers/<int:member_id>")
@role_required(Role.admin)
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
        "effort/staff_detail.html",
        member=member,
        assignments=assignments,
        deleted_ids=history.deleted_assignment_ids(member.id),
        confirm=ConfirmForm(),
    )


@bp.route("/medewerkers/<int:member_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.admin)
def staff_edit(member_id: int):
    """Change a staff member's details."""
    member = db.get_or_404(StaffMember, member_id)
    form = StaffMemberForm(obj=member)
    form.user_id.choices = _user_choices(member)
    if request.method == "GET":
        form.user_id.data = member.user_id or 0
    if form.validate_on_submit() and saved(
        lambda: staff.update_staff_member(current_user, member, **_staff_data(form)),
        _("Gegevens opgeslagen."),
    ):
        return redirect(url_for("effort.staff_detail", member_id=member.id))
    return render_form("effort/staff_form.html", form=form, member=member)


@bp.route("/medewerkers/<int:member_id>/verwijderen", methods=["POST"])
@role_required(Role.admin)
def staff_delete(member_id: int):
    """Delete a staff member (refused once they logged hours)."""
    member = db.get_or_404(StaffMember, member_id)
    if ConfirmForm().validate_on_submit() and not saved(
        lambda: staff.delete_staff_member(current_user, member), _("Medewerker verwijderd.")
    ):
        return redirect(url_for("effort.staff_detail", member_id=member.id))
    return redirect(url_for("effort.staff"))


def _assignment_page(form: AssignmentForm, member: StaffMember, assignment):
    """Save an assignment from the form; an overload asks for the confirmation box (409)."""
    context = {"form": form, "member": member, "assignment": assignment}
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        try:
            network, school, programme = chosen_target(form.target.data)
            data = staff.AssignmentData(
                role=StaffRole(form.role.data),
                fte=form.fte.data,
                funding_source=FundingSource(form.funding_source.data),
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                network=network,
                anchor_school=school,
                programme=programme,
            )
            staff.save_assignment(
                current_user, member, data, assignment, confirm_overload=form.confirm_overload.data
            )
        except staff.OverloadWarning as exc:
            flash(exc.message, "warning")
            page = render_template(
                "effort/assignment_form.html", needs_confirmation=True, **context
            )
            return page, 409
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            location = remember_answer(form, url_for("effort.staff_detail", member_id=member.id))
            db.session.commit()
            flash(_("Opdracht opgeslagen."), "success")
            return redirect(location)
    return render_form(
        "effort/assignment_form.html",
        needs_confirmation=bool(form.confirm_overload.data),
        **context,
    )


@bp.route("/medewerkers/<int:member_id>/opdrachten/nieuw", methods=["GET", "POST"])
@role_required(Role.admin)
def assignment_new(member_id: int):
    """Add an assignment to a staff member."""
    member = db.get_or_404(StaffMember, member_id)
    form = AssignmentForm(targets=staff.assignment_targets())
    return _assignment_page(form, member, None)


@bp.route("/opdrachten/<int:assignment_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.admin)
def assignment_edit(assignment_id: int):
    """Change an assignment."""
    assignment = db.get_or_404(StaffAssignment, assignment_id)
    form = AssignmentForm(obj=assignment, targets=staff.assignment_targets())
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
@role_required(Role.admin)
def assignment_delete(assignment_id: int):
    """Remove an assignment."""
    assignment = db.get_or_404(StaffAssignment, assignment_id)
    back = url_for("effort.staff_detail", member_id=assignment.staff_member_id)
    return confirmed_delete(staff.delete_assignment, assignment, _("Opdracht verwijderd."), back)
