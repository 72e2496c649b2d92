"""Who publishes reports and who withdraws a publication: pure predicates and the services'
guards, also registered as Jinja globals so a button and its route never disagree."""

from flask_babel import gettext as _

from netwerk.auth.models import Role, User
from netwerk.errors import NotAllowed

# Publishing is not a data write (it stores what a report already says): the ministry may.
PUBLISHER_ROLES = (Role.admin, Role.ministry)


def can_publish(user: User) -> bool:
    """Admins and ministry staff publish reports, and read the publications."""
    return getattr(user, "is_authenticated", False) and user.role in PUBLISHER_ROLES


def can_withdraw(user: User) -> bool:
    """Only an admin marks a publication withdrawn."""
    return getattr(user, "is_authenticated", False) and user.role is Role.admin


def require_publisher(actor: User) -> None:
    """NotAllowed unless the actor may publish and read publications."""
    if not can_publish(actor):
        raise NotAllowed(_("Enkel beheerders en het ministerie publiceren rapporten."))


def require_withdrawer(actor: User) -> None:
    """NotAllowed unless the actor may withdraw a publication."""
    if not can_withdraw(actor):
        raise NotAllowed(_("Enkel een beheerder trekt een publicatie in."))


PREDICATES = {"can_publish": can_publish, "can_withdraw_publication": can_withdraw}
