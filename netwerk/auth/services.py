"""Accounts: creating users, checking passwords, API tokens."""

import secrets

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from netwerk.auth.models import ApiToken, Role, User
from netwerk.auth.tokens import hash_token
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.schools.models import School
from netwerk.schools.services import schools_by_numbers
from netwerk.timeutil import utcnow


class InvalidField(DomainError):
    """A DomainError about one field of a form (`field`), so the page can show it there."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


MIN_PASSWORD_LENGTH = 10
# scrypt is werkzeug's default and a current memory-hard algorithm.
PASSWORD_METHOD = "scrypt"


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader."""
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


def normalise_email(email: str) -> str:
    """Lower-case and validate an e-mail address; raise DomainError when it is not one."""
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidField(
            "email", _("Ongeldig e-mailadres: %(email)s", email=(email or "")[:100])
        ) from exc


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidField(
            "password",
            _("Het wachtwoord moet minstens %(n)d tekens lang zijn.", n=MIN_PASSWORD_LENGTH),
        )


def set_password(user: User, password: str) -> None:
    """Hash and set a password."""
    check_password_strength(password)
    user.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)


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
) -> User:
    """Create a user; school users must be linked to at least one school (objects or numbers)."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise InvalidField(
            "email", _("Er bestaat al een gebruiker met e-mailadres %(email)s.", email=email)
        )
    linked = _resolve_schools(role, schools, school_numbers)
    user = User(email=email, role=role, name=(name or "").strip() or email.split("@")[0])
    set_password(user, password)
    user.schools = linked
    db.session.add(user)
    db.session.flush()
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
    user.role = role
    user.name = name
    user.is_active_account = active
    db.session.flush()
    return user


def reset_password(actor: User, user: User, new: str) -> None:
    """An admin sets a new password for a user (who can change it afterwards)."""
    _check_admin(actor)
    set_password(user, new)
    db.session.flush()


def search_users(role: Role | None = None, q: str | None = None) -> Select:
    """Users filtered on role and a search text (name or e-mail), with their schools loaded."""
    stmt = select(User).options(selectinload(User.schools))
    if role is not None:
        stmt = stmt.where(User.role == role)
    q = " ".join((q or "").split())
    if q:
        stmt = stmt.where(
            or_(User.name.icontains(q, autoescape=True), User.email.icontains(q, autoescape=True))
        )
    return stmt.order_by(User.name, User.id)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = db.session.scalar(
        select(User).where(func.lower(User.email) == (email or "").strip().lower())
    )
    if user is None:
        # Hash anyway so that timing does not tell which e-mail addresses exist.
        check_password_hash(generate_password_hash("x", method=PASSWORD_METHOD), password or "")
        return None
    if not user.is_active or not check_password_hash(user.password_hash, password or ""):
        return None
    user.last_login_at = utcnow()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one."""
    if not check_password_hash(user.password_hash, current or ""):
        raise DomainError(_("Het huidige wachtwoord klopt niet."))
    set_password(user, new)


def create_api_token(user: User, name: str = "") -> str:
    """Make a new API token for a user and return it; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=hash_token(token), name=name[:100]))
    db.session.flush()
    return token


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address, case-insensitively."""
    return db.session.scalar(
        select(User).where(func.lower(User.email) == (email or "").strip().lower())
    )
