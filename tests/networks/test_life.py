"""A network's life (issue 21, part 2): after its last day an ended network takes no
registrations, meetings or hours, each refused in Dutch, and reports after its end mark it."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.effort import hours_import
from netwerk.effort.hours import HourData, create_hour_entry
from netwerk.effort.models import Activity, HourEntry
from netwerk.effort.staff import ensure_staff_member
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.meetings import MeetingData, create_meeting, update_meeting
from netwerk.meetings.models import Meeting, MeetingType
from netwerk.meetings.recurrence import Frequency, SeriesRule
from netwerk.meetings.series import create_series
from netwerk.networks import registrations
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.conftest import login
from tests.factories import make_registration, make_school, make_user
from tests.networks.factories import bearer, open_network, school_user, token_for

S = RegistrationStatus


def _end(network_id: int, ends_on: date) -> Network:
    """Give the network its last day (written directly: the service is tested below)."""
    network = db.session.get(Network, network_id)
    network.ends_on = ends_on
    db.session.commit()
    return network


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_new_network_starts_on_its_programme_s_first_day_and_goes_on(ctx):
    """Without a start given, the network starts when the app already let things be dated."""
    network = db.session.get(Network, open_network())
    assert network.starts_on == network.programme.first_day == date(2000, 1, 1)
    assert network.ends_on is None and network.previous_network_id is None


def test_an_ended_network_refuses_a_school_s_registration(ctx):
    """A school user, during an open call, after the network's last day: a 409 in Dutch."""
    network = _end(open_network(), today() - timedelta(days=1))
    user = db.session.get(User, school_user()[0])
    assert not registrations.can_register_for(user, network)
    with pytest.raises(DomainError) as refused:
        registrations.register_school(user, network, user.schools[0])
    day = (today() - timedelta(days=1)).strftime("%d/%m/%Y")
    assert refused.value.status_code == 409 and refused.value.code == "network_ended"
    assert f"is beëindigd op {day}: na die dag kan niemand zich nog inschrijven" in str(
        refused.value
    )
    db.session.rollback()
    assert _count(Registration) == 0


def test_a_registration_dated_up_to_the_last_day_is_still_taken(ctx):
    """An admin records, afterwards, a registration that took effect on the last day."""
    last_day = today() - timedelta(days=3)
    network = _end(open_network(), last_day)
    admin = db.session.get(User, make_user(role="admin"))
    school = db.session.get(School, make_school())
    kept = registrations.register_school(
        admin, network, school, effective_on=last_day, reason="op papier ingeschreven"
    )
    assert kept.status is S.submitted
    with pytest.raises(DomainError, match="beëindigd op"):
        registrations.transition(
            admin, kept, S.accepted, effective_on=last_day + timedelta(days=1), reason="laat"
        )


def test_after_the_end_a_decision_to_accept_is_refused_but_a_withdrawal_is_not(ctx):
    """Accepting makes a school count after the end: refused. Withdrawing ends it: allowed."""
    network_id = open_network()
    admin = db.session.get(User, make_user(role="admin"))
    start = today() - timedelta(days=30)
    waiting = make_registration(
        school_id=make_school(), network_id=network_id, history=[(S.submitted, start)]
    )
    accepted = make_registration(
        school_id=make_school(),
        network_id=network_id,
        history=[(S.submitted, start), (S.accepted, start)],
    )
    _end(network_id, today() - timedelta(days=1))
    with pytest.raises(DomainError, match="beëindigd op") as refused:
        registrations.transition(admin, db.session.get(Registration, waiting), S.accepted)
    assert refused.value.fields == {"effective_on": [refused.value.message]}
    db.session.rollback()
    registrations.transition(admin, db.session.get(Registration, accepted), S.withdrawn)
    db.session.commit()
    assert db.session.get(Registration, accepted).status is S.withdrawn


def test_the_registration_page_and_api_refuse_an_ended_network(app, client):
    """The same refusal through the page (a 409 with the message) and the API (JSON 409)."""
    with app.app_context():
        network_id = open_network()
        _end(network_id, today() - timedelta(days=1))
        admin_id = make_user(role="admin")
        user_id, school_id = school_user()
        token = token_for(admin_id)
        number = db.session.get(School, make_school()).institution_number
        email = db.session.get(User, user_id).email
    answer = client.post(
        f"/api/v1/networks/{network_id}/registrations",
        json={"institution_number": number, "reason": "laat", "commitment": True},
        headers=bearer(token),
    )
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "network_ended"
    login(client, email)
    data = {"school": school_id, "contact_name": "Sofie", "commitment": "y"}
    page = client.post(f"/netwerken/{network_id}/aanmelden", data=data)
    assert page.status_code == 409
    assert "beëindigd op" in page.get_data(as_text=True)
    with app.app_context():
        assert _count(Registration) == 0


