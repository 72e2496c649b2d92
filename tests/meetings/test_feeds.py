"""Calendar feeds: parsed back with icalendar; cancelled, sequence, revoked, per-user scope."""

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from netwerk.auth.models import User
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from netwerk.meetings.feeds import create_feed, hash_feed_token
from netwerk.meetings.meetings import MeetingData, cancel_meeting, update_meeting
from netwerk.meetings.models import CalendarFeed, Meeting
from netwerk.networks.models import Network
from netwerk.schools.models import School
from tests.meetings.factories import make_meeting

SOON = datetime.now().replace(microsecond=0, second=0, minute=0) + timedelta(days=14)


def _feed(app, user_id, network_id=None) -> str:
    with app.app_context():
        user = db.session.get(User, user_id)
        network = db.session.get(Network, network_id) if network_id else None
        _f, token = create_feed(user, network)
        db.session.commit()
        return token


def _events(client, token) -> dict:
    response = client.get(f"/bijeenkomsten/feed/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    assert str(cal["METHOD"]) == "PUBLISH"
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_network_feed_events(app, client, scene):
    """UID, SEQUENCE, DTSTAMP, DTSTART/DTEND in Europe/Brussels, LOCATION, STATUS."""
    with app.app_context():
        meeting_id = make_meeting(scene.network, starts_at=SOON, title="Werksessie 1")
        db.session.get(Meeting, meeting_id).location = "Kerkstraat 1, Gent"
        db.session.commit()
    token = _feed(app, scene.coach, scene.network)
    events = _events(client, token)
    event = events[f"meeting-{meeting_id}@netwerk"]
    assert int(event["SEQUENCE"]) == 0
    assert "DTSTAMP" in event
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Brussels" and start.replace(tzinfo=None) == SOON
    assert event.decoded("DTEND") - start == timedelta(minutes=120)
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert str(event["LOCATION"]) == "Kerkstraat 1, Gent"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Werksessie 1" in str(event["SUMMARY"])
    assert token not in client.get(f"/bijeenkomsten/feed/{token}.ics").get_data(as_text=True)


def test_changes_raise_sequence_and_cancellation_stays_in_the_feed(app, client, scene):
    """A change raises SEQUENCE; a cancelled meeting stays with STATUS:CANCELLED."""
    with app.app_context():
        meeting_id = make_meeting(scene.network, starts_at=SOON)
    token = _feed(app, scene.coach, scene.network)
    uid = f"meeting-{meeting_id}@netwerk"
    assert int(_events(client, token)[uid]["SEQUENCE"]) == 0
    with app.app_context():
        coach = db.session.get(User, scene.coach)
        meeting = db.session.get(Meeting, meeting_id)
        data = MeetingData.of(meeting)
        data.starts_at += timedelta(hours=2)
        update_meeting(coach, meeting, data)
        db.session.commit()
    event = _events(client, token)[uid]
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").replace(tzinfo=None) == SOON + timedelta(hours=2)
    with app.app_context():
        cancel_meeting(
            db.session.get(User, scene.coach), db.session.get(Meeting, meeting_id), "Ziekte"
        )
        db.session.commit()
    event = _events(client, token)[uid]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 2


def test_revoked_and_unknown_tokens_are_404(app, client, scene, log_in):
    """Revoking through the page makes the URL answer 404; unknown tokens too."""
    token = _feed(app, scene.coach, scene.network)
    assert client.get("/bijeenkomsten/feed/onbekend.ics").status_code == 404
    log_in(scene.coach)
    with app.app_context():
        feed_id = db.session.scalar(db.select(CalendarFeed.id))
    assert client.post(f"/bijeenkomsten/agenda-links/{feed_id}/intrekken").status_code == 302
    assert client.get(f"/bijeenkomsten/feed/{token}.ics").status_code == 404


def test_feed_page_creates_a_link_and_stores_only_the_hash(app, client, scene, log_in):
    """The page shows the new URL once; the database holds only its SHA-256."""
    log_in(scene.school_user)
    response = client.post("/bijeenkomsten/agenda-links", data={"network_id": ""})
    assert response.status_code == 302
    page = client.get("/bijeenkomsten/agenda-links").get_data(as_text=True)
    token = page.split("/bijeenkomsten/feed/")[1].split(".ics")[0]
    with app.app_context():
        feed = db.session.scalar(db.select(CalendarFeed))
        assert feed.token_hash == hash_feed_token(token) and token not in feed.token_hash
        assert feed.user_id == scene.school_user and feed.network_id is None
    assert client.get(f"/bijeenkomsten/feed/{token}.ics").status_code == 200


def test_another_users_feed_cannot_be_revoked(app, client, scene, log_in):
    """Only the owner (or an admin) revokes a feed."""
    _feed(app, scene.coach, scene.network)
    with app.app_context():
        feed_id = db.session.scalar(db.select(CalendarFeed.id))
    log_in(scene.other_coach)
    assert client.post(f"/bijeenkomsten/agenda-links/{feed_id}/intrekken").status_code == 403


@pytest.mark.parametrize(
    "who, sees_network, sees_other",
    [
        ("coach", True, False),
        ("other_coach", False, True),
        ("school_user", True, False),
        ("pending_user", False, False),  # not accepted yet: no meetings in the personal feed
        ("outsider_user", False, True),
        ("admin", True, True),
    ],
)
def test_personal_feed_holds_the_users_networks(app, client, scene, who, sees_network, sees_other):
    """Coach: networks coached; school: networks where accepted; admin: all."""
    with app.app_context():
        mine = make_meeting(scene.network, starts_at=SOON)
        other = make_meeting(scene.other_network, starts_at=SOON)
    events = _events(client, _feed(app, getattr(scene, who)))
    assert (f"meeting-{mine}@netwerk" in events) is sees_network
    assert (f"meeting-{other}@netwerk" in events) is sees_other


def test_network_feed_of_someone_without_access_is_refused(ctx, scene):
    """A coach cannot make a feed of a network they do not see."""

    with pytest.raises(NotAllowed):
        create_feed(db.session.get(User, scene.other_coach), db.session.get(Network, scene.network))


@pytest.mark.parametrize("who, named", [("ministry", False), ("coach", True)])
def test_feed_names_a_participating_host_school_by_code_for_the_ministry(
    app, client, scene, who, named
):
    """A host school that is no anchor is a participating school: a ministry user's feed gives its
    code, as the meeting page does; the coach's feed gives its name."""
    with app.app_context():
        meeting_id = make_meeting(scene.network, starts_at=SOON)
        host = db.session.get(School, scene.accepted[0])
        db.session.get(Meeting, meeting_id).host_school_id = host.id
        db.session.commit()
        name, code = host.name, host.public_code
    event = _events(client, _feed(app, getattr(scene, who), scene.network))[
        f"meeting-{meeting_id}@netwerk"
    ]
    location = str(event["LOCATION"])
    assert (name in location) is named
    assert (code in location) is not named
