"""The race for the last places, over HTTP with real concurrent requests (PostgreSQL only)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import func, select

from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.schools.models import School
from tests.conftest import BACKEND
from tests.factories import make_registration, make_school
from tests.networks.factories import bearer, open_network, school_user, token_for

S = RegistrationStatus
THREADS = 24
CAPACITY = 8
PLACES_LEFT = 5


@pytest.mark.postgres
@pytest.mark.skipif(BACKEND != "postgres", reason="real row locks need PostgreSQL")
def test_many_concurrent_registrations_get_exactly_the_places_left(app):
    """24 schools register at once for the last 5 places: exactly 5 accepted, 19 waitlisted."""
    with app.app_context():
        network_id = open_network(capacity=CAPACITY, auto_accept=True)
        taken = [
            make_registration(
                school_id=make_school(),
                network_id=network_id,
                history=[(S.submitted, date.today()), (S.accepted, date.today())],
            )
            for _ in range(CAPACITY - PLACES_LEFT)
        ]
        jobs = []
        for user_id, school_id in (school_user() for _ in range(THREADS)):
            jobs.append((token_for(user_id), db.session.get(School, school_id).institution_number))
        db.session.remove()

    barrier = threading.Barrier(THREADS)

    def register(job):
        token, institution_number = job
        client = app.test_client()  # each request gets its own app context and session
        barrier.wait(timeout=30)
        response = client.post(
            f"/api/v1/networks/{network_id}/registrations",
            # No contact address: a school user's own is the default (L7).
            json={"institution_number": institution_number},
            headers=bearer(token),
        )
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(register, jobs))

    assert [code for code, _body in results] == [201] * THREADS, results
    statuses = [body["status"] for _code, body in results]
    assert statuses.count("accepted") == PLACES_LEFT
    assert statuses.count("waitlisted") == THREADS - PLACES_LEFT
    with app.app_context():
        counts = dict(
            db.session.execute(
                select(Registration.status, func.count(Registration.id))
                .where(Registration.network_id == network_id)
                .group_by(Registration.status)
            ).all()
        )
        assert counts == {S.accepted: CAPACITY, S.waitlisted: THREADS - PLACES_LEFT}
        # Exactly one submission row per registration plus its one automatic move.
        per_registration = dict(
            db.session.execute(
                select(RegistrationStatusChange.registration_id, func.count())
                .join(Registration)
                .where(Registration.network_id == network_id, Registration.id.not_in(taken))
                .group_by(RegistrationStatusChange.registration_id)
            ).all()
        )
        assert len(per_registration) == THREADS
        assert set(per_registration.values()) == {2}
        # First come, first served: ids follow the order of the lock, the first five got in.
        new = db.session.scalars(
            select(Registration)
            .where(Registration.network_id == network_id, Registration.id.not_in(taken))
            .order_by(Registration.id)
        ).all()
        assert [r.status for r in new] == [S.accepted] * PLACES_LEFT + [S.waitlisted] * (
            THREADS - PLACES_LEFT
        )
        db.session.remove()


@pytest.mark.postgres
@pytest.mark.skipif(BACKEND != "postgres", reason="real row locks need PostgreSQL")
def test_a_school_registering_again_twice_at_once_gets_one_registration(app):
    """After a withdrawal, the same school's re-registration sent twice at the same moment: one
    201 (a new registration), one Dutch 409, one registration that counts."""
    with app.app_context():
        network_id = open_network()
        user_id, school_id = school_user()
        make_registration(
            school_id=school_id,
            network_id=network_id,
            history=[(S.submitted, date.today()), (S.withdrawn, date.today())],
        )
        token = token_for(user_id)
        number = db.session.get(School, school_id).institution_number
        db.session.remove()
    barrier = threading.Barrier(2)

    def register(_n):
        client = app.test_client()
        barrier.wait(timeout=30)
        response = client.post(
            f"/api/v1/networks/{network_id}/registrations",
            json={"institution_number": number},
            headers=bearer(token),
        )
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(register, range(2)), key=lambda r: r[0])
    assert [code for code, _body in results] == [201, 409], results
    assert "al ingeschreven" in results[1][1]["error"]["message"]
    with app.app_context():
        statuses = db.session.scalars(
            select(Registration.status)
            .where(Registration.school_id == school_id)
            .order_by(Registration.id)
        ).all()
        assert statuses == [S.withdrawn, S.submitted]
        db.session.remove()
