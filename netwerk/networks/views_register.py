"""Registering a school for a network, and a school's own registrations."""

from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import as_choices, render_form, show_refusal
from netwerk.ids import is_id
from netwerk.labels import enum_label
from netwerk.networks.blueprint import bp, int_arg
from netwerk.networks.calls import open_call_for
from netwerk.networks.capacity import waiting_list_positions
from netwerk.networks.forms import RegistrationForm
from netwerk.networks.life import REGISTRATION, refuse_after_end
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.networks.permissions import can_manage_network
from netwerk.networks.registration_lists import (
    RegistrationFilter,
    RegistrationOrder,
    earlier_periods,
    registration_list,
)
from netwerk.networks.registrations import (
    can_register_again,
    can_register_for,
    can_withdraw,
    register_school,
)
from netwerk.networks.school_home import level_mismatches
from netwerk.schools.models import School
from netwerk.schools.services import pick_schools
from netwerk.timeutil import today

A, S = Role.admin, Role.school


@dataclass
class Picker:
    """The school search of an admin or coach: thousands of schools are no select list."""

    q: str = ""
    found: list[School] = field(default_factory=list)
    error: str = ""


def _picker(network: Network) -> Picker | None:
    """The search for a school (?school_q=), the network's level first; None for a school user,
    who chooses among their own schools."""
    if current_user.role is Role.school:
        return None
    picker = Picker(q=request.args.get("school_q", "").strip())
    try:
        picker.found = pick_schools(picker.q, network.level)
    except DomainError as exc:
        picker.error = exc.message
    return picker


def _chosen_school() -> School | None:
    """The school posted (kept in the list when the form comes back refused) or asked for
    (?school=, registering again), if it exists."""
    value = (request.form.get("school") or request.args.get("school") or "").strip()
    return db.session.get(School, int(value)) if is_id(value) else None


def _school_choices(picker: Picker | None) -> list:
    """The user's own schools; for admins and coaches the chosen school and the search results."""
    if picker is None:
        schools = sorted(current_user.schools, key=lambda s: (s.name, s.institution_number))
        return as_choices((s.id, s.label) for s in schools)
    chosen = _chosen_school()
    schools = ([chosen] if chosen else []) + [s for s in picker.found if s != chosen]
    if schools:
        blank = _("Kies een school")
    elif picker.q:
        blank = _("Geen school gevonden: zoek opnieuw")
    else:
        blank = _("Zoek eerst de school hierboven")
    return as_choices([("", blank), *((s.id, s.label) for s in schools)])


def _show_picker(form: RegistrationForm, picker: Picker, network: Network) -> None:
    """The results as a visible short list (no JavaScript needed); the JSON address for the
    combobox of static/js/school_picker.js; one match chosen already."""
    form.school.render_kw = {
        "data-picker-url": url_for("schools.pick", level=network.level.value),
        "size": min(len(form.school.choices), 8) if picker.found else 1,
    }
    if request.method == "GET" and len(picker.found) == 1:
        form.school.data = picker.found[0].id


def _register(network: Network, form: RegistrationForm) -> Registration:
    """Call the service with what the form holds."""
    return register_school(
        current_user,
        network,
        db.get_or_404(School, form.school.data),
        contact_name=form.contact_name.data,
        contact_email=form.contact_email.data,
        motivation=form.motivation.data or "",
        commitment=form.commitment.data,
        effective_on=form.effective_on.data,
        reason=form.reason.data or "",
        acknowledge_publications=form.acknowledge_publications.data,
    )


def _prefill(form: RegistrationForm) -> None:
    """A new form: the school asked for (registering again), a school user's own name and
    address as the contact."""
    school_id = int_arg("school")
    if school_id is not None and any(c.value == school_id for c in form.school.choices):
        form.school.data = school_id
    if current_user.role is Role.school:
        form.contact_name.data = current_user.name
        form.contact_email.data = current_user.email


@bp.route("/<int:network_id>/aanmelden", methods=["GET", "POST"])
@role_required(A, Role.coach, S)
def register(network_id: int):
    """Register one of the user's schools for a network (admins and coaches: any school)."""
    network = db.get_or_404(Network, network_id)
    if not can_register_for(current_user, network):
        refuse_after_end(network, today(), REGISTRATION)  # an ended network says so, in Dutch
        abort(403)
    form = RegistrationForm()
    picker = _picker(network)
    form.school.choices = _school_choices(picker)
    if picker is not None:
        _show_picker(form, picker, network)
    if form.validate_on_submit():
        try:
            registration = _register(network, form)
        except DomainError as exc:
            db.session.rollback()
            show_refusal(form, exc)
        else:
            status = enum_label(registration.status)
            _warn_of_level(network, registration.school)
            db.session.commit()
            flash(_("De inschrijving is ontvangen (status: %(status)s).", status=status), "success")
            if current_user.role is Role.school:
                # The confirmation: reference, status and what happens next.
                return redirect(url_for("networks.registration", registration_id=registration.id))
            return redirect(url_for("networks.roster", network_id=network.id))
    elif request.method == "GET":
        _prefill(form)
    mismatched = level_mismatches(network, current_user.schools)
    return render_form(
        "networks/register.html",
        network=network,
        form=form,
        manager=can_manage_network(current_user, network),
        open_call=open_call_for(network, today()),
        level_warning=_level_warning(network, mismatched) if mismatched else "",
        picker=picker,
    )


def _warn_of_level(network: Network, school: School) -> None:
    """After registering a school of another level: the same warning, flashed."""
    if level_mismatches(network, [school]):
        flash(_level_warning(network, [school]), "warning")


def _level_warning(network: Network, schools: list[School]) -> str:
    """A warning, not a refusal: the domain has no rule against a school of another level."""
    return ngettext(
        "Let op: dit netwerk is voor het %(level)s; deze school heeft een ander niveau: "
        "%(schools)s.",
        "Let op: dit netwerk is voor het %(level)s; deze scholen hebben een ander niveau: "
        "%(schools)s.",
        len(schools),
        level=enum_label(network.level),
        schools="; ".join(f"{s.label} ({enum_label(s.level)})" for s in schools),
    )


@bp.route("/mijn-aanmeldingen")
@role_required(S)
def my_registrations():
    """The registrations of the user's schools: status explained, place on the waiting list,
    links to withdraw (a confirmation page) or to register again."""
    filters = RegistrationFilter(order=RegistrationOrder.newest, latest_only=True)
    registrations = db.session.scalars(registration_list(current_user, filters)).all()
    waiting = {r.network_id for r in registrations if r.status is RegistrationStatus.waitlisted}
    return render_template(
        "networks/my_registrations.html",
        registrations=registrations,
        positions=waiting_list_positions(waiting),
        earlier=earlier_periods(registrations),
        can_withdraw=can_withdraw,
        can_register_again=can_register_again,
    )
