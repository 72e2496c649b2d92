"""Pages of the networks feature: the blueprint `bp` with all its routes, and the menu items.

The routes live in one module per part of the feature; importing them here registers them on
`bp`, which create_app takes from this module together with MENU and HOME_PANELS.
"""

from flask_babel import lazy_gettext as _l

from netwerk.auth.models import Role
from netwerk.navigation import HomePanel, NavItem
from netwerk.networks import (
    views_admin,
    views_browse,
    views_members,
    views_register,
    views_registration,
    views_roster,
    views_signup,
)
from netwerk.networks.blueprint import bp
from netwerk.networks.renewal import views as renewal_views
from netwerk.networks.renewal.services import answers_to_give
from netwerk.networks.school_home import school_home

ROUTE_MODULES = (
    views_browse,
    views_members,
    views_register,
    views_registration,
    views_roster,
    views_signup,
    views_admin,
    renewal_views,
)
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

# A school user's home page starts with what it is asked to confirm (renewal), then its schools,
# the calls for its level and its registrations.
HOME_PANELS = (
    HomePanel("networks/_renewal_home.html", (S,), answers_to_give),
    HomePanel("networks/_school_home.html", (S,), school_home),
)

__all__ = ["HOME_PANELS", "MENU", "bp"]
