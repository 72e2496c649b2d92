"""Every writing service of networks logs one change line per changed object, with its actor."""

import logging
from datetime import timedelta

import pytest

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import calls, capacity, common, networks, programmes, registrations
from netwerk.networks.models import Network, Programme, Registration, RegistrationStatus
from netwerk.networks.renewal import services as renewal
from netwerk.networks.renewal.mails import send_reminders
from netwerk.schools.models import School, SchoolLevel
from netwerk.timeutil import today
from tests.factories import make_programme, make_registration, make_school, make_user
from tests.networks.factories import open_network
from tests.networks.test_renewal import THIS_YEAR
from tests.networks.test_renewal import _scene as renewal_scene

S = RegistrationStatus

WRITING_SERVICES = [
    "netwerk.networks.programmes.create_programme",
    "netwerk.networks.programmes.update_programme",
    "netwerk.networks.networks.create_network",
    "netwerk.networks.networks.update_network",
    # The history of anchors, level and programme: written (and logged) by update_network.
    "netwerk.networks.periods.record_anchors",
    "netwerk.networks.periods.record_profile",
    # The parent's history: written by create_network and update_network (logged there).
    "netwerk.networks.parents.record_parent",
    "netwerk.networks.calls.create_call",
    "netwerk.networks.calls.update_call",
    "netwerk.networks.registrations.register_school",
    "netwerk.networks.registrations.transition",
    "netwerk.networks.registrations.bulk_transition",
    "netwerk.networks.registrations.promote_from_waiting_list",
    "netwerk.networks.registrations.update_contact",
    "netwerk.networks.common.add_new",
    # Its no-op UPDATE is SQLite's row lock, not a change: it must log nothing.
    "netwerk.networks.capacity.lock_network",
    "netwerk.networks.renewal.services.open_round",
    "netwerk.networks.renewal.services.confirm",
    "netwerk.networks.renewal.services.close_round",
    "netwerk.networks.renewal.mails.send_reminders",
    # Issue 20: the members that are not registered schools (tests/networks/test_members.py).
    "netwerk.networks.members.add_member",
    "netwerk.networks.members.end_member",
    # A non-school organisation's contact signs it up and stops (tests/networks/test_signup.py).
    "netwerk.networks.members.record_member",
    "netwerk.networks.members.finish_member",
    "netwerk.networks.signup.sign_up",
    "netwerk.networks.signup.withdraw",
]


@pytest.fixture
def changes(caplog):
    """The (actor_id, action, object_type, object_id) of the change lines logged so far."""
    caplog.set_level(logging.INFO, logger="netwerk.changes")

    def read() -> list[tuple]:
        return [
            (r.actor_id, r.action, r.object_type, r.object_id)
            for r in caplog.records
            if r.name == "netwerk.changes"
        ]

    return read


@pytest.fixture
def admin(ctx) -> User:
    """An admin user, in an app context."""
    return db.session.get(User, make_user(role="admin"))


def _waitlisted(network_id: int) -> int:
    """A registration on the waiting list of a network since yesterday."""
    day = today() - timedelta(days=1)
    return make_registration(
        school_id=make_school(),
        network_id=network_id,
        history=[(S.submitted, day), (S.waitlisted, day)],
    )


def test_programme_created_and_updated(admin, changes):
    """programme.created, then programme.updated."""
    programme = programmes.create_programme(admin, "Hoogbegaafdheid")
    programmes.update_programme(admin, programme, "Hoogbegaafdheid", is_active=False)
    assert changes() == [
        (admin.id, "programme.created", "programme", programme.id),
        (admin.id, "programme.updated", "programme", programme.id),
    ]


def _network_data(**changes) -> networks.NetworkData:
    fields = {
        "name": "Netwerk STEM",
        "programme": db.session.get(Programme, make_programme()),
        "level": SchoolLevel.secundair,
        "anchors": [db.session.get(School, make_school())],
    }
    return networks.NetworkData(**(fields | changes))


def test_network_created_and_updated(admin, changes):
    """network.created, then network.updated (a new capacity is part of the update)."""
    network = networks.create_network(admin, _network_data())
    networks.update_network(admin, network, _network_data(capacity=5))
    assert changes() == [
        (admin.id, "network.created", "network", network.id),
        (admin.id, "network.updated", "network", network.id),
    ]


