"""Accounts as admins keep them: create, change and find users, link school users to schools."""

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import Role, User
from netwerk.auth.services import (
    InvalidField,
    end_sessions,
    normalise_email,
    revoke_api_tokens,
    set_password,
)
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.locks import lock_name
from netwerk.schools.models import School
from netwerk.schools.services import schools_by_numbers
from netwerk.searchtext import where_matches


def _resolve_schools(
    role: Role, schools: list[School] | None, school_numbers: list[str] | None
) -> list[School]:
    """The schools of a school user (by object or institution number); none for other roles."""
    if role is not Role.school:
        return []
    found = list(schools or [])
    if school_numbers:
        try:
            found += [s for s in schools_by_numbers(school_numbers) if s not in found]
        except DomainError as exc:
            raise InvalidField("schools", exc.message) from exc
    if not found:
        raise InvalidField(
            "schools", _("Een schoolgebruiker moet aan minstens één school gekoppeld zijn.")
        )
    return found


def create_user(
    email: str,
    role: Role,
    password: str,
    name: str = "",
    schools: list[School] | None = None,
    school_numbers: list[str] | None = None,
    actor: User | None = None,
) -> User:
    """Create a user; school users must be linked to at least one school (objects or numbers).
    The actor is the admin who does it (None: the command line or the demo data)."""
    email = normalise_email(email)
    # Two requests creating the same address at once: the second waits here and sees the first.
    lock_name("user.email", email)
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise InvalidField(
            "email",
            _("Er bestaat al een gebruiker met e-mailadres %(email)s.", email=email),
            status_code=409,
        )
    linked = _resolve_schools(role, schools, school_numbers)
    user = User(email=email, role=role, name=(name or "").strip() or email.split("@")[0])
    set_password(user, password)
    user.schools = linked
    db.session.add(user)
    db.session.flush()
    log_change(actor, "user.created", user, role=role, schools=len(linked))
    return user


def _check_admin(actor: User) -> None:
    if actor.role is not Role.admin:
        raise NotAllowed(_("Enkel beheerders beheren gebruikers."))


def update_user(
    actor: User,
    user: User,
    *,
    role: Role,
    name: str,
    active: bool,
    school_numbers: list[str] | None = None,
) -> User:
    """Change a user's role, name, active state and schools (admins only).

    An admin cannot take away their own admin role or deactivate themselves: someone must be
    left to manage the accounts.
    """
    _check_admin(actor)
    if user.id == actor.id and role is not Role.admin:
        raise InvalidField("role", _("U kunt uw eigen beheerdersrol niet afnemen."))
    if user.id == actor.id and not active:
        raise InvalidField("active", _("U kunt uw eigen account niet deactiveren."))
    name = " ".join((name or "").split())
    if not name:
        raise InvalidField("name", _("De naam ontbreekt."))
    user.schools = _resolve_schools(role, None, school_numbers)
    if role is not user.role or not active:
        end_sessions(user)  # a new role or a deactivation takes effect on every device at once
    user.role = role
    user.name = name
    user.is_active_account = active
    db.session.flush()
    log_change(actor, "user.updated", user, role=role, active=active, schools=len(user.schools))
    return user


def reset_password(actor: User, user: User, new: str) -> None:
    """An admin sets a new password for a user (who can change it afterwards). Every session,
    remember cookie and API token of the user ends, as with a change of one's own password."""
    _check_admin(actor)
    set_password(user, new)
    end_sessions(user)
    db.session.flush()
    log_change(actor, "user.password_reset", user)
    revoke_api_tokens(actor, user, reason="password_reset")


def search_users(role: Role | None = None, q: str | None = None) -> Select:
    """Users filtered on role and a search text (name or e-mail), with their schools loaded."""
    stmt = select(User).options(selectinload(User.schools))
    if role is not None:
        stmt = stmt.where(User.role == role)
    # Every word in name or e-mail address, whatever its case or accents.
    stmt = stmt.where(where_matches(User.search_name, q))
    return stmt.order_by(User.name, User.id)
