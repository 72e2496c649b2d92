"""API tokens: stored as their hash, checked on every API request by `token_required`."""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from netwerk.auth.models import ApiToken, Role, TokenScope, User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.idempotency import begin as begin_idempotent
from netwerk.timeutil import utcnow

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def hash_token(token: str) -> str:
    """Tokens are stored only as their SHA-256 hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def _bearer_token() -> ApiToken | None:
    """The stored token the Authorization header names (revoked or expired ones too), or None."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return db.session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_token(token.strip()))
    )


def _authenticate() -> ApiToken:
    """The request's usable token, else a 401 that says why (unknown, revoked or expired)."""
    token = _bearer_token()
    if token is None or not token.user.is_active:
        abort(401, description=_("Geef een geldig API-token mee: Authorization: Bearer <token>."))
    if token.revoked_at is not None:
        abort(401, description=_("Dit API-token is ingetrokken. Maak een nieuw token aan."))
    if token.is_expired(utcnow()):
        abort(401, description=_("Dit API-token is verlopen. Maak een nieuw token aan."))
    return token


def _touch(token: ApiToken) -> None:
    """Record when the token was last used, at most once per API_TOKEN_TOUCH_SECONDS: a write on
    every request would make every read a write.

    Committed here, before the view runs, because a reading view never commits.
    """
    now = utcnow()
    every = timedelta(seconds=current_app.config["API_TOKEN_TOUCH_SECONDS"])
    if token.last_used_at is None or token.last_used_at <= now - every:
        token.last_used_at = now
        db.session.commit()


def token_required(*roles: Role, write: bool = False, reads_only: bool = False) -> Callable:
    """Authenticate the request by bearer token and check the role and the token's scope.

    Ministry users read everything and never write: a `write=True` endpoint refuses them even when
    the role list would let them in. A read-only token is refused every POST, PUT, PATCH and
    DELETE (403, code insufficient_scope), unless the endpoint `reads_only`: a POST that changes
    no data but keeps what its reader may read (publishing a report), which ministry tokens, read
    scope only, may send. Every POST honours an Idempotency-Key header (netwerk.idempotency).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = _authenticate()
            user = token.user
            if roles and user.role not in roles:
                abort(403, description=_("Uw rol heeft geen toegang tot deze bewerking."))
            if write and user.role is Role.ministry:
                abort(403, description=_("Gebruikers van het ministerie kunnen enkel lezen."))
            if (
                request.method in WRITE_METHODS
                and token.scopes is TokenScope.read
                and not reads_only
            ):
                raise DomainError(
                    _("Dit API-token mag enkel lezen."), status_code=403, code="insufficient_scope"
                )
            _touch(token)
            g.api_user = user
            g.api_token = token
            # A POST sent again with its Idempotency-Key: the first answer (netwerk.idempotency).
            replay = begin_idempotent(token.id)
            if replay is not None:
                return replay
            return view(*args, **kwargs)

        return wrapped

    return decorator


def api_user() -> User:
    """The user of the current API request (set by token_required)."""
    return g.api_user
