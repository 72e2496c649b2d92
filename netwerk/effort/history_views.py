"""Pages of a record's history: an assignment, a planned-FTE line, an hour entry (also deleted)."""

from flask import abort, render_template, url_for
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.effort import history
from netwerk.effort.blueprint import bp
from netwerk.effort.models import HourEntry
from netwerk.extensions import db


def _back_url(found: history.RecordHistory) -> str | None:
    """Where the record is shown: the person's page, the planning, the week of the hours."""
    is_admin = current_user.role is Role.admin
    if found.kind == "hours":
        entry = db.session.get(HourEntry, found.record_id)  # loaded already: no statement
        if entry is None:
            return url_for("effort.hours")
        args = {"staff_member_id": entry.staff_member_id} if is_admin else {}
        return url_for("effort.hours", week=entry.worked_on.isoformat(), **args)
    if not is_admin:
        return None
    if found.kind == "assignment" and len(found.staff_member_ids) == 1:
        return url_for("effort.staff_detail", member_id=next(iter(found.staff_member_ids)))
    return url_for("effort.staff" if found.kind == "assignment" else "effort.planned")


def _history_page(kind: str, record_id: int):
    """Load (404), authorize (403) and show one record's history."""
    found = history.record_history(kind, record_id)
    if found is None:
        abort(404)
    history.check_may_read(current_user, found)
    return render_template("effort/history.html", history=found, back_url=_back_url(found))


@bp.route("/opdrachten/<int:assignment_id>/geschiedenis")
@role_required(Role.admin, Role.coach)
def assignment_history(assignment_id: int):
    """Every version of an assignment: who changed what, when, and its delete."""
    return _history_page("assignment", assignment_id)


@bp.route("/planning/<int:planned_id>/geschiedenis")
@role_required(Role.admin, Role.coach)
def planned_history(planned_id: int):
    """Every version of a planned-FTE line."""
    return _history_page("planned", planned_id)


@bp.route("/uren/<int:entry_id>/geschiedenis")
@role_required(Role.admin, Role.coach)
def hour_history(entry_id: int):
    """Every version of an hour entry."""
    return _history_page("hours", entry_id)
