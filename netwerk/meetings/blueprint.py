"""The one blueprint of the meetings pages, its menu item, and what its route modules share:
loading the object of a page (404, then 403) and answering a change, saved or refused."""

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import remember_answer, render_form, show_refusal
from netwerk.meetings.attendance import too_early
from netwerk.meetings.models import Meeting
from netwerk.meetings.outputs import lacks_output
from netwerk.meetings.permissions import (
    can_manage_meeting,
    can_read_attendance_history,
    can_view_meeting,
)
from netwerk.navigation import NavItem
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_manage_network, can_view_network_details

bp = Blueprint("meetings", __name__, url_prefix="/bijeenkomsten")

MENU = (
    NavItem(
        "meetings.dashboard",
        _l("Bijeenkomsten"),
        (Role.admin, Role.ministry, Role.coach, Role.school),
        _l("Planning, aanwezigheden, verslagen"),
    ),
)
WRITERS = (Role.admin, Role.coach)
READERS = (Role.admin, Role.ministry, Role.coach, Role.school)


@bp.record_once
def _register_template_globals(state) -> None:
    """Whether a werksessie still lacks its output, asked by the meeting lists; why attendance
    cannot be recorded yet, so the detail page offers no form that would be refused."""
    state.app.jinja_env.globals["lacks_output"] = lacks_output
    state.app.jinja_env.globals["attendance_too_early"] = too_early


def _load(model, object_id: int, may):
    """The object of the URL (404 when there is none), when the current user may (403 if not)."""
    found = db.get_or_404(model, object_id)
    if not may(current_user, found):
        abort(403)
    return found


def network_to_manage(network_id: int) -> Network:
    """The network of the URL, for a user who manages it."""
    return _load(Network, network_id, can_manage_network)


def network_to_view(network_id: int) -> Network:
    """The network of the URL, for a user who may see its details."""
    return _load(Network, network_id, can_view_network_details)


def meeting_to_manage(meeting_id: int) -> Meeting:
    """The meeting of the URL, for a user who manages it."""
    return _load(Meeting, meeting_id, can_manage_meeting)


def meeting_to_view(meeting_id: int) -> Meeting:
    """The meeting of the URL, for a user who may read it."""
    return _load(Meeting, meeting_id, can_view_meeting)


def meeting_with_attendance_history(meeting_id: int) -> Meeting:
    """The meeting of the URL, for a user who may read the history of its attendance."""
    return _load(Meeting, meeting_id, can_read_attendance_history)


def refused(exc: DomainError, form=None) -> DomainError:
    """A refused change: undo whatever the service flushed and tell the user why (at the form's
    fields the refusal names, when the page shows the form again)."""
    db.session.rollback()
    if form is None:
        flash(exc.message, "error")
    else:
        show_refusal(form, exc)
    return exc


def saved(message: str, endpoint: str, form=None, **values):
    """A change went through: commit it (the request's one commit), say so, and go on; a
    create form's one-time token is stored with it (see netwerk.forms.answered_before)."""
    location = remember_answer(form, url_for(endpoint, **values))
    db.session.commit()
    flash(message, "success")
    return redirect(location)


def form_page(template: str, refusal: DomainError | None = None, **context):
    """The page of a form as netwerk.forms.render_form answers it; after a service's refusal,
    with the refusal's own status (403 imposed, 413 too large, 415 a refused file type)."""
    page, status = render_form(template, **context)
    return page, (refusal.status_code if refusal is not None else status)
