"""What the networks services share: the admin-only guard, text trimming, adding a new row."""

from typing import TypeVar

from flask_babel import gettext as _

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change, object_type_of
from netwerk.errors import NotAllowed
from netwerk.extensions import db

T = TypeVar("T")


def require_admin(actor: User) -> None:
    """Refuse anyone but an admin (programmes, networks and calls are kept by admins)."""
    if actor.role is not Role.admin:
        raise NotAllowed(_("Enkel beheerders kunnen dit doen."))


def clean(text: str | None, limit: int) -> str:
    """Text as a column stores it: trimmed, and cut at the column's length."""
    return (text or "").strip()[:limit]


def add_new(actor: User, obj: T, **details) -> T:
    """Add a new row, flush to give it its id, and log "<object>.created" with the details."""
    db.session.add(obj)
    db.session.flush()
    log_change(actor, f"{object_type_of(obj)}.created", obj, **details)
    return obj
