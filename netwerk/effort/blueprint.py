"""The effort feature's blueprint and menu item, and what its page modules share: answering a
service call (saved, or refused with its message) and deleting after a confirmation.

The landing page /inzet/ (endpoint effort.index) is the effort report, which the reports feature
draws (its tables, chart and downloads live there) and registers under this name.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, flash, redirect
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from netwerk.auth.models import Role, User
from netwerk.effort.forms import ConfirmForm
from netwerk.errors import DomainError
from netwerk.extensions import db
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

T = TypeVar("T")


def saved(work: Callable[[], object], done: str, category: str = "success") -> bool:
    """Run one service call: commit and flash `done` (True), or flash the DomainError it raised
    (False); the view decides where to go next."""
    try:
        work()
    except DomainError as exc:
        flash(exc.message, "error")
        return False
    db.session.commit()
    flash(done, category)
    return True


def confirmed_delete(remove: Callable[[User, T], None], row: T, done: str, back: str):
    """Delete `row` with the service `remove` once the confirmation form is posted; either way
    back to the URL `back`."""
    if ConfirmForm().validate_on_submit():
        saved(lambda: remove(current_user, row), done)
    return redirect(back)
