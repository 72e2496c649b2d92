"""Meetings: planning, editing (sequence), imposed date and place, series through the page,
editing and cancelling one meeting or the rest of a series."""

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.meetings import MeetingData, cancel_meeting, create_meeting, update_meeting
from netwerk.meetings.models import Meeting, MeetingSeries, MeetingStatus, MeetingType
from netwerk.meetings.recurrence import Frequency, SeriesRule
from netwerk.meetings.series import create_series
from netwerk.networks.models import Network
from tests.meetings.factories import make_meeting

FUTURE = date.today() + timedelta(days=30)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _form(**kw) -> dict:
    """The fields of the meeting form."""
    data = {
        "type": "bijeenkomst",
        "title": "Startbijeenkomst",
        "day": FUTURE.isoformat(),
        "start_time": "14:00",
        "duration_minutes": "120",
        "location": "Kerkstraat 1, Gent",
        "host_school_id": "",
        "online_url": "",
        "agenda": "- kennismaking",
        "status": "planned",
        "status_reason": "",
    }
    data.update(kw)
    return data


def test_coach_plans_a_meeting_through_the_page(app, client, scene, log_in):
    """A coach plans a meeting for their network; it is stored with local time."""
    log_in(scene.coach)
    response = client.post(f"/bijeenkomsten/netwerk/{scene.network}/nieuw", data=_form())
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.starts_at == datetime.combine(FUTURE, time(14, 0))
        assert meeting.sequence == 0 and meeting.status is MeetingStatus.planned
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Startbijeenkomst" in page and "kennismaking" in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"day": "31/02/2026"}, "Geef een geldige datum, bv. 19/11/2025."),
        ({"duration_minutes": "0"}, "tussen 1 en 1440"),
        ({"online_url": "javascript:alert(1)"}, "http:// of https://"),
        ({"status": "cancelled"}, "Geef een reden"),
        ({"status": "held"}, "in de toekomst"),
        ({"type": "vergadering"}, "Ongeldige keuze"),
    ],
)
def test_bad_meeting_input_is_refused_and_nothing_stored(
    app, client, scene, log_in, fields, message
):
    """Wrong dates, durations, links and statuses: a message, a 4xx, no meeting."""
    log_in(scene.coach)
    response = client.post(f"/bijeenkomsten/netwerk/{scene.network}/nieuw", data=_form(**fields))
    assert 400 <= response.status_code < 500
    body = response.get_data(as_text=True)
    assert message in body
    with app.app_context():
        assert _count(Meeting) == 0


def test_host_school_must_belong_to_the_network(app, client, scene, log_in):
    """A host school outside the network is not offered; a forged id is refused."""
    log_in(scene.coach)
    response = client.post(
        f"/bijeenkomsten/netwerk/{scene.network}/nieuw",
        data=_form(host_school_id=str(scene.outsider)),
    )
    assert response.status_code == 422
    with app.app_context():
        assert _count(Meeting) == 0
        actor = db.session.get(User, scene.coach)
        network = db.session.get(Network, scene.network)
        data = MeetingData(
            type=MeetingType.bijeenkomst,
            starts_at=datetime.combine(FUTURE, time(9)),
            host_school_id=scene.outsider,
        )
        with pytest.raises(DomainError, match="gastschool"):
            create_meeting(actor, network, data)
        data.host_school_id = scene.accepted[1]
        assert create_meeting(actor, network, data).host_school_id == scene.accepted[1]


def test_every_change_raises_the_sequence(ctx, scene):
    """Each real change raises SEQUENCE by one; saving unchanged data does not."""
    meeting = db.session.get(Meeting, make_meeting(scene.network))
    coach = db.session.get(User, scene.coach)
    data = MeetingData.of(meeting)
    assert update_meeting(coach, meeting, data) == []
    assert meeting.sequence == 0
    data.title = "Nieuwe titel"
    update_meeting(coach, meeting, data)
    data.starts_at += timedelta(hours=1)
    update_meeting(coach, meeting, data)
    assert meeting.sequence == 2
    cancel_meeting(coach, meeting, "Ziekte")
    assert meeting.sequence == 3 and meeting.status is MeetingStatus.cancelled


