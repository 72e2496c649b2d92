"""Who reads reports, and which networks their figures cover."""

from flask_babel import gettext as _
from sqlalchemy import Select

from netwerk.auth.models import Role, User
from netwerk.errors import NotAllowed
from netwerk.networks.permissions import visible_network_ids

READER_ROLES = (Role.admin, Role.ministry, Role.coach)


def require_reader(actor: User) -> Select | None:
    """Refuse non-readers; return the networks the reader's figures cover (None: every network).

    A coach's reports hold the networks the coach runs (networks.permissions.visible_network_ids).
    """
    if not getattr(actor, "is_authenticated", False) or actor.role not in READER_ROLES:
        raise NotAllowed(_("Enkel beheerders, het ministerie en procescoaches zien rapporten."))
    return visible_network_ids(actor)
