"""Accounts: creating users, checking passwords, API tokens."""

import secrets

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from netwerk.apiutil import hash_token
from netwerk.auth.models import ApiToken, Role, User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.schools.models import School
from netwerk.timeutil import utcnow

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
        raise DomainError(_("Ongeldig e-mailadres: %(email)s", email=(email or "")[:100])) from exc


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _("Het wachtwoord moet minstens %(n)d tekens lang zijn.", n=MIN_PASSWORD_LENGTH)
        )


def set_password(user: User, password: str) -> None:
    """Hash and set a password."""
    check_password_strength(password)
    user.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)


def create_user(
    email: str,
    role: Role,
    password: str,
    name: str = "",
    schools: list[School] | None = None,
) -> User:
    """Create a user; school users must be linked to at least one school."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise DomainError(_("Er bestaat al een gebruiker met e-mailadres %(email)s.", email=email))
    if role is Role.school and not schools:
        raise DomainError(_("Een schoolgebruiker moet aan minstens één school gekoppeld zijn."))
    user = User(email=email, role=role, name=name.strip() or email.split("@")[0])
    set_password(user, password)
    user.schools = list(schools or []) if role is Role.school else []
    db.session.add(user)
    db.session.flush()
    return user


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
