"""Backdating against publications (issue 17, part 3): a move or registration that changes the
school's state on a publication's peildatum is refused (409 / a warning on the page) until the
user confirms it with a reason; nothing is written on a refusal."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from netwerk.extensions import db
from netwerk.networks.models import (
    Network,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.publications.models import Publication, ReportKind
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.conftest import login
from tests.factories import make_registration, make_school, make_user
from tests.networks.factories import bearer, open_network, status_of, token_for

S = RegistrationStatus
P_DAY = date(2021, 11, 19)
TITLE = "Schriftelijke vraag nr. 123"


def _publication(title: str, *, withdrawn: bool = False, as_of: date = P_DAY, **args) -> int:
    """A publication of the participation report, by default as of 19/11/2021 (its body does not
    matter here)."""
    publication = Publication(
        report=ReportKind.participation,
        title=title,
        parameters={"as_of": as_of.isoformat(), "basis": "registered", **args},
        as_of=as_of,
        known_at=datetime(2021, 11, 19, 22, 59, 59, 999999),
        body={"as_of": P_DAY.isoformat()},
        source="bron: gegevens 19/11/2021",
        withdrawn_at=datetime(2021, 12, 1) if withdrawn else None,
        withdrawal_reason="fout" if withdrawn else None,
    )
    db.session.add(publication)
    db.session.commit()
    return publication.id


@pytest.fixture
def scene(app):
    """A full network (capacity 1, a coach): a primary school accepted since 01/09/2021, a
    secondary school waitlisted since 02/09/2021; admin and coach API tokens."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        network_id = open_network(capacity=1, coach_ids=[coach])
        db.session.get(Network, network_id).programme.starts_on = date(2021, 8, 1)
        db.session.commit()
        accepted = make_registration(
            school_id=make_school(name="Basisschool De Linde", level="basis"),
            network_id=network_id,
            history=[(S.submitted, date(2021, 9, 1)), (S.accepted, date(2021, 9, 1))],
        )
        waiting = make_registration(
            school_id=make_school(name="Atheneum Noord", level="secundair"),
            network_id=network_id,
            history=[(S.submitted, date(2021, 9, 2)), (S.waitlisted, date(2021, 9, 2))],
        )
        return {
            "network": network_id,
            "accepted": accepted,
            "waiting": waiting,
            "coach": token_for(coach),
            "admin": token_for(make_user(role="admin", email="admin@test.be")),
        }


def _withdraw(client, scene, day: date, **body):
    """The admin withdraws the accepted registration through the API, dated day."""
    return client.post(
        f"/api/v1/registrations/{scene['accepted']}/transitions",
        json={"to": "withdrawn", "effective_on": day.isoformat(), **body},
        headers=bearer(scene["admin"]),
    )


