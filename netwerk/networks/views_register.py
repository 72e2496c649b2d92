"""Registering a school for a network, a school's own registrations, and withdrawing one."""

from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import as_choices, render_form, show_refusal
from netwerk.ids import is_id
from netwerk.labels import enum_label
from netwerk.networks.blueprint import bp, commit_or_flash
from netwerk.networks.calls import open_call_for
from netwerk.networks.forms import RegistrationForm, WithdrawForm
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.networks.permissions import can_manage_network, school_ids_of
from netwerk.networks.registration_lists import (
    RegistrationFilter,
    RegistrationOrder,
    registration_list,
)
from netwerk.networks.registrations import (
    ALLOWED_MOVES,
    can_register_for,
    register_school,
    transition,
)
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
    """The school posted (kept in the list when the form comes back refused), if it exists."""
    value = (request.form.get("school") or "").strip()
    return db.session.get(School, int(value)) if is_id(value) else None


def _school_choices(picker: Picker | None) -> list:
    """The user's own schools; for admins and coaches the chosen school and the search results."""
    if picker is None:
        schools = sorted(current_user.schools, key=lambda s: s.name)
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
    )


@bp.route("/<int:network_id>/aanmelden", methods=["GET", "POST"])
@role_required(A, Role.coach, S)
def register(network_id: int):
    """Register one of the user's schools for a network (admins and coaches: any school)."""
    network = db.get_or_404(Network, network_id)
    if not can_register_for(current_user, network):
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
            db.session.commit()
            flash(_("De aanmelding is ontvangen (status: %(status)s).", status=status), "success")
            if current_user.role is Role.school:
                return redirect(url_for("networks.my_registrations"))
            return redirect(url_for("networks.roster", network_id=network.id))
    elif request.method == "GET" and current_user.role is Role.school:
        form.contact_name.data = current_user.name
        form.contact_email.data = current_user.email
    return render_form(
        "networks/register.html",
        network=network,
        form=form,
        manager=can_manage_network(current_user, network),
        open_call=open_call_for(network, today()),
        picker=picker,
    )


@bp.route("/mijn-aanmeldingen")
@role_required(S)
def my_registrations():
    """The registrations of the user's schools, with status, history and a withdraw button."""
    filters = RegistrationFilter(order=RegistrationOrder.newest)
    return render_template(
        "networks/my_registrations.html",
        registrations=db.session.scalars(registration_list(current_user, filters)).all(),
        withdraw_form=WithdrawForm(),
        withdrawable=ALLOWED_MOVES,
        withdrawn=RegistrationStatus.withdrawn,
    )


@bp.route("/aanmeldingen/<int:registration_id>/intrekken", methods=["POST"])
@role_required(A, S)
def withdraw(registration_id: int):
    """Withdraw a registration (the school itself, or an admin)."""
    registration = db.get_or_404(Registration, registration_id)
    if current_user.role is Role.school and registration.school_id not in school_ids_of(
        current_user
    ):
        abort(403)
    form = WithdrawForm()
    if form.validate_on_submit():
        commit_or_flash(
            lambda: transition(
                current_user,
                registration,
                RegistrationStatus.withdrawn,
                reason=form.reason.data or "",
            ),
            _("De aanmelding is ingetrokken."),
        )
    else:
        flash(_("Het formulier is ongeldig."), "error")
    if current_user.role is Role.school:
        return redirect(url_for("networks.my_registrations"))
    return redirect(url_for("networks.roster", network_id=registration.network_id))