def test_a_dated_change_logs_one_update_with_its_day(admin, changes, caplog):
    """New anchors and level from three days ago: one network.updated line that says from when
    and that it is backdated (never the typed reason)."""
    network = networks.create_network(admin, _network_data())
    day = today() - timedelta(days=3)
    data = _network_data(
        programme=network.programme,
        level=SchoolLevel.basis,
        anchors=[db.session.get(School, make_school())],
        effective_on=day,
        reason="fusie van de scholen",
    )
    networks.update_network(admin, network, data)
    assert changes() == [
        (admin.id, "network.created", "network", network.id),
        (admin.id, "network.updated", "network", network.id),
    ]
    details = [r.details for r in caplog.records if r.name == "netwerk.changes"][-1]
    assert details["effective_on"] == day.isoformat() and details["backdated"] is True
    assert "fusie" not in caplog.text


def test_more_capacity_logs_the_update_and_each_promotion(admin, changes):
    """A larger capacity accepts from the waiting list: one line for the network, one per school."""
    network_id = open_network(capacity=1)
    make_registration(
        school_id=make_school(), network_id=network_id, history=[(S.accepted, today())]
    )
    first, second = _waitlisted(network_id), _waitlisted(network_id)
    network = db.session.get(Network, network_id)
    data = _network_data(programme=network.programme, anchors=network.anchors, capacity=3)
    networks.update_network(admin, network, data)
    assert changes() == [
        (admin.id, "network.updated", "network", network_id),
        (admin.id, "registration.accepted", "registration", first),
        (admin.id, "registration.accepted", "registration", second),
    ]


def test_call_created_and_updated(admin, changes):
    """call.created, then call.updated."""
    programme = db.session.get(Programme, make_programme())
    day = today()
    data = calls.CallData("Oproep 2026", programme, day, day + timedelta(days=30), day)
    call = calls.create_call(admin, data)
    calls.update_call(admin, call, data)
    assert changes() == [
        (admin.id, "call.created", "call", call.id),
        (admin.id, "call.updated", "call", call.id),
    ]


def test_registration_submitted(ctx, changes):
    """A school user's registration: registration.submitted, with the school user as actor."""
    network = db.session.get(Network, open_network())
    school_id = make_school()
    user = db.session.get(User, make_user(role="school", school_ids=[school_id]))
    registration = registrations.register_school(user, network, db.session.get(School, school_id))
    assert changes() == [(user.id, "registration.submitted", "registration", registration.id)]


@pytest.mark.parametrize(("capacity", "decided"), [(None, S.accepted), (1, S.waitlisted)])
def test_automatic_decision_is_a_second_line(admin, changes, capacity, decided):
    """With auto_accept the registration is submitted and then accepted or waitlisted: two lines."""
    network_id = open_network(capacity=capacity, auto_accept=True)
    if capacity:
        make_registration(
            school_id=make_school(), network_id=network_id, history=[(S.accepted, today())]
        )
    network = db.session.get(Network, network_id)
    registration = registrations.register_school(
        admin, network, db.session.get(School, make_school())
    )
    assert changes() == [
        (admin.id, "registration.submitted", "registration", registration.id),
        (admin.id, f"registration.{decided.value}", "registration", registration.id),
    ]


@pytest.mark.parametrize("to", [S.accepted, S.waitlisted, S.declined])
def test_coach_decisions(admin, changes, to):
    """A move decided by a coach or admin: registration.<new status>."""
    network_id = open_network(capacity=5)
    registration_id = make_registration(school_id=make_school(), network_id=network_id)
    registrations.transition(admin, db.session.get(Registration, registration_id), to)
    assert changes() == [(admin.id, f"registration.{to.value}", "registration", registration_id)]


def test_withdrawal_logs_it_and_the_promotion_that_follows(ctx, changes):
    """A school withdraws an accepted registration: its line, then the first on the waiting list."""
    network_id = open_network(capacity=1)
    school_id = make_school()
    user = db.session.get(User, make_user(role="school", school_ids=[school_id]))
    day = today() - timedelta(days=2)
    accepted = make_registration(
        school_id=school_id, network_id=network_id, history=[(S.submitted, day), (S.accepted, day)]
    )
    waiting = _waitlisted(network_id)
    registrations.transition(user, db.session.get(Registration, accepted), S.withdrawn)
    assert changes() == [
        (user.id, "registration.withdrawn", "registration", accepted),
        (user.id, "registration.accepted", "registration", waiting),
    ]