def _changes(app) -> int:
    """How many status changes are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count(RegistrationStatusChange.id)))


def test_a_backdated_withdrawal_is_a_409_naming_the_publication_and_writes_nothing(
    client, app, scene
):
    """Withdrawn before the peildatum: 409 changes_publication with the publication (not the
    withdrawn one, not the one on participation); nothing written, nobody promoted."""
    with app.app_context():
        published = _publication(TITLE)
        _publication("Ingetrokken publicatie", withdrawn=True)
        _publication("Deelname", basis="participating")
    before = _changes(app)
    response = _withdraw(client, scene, date(2021, 11, 12), reason="op papier")
    assert response.status_code == 409, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "changes_publication"
    assert error["details"] == {"publications": [{"id": published, "title": TITLE}]}
    assert TITLE in error["message"] and "gepubliceerd cijfer" in error["message"]
    assert _changes(app) == before
    with app.app_context():
        assert (status_of(scene["accepted"]), status_of(scene["waiting"])) == (
            S.accepted,
            S.waitlisted,
        )


def test_the_acknowledged_withdrawal_is_saved_and_needs_a_reason(client, app, scene):
    """acknowledge_publications without a reason: 422 at the reason; with one: 200, the move
    and the promotion it triggers written with their dates."""
    with app.app_context():
        _publication(TITLE)
    refused = _withdraw(client, scene, date(2021, 11, 12), acknowledge_publications=True)
    assert refused.status_code == 422
    assert "reden" in refused.get_json()["error"]["message"]
    done = _withdraw(
        client, scene, date(2021, 11, 12), acknowledge_publications=True, reason="op papier"
    )
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["history"][-1]["effective_on"] == "2021-11-12"
    with app.app_context():
        assert status_of(scene["accepted"]) is S.withdrawn
        promoted = db.session.get(Registration, scene["waiting"])
        assert (promoted.status, promoted.status_changes[-1].effective_on) == (
            S.accepted,
            date(2021, 11, 12),
        )


def test_a_promotion_that_changes_a_published_figure_is_a_conflict(client, app, scene):
    """A publication of secondary schools only: the withdrawn primary school is not in it, but
    the secondary school it lets in from the waiting list is: a conflict all the same."""
    with app.app_context():
        published = _publication("Secundair", level="secundair")
    response = _withdraw(client, scene, date(2021, 11, 12), reason="op papier")
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"]["details"]["publications"][0]["id"] == published


@pytest.mark.parametrize(
    ("day", "publication"),
    [
        (date(2021, 11, 20), {}),  # effective after the peildatum: its figure stays
        (date(2021, 11, 12), {"withdrawn": True}),  # a withdrawn publication never conflicts
        (date(2021, 11, 12), {"basis": "participating"}),  # attendance, not registrations
        (date(2021, 11, 12), {"province": "limburg"}),  # the schools are elsewhere
    ],
    ids=["after-peildatum", "withdrawn-publication", "participating-basis", "other-province"],
)
def test_moves_that_change_no_published_figure_go_through(client, app, scene, day, publication):
    """No published figure changes: the move is saved without any confirmation."""
    with app.app_context():
        for school in db.session.scalars(select(School)):
            school.province = "antwerpen"
        db.session.commit()
        _publication(TITLE, **publication)
    response = _withdraw(client, scene, day, reason="op papier")
    assert response.status_code == 200, response.get_json()


def test_a_registration_accepted_at_once_before_the_peildatum_conflicts(client, app):
    """POST .../registrations dated before the peildatum on a first-come network: accepted at
    once, so the published count moves: 409, then 201 when confirmed with a reason. A plain
    registration (submitted, no decision) changes no figure."""
    with app.app_context():
        network_id = open_network(auto_accept=True)
        plain_id = open_network()
        numbers = [
            db.session.get(School, make_school(level="secundair")).institution_number
            for _ in range(2)
        ]
        token = token_for(make_user(role="admin"))
        _publication(TITLE)
    body = {"institution_number": numbers[0], "effective_on": "2021-11-01", "reason": "papier"}
    url = f"/api/v1/networks/{network_id}/registrations"
    refused = client.post(url, json=body, headers=bearer(token))
    assert refused.status_code == 409, refused.get_json()
    assert refused.get_json()["error"]["code"] == "changes_publication"
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 0
    done = client.post(url, json={**body, "acknowledge_publications": True}, headers=bearer(token))
    assert done.status_code == 201 and done.get_json()["status"] == "accepted"
    plain = client.post(
        f"/api/v1/networks/{plain_id}/registrations",
        json={**body, "institution_number": numbers[1]},
        headers=bearer(token),
    )
    assert plain.status_code == 201, plain.get_json()


def test_the_roster_warns_before_saving_and_saves_once_confirmed(client, app, scene):
    """The coach accepts the waitlisted school, backdated, on the roster (a second place made
    free): the page comes back with the warning, the publication's title, the checkbox and the
    school still chosen; nothing saved. Ticked, with the reason: saved."""
    with app.app_context():
        _publication(TITLE)
        db.session.get(Network, scene["network"]).capacity = 2
        db.session.commit()
    login(client, "coach@test.be")
    url = f"/netwerken/{scene['network']}/aanmeldingen"
    form = {
        "registrations": [str(scene["waiting"])],
        "to": "accepted",
        "reason": "op papier",
        "effective_on": "12/11/2021",
    }
    warned = client.post(url, data=form)
    page = warned.get_data(as_text=True)
    assert warned.status_code == 422  # the form comes back, refused
    assert "Deze wijziging verandert een gepubliceerd cijfer." in page and TITLE in page
    assert "Ik weet dat dit een gepubliceerd cijfer wijzigt" in page
    assert f'value="{scene["waiting"]}" id="reg-{scene["waiting"]}" checked' in page
    with app.app_context():
        assert status_of(scene["waiting"]) is S.waitlisted
    saved = client.post(url, data={**form, "acknowledge_publications": "y"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    with app.app_context():
        assert status_of(scene["waiting"]) is S.accepted


def test_the_register_page_warns_and_saves_once_confirmed(client, app):
    """An admin registers a school on paper, dated before the peildatum, on a first-come network:
    the warning with the title; confirmed without a reason is refused at the reason; confirmed
    with one, saved."""
    with app.app_context():
        make_user(role="admin", email="admin@test.be")
        network_id = open_network(auto_accept=True)
        school_id = make_school(name="Sint-Jozef", level="secundair")
        _publication(TITLE)
    login(client, "admin@test.be")
    url = f"/netwerken/{network_id}/aanmelden?school={school_id}"
    form = {
        "school": school_id,
        "contact_name": "An",
        "contact_email": "an@school.be",
        "commitment": "y",
        "effective_on": "01/11/2021",
        "reason": "op papier",
    }
    warned = client.post(url, data=form)
    assert warned.status_code == 422  # the form comes back, refused
    assert TITLE in warned.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 0
    no_reason = client.post(url, data={**form, "reason": "", "acknowledge_publications": "y"})
    assert no_reason.status_code == 422
    saved = client.post(url, data={**form, "acknowledge_publications": "y"})
    assert saved.status_code == 302
    with app.app_context():
        (status,) = db.session.scalars(select(Registration.status)).all()
        assert status is S.accepted


def test_an_admin_withdrawing_today_against_a_publication_of_today_confirms_with_a_reason(
    client, app, scene
):
    """A publication as of today: an admin's withdrawal (today, not backdated) changes it. The
    withdraw page warns (409); ticked without a reason it asks for one (422); with one, saved.
    The school itself withdraws without being asked (its move is never backdated)."""
    with app.app_context():
        _publication(TITLE, as_of=today())
    login(client, "admin@test.be")
    url = f"/netwerken/inschrijvingen/{scene['accepted']}/intrekken"
    warned = client.post(url, data={})
    assert warned.status_code == 409
    assert "Deze wijziging verandert een gepubliceerd cijfer." in warned.get_data(as_text=True)
    no_reason = client.post(url, data={"acknowledge_publications": "y"})
    assert no_reason.status_code == 422
    assert "Geef een reden: u bevestigt" in no_reason.get_data(as_text=True)
    with app.app_context():
        assert status_of(scene["accepted"]) is S.accepted
    saved = client.post(url, data={"acknowledge_publications": "y", "reason": "schoolbrief"})
    assert saved.status_code == 302
    with app.app_context():
        assert status_of(scene["accepted"]) is S.withdrawn
        school_id = make_school()
        make_user(role="school", email="school@test.be", school_ids=[school_id])
        own = make_registration(
            school_id=school_id,
            network_id=scene["network"],
            history=[(S.submitted, date(2021, 9, 1)), (S.accepted, date(2021, 9, 1))],
        )
    client.post("/afmelden")
    login(client, "school@test.be")
    response = client.post(f"/netwerken/inschrijvingen/{own}/intrekken", data={})
    assert response.status_code == 302