def _coach_and_network(ends_on: date) -> tuple[User, Network]:
    coach = db.session.get(User, make_user(role="coach"))
    network = db.session.get(Network, open_network(coach_ids=[coach.id]))
    return coach, _end(network.id, ends_on)


def test_an_ended_network_takes_no_meeting_after_its_last_day(ctx):
    """Planning on the last day is fine; a day later, or moving one there, is refused."""
    coach, network = _coach_and_network(date(2027, 6, 30))
    kept = create_meeting(
        coach, network, MeetingData(type=MeetingType.bijeenkomst, starts_at=datetime(2027, 6, 30))
    )
    db.session.commit()
    with pytest.raises(DomainError, match="er kan geen bijeenkomst na die dag gepland worden"):
        create_meeting(
            coach,
            network,
            MeetingData(type=MeetingType.bijeenkomst, starts_at=datetime(2027, 7, 1, 14)),
        )
    db.session.rollback()
    moved = MeetingData.of(kept)
    moved.starts_at = datetime(2027, 9, 14, 14)
    with pytest.raises(DomainError, match="beëindigd op 30/06/2027"):
        update_meeting(coach, kept, moved)
    db.session.rollback()
    assert _count(Meeting) == 1
    assert db.session.get(Meeting, kept.id).starts_at == datetime(2027, 6, 30)


def test_a_series_that_runs_past_the_end_plans_nothing(ctx):
    """A series whose last date lies after the network's end is refused as a whole."""
    coach, network = _coach_and_network(date(2027, 10, 31))
    rule = SeriesRule(
        frequency=Frequency.monthly,
        starts_on=date(2027, 9, 1),
        until=date(2027, 12, 31),
        at=time(14),
        weekday=1,
        nth=2,
    )
    template = MeetingData(type=MeetingType.bijeenkomst, starts_at=datetime(2027, 9, 1))
    with pytest.raises(DomainError, match="beëindigd op 31/10/2027"):
        create_series(coach, network, rule, template)
    db.session.rollback()
    assert _count(Meeting) == 0
    shorter = replace(rule, until=date(2027, 10, 31))
    assert len(create_series(coach, network, shorter, template).meetings) == 2


def test_an_ended_network_takes_no_hours_after_its_last_day(app):
    """A coach's hours on the last day are kept; the day after is refused, by form and file."""
    with app.test_request_context():
        coach, network = _coach_and_network(today() - timedelta(days=2))
        member = ensure_staff_member(coach)
        last_day = network.ends_on
        data = HourData(worked_on=last_day, minutes=60, activity=Activity.other, network=network)
        create_hour_entry(coach, member, data)
        db.session.commit()
        data.worked_on = last_day + timedelta(days=1)
        with pytest.raises(DomainError, match="er kunnen geen uren na die dag geregistreerd"):
            create_hour_entry(coach, member, data)
        db.session.rollback()
        admin = db.session.get(User, make_user(role="admin"))
        text = (
            "Medewerker;Datum;Duur;Activiteit;Netwerk\r\n"
            f"{coach.email};{data.worked_on:%d/%m/%Y};1u;andere;{network.id}\r\n"
        )
        with pytest.raises(hours_import.ImportFailed) as failed:
            hours_import.import_hours_csv(admin, text.encode("utf-8"))
        db.session.rollback()
        assert "beëindigd op" in failed.value.errors[0][1]
        assert _count(HourEntry) == 1