def test_bulk_move_logs_one_line_per_registration(admin, changes):
    """A bulk move logs each registration it moved, in order."""
    network_id = open_network(capacity=5)
    ids = [make_registration(school_id=make_school(), network_id=network_id) for _ in range(3)]
    chosen = [db.session.get(Registration, i) for i in ids]
    registrations.bulk_transition(admin, chosen, S.accepted)
    assert changes() == [(admin.id, "registration.accepted", "registration", i) for i in ids]


def test_refused_bulk_move_logs_nothing(admin, changes):
    """All or nothing: a refused bulk move writes no line."""
    network_id = open_network(capacity=1)
    ids = [make_registration(school_id=make_school(), network_id=network_id) for _ in range(2)]
    with pytest.raises(DomainError, match="Niets gewijzigd"):
        registrations.bulk_transition(
            admin, [db.session.get(Registration, i) for i in ids], S.accepted
        )
    assert changes() == []


def test_promotion_from_the_waiting_list(admin, changes):
    """promote_from_waiting_list logs each registration it accepts, first come first served."""
    network_id = open_network(capacity=2)
    first, second = _waitlisted(network_id), _waitlisted(network_id)
    network = db.session.get(Network, network_id)
    registrations.promote_from_waiting_list(admin, network, today())
    assert changes() == [
        (admin.id, "registration.accepted", "registration", first),
        (admin.id, "registration.accepted", "registration", second),
    ]


def test_no_line_carries_typed_text(admin, caplog, changes):
    """The reason a person typed stays out of the log (it lives in the history)."""
    network_id = open_network(capacity=5)
    registration_id = make_registration(school_id=make_school(), network_id=network_id)
    registration = db.session.get(Registration, registration_id)
    registrations.transition(admin, registration, S.declined, reason="Geheime reden")
    assert changes() and "Geheime reden" not in caplog.text


def test_add_new_logs_created(admin, changes):
    """add_new flushes the new row and logs "<object>.created" with its id."""
    programme = common.add_new(admin, Programme(name="Nieuw"))
    assert changes() == [(admin.id, "programme.created", "programme", programme.id)]


def test_the_lock_logs_nothing(admin, changes):
    """Locking a network changes nothing, so it logs nothing."""
    capacity.lock_network(open_network())
    assert changes() == []


def test_contact_changed_and_registered_again(admin, changes):
    """registration.contact_changed; registering again logs registration.submitted on the new
    registration."""
    network = db.session.get(Network, open_network())
    school = db.session.get(School, make_school())
    registration = registrations.register_school(admin, network, school)
    registrations.update_contact(
        admin, registration, contact_name="Jan", contact_email="jan@school.be"
    )
    registrations.transition(admin, registration, S.declined)
    again = registrations.register_school(admin, network, school)
    rid = registration.id
    assert again.id != rid
    assert changes() == [
        (admin.id, "registration.submitted", "registration", rid),
        (admin.id, "registration.contact_changed", "registration", rid),
        (admin.id, "registration.declined", "registration", rid),
        (admin.id, "registration.submitted", "registration", again.id),
    ]


def test_a_renewal_round_logs_open_confirm_reminders_and_close(ctx, changes):
    """renewal.opened, renewal.confirmed, renewal.reminders_sent (the daily command: no actor),
    renewal.closed, each with its actor; the close's withdrawal logs as the move it is."""
    network, coach, users, regs = renewal_scene(2)
    round_ = renewal.open_round(coach, network, THIS_YEAR)
    answer = next(a for a in round_.answers if a.registration_id == regs[0].id)
    renewal.confirm(users[0], answer)
    send_reminders(today() + timedelta(days=7))
    renewal.close_round(coach, round_)
    assert [c for c in changes() if c[1].startswith("renewal.")] == [
        (coach.id, "renewal.opened", "renewal_round", round_.id),
        (users[0].id, "renewal.confirmed", "renewal_answer", answer.id),
        (None, "renewal.reminders_sent", "renewal_answer", None),
        (coach.id, "renewal.closed", "renewal_round", round_.id),
    ]
    assert (coach.id, "registration.withdrawn", "registration", regs[1].id) in changes()