def test_imposed_meeting_cannot_be_moved_by_the_coach(app, client, scene, log_in):
    """Imposed: the coach may change the agenda but not date, time or place; the admin may."""
    with app.app_context():
        meeting_id = make_meeting(scene.network, is_imposed=True)
        meeting = db.session.get(Meeting, meeting_id)
        original = meeting.starts_at
        coach = db.session.get(User, scene.coach)
        data = MeetingData.of(meeting)
        data.agenda = "Nieuwe agenda"
        update_meeting(coach, meeting, data)
        db.session.commit()
        for change in (
            {"starts_at": original + timedelta(days=1)},
            {"location": "Elders"},
            {"duration_minutes": 60},
        ):
            moved = MeetingData.of(meeting)
            for key, value in change.items():
                setattr(moved, key, value)
            with pytest.raises(DomainError, match="opgelegd"):
                update_meeting(coach, meeting, moved)
            db.session.rollback()
        moved = MeetingData.of(meeting)
        moved.is_imposed = False
        with pytest.raises(DomainError, match="beheerder"):
            update_meeting(coach, meeting, moved)
        db.session.rollback()

    log_in(scene.coach)
    response = client.post(
        f"/bijeenkomsten/{meeting_id}/bewerken",
        data=_form(day=(original + timedelta(days=2)).date().isoformat(), title=""),
    )
    assert response.status_code == 403
    assert "opgelegd" in response.get_data(as_text=True)

    log_in(scene.admin)
    response = client.post(
        f"/bijeenkomsten/{meeting_id}/bewerken",
        data=_form(day=(original + timedelta(days=2)).date().isoformat(), is_imposed="y"),
    )
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting.starts_at.date() == (original + timedelta(days=2)).date()
        assert meeting.is_imposed and meeting.agenda == "- kennismaking"


def test_only_admins_impose(ctx, scene):
    """A coach cannot create an imposed meeting (the field is not even on the coach's form)."""
    coach = db.session.get(User, scene.coach)
    network = db.session.get(Network, scene.network)
    data = MeetingData(
        type=MeetingType.bijeenkomst, starts_at=datetime.combine(FUTURE, time(9)), is_imposed=True
    )
    with pytest.raises(DomainError, match="beheerder"):
        create_meeting(coach, network, data)


def _series_form(**kw) -> dict:
    data = {
        "frequency": "monthly",
        "nth": "2",
        "weekday": "1",
        "interval": "1",
        "starts_on": "2027-09-01",
        "until": "2028-06-30",
        "start_time": "13:30",
        "duration_minutes": "150",
        "type": "bijeenkomst",
        "title": "Netwerkmoment",
        "location": "",
        "host_school_id": "",
        "online_url": "",
        "agenda": "",
    }
    data.update(kw)
    return data


def test_series_preview_then_save(app, client, scene, log_in):
    """'Preview' lists the dates without storing anything; 'save' creates them all."""
    log_in(scene.coach)
    url = f"/bijeenkomsten/netwerk/{scene.network}/reeks"
    assert client.get(url).status_code == 200
    preview = client.post(url, data=_series_form(preview="Data bekijken"))
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "Voorbeeld: 9 bijeenkomsten" in page
    assert "14/09/2027 13:30" in page  # second Tuesday of September 2027
    assert "11/04/2028" in page  # skipped: Easter holiday
    with app.app_context():
        assert _count(Meeting) == 0

    saved = client.post(url, data=_series_form(save="Reeks aanmaken"))
    assert saved.status_code == 302
    with app.app_context():
        series = db.session.scalar(select(MeetingSeries))
        assert "2e dinsdag" in series.rule
        starts = [m.starts_at for m in series.meetings]
        assert len(starts) == 9 and starts[0] == datetime(2027, 9, 14, 13, 30)
        assert datetime(2028, 4, 11, 13, 30) not in starts
        assert all(m.duration_minutes == 150 for m in series.meetings)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"until": "2027-08-01"}, "einddatum ligt vóór de begindatum"),
        ({"interval": "0"}, "interval moet minstens 1"),
        ({"frequency": "weekly", "until": "2029-06-30"}, "meer dan 60"),
        ({"starts_on": "2028-07-01", "until": "2028-08-31"}, "geen enkele datum"),
        ({"starts_on": "morgen"}, "Geef een geldige begindatum, bv. 01/09/2025."),
    ],
)
def test_impossible_series_stores_nothing(app, client, scene, log_in, fields, message):
    """An impossible rule gives a clear message on both buttons and stores nothing."""
    log_in(scene.coach)
    for button in ({"save": "Reeks aanmaken"}, {"preview": "Data bekijken"}):
        response = client.post(
            f"/bijeenkomsten/netwerk/{scene.network}/reeks", data=_series_form(**fields, **button)
        )
        assert response.status_code in (400, 422)
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert _count(Meeting) == 0 and _count(MeetingSeries) == 0


