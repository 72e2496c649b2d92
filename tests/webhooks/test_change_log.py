"""Every service of the webhooks feature that writes logs one line per change, never a secret."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.meetings import MeetingData, create_meeting
from netwerk.meetings.models import MeetingType
from netwerk.networks.models import Network
from netwerk.webhooks import services
from netwerk.webhooks.models import WebhookDelivery
from tests.changelog import changes, start
from tests.factories import make_user
from tests.networks.factories import open_network

WRITING_SERVICES = [
    "netwerk.webhooks.services.create_endpoint",
    "netwerk.webhooks.services.update_endpoint",
    "netwerk.webhooks.services.delete_endpoint",
    "netwerk.webhooks.services.enqueue",
    "netwerk.webhooks.services.resend",
]
SECRET = "een-geheim-van-minstens-zestien-tekens"


def test_endpoint_changes_and_deliveries_log_one_line_each(app, ctx, caplog):
    """Create, update, an event queued, a resend and the delete: one line each; no secret."""
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    admin = db.session.get(User, make_user(role="admin"))
    network = db.session.get(Network, open_network())
    start(caplog)
    endpoint = services.create_endpoint(admin, "http://127.0.0.1:9/x", ["meeting.created"], SECRET)
    services.update_endpoint(
        admin,
        endpoint,
        url=endpoint.url,
        events=["meeting.created"],
        is_active=True,
        secret="x" * 20,
    )
    when = datetime.combine(date.today() + timedelta(days=3), datetime.min.time())
    create_meeting(admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=when))
    delivery = db.session.scalar(select(WebhookDelivery))
    again = services.resend(admin, delivery)
    endpoint_id = endpoint.id
    services.delete_endpoint(admin, endpoint)
    lines = changes(caplog)
    assert (admin.id, "webhook_endpoint.created", "webhook_endpoint", endpoint_id) in lines
    assert (admin.id, "webhook_endpoint.updated", "webhook_endpoint", endpoint_id) in lines
    assert (None, "webhook_event.queued", "webhook_event", None) in lines
    assert (admin.id, "webhook_delivery.resent", "webhook_delivery", again.id) in lines
    assert (admin.id, "webhook_endpoint.deleted", "webhook_endpoint", endpoint_id) in lines
    assert SECRET not in caplog.text and "x" * 20 not in caplog.text
