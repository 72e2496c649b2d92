"""Webhooks (issue 27): every event reaches a local receiver signed, with retries that survive a
restart of the worker; URLs are checked; the pages and the log."""

import hashlib
import hmac
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.events import EVENTS
from netwerk.extensions import db
from netwerk.meetings.attendance import record_attendance
from netwerk.meetings.meetings import MeetingData, cancel_meeting, create_meeting, update_meeting
from netwerk.meetings.models import AttendanceStatus, Meeting, MeetingType
from netwerk.networks.models import Network, RegistrationStatus
from netwerk.networks.registrations import register_school, transition
from netwerk.publications.services import publish, report_params
from netwerk.schools.models import School
from netwerk.timeutil import utcnow
from netwerk.webhooks import sender
from netwerk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from netwerk.webhooks.services import create_endpoint
from tests.conftest import login
from tests.factories import make_school, make_user
from tests.networks.factories import open_network
from tests.webhooks.receiver import receiver

SECRET = "een-geheim-van-minstens-zestien-tekens"


@pytest.fixture
def private_ok(app):
    """NETWERK_WEBHOOK_ALLOW_PRIVATE, as the tests set it for 127.0.0.1."""
    app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    return app


def _admin() -> User:
    return db.session.get(User, make_user(role="admin"))


def _trigger_every_event(admin: User) -> None:
    """Make each event of EVENTS happen through the services, committed one by one."""
    network = db.session.get(Network, open_network())
    school = db.session.get(School, make_school(name="Sint-Jozefscollege"))
    registration = register_school(admin, network, school, contact_email="a@school.be")
    db.session.commit()
    transition(admin, registration, RegistrationStatus.accepted)
    db.session.commit()
    past = datetime.combine(date.today() - timedelta(days=2), datetime.min.time()).replace(hour=14)
    meeting = create_meeting(
        admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=past)
    )
    db.session.commit()
    data = MeetingData.of(meeting)
    data.title = "Werksessie 1"
    update_meeting(admin, meeting, data)
    db.session.commit()
    record_attendance(admin, meeting, {school.id: AttendanceStatus.present}, [], mark_held=True)
    db.session.commit()
    coming = past + timedelta(days=30)
    later = create_meeting(
        admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=coming)
    )
    db.session.commit()
    cancel_meeting(admin, later, "Ziekte")
    db.session.commit()
    params = report_params("participation", {"as_of": "2021-11-19", "basis": "registered"})
    publish(admin, "participation", "Schriftelijke vraag nr. 1", params)
    db.session.commit()


def _verify(request, secret: str = SECRET) -> None:
    """The signature is the HMAC-SHA256 of "timestamp.body" with the secret."""
    timestamp = request.headers["X-Netwerk-Timestamp"]
    expected = hmac.new(
        secret.encode(), f"{timestamp}.{request.body}".encode(), hashlib.sha256
    ).hexdigest()
    assert request.headers["X-Netwerk-Signature"] == f"sha256={expected}"


def test_every_event_reaches_the_receiver_signed_and_retries_survive_a_restart(
    private_ok, make_app
):
    """Every event is delivered with its headers, body and signature; a receiver that fails
    twice gets the delivery on the third try, with a new worker (another app) in between."""
    app = private_ok
    with receiver() as hook:
        with app.app_context():
            admin = _admin()
            create_endpoint(admin, hook.url, list(EVENTS), SECRET)
            db.session.commit()
            _trigger_every_event(admin)
            # Nothing is sent in the request: the deliveries wait in the outbox for the worker.
            assert hook.received == []
            pending = db.session.scalars(select(WebhookDelivery.event)).all()
            assert set(pending) == set(EVENTS)
            refused = []

            def refuse_publication_twice(request):
                if request.headers["X-Netwerk-Event"] != "publication.created" or len(refused) >= 2:
                    return False
                refused.append(request)
                return True

            hook.refuse = refuse_publication_twice
            t0 = utcnow()
            assert sender.work_once(t0) == len(pending)
            db.session.remove()

        restarted = make_app()  # the worker stopped and started again: a new process, a new app
        with restarted.app_context():
            assert sender.work_once(t0 + timedelta(seconds=30)) == 0  # not due before 1 minute
            assert sender.work_once(t0 + timedelta(minutes=1)) == 1  # the second try: refused again
            assert sender.work_once(t0 + timedelta(minutes=5)) == 0  # 5 minutes after the second
            assert sender.work_once(t0 + timedelta(minutes=6, seconds=1)) == 1
            last = db.session.scalar(
                select(WebhookDelivery).where(WebhookDelivery.event == "publication.created")
            )
            assert (last.status, last.attempts) == (DeliveryStatus.delivered, 3), last.last_error
            statuses = db.session.scalars(select(WebhookDelivery.status)).all()
            assert set(statuses) == {DeliveryStatus.delivered}
            db.session.remove()

    delivered = hook.delivered()
    assert sorted(r.headers["X-Netwerk-Event"] for r in delivered) == sorted(pending)
    assert len(refused) == 2
    # The three tries of one delivery carry one delivery id and one event id.
    tries = [r for r in hook.received if r.headers["X-Netwerk-Event"] == "publication.created"]
    assert len({r.headers["X-Netwerk-Delivery"] for r in tries}) == 1
    assert len({r.json["id"] for r in tries}) == 1
    for request in hook.received:
        _verify(request)
        body = request.json
        assert set(body) == {"id", "event", "occurred_at", "data"}
        assert body["event"] == request.headers["X-Netwerk-Event"]
        assert request.headers["Content-Type"] == "application/json"
    by_event = {r.json["event"]: r.json["data"] for r in delivered}
    # An admin's endpoint reads schools by name.
    created = by_event["registration.created"]
    assert created["school"]["name"] == "Sint-Jozefscollege" and created["status"] == "submitted"
    assert by_event["registration.moved"]["status"] == "accepted"
    assert by_event["registration.moved"]["previous_status"] == "submitted"
    assert by_event["attendance.saved"]["counts"]["schools_present"] == 1
    assert by_event["attendance.saved"]["schools"][0]["school"]["name"] == "Sint-Jozefscollege"
    assert by_event["meeting.cancelled"]["status"] == "cancelled"
    assert by_event["publication.created"]["title"] == "Schriftelijke vraag nr. 1"


