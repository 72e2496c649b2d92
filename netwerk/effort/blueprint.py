"""The effort feature's blueprint and menu item; the page modules register their routes on it.

The landing page /inzet/ (endpoint effort.index) is the effort report, which the reports feature
draws (its tables, chart and downloads live there) and registers under this name.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from netwerk.auth.models import Role
from netwerk.navigation import NavItem

bp = Blueprint("effort", __name__, url_prefix="/inzet")

MENU = (
    NavItem(
        "effort.index",
        _l("Inzet"),
        (Role.admin, Role.ministry, Role.coach),
        _l("VTE en begeleidingsuren"),
    ),
)
