"""A school that withdrew or was declined registers again: a NEW registration, the ended one kept
with its history as an earlier period (issue 17, part 4; issue 14 reopened the same row)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import capacity, registrations
from netwerk.networks.models import (
    Network,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.conftest import login
from tests.factories import make_registration, make_school, make_user
from tests.networks.factories import bearer, open_network, school_user, token_for

S = RegistrationStatus


def _moves(registration_id: int) -> list[tuple[S | None, S]]:
    return [
        (c.from_status, c.to_status)
        for c in db.session.scalars(
            select(RegistrationStatusChange)
            .where(RegistrationStatusChange.registration_id == registration_id)
            .order_by(RegistrationStatusChange.id)
        )
    ]


def _count() -> int:
    return db.session.scalar(select(func.count(Registration.id)))


@pytest.mark.parametrize(
    ("end", "by"), [(S.withdrawn, "school"), (S.declined, "admin")], ids=["withdrawn", "declined"]
)
def test_registering_again_starts_a_new_registration_and_keeps_the_old_one(ctx, end, by):
    """After a withdrawal or a decline: a new row (new id, its own submission and contact); the
    ended one keeps its status, contact and history untouched."""
    network = db.session.get(Network, open_network())
    user = db.session.get(User, school_user()[0])
    admin = db.session.get(User, make_user(role="admin"))
    school = user.schools[0]
    first = registrations.register_school(user, network, school, motivation="eerst")
    db.session.commit()
    registrations.transition(user if by == "school" else admin, first, end)
    db.session.commit()

    again = registrations.register_school(
        user, network, school, contact_name="Nieuwe directeur", motivation="opnieuw"
    )
    db.session.commit()
    assert again.id > first.id and again.status is S.submitted
    assert (again.contact_name, again.motivation) == ("Nieuwe directeur", "opnieuw")
    assert _moves(again.id) == [(None, S.submitted)]
    db.session.expire_all()
    assert first.status is end and first.motivation == "eerst"
    assert _moves(first.id) == [(None, S.submitted), (S.submitted, end)]
    assert _count() == 2
    # Only the newest may be registered again; the ended one has a successor.
    assert registrations.latest_registration_id(school.id, network.id) == again.id


@pytest.mark.parametrize("status", [S.submitted, S.waitlisted, S.accepted])
def test_a_registration_that_still_counts_refuses_a_second_one(ctx, status):
    """Submitted, waitlisted or accepted: a second registration is a 409 and changes nothing."""
    network = db.session.get(Network, open_network())
    user = db.session.get(User, school_user()[0])
    admin = db.session.get(User, make_user(role="admin"))
    registration = registrations.register_school(user, network, user.schools[0])
    if status is not S.submitted:
        registrations.transition(admin, registration, status)
    db.session.commit()
    with pytest.raises(DomainError, match="al ingeschreven") as info:
        registrations.register_school(user, network, user.schools[0])
    assert info.value.status_code == 409
    db.session.rollback()
    assert len(_moves(registration.id)) == (1 if status is S.submitted else 2)
    assert _count() == 1


def test_the_unique_index_refuses_a_second_active_registration_in_dutch(ctx, monkeypatch):
    """Should the check under the lock miss a registration (a race), the partial unique index
    refuses the second active one: the same Dutch 409, never an IntegrityError (a 500)."""
    network = db.session.get(Network, open_network())
    admin = db.session.get(User, make_user(role="admin"))
    school = db.session.get(School, make_school(name="Sint-Jozef"))
    registrations.register_school(admin, network, school)
    db.session.commit()
    monkeypatch.setattr(registrations, "_ended_registration", lambda network, school: None)
    with pytest.raises(DomainError, match="Sint-Jozef is al ingeschreven") as info:
        registrations.register_school(admin, network, school)
    assert (info.value.status_code, info.value.code) == (409, "duplicate")
    db.session.rollback()
    assert _count() == 1


def test_a_school_that_registers_again_joins_the_back_of_the_waiting_list(ctx):
    """The waiting list goes by submission, and auto-accept decides a new registration too."""
    network = db.session.get(Network, open_network(capacity=1, auto_accept=True))
    admin = db.session.get(User, make_user(role="admin"))
    schools = [db.session.get(School, make_school()) for _ in range(3)]
    accepted, early, late = (
        registrations.register_school(admin, network, school) for school in schools
    )
    db.session.commit()
    assert [r.id for r in capacity.waiting_list(network.id)] == [early.id, late.id]
    registrations.transition(admin, early, S.withdrawn)
    db.session.commit()
    again = registrations.register_school(admin, network, schools[1])
    db.session.commit()
    assert again.id not in (early.id, late.id) and again.status is S.waitlisted
    assert [r.id for r in capacity.waiting_list(network.id)] == [late.id, again.id]
    assert capacity.waiting_list_positions([network.id]) == {late.id: 1, again.id: 2}
    registrations.transition(admin, accepted, S.withdrawn)
    db.session.commit()
    assert (late.status, again.status, early.status) == (S.accepted, S.waitlisted, S.withdrawn)


def test_the_api_answers_201_with_a_new_id(client, app):
    """POST .../registrations after a withdrawal: 201, a new id and a history of its own; the old
    registration still answers with its whole history."""
    with app.app_context():
        user_id, school_id = school_user()
        network_id = open_network()
        number = db.session.get(School, school_id).institution_number
        token = token_for(user_id)
    url = f"/api/v1/networks/{network_id}/registrations"
    first = client.post(url, json={"institution_number": number}, headers=bearer(token))
    assert first.status_code == 201
    rid = first.get_json()["id"]
    withdrawn = client.post(
        f"/api/v1/registrations/{rid}/transitions", json={"to": "withdrawn"}, headers=bearer(token)
    )
    assert withdrawn.status_code == 200
    again = client.post(url, json={"institution_number": number}, headers=bearer(token))
    assert again.status_code == 201, again.get_json()
    body = again.get_json()
    assert body["id"] != rid and body["status"] == "submitted"
    assert [(h["from_status"], h["to_status"]) for h in body["history"]] == [(None, "submitted")]
    old = client.get(f"/api/v1/registrations/{rid}", headers=bearer(token)).get_json()
    assert old["status"] == "withdrawn"
    assert [(h["from_status"], h["to_status"]) for h in old["history"]] == [
        (None, "submitted"),
        ("submitted", "withdrawn"),
    ]
    twice = client.post(url, json={"institution_number": number}, headers=bearer(token))
    assert twice.status_code == 409
    assert twice.get_json()["error"]["code"] == "duplicate"
    assert "al ingeschreven" in twice.get_json()["error"]["message"]


def _backdated_history(network_id: int, school_id: int) -> tuple[int, int]:
    """Accepted 01/09/2021, withdrawn 15/01/2022; registered again 01/03/2022 (a new row),
    accepted 10/03/2022: (old id, new id)."""
    admin = db.session.get(User, make_user(role="admin"))
    network, school = db.session.get(Network, network_id), db.session.get(School, school_id)
    old_id = make_registration(
        school_id=school_id,
        network_id=network_id,
        history=[(S.submitted, date(2021, 9, 1)), (S.accepted, date(2021, 9, 1))],
    )
    old = db.session.get(Registration, old_id)
    registrations.transition(
        admin, old, S.withdrawn, reason="op papier", effective_on=date(2022, 1, 15)
    )
    with pytest.raises(DomainError, match="vorige statuswijziging"):
        # Never before the end of the earlier registration: both would count on one day.
        registrations.register_school(
            admin, network, school, reason="op papier", effective_on=date(2022, 1, 10)
        )
    again = registrations.register_school(
        admin, network, school, reason="op papier", effective_on=date(2022, 3, 1)
    )
    registrations.transition(
        admin, again, S.accepted, reason="op papier", effective_on=date(2022, 3, 10)
    )
    db.session.commit()
    return old_id, again.id


def test_counts_as_of_dates_before_in_and_after_the_gap(client, app):
    """The participation report counts the school before the withdrawal, not in the gap nor
    while the new registration waits for a decision, and once (not twice) after it is accepted
    again, in its rows and its totals."""
    with app.app_context():
        network_id = open_network()
        school_id = make_school(level="secundair")
        old_id, new_id = _backdated_history(network_id, school_id)
        token = token_for(make_user(role="admin"))
        assert registrations.accepted_registrations_on(network_id, date(2021, 12, 1))[0].id == (
            old_id
        )
        assert [
            r.id for r in registrations.accepted_registrations_on(network_id, date(2022, 4, 1))
        ] == [new_id]

    def figures(day: date) -> tuple[int, dict]:
        response = client.get(
            f"/api/v1/reports/participation?as_of={day.isoformat()}", headers=bearer(token)
        )
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        in_network = sum(r["count"] for r in body["rows"] if r["network"]["id"] == network_id)
        return in_network, body["totals"].get("secundair", {})

    assert figures(date(2021, 12, 1)) == (
        1,
        {"registrations": 1, "distinct_schools": 1, "other_members": {}},
    )
    for gap in (date(2022, 1, 15), date(2022, 2, 1), date(2022, 3, 5)):
        assert figures(gap)[0] == 0, gap
    assert figures(date(2022, 4, 1)) == (
        1,
        {"registrations": 1, "distinct_schools": 1, "other_members": {}},
    )
    assert figures(today())[0] == 1


def test_roster_and_school_pages_show_the_earlier_period(client, app):
    """The roster lists the school once (its newest registration) with "Eerder ingeschreven:
    01/09/2021 - 15/01/2022, ingetrokken"; the school's own pages say the same; only the newest
    registration offers "Opnieuw inschrijven"."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        network_id = open_network(coach_ids=[coach])
        school_id = make_school(name="Sint-Jozefscollege")
        make_user(role="school", email="school@test.be", school_ids=[school_id])
        old_id, new_id = _backdated_history(network_id, school_id)
        # A third registration ended too: a second earlier period, and the one to register from.
        newest = db.session.get(Registration, new_id)
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        registrations.transition(
            admin, newest, S.withdrawn, reason="op papier", effective_on=date(2022, 6, 30)
        )
        db.session.commit()
    periods = "01/09/2021 - 15/01/2022</a>, ingetrokken"
    login(client, "coach@test.be")
    roster = client.get(f"/netwerken/{network_id}/aanmeldingen").get_data(as_text=True)
    assert roster.count('name="registrations" value=') == 1
    assert "Eerder ingeschreven:" in roster and periods in roster
    assert "Ingetrokken: 1" in roster or "ingetrokken: 1" in roster
    client.post("/afmelden")
    login(client, "school@test.be")
    mine = client.get("/netwerken/mijn-aanmeldingen").get_data(as_text=True)
    assert mine.count(f'/netwerken/inschrijvingen/{new_id}"') == 1
    assert periods in mine and mine.count("Opnieuw inschrijven") == 1
    page = client.get(f"/netwerken/inschrijvingen/{new_id}").get_data(as_text=True)
    assert periods in page and "Opnieuw inschrijven" in page
    old_page = client.get(f"/netwerken/inschrijvingen/{old_id}").get_data(as_text=True)
    assert "Eerder ingeschreven:" not in old_page
    assert "Opnieuw inschrijven" not in old_page
