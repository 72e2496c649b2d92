"""User management for admins: the list of accounts, creating (with an invitation mail),
changing, mailing a reset link or a new invitation."""

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from netwerk.accounts import services
from netwerk.accounts.forms import (
    ResendInvitationForm,
    ResetPasswordForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role, User
from netwerk.extensions import db
from netwerk.forms import form_page
from netwerk.navigation import NavItem
from netwerk.paging import list_page
from netwerk.schools.models import OrganisationKind
from netwerk.schools.services import parse_institution_numbers

bp = Blueprint("accounts", __name__)

MENU = (NavItem("accounts.users", _l("Gebruikers"), (Role.admin,), _l("Accounts en rollen")),)


@bp.route("/gebruikers")
@role_required(Role.admin)
def users():
    """All accounts, filtered on role and searched on name or e-mail."""
    form = UserFilterForm(formdata=request.args)
    return list_page(
        "accounts/users.html",
        form,
        lambda: services.search_users(
            role=Role(form.role.data) if form.role.data else None, q=form.q.data
        ),
    )


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@role_required(Role.admin)
def create_user():
    """Create an account with a role and (for school users) schools; it is mailed an invitation
    to choose its password."""
    form = UserCreateForm()
    return form_page(
        form,
        lambda: services.create_user(
            form.email.data,
            Role(form.role.data),
            None,
            name=form.name.data,
            school_numbers=parse_institution_numbers(form.schools.data),
            actor=current_user,
            organisation_ids=form.organisations.data,
        ),
        lambda user: _(
            "Gebruiker %(email)s aangemaakt en uitgenodigd om een wachtwoord te kiezen.",
            email=user.email,
        ),
        url_for("accounts.users"),
        "accounts/user_form.html",
        user=None,
    )


@bp.route("/gebruikers/<int:user_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.admin)
def edit_user(user_id: int):
    """Change an account's role, name, active state and schools."""
    user = db.get_or_404(User, user_id)
    form = UserEditForm(
        data={
            "name": user.name,
            "role": user.role.value,
            "active": user.is_active_account,
            "schools": " ".join(s.institution_number for s in user.schools),
            "organisations": [
                o.id for o in user.organisations if o.kind is not OrganisationKind.school
            ],
        }
    )
    return form_page(
        form,
        lambda: services.update_user(
            current_user,
            user,
            role=Role(form.role.data),
            name=form.name.data,
            active=form.active.data,
            school_numbers=parse_institution_numbers(form.schools.data),
            organisation_ids=form.organisations.data,
        ),
        _("De gegevens van %(email)s zijn opgeslagen.", email=user.email),
        url_for("accounts.users"),
        "accounts/user_form.html",
        user=user,
    )


@bp.route("/gebruikers/<int:user_id>/wachtwoord", methods=["GET", "POST"])
@role_required(Role.admin)
def reset_password(user_id: int):
    """Mail an account a link to choose a new password (for someone who lost theirs)."""
    user = db.get_or_404(User, user_id)
    form = ResetPasswordForm()
    return form_page(
        form,
        lambda: services.reset_password(current_user, user),
        _(
            "Er is een link om een nieuw wachtwoord te kiezen gemaild naar %(email)s.",
            email=user.email,
        ),
        url_for("accounts.users"),
        "accounts/reset_password.html",
        user=user,
    )


@bp.route("/gebruikers/<int:user_id>/uitnodiging", methods=["GET", "POST"])
@role_required(Role.admin)
def resend_invitation(user_id: int):
    """Mail an invited account a new invitation (the older links stop working)."""
    user = db.get_or_404(User, user_id)
    form = ResendInvitationForm()
    return form_page(
        form,
        lambda: services.resend_invitation(current_user, user),
        _("Er is een nieuwe uitnodiging gemaild naar %(email)s.", email=user.email),
        url_for("accounts.users"),
        "accounts/resend_invitation.html",
        user=user,
    )
