"""Cancelling or moving a meeting mails the accepted schools of its network: sender, recipients
(the schools' accounts, L7), subject, both parts, and an .ics that updates the calendar event
(METHOD:CANCEL or REQUEST, the feed's UID, a higher SEQUENCE). A series change is one mail per
school listing every meeting."""

from datetime import datetime, timedelta

from icalendar import Calendar

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.meetings import MeetingData, cancel_meeting, update_meeting
from netwerk.meetings.models import Meeting, MeetingSeries
from tests.factories import make_school, make_user
from tests.mailbox import read_mails
from tests.meetings.factories import accept, make_meeting, make_scene

IN_TEN_DAYS = datetime.combine(datetime.today().date() + timedelta(days=10), datetime.min.time())


def _scene():
    """The meetings scene with a second accepted school that has an account."""
    scene = make_scene()
    second = make_user(role="school", email="tweede@school.be", school_ids=[scene.accepted[1]])
    first = db.session.get(User, scene.school_user).email
    return scene, first, db.session.get(User, second).email


def _calendar(mail) -> Calendar:
    (name, (content_type, data)), *rest = mail.attachments.items()
    assert not rest and name.endswith(".ics") and content_type == "text/calendar"
    return Calendar.from_ical(data)


def test_a_cancelled_meeting_mails_each_accepted_school_with_a_cancel(ctx, outbox):
    """One mail per accepted school with an account; the .ics cancels the feed's event."""
    scene, first, second = _scene()
    meeting = db.session.get(
        Meeting, make_meeting(scene.network, starts_at=IN_TEN_DAYS.replace(hour=14))
    )
    coach = db.session.get(User, scene.coach)
    cancel_meeting(coach, meeting, "De spreker is ziek")
    assert outbox() == []  # not before the commit
    db.session.commit()
    mails = read_mails(outbox)
    assert sorted(m.to[0] for m in mails) == sorted([first, second])
    mail = mails[0]
    assert mail.sender == "netwerk@onderwijs.vlaanderen.be"
    assert mail.subject == "Bijeenkomst van Netwerk Wiskunde afgelast"
    day = IN_TEN_DAYS.strftime("%d/%m/%Y") + " 14:00"
    for part in (mail.text, mail.html):
        assert "afgelast" in part and day in part and "De spreker is ziek" in part
        assert f"/bijeenkomsten/{meeting.id}" in part
    assert "<li>" in mail.html
    calendar = _calendar(mail)
    assert calendar["method"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"meeting-{meeting.id}@netwerk"
    assert int(event["sequence"]) == 1 and str(event["status"]) == "CANCELLED"
    assert "organizer" in event


def test_moving_a_series_is_one_mail_per_school_listing_the_meetings(ctx, outbox):
    """This and the following meetings one day later: one REQUEST mail per school, three events,
    each with its former time and a higher sequence."""
    scene, first, second = _scene()
    series = MeetingSeries(network_id=scene.network, rule="wekelijks")
    db.session.add(series)
    db.session.commit()
    starts = [IN_TEN_DAYS.replace(hour=14) + timedelta(days=7 * i) for i in range(3)]
    ids = [make_meeting(scene.network, starts_at=s, series_id=series.id) for s in starts]
    first_meeting = db.session.get(Meeting, ids[0])
    data = MeetingData.of(first_meeting)
    data.starts_at = starts[0] + timedelta(days=1)
    update_meeting(db.session.get(User, scene.coach), first_meeting, data, following=True)
    db.session.commit()
    mails = read_mails(outbox)
    assert sorted(m.to[0] for m in mails) == sorted([first, second])
    mail = mails[0]
    assert mail.subject == "3 bijeenkomsten van Netwerk Wiskunde gewijzigd"
    for start in starts:
        moved = (start + timedelta(days=1)).strftime("%d/%m/%Y %H:%M")
        assert f"was {start.strftime('%d/%m/%Y %H:%M')}" in mail.text
        assert moved in mail.text and moved in mail.html
    calendar = _calendar(mail)
    assert calendar["method"] == "REQUEST"
    events = calendar.walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == sorted(f"meeting-{i}@netwerk" for i in ids)
    assert {int(e["sequence"]) for e in events} == {1}
    assert {e.decoded("dtstart").replace(tzinfo=None) for e in events} == {
        s + timedelta(days=1) for s in starts
    }


def test_a_new_title_or_a_past_meeting_mails_nobody(ctx, outbox):
    """Only date, time, place or status tell the schools; a meeting in the past tells nobody."""
    scene, *_ = _scene()
    coach = db.session.get(User, scene.coach)
    meeting = db.session.get(Meeting, make_meeting(scene.network))
    data = MeetingData.of(meeting)
    data.title = "Een nieuwe titel"
    assert update_meeting(coach, meeting, data)
    past = db.session.get(Meeting, make_meeting(scene.network, starts_at=datetime(2024, 10, 1, 14)))
    cancel_meeting(coach, past, "Te laat gemeld")
    db.session.commit()
    assert outbox() == []


def test_a_school_without_an_account_and_other_networks_get_nothing(ctx, outbox):
    """The schools of another network, and accepted schools without an account, get no mail."""
    scene, first, second = _scene()
    accept(make_school(), scene.network)  # accepted, no account
    meeting = db.session.get(Meeting, make_meeting(scene.other_network))
    cancel_meeting(db.session.get(User, scene.other_coach), meeting, "Zieke spreker")
    db.session.commit()
    recipients = [to for mail in read_mails(outbox) for to in mail.to]
    assert first not in recipients and second not in recipients
    assert recipients == [db.session.get(User, scene.outsider_user).email]
