"""What the meetings API's route modules share: the blueprint, who writes, and loading the
object of a URL or a body (404, then 403) before anything is changed."""

from collections.abc import Callable
from functools import wraps

from flask import abort, url_for
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.attendance import attendance_counts
from netwerk.meetings.models import Meeting, Output
from netwerk.meetings.permissions import can_view_meeting
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_manage_network

blp = ApiBlueprint("api_meetings", __name__, description="Bijeenkomsten, aanwezigheden en outputs")

# Who changes meetings, minutes and outputs: as on the pages, admins and the network's coaches.
WRITERS = (Role.admin, Role.coach)


def readable_meeting(meeting_id: int) -> Meeting:
    """The meeting of the URL, for a caller who may read it (404, then 403)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    if not can_view_meeting(api_user(), meeting):
        abort(403)
    return meeting


def _network_of(found: Network | Meeting | Output) -> Network:
    return found if isinstance(found, Network) else found.network


def managed(model: type[Network] | type[Meeting] | type[Output], key: str) -> Callable:
    """Load the object of the URL and check that the caller manages its network before the body
    is read: 404, then 403, then 422, in the order of the pages."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            found = db.session.get(model, kwargs[key])
            if found is None:
                abort(404)
            if not can_manage_network(api_user(), _network_of(found)):
                abort(403, description=_("U beheert dit netwerk niet."))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def network_in_body(network_id: int) -> Network:
    """The network a body names, for a caller who manages it: an unknown one is a 422 at the
    field (the URL exists), one the caller does not manage a 403."""
    network = db.session.get(Network, network_id)
    if network is None:
        raise DomainError(_("Dit netwerk bestaat niet."), field="network_id")
    if not can_manage_network(api_user(), network):
        abort(403, description=_("U beheert dit netwerk niet."))
    return network


def meeting_out(meeting: Meeting) -> Meeting:
    """The meeting with its attendance counts, as GET shows it."""
    meeting.attendance = attendance_counts([meeting.id])[meeting.id]
    return meeting


def with_download_urls(outputs: list[Output]) -> list[Output]:
    """The outputs, each with the API's own download_url (with the same token: the page's needs a
    browser login); None for an output that is a link."""
    for output in outputs:
        output.download_url = (
            url_for("api_meetings.output_file", output_id=output.id, _external=True)
            if output.stored_name
            else None
        )
    return outputs
