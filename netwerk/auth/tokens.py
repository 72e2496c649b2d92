"""API tokens: stored as their hash, checked on every API request by `token_required`."""

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import abort, g, request
from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.auth.models import ApiToken, Role, User
from netwerk.extensions import db


def hash_token(token: str) -> str:
    """Tokens are stored only as their SHA-256 hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def _user_from_bearer() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    row = db.session.execute(
        select(ApiToken, User)
        .join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token.strip()), ApiToken.revoked_at.is_(None))
    ).first()
    if row is None or not row.User.is_active:
        return None
    return row.User


def token_required(*roles: Role, write: bool = False) -> Callable:
    """Authenticate the request by bearer token and check the role.

    Ministry users read everything and never write: a `write=True` endpoint refuses them even when
    the role list would let them in.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = _user_from_bearer()
            if user is None:
                abort(
                    401,
                    description=_("Geef een geldig API-token mee: Authorization: Bearer <token>."),
                )
            if roles and user.role not in roles:
                abort(403, description=_("Uw rol heeft geen toegang tot deze bewerking."))
            if write and user.role is Role.ministry:
                abort(403, description=_("Gebruikers van het ministerie kunnen enkel lezen."))
            g.api_user = user
            return view(*args, **kwargs)

        return wrapped

    return decorator


def api_user() -> User:
    """The user of the current API request (set by token_required)."""
    return g.api_user
