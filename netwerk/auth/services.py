"""Who someone is: passwords, logging in, the user loader and API tokens."""

import secrets
import time
from datetime import timedelta
from functools import cache

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from netwerk.auth.models import UNUSABLE_PASSWORD_PREFIX, ApiToken, Role, TokenScope, User
from netwerk.auth.tokens import hash_token
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed
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


def unusable_password_hash() -> str:
    """The hash of an invited account: no password matches it, and it differs each time (so a
    new invitation ends the links of older ones)."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(16)


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
    if user is None or user.is_invited:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.is_active:
        return None
    user.last_login_at = utcnow()
    log_change(user, "user.logged_in", user)
    return user


def check_current_password(user: User, current: str | None) -> None:
    """Refuse, at the form's "current" field, a current password that is not the user's."""
    if not check_password_hash(user.password_hash, current or ""):
        raise InvalidField("current", _("Het huidige wachtwoord klopt niet."))


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one; every session, remember
    cookie and API token of the user ends (calendar links stay: they have their own page)."""
    check_current_password(user, current)
    replace_password(user, user, new, action="user.password_changed")


def replace_password(actor: User | None, user: User, new: str, *, action: str) -> None:
    """Set a new password and end everything the old one opened: every session, remember cookie
    and API token of the user. `action` names the change in the log (and the tokens' reason)."""
    set_password(user, new)
    end_sessions(user)
    db.session.flush()
    log_change(actor, action, user)
    revoke_api_tokens(actor, user, reason=action.removeprefix("user."))


def may_manage_tokens(actor: User, owner: User) -> bool:
    """A user manages their own API tokens; an admin manages everyone's."""
    return actor.id == owner.id or actor.role is Role.admin


def longest_token_days(actor: User | None) -> int:
    """The longest lifetime this actor may give a token: admins and the command line (None) up to
    API_TOKEN_MAX_DAYS, everyone else up to the default API_TOKEN_DAYS."""
    config = current_app.config
    if actor is None or actor.role is Role.admin:
        return max(config["API_TOKEN_MAX_DAYS"], config["API_TOKEN_DAYS"])
    return config["API_TOKEN_DAYS"]


def new_api_token(
    actor: User | None,
    owner: User,
    *,
    name: str,
    read_only: bool = False,
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """Make an API token for `owner` and return it with its text, which is shown this once: only
    its hash is stored. `actor` None is the command line. Ministry tokens are always read-only."""
    if actor is not None and not may_manage_tokens(actor, owner):
        raise NotAllowed(_("U kunt enkel uw eigen API-sleutels beheren."))
    name = " ".join((name or "").split())
    if not name:
        raise InvalidField("name", _("Geef de API-sleutel een naam."))
    if len(name) > 100:
        raise InvalidField("name", _("De naam is te lang (hoogstens 100 tekens)."))
    longest = longest_token_days(actor)
    days = current_app.config["API_TOKEN_DAYS"] if days is None else days
    if not 1 <= days <= longest:
        raise InvalidField("days", _("Een API-sleutel geldt 1 tot %(n)d dagen.", n=longest))
    scope = TokenScope.read if read_only or owner.role is Role.ministry else TokenScope.read_write
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        user=owner,
        token_hash=hash_token(token),
        name=name,
        scopes=scope,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(row)
    db.session.flush()
    log_change(actor, "api_token.created", row, owner_id=owner.id, scopes=scope, days=days)
    return row, token


def create_api_token(user: User, name: str = "") -> str:
    """A read-write token of the default lifetime for a user, made by that user; returns its
    text (only its hash is stored)."""
    return new_api_token(user, user, name=name or "API")[1]


def api_tokens_of(actor: User | None, owner: User) -> Select:
    """The select of the owner's API tokens, newest first, revoked and expired ones too (for the
    owner, an admin or the command line: None)."""
    if actor is not None and not may_manage_tokens(actor, owner):
        raise NotAllowed(_("U kunt enkel uw eigen API-sleutels beheren."))
    return (
        select(ApiToken)
        .where(ApiToken.user_id == owner.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )


def revoke_api_token(actor: User | None, token: ApiToken) -> bool:
    """Revoke a token (by its owner, an admin, or the command line: None); it answers 401 from
    now on. Revoking a revoked token changes nothing and returns False (a repeated DELETE is
    no error)."""
    if actor is not None and not may_manage_tokens(actor, token.user):
        raise NotAllowed(_("U kunt enkel uw eigen API-sleutels beheren."))
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.flush()
    log_change(actor, "api_token.revoked", token, owner_id=token.user_id)
    return True


def revoke_api_tokens(actor: User | None, owner: User, *, reason: str) -> int:
    """Revoke every token of the owner that still works (a new password, say); returns how many."""
    now = utcnow()
    tokens = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == owner.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id)
    ).all()
    for token in tokens:
        token.revoked_at = now
    db.session.flush()
    for token in tokens:
        log_change(actor, "api_token.revoked", token, owner_id=owner.id, reason=reason)
    return len(tokens)


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address, case-insensitively."""
    return db.session.scalar(
        select(User).where(func.lower(User.email) == (email or "").strip().lower())
    )
