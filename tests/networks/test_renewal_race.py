"""A renewal round closed while its schools confirm, with real concurrent requests (PostgreSQL):
every school ends either confirmed and accepted or withdrawn and unconfirmed, never both or
neither, and no request gets a 500."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.networks.renewal import services
from netwerk.networks.renewal.models import RenewalAnswer
from netwerk.timeutil import SchoolYear, today
from tests.conftest import BACKEND, login
from tests.factories import make_registration, make_school, make_user
from tests.networks.factories import bearer, open_network, token_for

S = RegistrationStatus
SCHOOLS = 12
THIS_YEAR = SchoolYear.of(today())


@pytest.mark.postgres
@pytest.mark.skipif(BACKEND != "postgres", reason="real row locks need PostgreSQL")
def test_close_racing_confirmations_never_counts_a_school_twice(app):
    """12 schools confirm by API while the coach closes the round on its page, all at once."""
    with app.app_context():
        coach = make_user(role="coach", email="race-coach@test.be")
        network_id = open_network(coach_ids=[coach])
        spring = THIS_YEAR.starts_on - timedelta(days=90)
        jobs = []
        for _ in range(SCHOOLS):
            school_id = make_school()
            user_id = make_user(role="school", school_ids=[school_id])
            make_registration(
                school_id=school_id,
                network_id=network_id,
                history=[(S.submitted, spring), (S.accepted, spring)],
            )
            jobs.append(token_for(user_id))
        renewal = services.open_round(
            db.session.get(User, coach), db.session.get(Network, network_id), THIS_YEAR
        )
        db.session.commit()
        round_id, answer_ids = renewal.id, [a.id for a in renewal.answers]
        db.session.remove()

    closer = app.test_client()
    login(closer, "race-coach@test.be")
    barrier = threading.Barrier(SCHOOLS + 1)

    def confirm(job):
        token, answer_id = job
        client = app.test_client()
        barrier.wait(timeout=30)
        return client.post(
            f"/api/v1/renewal-answers/{answer_id}/confirmation", headers=bearer(token)
        ).status_code

    def close():
        barrier.wait(timeout=30)
        return closer.post(f"/netwerken/herbevestiging/{round_id}/afsluiten").status_code

    with ThreadPoolExecutor(max_workers=SCHOOLS + 1) as pool:
        closing = pool.submit(close)
        codes = list(pool.map(confirm, zip(jobs, answer_ids, strict=True)))
        assert closing.result() == 302
    assert set(codes) <= {200, 409}, codes

    with app.app_context():
        answers = db.session.query(RenewalAnswer).order_by(RenewalAnswer.id).all()
        for answer, code in zip(answers, codes, strict=True):
            status = db.session.get(Registration, answer.registration_id).status
            if answer.is_confirmed:
                assert (code, status, answer.withdrawn_on) == (200, S.accepted, None)
            else:
                assert (code, status, answer.withdrawn_on) == (
                    409,
                    S.withdrawn,
                    THIS_YEAR.starts_on,
                )