def test_a_worker_that_dies_after_its_claim_loses_nothing(private_ok):
    """A claimed delivery that was never sent is sent by the next round once the claim ran out."""
    with receiver() as hook, private_ok.app_context():
        admin = _admin()
        create_endpoint(admin, hook.url, ["meeting.created"], SECRET)
        db.session.commit()
        network = db.session.get(Network, open_network())
        when = datetime.combine(date.today() + timedelta(days=3), datetime.min.time())
        create_meeting(admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=when))
        db.session.commit()
        now = utcnow()
        assert len(sender._claim(now)) == 1  # ... and the worker dies here
        assert sender.work_once(now + timedelta(seconds=10)) == 0  # still claimed
        assert sender.work_once(now + sender.CLAIM) == 1
        assert len(hook.delivered()) == 1


def test_after_the_last_retry_a_delivery_fails_and_can_be_resent(private_ok, client):
    """1 min, 5 min, 30 min, 2 h, 12 h: after the sixth refusal it is failed; "Opnieuw
    versturen" on the log makes a new delivery that the next round sends."""
    with receiver() as hook, private_ok.app_context():
        hook.refuse = lambda request: True
        admin = _admin()
        email = admin.email
        endpoint = create_endpoint(admin, hook.url, ["meeting.created"], SECRET)
        db.session.commit()
        endpoint_id = endpoint.id
        network = db.session.get(Network, open_network())
        when = datetime.combine(date.today() + timedelta(days=3), datetime.min.time())
        create_meeting(admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=when))
        db.session.commit()
        now = utcnow()
        for wait in (timedelta(0), *sender.RETRY_AFTER):
            now += wait
            assert sender.work_once(now) == 1
        assert sender.work_once(now + timedelta(days=2)) == 0
        delivery = db.session.scalar(select(WebhookDelivery))
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 6)
        assert delivery.last_status_code == 500
        delivery_id = delivery.id
        db.session.remove()
        login(client, email)
        page = client.get(f"/webhooks/{endpoint_id}/verzendingen").get_data(as_text=True)
        assert "mislukt" in page and "Opnieuw versturen" in page
        response = client.post(f"/webhooks/verzendingen/{delivery_id}/opnieuw")
        assert response.status_code == 302
        hook.refuse = lambda request: False
        assert sender.work_once() == 1
        assert len(hook.delivered()) == 1
        assert db.session.scalar(select(func.count(WebhookDelivery.id))) == 2


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest",
        "ftp://voorbeeld.be/hook",
        "https://gebruiker:wachtwoord@voorbeeld.be/hook",
    ],
)
def test_a_private_or_plain_url_is_refused_without_the_setting(app, client, login_as, url):
    """Without WEBHOOK_ALLOW_PRIVATE only https to a public address: a Dutch 422, nothing made."""
    login_as("admin")
    response = client.post(
        "/webhooks/nieuw", data={"url": url, "events": ["meeting.created"], "secret": SECRET}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Er is een probleem" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(WebhookEndpoint.id))) == 0


def test_the_setting_allows_a_local_receiver(private_ok, client, login_as):
    """With the setting, http://127.0.0.1 is accepted; the form makes a secret when none is given."""
    login_as("admin")
    response = client.post(
        "/webhooks/nieuw", data={"url": "http://127.0.0.1:9/hook", "events": ["meeting.created"]}
    )
    assert response.status_code == 302
    with private_ok.app_context():
        endpoint = db.session.scalar(select(WebhookEndpoint))
        assert len(endpoint.secret) == 64 and endpoint.event_list == ["meeting.created"]


def test_admins_list_edit_and_delete_endpoints(private_ok, client, login_as):
    """The list, the edit form (an empty secret keeps it), the confirmation and the delete."""
    login_as("admin")
    client.post(
        "/webhooks/nieuw",
        data={"url": "http://127.0.0.1:9/a", "events": ["meeting.created"], "secret": SECRET},
    )
    with private_ok.app_context():
        endpoint_id = db.session.scalar(select(WebhookEndpoint.id))
    assert "http://127.0.0.1:9/a" in client.get("/webhooks").get_data(as_text=True)
    assert client.get(f"/webhooks/{endpoint_id}/wijzigen").status_code == 200
    response = client.post(
        f"/webhooks/{endpoint_id}/wijzigen",
        data={"url": "http://127.0.0.1:9/b", "events": ["meeting.changed", "meeting.cancelled"]},
    )
    assert response.status_code == 302
    with private_ok.app_context():
        endpoint = db.session.get(WebhookEndpoint, endpoint_id)
        assert endpoint.url.endswith("/b") and endpoint.secret == SECRET
        assert endpoint.event_list == ["meeting.changed", "meeting.cancelled"]
        assert endpoint.is_active is False  # the box was not ticked
    response = client.post(f"/webhooks/{endpoint_id}/wijzigen", data={"url": "x", "events": []})
    assert response.status_code == 422
    assert client.get(f"/webhooks/{endpoint_id}/verwijderen").status_code == 200
    assert client.post(f"/webhooks/{endpoint_id}/verwijderen").status_code == 302
    with private_ok.app_context():
        assert db.session.get(WebhookEndpoint, endpoint_id) is None


def test_a_paused_endpoint_hears_nothing_and_a_rolled_back_change_sends_nothing(private_ok):
    """Deliveries are written in the change's transaction: a rollback leaves none; an inactive
    endpoint gets none."""
    with private_ok.app_context():
        admin = _admin()
        endpoint = create_endpoint(admin, "http://127.0.0.1:9/x", ["meeting.created"], SECRET)
        db.session.commit()
        network = db.session.get(Network, open_network())
        when = datetime.combine(date.today() + timedelta(days=3), datetime.min.time())
        create_meeting(admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=when))
        db.session.rollback()
        assert db.session.scalar(select(func.count(WebhookDelivery.id))) == 0
        endpoint = db.session.scalar(select(WebhookEndpoint))
        endpoint.is_active = False
        db.session.commit()
        create_meeting(admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=when))
        db.session.commit()
        assert db.session.scalar(select(func.count(Meeting.id))) == 1
        assert db.session.scalar(select(func.count(WebhookDelivery.id))) == 0


