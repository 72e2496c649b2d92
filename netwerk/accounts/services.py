"""Accounts as admins keep them: create, change and find users, link school users to schools."""

from flask_babel import gettext as _
from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import selectinload

from netwerk.auth.links import queue_invitation_mail, queue_reset_mail
from netwerk.auth.models import Role, User
from netwerk.auth.services import (
    InvalidField,
    end_sessions,
    normalise_email,
    set_password,
    unusable_password_hash,
)
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.locks import lock_name
from netwerk.schools.models import Organisation, OrganisationKind, School, user_school
from netwerk.schools.services import schools_by_numbers
from netwerk.searchtext import where_matches


def _resolve_schools(
    role: Role,
    schools: list[School] | None,
    school_numbers: list[str] | None,
    others: list[Organisation] | None = None,
) -> list[School]:
    """The schools of a contact (role school; by object or institution number); none for other
    roles. A contact has at least one school or one other organisation (`others`)."""
    if role is not Role.school:
        return []
    found = list(schools or [])
    if school_numbers:
        try:
            found += [s for s in schools_by_numbers(school_numbers) if s not in found]
        except DomainError as exc:
            raise InvalidField("schools", exc.message) from exc
    if not found and not others:
        raise InvalidField(
            "schools",
            _(
                "Een contactpersoon moet aan minstens één school of andere organisatie gekoppeld zijn."
            ),
        )
    return found


def _other_organisations(role: Role, ids: list[int] | None) -> list[Organisation]:
    """The organisations other than schools a contact acts for (schools: by institution number)."""
    if role is not Role.school or not ids:
        return []
    found = list(
        db.session.scalars(
            select(Organisation).where(
                Organisation.id.in_(ids), Organisation.kind != OrganisationKind.school
            )
        )
    )
    if len(found) != len(set(ids)):
        raise InvalidField("organisations", _("Kies bestaande organisaties die geen school zijn."))
    return found


def _counted(others: list[Organisation]) -> dict:
    """The log's count of other organisations, left out when there are none (as before)."""
    return {"organisations": len(others)} if others else {}


def _link_others(user: User, others: list[Organisation]) -> None:
    """Link the user to exactly these non-school organisations (the school links are kept by
    user.schools); the link table is written directly: `User.organisations` only reads it."""
    table = user_school.c
    kept_schools = select(School.id)
    db.session.flush()
    db.session.execute(
        delete(user_school).where(table.user_id == user.id, table.school_id.not_in(kept_schools))
    )
    if others:
        db.session.execute(
            insert(user_school), [{"user_id": user.id, "school_id": o.id} for o in others]
        )
    db.session.expire(user, ["organisations"])


def create_user(
    email: str,
    role: Role,
    password: str | None,
    name: str = "",
    schools: list[School] | None = None,
    school_numbers: list[str] | None = None,
    actor: User | None = None,
    organisation_ids: list[int] | None = None,
) -> User:
    """Create a user; school users must be linked to at least one school (objects or numbers).
    Without a password (an admin's page) the user is mailed an invitation to choose one; the
    command line and the demo data give one. The actor is the admin who does it (None: the
    command line or the demo data)."""
    email = normalise_email(email)
    # Two requests creating the same address at once: the second waits here and sees the first.
    lock_name("user.email", email)
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise InvalidField(
            "email",
            _("Er bestaat al een gebruiker met e-mailadres %(email)s.", email=email),
            status_code=409,
        )
    others = _other_organisations(role, organisation_ids)
    linked = _resolve_schools(role, schools, school_numbers, others)
    user = User(email=email, role=role, name=(name or "").strip() or email.split("@")[0])
    if password is None:
        user.password_hash = unusable_password_hash()
    else:
        set_password(user, password)
    user.schools = linked
    db.session.add(user)
    db.session.flush()
    _link_others(user, others)
    if password is None:
        queue_invitation_mail(user)
    log_change(
        actor,
        "user.created",
        user,
        role=role,
        schools=len(linked),
        invited=password is None,
        **_counted(others),
    )
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
    organisation_ids: list[int] | None = None,
) -> User:
    """Change a user's role, name, active state and schools and other organisations (admins).

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
    others = _other_organisations(role, organisation_ids)
    user.schools = _resolve_schools(role, None, school_numbers, others)
    _link_others(user, others)
    if role is not user.role or not active:
        end_sessions(user)  # a new role or a deactivation takes effect on every device at once
    user.role = role
    user.name = name
    user.is_active_account = active
    db.session.flush()
    log_change(
        actor,
        "user.updated",
        user,
        role=role,
        active=active,
        schools=len(user.schools),
        **_counted(others),
    )
    return user


def _check_can_mail(user: User) -> None:
    if not user.is_active:
        raise DomainError(
            _("Het account van %(email)s is gedeactiveerd: activeer het eerst.", email=user.email),
            status_code=409,
        )


def reset_password(actor: User, user: User) -> None:
    """An admin mails a user a link to choose a new password (for someone who lost theirs). The
    current password keeps working until the user sets a new one through the link, which ends
    every session, remember cookie and API token of the user."""
    _check_admin(actor)
    _check_can_mail(user)
    queue_reset_mail(user)
    log_change(actor, "user.password_reset_sent", user)


def resend_invitation(actor: User, user: User) -> None:
    """An admin mails an invited user a new invitation; the links of older ones stop working."""
    _check_admin(actor)
    _check_can_mail(user)
    if not user.is_invited:
        raise DomainError(
            _(
                "%(email)s heeft al een wachtwoord gekozen. Stuur een herstellink als het "
                "vergeten is.",
                email=user.email,
            ),
            status_code=409,
        )
    user.password_hash = unusable_password_hash()
    db.session.flush()
    queue_invitation_mail(user)
    log_change(actor, "user.invitation_sent", user)


def search_users(role: Role | None = None, q: str | None = None) -> Select:
    """Users filtered on role and a search text (name or e-mail), with their schools loaded."""
    stmt = select(User).options(selectinload(User.schools))
    if role is not None:
        stmt = stmt.where(User.role == role)
    # Every word in name or e-mail address, whatever its case or accents.
    stmt = stmt.where(where_matches(User.search_name, q))
    return stmt.order_by(User.name, User.id)
