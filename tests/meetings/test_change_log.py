"""Every writing service of meetings logs one structured line per changed object, with its actor."""

import io
from datetime import date, datetime, time, timedelta

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.attendance import PersonRow, record_attendance
from netwerk.meetings.feeds import create_feed, revoke_feed
from netwerk.meetings.meetings import MeetingData, cancel_meeting, create_meeting, update_meeting
from netwerk.meetings.minutes import save_minutes
from netwerk.meetings.models import AttendanceStatus, Meeting, MeetingType, Output, OutputType
from netwerk.meetings.outputs import OutputData, create_output, delete_output, update_output
from netwerk.meetings.recurrence import Frequency, SeriesRule
from netwerk.meetings.series import create_series
from netwerk.meetings.workplan import delete_theme, ensure_work_plan, save_theme, save_work_plan
from netwerk.networks.models import Network
from netwerk.timeutil import SchoolYear
from tests.changelog import reader
from tests.meetings.factories import make_meeting

WRITING_SERVICES = [
    "netwerk.meetings.meetings.create_meeting",
    "netwerk.meetings.meetings.update_meeting",
    "netwerk.meetings.meetings.cancel_meeting",
    "netwerk.meetings.series.create_series",
    "netwerk.meetings.attendance.record_attendance",
    "netwerk.meetings.minutes.save_minutes",
    "netwerk.meetings.outputs.create_output",
    "netwerk.meetings.outputs.update_output",
    "netwerk.meetings.outputs.delete_output",
    "netwerk.meetings.workplan.save_work_plan",
    "netwerk.meetings.workplan.ensure_work_plan",
    "netwerk.meetings.workplan.save_theme",
    "netwerk.meetings.workplan.delete_theme",
    "netwerk.meetings.feeds.create_feed",
    "netwerk.meetings.feeds.revoke_feed",
]
FUTURE = datetime.combine(date.today() + timedelta(days=30), time(14))
HELD_AT = datetime(2025, 10, 14, 14)


@pytest.fixture
def changes(caplog):
    """The change lines logged since the last call, as (actor_id, action, type, id)."""
    return reader(caplog)


@pytest.fixture
def coach(ctx, scene):
    """The coach of the scene's network, as a User."""
    return db.session.get(User, scene.coach)


@pytest.fixture
def network(ctx, scene):
    """The scene's network, as a Network."""
    return db.session.get(Network, scene.network)


def test_meeting_created_changed_cancelled(coach, network, changes):
    """One line per meeting: created, changed (only when something changed), cancelled."""
    meeting = create_meeting(coach, network, MeetingData(MeetingType.bijeenkomst, FUTURE))
    assert changes() == [(coach.id, "meeting.created", "meeting", meeting.id)]
    data = MeetingData.of(meeting)
    data.title = "Startbijeenkomst"
    update_meeting(coach, meeting, data)
    assert changes() == [(coach.id, "meeting.changed", "meeting", meeting.id)]
    update_meeting(coach, meeting, MeetingData.of(meeting))
    assert changes() == []
    cancel_meeting(coach, meeting, "Ziekte")
    assert changes() == [(coach.id, "meeting.cancelled", "meeting", meeting.id)]


def test_series_created_with_its_meetings(coach, network, changes):
    """The series and each of its meetings; a change of 'this and the following' logs each."""
    rule = SeriesRule(
        frequency=Frequency.monthly,
        starts_on=date(2027, 9, 1),
        until=date(2027, 11, 30),
        at=time(14),
        weekday=1,
        nth=2,
    )
    template = MeetingData(type=MeetingType.bijeenkomst, starts_at=datetime(2027, 9, 1))
    series = create_series(coach, network, rule, template)
    ids = [m.id for m in sorted(series.meetings, key=lambda m: m.starts_at)]
    assert changes() == [(coach.id, "meeting_series.created", "meeting_series", series.id)] + [
        (coach.id, "meeting.created", "meeting", i) for i in ids
    ]
    second = db.session.get(Meeting, ids[1])
    data = MeetingData.of(second)
    data.location = "Stadhuis"
    update_meeting(coach, second, data, following=True)
    assert changes() == [(coach.id, "meeting.changed", "meeting", i) for i in ids[1:]]
    cancel_meeting(coach, second, "Staking", following=True)
    assert changes() == [(coach.id, "meeting.cancelled", "meeting", i) for i in ids[1:]]


