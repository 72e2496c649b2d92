"""Pages that list: the dashboard, the meetings of a network, a network's timeline."""

from flask import current_app, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.extensions import db
from netwerk.meetings.attendance import attendance_counts
from netwerk.meetings.blueprint import READERS, bp, network_to_view
from netwerk.meetings.dashboard import dashboard as dashboard_of
from netwerk.meetings.dashboard import network_meetings, networks_of
from netwerk.meetings.dashboard import timeline as timeline_of
from netwerk.meetings.models import MeetingType
from netwerk.networks.models import Network
from netwerk.paging import page_number
from netwerk.timeutil import today


@bp.route("/")
@role_required(*READERS)
def dashboard():
    """The coach's dashboard; admins see every network, school users their networks' meetings."""
    page = db.paginate(
        networks_of(current_user).options(selectinload(Network.anchors)),
        per_page=current_app.config["PAGE_SIZE"] if current_user.role is not Role.coach else 100,
        page=page_number(),
        error_out=False,
    )
    return render_template(
        "meetings/dashboard.html",
        networks=page,
        board=dashboard_of(current_user),
        Role=Role,
        MeetingType=MeetingType,
    )


@bp.route("/netwerk/<int:network_id>")
@role_required(*READERS)
def network(network_id: int):
    """The meetings of one network, newest first."""
    network = network_to_view(network_id)
    page = db.paginate(
        network_meetings(network),
        per_page=current_app.config["PAGE_SIZE"],
        page=page_number(),
        error_out=False,
    )
    counts = attendance_counts(m.id for m in page.items)
    return render_template(
        "meetings/network.html", network=network, page=page, counts=counts, today=today()
    )


@bp.route("/netwerk/<int:network_id>/tijdlijn")
@role_required(*READERS)
def timeline(network_id: int):
    """The network's meetings and outputs over the years, by school year."""
    network = network_to_view(network_id)
    return render_template("meetings/timeline.html", network=network, years=timeline_of(network))
