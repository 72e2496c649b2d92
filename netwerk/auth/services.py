"""Who someone is: passwords, logging in, the user loader and API tokens."""

import secrets
import time
from functools import cache

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from netwerk.auth.models import ApiToken, User
from netwerk.auth.tokens import hash_token
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.ids import is_id
from netwerk.timeutil import utcnow


class InvalidField(DomainError):
    """A DomainError about one field of a form, so the page can show it there."""

    def __init__(self, field: str, message: str, *, status_code: int | None = None):
        super().__init__(message, fields={field: [message]}, status_code=status_code)


MIN_PASSWORD_LENGTH = 10
# scrypt is werkzeug's default and a current memory-hard algorithm.
PASSWORD_METHOD = "scrypt"


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: "id:session_version:login_time" (User.get_id). A session or
    remember cookie of an older session version, of an unknown form, or older than
    REMEMBER_COOKIE_DURATION is no login."""
    parts = (user_id or "").split(":")
    if len(parts) != 3 or not all(part.isdecimal() and len(part) <= 12 for part in parts):
        return None
    id_, version, logged_in_at = (int(part) for part in parts)
    if not is_id(str(id_)):
        return None
    max_age = current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds()
    if not 0 <= time.time() - logged_in_at <= max_age:
        return None
    user = db.session.get(User, id_)
    if user is None or user.session_version != version:
        return None
    return user


def end_sessions(user: User) -> None:
    """End every session and remember cookie of the user, on every device."""
    user.session_version += 1


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


@cache
def _dummy_hash() -> str:
    """A hash to check an unknown e-mail's password against, made once per process."""
    return generate_password_hash(secrets.token_hex(16), method=PASSWORD_METHOD)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None.

    Every attempt costs one password check, whether the e-mail is unknown, the account inactive
    or the password wrong, so the time of the answer tells nothing about which accounts exist.
    """
    user = db.session.scalar(
        select(User).where(func.lower(User.email) == (email or "").strip().lower())
    )
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.is_active:
        return None
    user.last_login_at = utcnow()
    log_change(user, "user.logged_in", user)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one."""
    if not check_password_hash(user.password_hash, current or ""):
        raise DomainError(_("Het huidige wachtwoord klopt niet."))
    set_password(user, new)
    end_sessions(user)
    log_change(user, "user.password_changed", user)


def create_api_token(user: User, name: str = "") -> str:
    """Make a new API token for a user and return it; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(user=user, token_hash=hash_token(token), name=name[:100])
    db.session.add(row)
    db.session.flush()
    log_change(user, "api_token.created", row)
    return token


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address, case-insensitively."""
    return db.session.scalar(
        select(User).where(func.lower(User.email) == (email or "").strip().lower())
    )
