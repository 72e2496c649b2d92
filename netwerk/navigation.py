"""The menu per role. An item shows only once its endpoint exists, so features can land one by one."""

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from netwerk.auth.models import Role, User

A, M, C, S = Role.admin, Role.ministry, Role.coach, Role.school


@dataclass(frozen=True)
class NavItem:
    """One entry of the main menu."""

    endpoint: str
    label: object
    roles: tuple[Role, ...]
    description: object = ""


ITEMS = (
    NavItem("networks.calls", _l("Oproepen"), (A, C, S), _l("Open oproepen en hun netwerken")),
    NavItem(
        "networks.my_registrations", _l("Mijn aanmeldingen"), (S,), _l("Status van uw aanmeldingen")
    ),
    NavItem("networks.index", _l("Netwerken"), (A, M, C, S), _l("Alle lerende netwerken")),
    NavItem(
        "meetings.dashboard",
        _l("Bijeenkomsten"),
        (A, M, C, S),
        _l("Planning, aanwezigheden, verslagen"),
    ),
    NavItem("effort.index", _l("Inzet"), (A, M, C), _l("VTE en begeleidingsuren")),
    NavItem(
        "reports.index", _l("Rapporten"), (A, M, C), _l("Deelname, inzet en bereik op peildatum")
    ),
    NavItem("schools.index", _l("Scholen"), (A,), _l("Het scholenregister en de import")),
    NavItem("auth.users", _l("Gebruikers"), (A,), _l("Accounts en rollen")),
)


def nav_items(user: User) -> list[tuple[NavItem, str]]:
    """The menu entries this user may see, with their URLs."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        (item, url_for(item.endpoint))
        for item in ITEMS
        if user.role in item.roles and item.endpoint in current_app.view_functions
    ]
