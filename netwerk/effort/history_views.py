"""Pages of a record's history: an assignment, a planned-FTE line, an hour entry (also deleted)."""

from flask import abort, render_template, url_for
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.effort import history
from netwerk.effort.blueprint import bp


def _history_page(kind: str, record_id: int, back_url: str | None):
    """Load (404), authorize (403) and show one record's history."""
    found = history.record_history(kind, record_id)
    if found is None:
        abort(404)
    history.check_may_read(current_user, found)
    return render_template("effort/history.html", history=found, back_url=back_url)


@bp.route("/opdrachten/<int:assignment_id>/geschiedenis")
@role_required(Role.admin, Role.coach)
def assignment_history(assignment_id: int):
    """Every version of an assignment: who changed what, when, and its delete."""
    back = url_for("effort.staff") if current_user.role is Role.admin else None
    return _history_page("assignment", assignment_id, back)


@bp.route("/planning/<int:planned_id>/geschiedenis")
@role_required(Role.admin, Role.coach)
def planned_history(planned_id: int):
    """Every version of a planned-FTE line."""
    back = url_for("effort.planned") if current_user.role is Role.admin else None
    return _history_page("planned", planned_id, back)


@bp.route("/uren/<int:entry_id>/geschiedenis")
@role_required(Role.admin, Role.coach)
def hour_history(entry_id: int):
    """Every version of an hour entry."""
    return _history_page("hours", entry_id, url_for("effort.hours"))
