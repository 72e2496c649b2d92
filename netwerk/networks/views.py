"""Pages of the networks feature: the blueprint `bp` with all its routes, and the menu items.

The routes live in one module per part of the feature; importing them here registers them on
`bp`, which create_app takes from this module together with MENU.
"""

from flask_babel import lazy_gettext as _l

from netwerk.auth.models import Role
from netwerk.navigation import NavItem
from netwerk.networks import (
    views_admin,
    views_browse,
    views_register,
    views_registration,
    views_roster,
)
from netwerk.networks.blueprint import bp

ROUTE_MODULES = (views_browse, views_register, views_registration, views_roster, views_admin)
A, M, C, S = Role.admin, Role.ministry, Role.coach, Role.school

MENU = (
    NavItem("networks.calls", _l("Oproepen"), (A, C, S), _l("Open oproepen en hun netwerken")),
    NavItem(
        "networks.my_registrations",
        _l("Mijn inschrijvingen"),
        (S,),
        _l("Status van uw inschrijvingen"),
    ),
    NavItem("networks.index", _l("Netwerken"), (A, M, C, S), _l("Alle lerende netwerken")),
)

__all__ = ["MENU", "bp"]