def test_the_admin_sets_start_and_end_on_the_form_and_an_end_before_the_start_is_refused(
    app, client, login_as
):
    """The network form carries both days; an end before the start is a 422 at its field."""
    login_as("admin")
    with app.app_context():
        network_id = open_network()
    form = client.get(f"/netwerken/{network_id}/bewerken").get_data(as_text=True)
    assert 'name="starts_on"' in form and 'name="ends_on"' in form
    with app.app_context():
        network = db.session.get(Network, network_id)
        data = {
            "name": network.name,
            "programme": network.programme_id,
            "type": network.type.value,
            "level": network.level.value,
            "anchors": network.anchors[0].institution_number,
            "is_active": "y",
            "starts_on": "01/09/2026",
            "ends_on": "31/08/2026",
        }
    refused = client.post(f"/netwerken/{network_id}/bewerken", data=data)
    assert refused.status_code == 422
    assert "De einddatum kan niet voor de startdatum (01/09/2026) liggen." in refused.get_data(
        as_text=True
    )
    saved = client.post(f"/netwerken/{network_id}/bewerken", data={**data, "ends_on": "30/06/2027"})
    assert saved.status_code == 302
    with app.app_context():
        network = db.session.get(Network, network_id)
        assert (network.starts_on, network.ends_on) == (date(2026, 9, 1), date(2027, 6, 30))


def test_the_api_takes_and_gives_a_network_s_life(app, client):
    """POST /networks takes starts_on and ends_on; the network's body gives them back."""
    with app.app_context():
        token = token_for(make_user(role="admin"))
        programme_id = db.session.get(Network, open_network()).programme_id
        make_school(institution_number="111222")
    body = {
        "name": "Tijdelijk netwerk",
        "programme_id": programme_id,
        "level": "secundair",
        "anchor_schools": ["111222"],
        "starts_on": "2026-09-01",
        "ends_on": "2027-08-31",
    }
    made = client.post("/api/v1/networks", json=body, headers=bearer(token))
    assert made.status_code == 201, made.get_json()
    got = client.get(f"/api/v1/networks/{made.get_json()['id']}", headers=bearer(token))
    out = got.get_json()
    assert (out["starts_on"], out["ends_on"], out["previous_network_id"]) == (
        "2026-09-01",
        "2027-08-31",
        None,
    )
    wrong = client.post(
        "/api/v1/networks", json={**body, "ends_on": "2026-08-31"}, headers=bearer(token)
    )
    assert wrong.status_code == 422 and "einddatum" in wrong.get_data(as_text=True)


def test_a_report_after_the_end_marks_the_network_and_still_counts_its_schools(app, client):
    """As of a day after the end: "beëindigd op" beside the network on the page and its day in
    the API; the count is the same as on the last day. As of the last day: no mark."""
    with app.app_context():
        network_id = open_network()
        make_registration(
            school_id=make_school(),
            network_id=network_id,
            history=[(S.submitted, date(2025, 9, 1)), (S.accepted, date(2025, 9, 2))],
        )
        _end(network_id, date(2026, 6, 30))
        token = token_for(make_user(role="ministry"))
    url = "/api/v1/reports/participation?as_of={}"
    after = client.get(url.format("2026-07-15"), headers=bearer(token)).get_json()
    last = client.get(url.format("2026-06-30"), headers=bearer(token)).get_json()
    assert after["rows"][0]["network"]["ended_on"] == "2026-06-30"
    assert "ended_on" not in last["rows"][0]["network"]
    assert after["rows"][0]["count"] == last["rows"][0]["count"] == 1
    with app.app_context():
        email = db.session.get(User, make_user(role="ministry")).email
    login(client, email)
    page = client.get("/rapporten/deelname?as_of=15/07/2026").get_data(as_text=True)
    assert "(beëindigd op 30/06/2026)" in page
    page = client.get("/rapporten/deelname?as_of=30/06/2026").get_data(as_text=True)
    assert "beëindigd op" not in page


def test_after_the_end_a_freed_place_promotes_no_one_from_the_waiting_list(ctx):
    """Withdrawing an accepted school from an ended, full network leaves the waiting list as it
    is: nobody is accepted after the network's last day."""
    network_id = open_network(capacity=1)
    admin = db.session.get(User, make_user(role="admin"))
    start = today() - timedelta(days=30)
    accepted = make_registration(
        school_id=make_school(),
        network_id=network_id,
        history=[(S.submitted, start), (S.accepted, start)],
    )
    waiting = make_registration(
        school_id=make_school(),
        network_id=network_id,
        history=[(S.submitted, start), (S.waitlisted, start)],
    )
    _end(network_id, today() - timedelta(days=1))
    registrations.transition(admin, db.session.get(Registration, accepted), S.withdrawn)
    db.session.commit()
    assert db.session.get(Registration, waiting).status is S.waitlisted
