"""One registration: its page (reference, status, what happens next), withdrawing it after a
confirmation page, and changing its contact."""

from collections.abc import Callable

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role, User
from netwerk.extensions import db
from netwerk.forms import form_page
from netwerk.networks.blueprint import bp
from netwerk.networks.capacity import waiting_list_positions
from netwerk.networks.forms import ContactForm, WithdrawForm
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.networks.permissions import (
    can_edit_contact,
    can_follow_registration,
    school_ids_of,
)
from netwerk.networks.registration_lists import earlier_periods
from netwerk.networks.registrations import (
    can_register_again,
    can_withdraw,
    transition,
    update_contact,
)

A, C, S = Role.admin, Role.coach, Role.school


def _load(registration_id: int, allowed: Callable[[User, Registration], bool]) -> Registration:
    """The registration (404) when the current user passes the predicate (else 403)."""
    registration = db.get_or_404(Registration, registration_id)
    if not allowed(current_user, registration):
        abort(403)
    return registration


def _may_withdraw_page(user: User, registration: Registration) -> bool:
    """The withdraw page: the school's own users and admins, whatever the status (the page says
    when it can no longer be withdrawn)."""
    if user.role is S:
        return registration.school_id in school_ids_of(user)
    return user.role is A


def _page_context(registration: Registration) -> dict:
    """What every page of one registration shows: the registration, its place on the waiting
    list, and which actions the current user has."""
    return {
        "registration": registration,
        "earlier": earlier_periods([registration])[registration.id],
        "position": waiting_list_positions([registration.network_id]).get(registration.id),
        "can_withdraw": can_withdraw(current_user, registration),
        "can_register_again": can_register_again(current_user, registration),
        "can_edit_contact": can_edit_contact(current_user, registration),
    }


@bp.route("/inschrijvingen/<int:registration_id>")
@role_required(A, C, S)
def registration(registration_id: int):
    """A registration's page: reference, status explained, what happens next, its history."""
    registration = _load(registration_id, can_follow_registration)
    return render_template("networks/registration.html", **_page_context(registration))


# The old address stays for the links and bookmarks of before (GET and POST alike); url_for
# builds the new one, the rule registered first (the decorator nearest the function).
@bp.route("/aanmeldingen/<int:registration_id>/intrekken", methods=["GET", "POST"])
@bp.route("/inschrijvingen/<int:registration_id>/intrekken", methods=["GET", "POST"])
@role_required(A, S)
def withdraw(registration_id: int):
    """Withdraw a registration: a page that says what will happen, then the school confirms."""
    registration = _load(registration_id, _may_withdraw_page)
    form = WithdrawForm()
    return form_page(
        form,
        lambda: transition(
            current_user,
            registration,
            RegistrationStatus.withdrawn,
            reason=form.reason.data or "",
            acknowledge_publications=form.acknowledge_publications.data,
        ),
        _("De inschrijving is ingetrokken."),
        url_for("networks.registration", registration_id=registration.id),
        "networks/withdraw.html",
        **_page_context(registration),
    )


@bp.route("/inschrijvingen/<int:registration_id>/contact", methods=["GET", "POST"])
@role_required(A, S)
def edit_contact(registration_id: int):
    """Change a registration's contact person and address (the school itself, or an admin)."""
    registration = _load(registration_id, can_edit_contact)
    form = ContactForm(obj=registration)
    return form_page(
        form,
        lambda: update_contact(
            current_user,
            registration,
            contact_name=form.contact_name.data,
            contact_email=form.contact_email.data,
        ),
        _("De contactpersoon is opgeslagen."),
        url_for("networks.registration", registration_id=registration.id),
        "networks/contact.html",
        registration=registration,
    )
