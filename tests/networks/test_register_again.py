"""A school that withdrew or was declined registers again: the same row reopens, history kept."""

from datetime import timedelta

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


@pytest.mark.parametrize(
    ("end", "by"), [(S.withdrawn, "school"), (S.declined, "admin")], ids=["withdrawn", "declined"]
)
def test_registering_again_reopens_the_same_row_and_keeps_its_history(ctx, end, by):
    """After a withdrawal or a decline: same id, a new submission, the new contact; no new row."""
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
    assert again.id == first.id and again.status is S.submitted
    assert (again.contact_name, again.motivation) == ("Nieuwe directeur", "opnieuw")
    assert _moves(again.id) == [(None, S.submitted), (S.submitted, end), (end, S.submitted)]
    # The roster's waiting list shows the latest submission, not the row's first one.
    assert again.submitted_at == again.status_changes[-1].recorded_at > again.created_at
    assert db.session.scalar(select(func.count(Registration.id))) == 1


@pytest.mark.parametrize("status", [S.submitted, S.waitlisted, S.accepted])
def test_a_registration_that_still_counts_is_not_reopened(ctx, status):
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


def test_a_school_that_registers_again_joins_the_back_of_the_waiting_list(ctx):
    """The waiting list goes by the latest submission, and auto-accept decides a reopen too."""
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
    assert again.id == early.id and again.status is S.waitlisted
    assert [r.id for r in capacity.waiting_list(network.id)] == [late.id, early.id]
    assert capacity.waiting_list_positions([network.id]) == {late.id: 1, early.id: 2}
    registrations.transition(admin, accepted, S.withdrawn)
    db.session.commit()
    assert (late.status, early.status) == (S.accepted, S.waitlisted)


def test_the_api_answers_201_for_a_reopened_registration(client, app):
    """POST .../registrations after a withdrawal: 201, the same id, the whole history."""
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
    assert body["id"] == rid and body["status"] == "submitted"
    assert [(h["from_status"], h["to_status"]) for h in body["history"]] == [
        (None, "submitted"),
        ("submitted", "withdrawn"),
        ("withdrawn", "submitted"),
    ]


def test_a_count_for_a_date_before_the_withdrawal_keeps_the_school(ctx):
    """History kept: accepted a month ago, withdrawn and registered again today; a count as of
    ten days ago still has the school, one as of today does not (it is submitted again)."""
    network = db.session.get(Network, open_network())
    user = db.session.get(User, school_user()[0])
    school = user.schools[0]
    month_ago = today() - timedelta(days=30)
    registration_id = make_registration(
        school_id=school.id,
        network_id=network.id,
        history=[(S.submitted, month_ago), (S.accepted, month_ago)],
    )
    registration = db.session.get(Registration, registration_id)
    registrations.transition(user, registration, S.withdrawn)
    registrations.register_school(user, network, school)
    db.session.commit()
    before = registrations.accepted_registrations_on(network.id, today() - timedelta(days=10))
    assert [r.id for r in before] == [registration_id]
    assert registrations.accepted_registrations_on(network.id, today()) == []
    assert _moves(registration_id)[-2:] == [(S.accepted, S.withdrawn), (S.withdrawn, S.submitted)]