def test_attendance_recorded(coach, scene, changes):
    """Marking a meeting held logs the meeting; the attendance is one line with its counts."""
    meeting = db.session.get(Meeting, make_meeting(scene.network, starts_at=HELD_AT))
    s1, s2, __ = scene.accepted
    persons = [PersonRow("An", AttendanceStatus.present, "leerkracht", s1)]
    record_attendance(coach, meeting, {s2: AttendanceStatus.excused}, persons, mark_held=True)
    assert changes() == [
        (coach.id, "meeting.changed", "meeting", meeting.id),
        (coach.id, "attendance.recorded", "attendance", meeting.id),
    ]
    record_attendance(coach, meeting, {s1: AttendanceStatus.present}, [])
    assert changes() == [(coach.id, "attendance.recorded", "attendance", meeting.id)]


def test_minutes_saved_as_a_revision(coach, scene, changes):
    """A new revision is logged; saving the same text again writes and logs nothing."""
    meeting = db.session.get(Meeting, make_meeting(scene.network, starts_at=HELD_AT))
    revision = save_minutes(coach, meeting, "# Verslag")
    assert changes() == [(coach.id, "minutes_revision.created", "minutes_revision", revision.id)]
    assert save_minutes(coach, meeting, "# Verslag") is None
    assert changes() == []


def test_output_created_changed_deleted(app, coach, network, changes):
    """A link output and a file output, changed and deleted."""
    link = create_output(
        coach, network, OutputData(OutputType.fiche, "Fiche", url="https://example.org/fiche")
    )
    upload = create_output(
        coach,
        network,
        OutputData(OutputType.lesmateriaal, "Notities"),
        stream=io.BytesIO(b"notities"),
        filename="notities.txt",
    )
    assert changes() == [
        (coach.id, "output.created", "output", link.id),
        (coach.id, "output.created", "output", upload.id),
    ]
    update_output(coach, link, OutputData(OutputType.fiche, "Fiche 2", url="https://x.be"))
    assert changes() == [(coach.id, "output.changed", "output", link.id)]
    upload_id = upload.id
    delete_output(coach, upload)
    assert changes() == [(coach.id, "output.deleted", "output", upload_id)]
    assert db.session.get(Output, upload_id) is None


def test_work_plan_and_themes_saved_and_deleted(coach, network, scene, changes):
    """The plan created then changed; a theme created, changed and deleted."""
    year = SchoolYear.of(HELD_AT.date())
    plan = save_work_plan(coach, network, year, "Noden")
    assert changes() == [(coach.id, "work_plan.created", "work_plan", plan.id)]
    save_work_plan(coach, network, year, "Meer noden")
    assert changes() == [(coach.id, "work_plan.changed", "work_plan", plan.id)]
    meeting_id = make_meeting(scene.network, starts_at=HELD_AT)
    theme = save_theme(coach, plan, title="Differentiatie", meeting_ids=[meeting_id])
    assert changes() == [(coach.id, "work_plan_theme.created", "work_plan_theme", theme.id)]
    save_theme(coach, plan, title="Differentiatie 2", theme=theme)
    assert changes() == [(coach.id, "work_plan_theme.changed", "work_plan_theme", theme.id)]
    theme_id = theme.id
    delete_theme(coach, theme)
    assert changes() == [(coach.id, "work_plan_theme.deleted", "work_plan_theme", theme_id)]
    assert ensure_work_plan(coach, network, year) is plan
    assert changes() == []
    later = ensure_work_plan(coach, network, SchoolYear(year.start_year + 1))
    assert changes() == [(coach.id, "work_plan.created", "work_plan", later.id)]


def test_feed_created_and_revoked(coach, network, changes, caplog):
    """A feed's creation and revocation, never its token; revoking twice logs once."""
    feed, token = create_feed(coach, network)
    mine, __ = create_feed(coach)
    assert token not in caplog.text
    assert changes() == [
        (coach.id, "calendar_feed.created", "calendar_feed", feed.id),
        (coach.id, "calendar_feed.created", "calendar_feed", mine.id),
    ]
    revoke_feed(coach, feed)
    revoke_feed(coach, feed)
    assert changes() == [(coach.id, "calendar_feed.revoked", "calendar_feed", feed.id)]
