"""Races over HTTP with real concurrent requests on PostgreSQL: the last places of a network and
two coaches accepting from the same waiting list at once."""

import itertools
import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.timeutil import today
from tests.conftest import BACKEND
from tests.factories import make_user
from tests.hardening.factories import registrations, school_users_with_tokens
from tests.hardening.racing import TIMEOUT, login, opener, post_form, send
from tests.networks.factories import bearer, open_network
from tests.serving import serve

S = RegistrationStatus
CLIENTS = 50
CAPACITY = 20
PLACES_LEFT = 5
ROUNDS = 3
_coach_numbers = itertools.count(1)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(BACKEND != "postgres", reason="real row locks need PostgreSQL"),
]


@pytest.fixture
def server(app):
    """The test's app served over real sockets by a threaded werkzeug server; its base URL."""
    # Stopped before the app fixture empties the tables and disposes of the engine under it.
    with serve(app, "race-server") as url:
        yield url


def _history(network_id: int) -> list[tuple[int, S | None, S]]:
    """Every history row of a network's registrations: (registration, from, to)."""
    return db.session.execute(
        select(
            RegistrationStatusChange.registration_id,
            RegistrationStatusChange.from_status,
            RegistrationStatusChange.to_status,
        )
        .join(Registration)
        .where(Registration.network_id == network_id)
    ).all()


def _race_for_last_places(app, base_url: str) -> None:
    """One round: a fresh auto-accept network with 5 places left, 50 schools register at once."""
    with app.app_context():
        network_id = open_network(capacity=CAPACITY, auto_accept=True)
        registrations(
            network_id, CAPACITY - PLACES_LEFT, [(S.submitted, today()), (S.accepted, today())]
        )
        rows_before = len(_history(network_id))
        jobs = school_users_with_tokens(CLIENTS)
        db.session.remove()

    barrier = threading.Barrier(CLIENTS)
    url = f"{base_url}/api/v1/networks/{network_id}/registrations"

    def register(job):
        token, institution_number = job
        client = opener()
        # No contact address: a school user's own is the default (and the only free choice, L7).
        fields = {"institution_number": institution_number}
        body = json.dumps(fields).encode()
        headers = {"Content-Type": "application/json", **bearer(token)}
        barrier.wait(timeout=TIMEOUT)
        code, content_type, text = send(client, url, body, headers)
        # A 5xx may be an HTML page: keep its text for the assertion message.
        return code, json.loads(text) if content_type == "application/json" else text

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(register, jobs))

    codes = [code for code, _body in results]
    assert not [c for c in codes if c >= 500], results
    assert codes == [201] * CLIENTS, results
    statuses = [body["status"] for _code, body in results]
    assert statuses.count("accepted") == PLACES_LEFT
    assert statuses.count("waitlisted") == CLIENTS - PLACES_LEFT
    with app.app_context():
        counts = dict(
            db.session.execute(
                select(Registration.status, func.count(Registration.id))
                .where(Registration.network_id == network_id)
                .group_by(Registration.status)
            ).all()
        )
        assert counts == {S.accepted: CAPACITY, S.waitlisted: CLIENTS - PLACES_LEFT}
        history = _history(network_id)
        # Exactly two new rows per new registration: its submission and its automatic move.
        assert len(history) == rows_before + 2 * CLIENTS
        new_ids = {body["id"] for _code, body in results}
        per_registration: dict[int, list] = {}
        for registration_id, from_status, to_status in history:
            if registration_id in new_ids:
                per_registration.setdefault(registration_id, []).append((from_status, to_status))
        assert len(per_registration) == CLIENTS
        moves = Counter(frozenset(v) for v in per_registration.values())
        accepted = frozenset({(None, S.submitted), (S.submitted, S.accepted)})
        waitlisted = frozenset({(None, S.submitted), (S.submitted, S.waitlisted)})
        assert moves == {accepted: PLACES_LEFT, waitlisted: CLIENTS - PLACES_LEFT}
        db.session.remove()


