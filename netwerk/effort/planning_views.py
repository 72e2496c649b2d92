"""Pages of the planned FTE per network or programme, and of the hours in one FTE (admin only)."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.effort import fte, history, staff
from netwerk.effort.blueprint import bp, confirmed_delete, saved
from netwerk.effort.forms import ConfirmForm, HoursPerFteForm, PlannedEffortForm, chosen_target
from netwerk.effort.models import PlannedEffort
from netwerk.effort.report import school_year_choices
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import render_form
from netwerk.timeutil import SchoolYear, today


def _school_year_arg() -> SchoolYear:
    """?school_year=2024-2025, else the current school year."""
    raw = request.args.get("school_year", "").strip()
    return SchoolYear.parse(raw) if raw else SchoolYear.of(today())


@bp.route("/planning", methods=["GET", "POST"])
@role_required(Role.admin)
def planned():
    """Planned and earmarked FTE per network or programme for a school year."""
    year = _school_year_arg()
    form = PlannedEffortForm(targets=staff.assignment_targets())
    if form.validate_on_submit():
        try:
            network, _school, programme = chosen_target(form.target.data)
            staff.save_planned_effort(
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
    return render_form(
        "effort/planned.html",
        form=form,
        rows=staff.planned_efforts(year),
        deleted_ids=history.deleted_planned_ids(str(year)),
        year=year,
        years=school_year_choices(year),
        confirm=ConfirmForm(),
    )


@bp.route("/planning/<int:planned_id>/verwijderen", methods=["POST"])
@role_required(Role.admin)
def planned_delete(planned_id: int):
    """Remove a planned-FTE line."""
    row = db.get_or_404(PlannedEffort, planned_id)
    back = url_for("effort.planned", school_year=row.school_year)
    return confirmed_delete(staff.delete_planned_effort, row, _("Planning verwijderd."), back)


@bp.route("/instellingen", methods=["GET", "POST"])
@role_required(Role.admin)
def settings():
    """Hours in one FTE per school year."""
    form = HoursPerFteForm()
    if request.method == "GET":
        form.school_year.data = SchoolYear.of(today())
    if form.validate_on_submit() and saved(
        lambda: fte.set_hours_per_fte(current_user, form.school_year.data, form.hours.data),
        _("Uren per VTE opgeslagen."),
    ):
        return redirect(url_for("effort.settings"))
    year = SchoolYear.of(today())
    return render_form(
        "effort/settings.html",
        form=form,
        settings=fte.school_year_settings(),
        current_year=year,
        current_hours=fte.hours_per_fte(year),
    )
