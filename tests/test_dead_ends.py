"""No dead ends: a page does not offer what it will refuse. Attendance of a future meeting is not
opened with "als gehouden markeren" ticked; hours of a closed month are not pre-filled, and the
page says the month is closed, since when, by whom, and who can reopen it."""

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from netwerk.effort.models import ClosedMonth, HourEntry
from netwerk.extensions import db
from netwerk.meetings.models import Attendance, Meeting, MeetingStatus
from netwerk.timeutil import today
from tests.hardening.scene import CLOSED_MONTH, build_scene
from tests.hardening.test_forms import _login
from tests.test_error_pattern import assert_pattern, parse


def _future_meeting(app, scene) -> int:
    """A planned meeting of the scene's network, a week from now."""
    with app.app_context():
        starts_at = datetime.now().replace(second=0, microsecond=0) + timedelta(days=7)
        meeting = Meeting(network_id=scene.ids["network_id"], starts_at=starts_at, title="Later")
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def test_a_future_meeting_offers_no_attendance_form_and_says_from_when(app):
    """The detail page has no attendance button and says from when; the URL itself leads back
    there with the same words; a POST all the same is refused at the box, and writes nothing."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "coach")
    meeting_id = _future_meeting(app, scene)
    detail = client.get(f"/bijeenkomsten/{meeting_id}").get_data(as_text=True)
    assert f'href="/bijeenkomsten/{meeting_id}/aanwezigheden"' not in detail
    assert "Aanwezigheden noteert u vanaf het begin van de bijeenkomst" in detail
    page = client.get(f"/bijeenkomsten/{meeting_id}/aanwezigheden")
    assert page.status_code == 302 and page.location.endswith(f"/bijeenkomsten/{meeting_id}")
    landed = client.get(page.location).get_data(as_text=True)
    assert 'name="mark_held"' not in landed
    posted = client.post(
        f"/bijeenkomsten/{meeting_id}/aanwezigheden",
        data={"mark_held": "y", "persons-0-name": "An", "persons-0-status": "present"},
    )
    parts = assert_pattern(posted, "attendance of a future meeting")
    assert "#mark_held" in parts.summary_links
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).status is MeetingStatus.planned
        assert not db.session.scalars(select(Attendance).filter_by(meeting_id=meeting_id)).all()


def test_a_past_meeting_still_opens_with_mark_held(app):
    """The box stays for a meeting that has begun and is not yet marked held."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "coach")
    with app.app_context():
        meeting = Meeting(
            network_id=scene.ids["network_id"],
            starts_at=datetime.now().replace(microsecond=0) - timedelta(days=1),
            title="Gisteren",
        )
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    page = client.get(f"/bijeenkomsten/{meeting_id}/aanwezigheden")
    assert page.status_code == 200 and 'name="mark_held"' in page.get_data(as_text=True)


def _closed_entry(app, scene) -> int:
    """The scene's hour entry moved into the closed month, closed by the admin."""
    with app.app_context():
        entry = db.session.get(HourEntry, scene.ids["entry_id"])
        entry.worked_on = CLOSED_MONTH.replace(day=14)
        closed = db.session.scalar(select(ClosedMonth).filter_by(month=CLOSED_MONTH))
        closed.closed_by_id = scene.users["admin"]
        db.session.commit()
        return entry.id


def test_an_entry_in_a_closed_month_is_shown_not_offered(app):
    """The edit page of an entry in a closed month says why, since when and by whom, and its
    fields are disabled; a save all the same is refused at the date and changes nothing."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "admin")
    entry_id = _closed_entry(app, scene)
    page = client.get(f"/inzet/uren/{entry_id}/bewerken").get_data(as_text=True)
    assert "De maand 01/2020 is afgesloten sinds" in page
    assert "Enkel een beheerder kan de maand heropenen." in page
    assert "<fieldset disabled>" in page
    posted = client.post(
        f"/inzet/uren/{entry_id}/bewerken",
        data={"worked_on": "14/01/2020", "duration": "60", "activity": "bijeenkomst",
              "network_id": scene.ids["network_id"]},
    )  # fmt: skip
    parts = assert_pattern(posted, "edit in a closed month")
    assert "#worked_on" in parts.summary_links
    with app.app_context():
        assert db.session.get(HourEntry, entry_id).minutes == 90


def test_the_week_of_a_closed_month_does_not_prefill_its_date(app):
    """Looking at a week of a closed month, the new-hours form leaves the date empty and says
    the month is closed; an open week fills in its day as before."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "coach")
    closed = client.get("/inzet/uren", query_string={"week": "2020-01-14"})
    text = closed.get_data(as_text=True)
    assert "De maand 01/2020 is afgesloten sinds" in text
    assert parse_value(text, "worked_on") == ""
    open_week = client.get("/inzet/uren").get_data(as_text=True)
    assert parse_value(open_week, "worked_on") == today().strftime("%d/%m/%Y")
    assert "is afgesloten sinds" not in open_week
    assert parse(text).title  # the page renders whole


def parse_value(text: str, name: str) -> str:
    """The value of the input with this name on the page."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', text)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""
