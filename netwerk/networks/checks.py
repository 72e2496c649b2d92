"""Two small checks every networks service starts with: an admin-only guard and text trimming."""

from flask_babel import gettext as _

from netwerk.auth.models import Role, User
from netwerk.errors import NotAllowed


def require_admin(actor: User) -> None:
    """Refuse anyone but an admin (programmes, networks and calls are kept by admins)."""
    if actor.role is not Role.admin:
        raise NotAllowed(_("Enkel beheerders kunnen dit doen."))


def clean(text: str | None, limit: int) -> str:
    """Text as a column stores it: trimmed, and cut at the column's length."""
    return (text or "").strip()[:limit]
