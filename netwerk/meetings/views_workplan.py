"""The work plan page of a network and school year: the needs, and its themes."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import answered_before, as_choices, render_form
from netwerk.meetings import workplan
from netwerk.meetings.blueprint import (
    READERS,
    WRITERS,
    bp,
    network_to_manage,
    network_to_view,
    refused,
    saved,
)
from netwerk.meetings.forms import ConfirmForm, ThemeForm, WorkPlanForm
from netwerk.meetings.models import WorkPlanTheme
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_manage_network
from netwerk.timeutil import SchoolYear, today


@bp.route("/netwerk/<int:network_id>/werkplan", defaults={"year": None}, methods=["GET", "POST"])
@bp.route("/netwerk/<int:network_id>/werkplan/<year>", methods=["GET", "POST"])
@role_required(*READERS)
def work_plan(network_id: int, year: str | None):
    """The work plan (organisatiefiche) of a network for a school year."""
    network = network_to_view(network_id)
    school_year = SchoolYear.parse(year) if year else SchoolYear.of(today())
    plan = workplan.find_work_plan(network, school_year)
    form = WorkPlanForm(obj=plan)
    if request.method == "POST":
        if not can_manage_network(current_user, network):
            abort(403)
        if form.validate_on_submit():
            workplan.save_work_plan(current_user, network, school_year, form.needs.data)
            message = _("Het werkplan is opgeslagen.")
            return saved(
                message, "meetings.work_plan", network_id=network.id, year=str(school_year)
            )
    return render_template(
        "meetings/work_plan.html",
        network=network,
        plan=plan,
        form=form,
        school_year=school_year,
        delete_form=ConfirmForm(),
    )


def _existing_theme(network: Network, theme_id: int | None) -> WorkPlanTheme | None:
    """The theme of the URL, when it is one of the network's (404 otherwise)."""
    if theme_id is None:
        return None
    existing = db.get_or_404(WorkPlanTheme, theme_id)
    if existing.work_plan.network_id != network.id:
        abort(404)
    return existing


@bp.route("/netwerk/<int:network_id>/werkplan/<year>/thema", methods=["GET", "POST"])
@bp.route("/netwerk/<int:network_id>/werkplan/<year>/thema/<int:theme_id>", methods=["GET", "POST"])
@role_required(*WRITERS)
def theme(network_id: int, year: str, theme_id: int | None = None):
    """Add or change a theme of the work plan, with its goals, realisations and meetings."""
    network = network_to_manage(network_id)
    school_year = SchoolYear.parse(year)
    existing = _existing_theme(network, theme_id)
    form = ThemeForm(obj=existing)
    form.meetings.choices = as_choices(
        (m.id, f"{m.starts_at:%d/%m/%Y} · {m.title or _('bijeenkomst')}")
        for m in workplan.meetings_in_year(network, school_year)
    )
    if request.method == "GET" and existing is not None:
        form.meetings.data = [m.id for m in existing.meetings]
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        try:
            plan = workplan.ensure_work_plan(current_user, network, school_year)
            workplan.save_theme(
                current_user,
                plan,
                title=form.title.data,
                goals=form.goals.data,
                realisations=form.realisations.data,
                meeting_ids=form.meetings.data,
                theme=existing,
            )
        except DomainError as exc:
            refused(exc)
        else:
            message = _("Het thema is opgeslagen.")
            return saved(
                message, "meetings.work_plan", form, network_id=network.id, year=str(school_year)
            )
    return render_form(
        "meetings/theme.html", form=form, network=network, school_year=school_year, theme=existing
    )


@bp.route("/thema/<int:theme_id>/verwijderen", methods=["POST"])
@role_required(*WRITERS)
def delete_theme(theme_id: int):
    """Remove a theme from a work plan."""
    theme = db.get_or_404(WorkPlanTheme, theme_id)
    network = network_to_manage(theme.work_plan.network_id)
    year = theme.work_plan.school_year
    if ConfirmForm().validate_on_submit():
        workplan.delete_theme(current_user, theme)
        db.session.commit()
        flash(_("Het thema is verwijderd."), "success")
    return redirect(url_for("meetings.work_plan", network_id=network.id, year=year))