def _make_series(scene) -> list[Meeting]:
    coach = db.session.get(User, scene.coach)
    network = db.session.get(Network, scene.network)
    rule = SeriesRule(
        frequency=Frequency.monthly,
        starts_on=date(2027, 9, 1),
        until=date(2027, 12, 31),
        at=time(14),
        weekday=1,
        nth=2,
    )
    template = MeetingData(type=MeetingType.bijeenkomst, starts_at=datetime(2027, 9, 1))
    series = create_series(coach, network, rule, template)
    db.session.commit()
    return list(series.meetings)


def test_edit_this_and_following_shifts_the_rest_of_the_series(ctx, scene):
    """'This and the following': later meetings move by the same shift and take the new place."""
    meetings = _make_series(scene)  # 14/9, 12/10, 9/11, 14/12/2027
    coach = db.session.get(User, scene.coach)
    second = meetings[1]
    data = MeetingData.of(second)
    data.starts_at = second.starts_at + timedelta(hours=1)
    data.location = "Stadhuis"
    changed = update_meeting(coach, second, data, following=True)
    assert [m.id for m in changed] == [m.id for m in meetings[1:]]
    assert meetings[0].starts_at == datetime(2027, 9, 14, 14) and meetings[0].location == ""
    assert [m.starts_at.hour for m in meetings[1:]] == [15, 15, 15]
    assert {m.location for m in meetings[1:]} == {"Stadhuis"}
    assert [m.sequence for m in meetings] == [0, 1, 1, 1]


def test_edit_following_refuses_all_when_one_is_imposed(ctx, scene):
    """One imposed later meeting: the coach's shift is refused for all, nothing changes."""
    meetings = _make_series(scene)
    meetings[3].is_imposed = True
    db.session.commit()
    coach = db.session.get(User, scene.coach)
    data = MeetingData.of(meetings[1])
    data.starts_at += timedelta(days=1)
    with pytest.raises(DomainError, match="opgelegd"):
        update_meeting(coach, meetings[1], data, following=True)
    db.session.rollback()
    assert meetings[1].starts_at == datetime(2027, 10, 12, 14)
    assert meetings[2].sequence == 0


def test_cancel_one_or_the_rest_through_the_page(app, client, scene, log_in):
    """Cancel one meeting, then 'this and the following' from the third one."""
    with app.app_context():
        ids = [m.id for m in _make_series(scene)]
    log_in(scene.coach)
    response = client.post(
        f"/bijeenkomsten/{ids[0]}/afgelasten", data={"reason": "", "scope": "this"}
    )
    assert response.status_code == 422
    response = client.post(
        f"/bijeenkomsten/{ids[0]}/afgelasten", data={"reason": "Staking", "scope": "this"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/bijeenkomsten/{ids[2]}/afgelasten",
        data={"reason": "Netwerk stopt", "scope": "following"},
    )
    assert response.status_code == 302
    with app.app_context():
        statuses = [db.session.get(Meeting, i).status for i in ids]
        reasons = [db.session.get(Meeting, i).status_reason for i in ids]
    assert statuses == [
        MeetingStatus.cancelled,
        MeetingStatus.planned,
        MeetingStatus.cancelled,
        MeetingStatus.cancelled,
    ]
    assert reasons == ["Staking", "", "Netwerk stopt", "Netwerk stopt"]


def test_network_and_timeline_pages(app, client, scene, log_in):
    """The network page lists meetings; the timeline groups them by school year."""
    with app.app_context():
        make_meeting(scene.network, starts_at=datetime(2024, 10, 8, 14), status="held", title="Oud")
        make_meeting(
            scene.network, starts_at=datetime(2025, 10, 14, 14), status="held", title="Vorig"
        )
    log_in(scene.coach)
    page = client.get(f"/bijeenkomsten/netwerk/{scene.network}").get_data(as_text=True)
    assert "Oud" in page and "Vorig" in page and "Nieuwe bijeenkomst" in page
    timeline = client.get(f"/bijeenkomsten/netwerk/{scene.network}/tijdlijn").get_data(as_text=True)
    assert timeline.index("Schooljaar 2025-2026") < timeline.index("Schooljaar 2024-2025")