@pytest.mark.parametrize("role", ["coach", "school", "ministry"])
def test_only_admins_reach_the_pages(client, login_as, role):
    """Every other role gets a 403."""
    login_as(role)
    assert client.get("/webhooks").status_code == 403
    assert client.get("/webhooks/nieuw").status_code == 403


def test_the_command_sends_once_and_a_private_url_is_refused_at_send_time(private_ok):
    """`flask webhooks work --once` sends what is due; without the setting, a delivery to a
    private address is not sent (the URL is checked again before each send) and waits to retry."""
    with receiver() as hook, private_ok.app_context():
        admin = _admin()
        create_endpoint(admin, hook.url, ["meeting.created"], SECRET)
        network = db.session.get(Network, open_network())
        when = datetime.combine(date.today() + timedelta(days=3), datetime.min.time())
        create_meeting(admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=when))
        db.session.commit()
        result = private_ok.test_cli_runner().invoke(args=["webhooks", "work", "--once"])
        assert result.exit_code == 0, result.output
        assert "1 verzending" in result.output
        assert len(hook.delivered()) == 1

        private_ok.config["WEBHOOK_ALLOW_PRIVATE"] = False
        create_meeting(admin, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=when))
        db.session.commit()
        assert sender.work_once() == 1
        assert len(hook.received) == 1  # nothing went out
        waiting = db.session.scalar(
            select(WebhookDelivery).where(WebhookDelivery.status == DeliveryStatus.pending)
        )
        assert waiting.attempts == 1 and "https-URL" in waiting.last_error  # http: refused