def test_fifty_schools_race_for_the_last_five_places(app, server):
    """Three rounds of 50 concurrent API registrations for 5 places: 5 in, 45 waitlisted, each
    with exactly its two history rows, no 5xx."""
    for _round in range(ROUNDS):
        _race_for_last_places(app, server)


def _waiting_scene(app, *, capacity: int, accepted: int, waiting: int):
    """A network with two coaches, `accepted` places taken and `waiting` schools waitlisted."""
    with app.app_context():
        emails = [f"coach{next(_coach_numbers)}@race.be" for _ in range(2)]
        coaches = [make_user(role="coach", email=email) for email in emails]
        network_id = open_network(capacity=capacity, coach_ids=coaches)
        ten_days_ago = today() - timedelta(days=10)
        registrations(
            network_id, accepted, [(S.submitted, ten_days_ago), (S.accepted, ten_days_ago)]
        )
        waiting_ids = registrations(
            network_id, waiting, [(S.submitted, ten_days_ago), (S.waitlisted, ten_days_ago)]
        )
        db.session.remove()
    return network_id, emails, waiting_ids


def _accepted_rows(app, network_id: int) -> tuple[int, dict[int, int]]:
    """(registrations accepted now, accepted history rows per registration) of a network."""
    with app.app_context():
        now = db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.network_id == network_id, Registration.status == S.accepted
            )
        )
        rows = dict(
            db.session.execute(
                select(RegistrationStatusChange.registration_id, func.count())
                .join(Registration)
                .where(
                    Registration.network_id == network_id,
                    RegistrationStatusChange.to_status == S.accepted,
                )
                .group_by(RegistrationStatusChange.registration_id)
            ).all()
        )
        db.session.remove()
    return now, rows


def _two_coaches_at_once(base_url, network_id, emails, choices):
    """Both coaches post a bulk accept on the roster page at the same moment; their responses."""
    clients = [login(base_url, email) for email in emails]
    barrier = threading.Barrier(2)
    url = f"{base_url}/netwerken/{network_id}/aanmeldingen"

    def accept(i):
        barrier.wait(timeout=30)
        return post_form(clients[i], url, {"registrations": choices[i], "to": "accepted"})

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(accept, range(2)))


@pytest.mark.parametrize(
    ("places_left", "choose"),
    [
        (2, ([0, 1], [1, 2])),  # overlapping pairs for two places
        (1, ([0], [0])),  # the same school for the last place
        (2, ([0, 1], [2, 3])),  # two disjoint pairs for two places
        (2, ([0], [1])),  # one each: both fit
    ],
)
def test_two_coaches_accept_from_the_same_waiting_list(app, server, places_left, choose):
    """Capacity is never exceeded, no registration is accepted twice, the loser gets a 4xx page
    that says nothing was changed (never a 500)."""
    capacity = 6
    network_id, emails, waiting = _waiting_scene(
        app, capacity=capacity, accepted=capacity - places_left, waiting=4
    )
    choices = [[waiting[i] for i in chosen] for chosen in choose]
    results = _two_coaches_at_once(server, network_id, emails, choices)
    codes = [code for code, _text in results]
    assert all(code < 500 for code in codes), codes
    fits = len(set(choices[0]) | set(choices[1])) <= places_left and not set(choices[0]) & set(
        choices[1]
    )
    if fits:
        assert codes == [302, 302]
    else:
        assert sorted(codes) == [302, 422], codes
        loser = next(text for code, text in results if code == 422)
        assert "Niets gewijzigd" in loser or "kan niet naar" in loser, loser[:2000]
    now, rows = _accepted_rows(app, network_id)
    assert now <= capacity
    assert set(rows.values()) == {1}  # every accepted registration accepted exactly once
    winners = [set(c) for (code, _t), c in zip(results, choices, strict=True) if code == 302]
    expected = set().union(*winners)
    assert now == capacity - places_left + len(expected)
    assert expected <= set(rows)
