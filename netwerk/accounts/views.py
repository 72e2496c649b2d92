"""User management for admins: the list of accounts, creating, changing, a new password."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from netwerk.accounts import services
from netwerk.accounts.forms import ResetPasswordForm, UserCreateForm, UserEditForm, UserFilterForm
from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role, User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.navigation import NavItem
from netwerk.schools.services import parse_institution_numbers

bp = Blueprint("accounts", __name__)

MENU = (NavItem("accounts.users", _l("Gebruikers"), (Role.admin,), _l("Accounts en rollen")),)


def _show_error(form, exc: DomainError) -> None:
    """Put a service's message at its field when it names one, else flash it."""
    field = getattr(form, getattr(exc, "field", "") or "", None)
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")


@bp.route("/gebruikers")
@role_required(Role.admin)
def users():
    """All accounts, filtered on role and searched on name or e-mail."""
    form = UserFilterForm(formdata=request.args)
    if not form.validate():
        return render_template("accounts/users.html", form=form, page=None), 400
    stmt = services.search_users(
        role=Role(form.role.data) if form.role.data else None, q=form.q.data
    )
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], max_per_page=200)
    return render_template("accounts/users.html", form=form, page=page)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@role_required(Role.admin)
def create_user():
    """Create an account with a role, an initial password and (for school users) schools."""
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data,
                Role(form.role.data),
                form.password.data,
                name=form.name.data,
                school_numbers=parse_institution_numbers(form.schools.data),
                actor=current_user,
            )
        except DomainError as exc:
            _show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Gebruiker %(email)s aangemaakt.", email=user.email), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=None)


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
        }
    )
    if form.validate_on_submit():
        try:
            services.update_user(
                current_user,
                user,
                role=Role(form.role.data),
                name=form.name.data,
                active=form.active.data,
                school_numbers=parse_institution_numbers(form.schools.data),
            )
        except DomainError as exc:
            db.session.rollback()
            _show_error(form, exc)
        else:
            db.session.commit()
            flash(_("De gegevens van %(email)s zijn opgeslagen.", email=user.email), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=user)


@bp.route("/gebruikers/<int:user_id>/wachtwoord", methods=["GET", "POST"])
@role_required(Role.admin)
def reset_password(user_id: int):
    """Set a new password for an account (for someone who lost theirs)."""
    user = db.get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(current_user, user, form.new.data)
        except DomainError as exc:
            form.new.errors = [*form.new.errors, exc.message]
        else:
            db.session.commit()
            flash(_("Het wachtwoord van %(email)s is ingesteld.", email=user.email), "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/reset_password.html", form=form, user=user)
