"""The registration rules in the services: moves, history, dates, capacity, waiting list, mail."""

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select

from netwerk.auth.models import User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.networks import calls, capacity, networks, programmes, registrations
from netwerk.networks.models import (
    Network,
    Programme,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.factories import make_programme, make_registration, make_school, make_user
from tests.mailbox import read_mails
from tests.networks.factories import open_network, school_user, status_of

S = RegistrationStatus
ALL = list(S)
# The move table of the issue, written out independently of registrations.ALLOWED_MOVES.
ALLOWED = {
    (S.submitted, S.accepted),
    (S.submitted, S.waitlisted),
    (S.submitted, S.declined),
    (S.submitted, S.withdrawn),
    (S.waitlisted, S.accepted),
    (S.waitlisted, S.withdrawn),
    (S.waitlisted, S.declined),
    (S.accepted, S.withdrawn),
}


def _get(model, ident):
    return db.session.get(model, ident)


def _admin() -> User:
    return _get(User, make_user(role="admin"))


def _registration_in(status: S, network_id: int, school_id: int | None = None) -> int:
    """A registration that reached `status` through allowed moves, 30 days ago."""
    d = today() - timedelta(days=30)
    history = [(S.submitted, d)] if status is S.submitted else [(S.submitted, d), (status, d)]
    return make_registration(
        school_id=school_id or make_school(), network_id=network_id, history=history
    )


def _history(registration_id: int) -> list[RegistrationStatusChange]:
    return list(
        db.session.scalars(
            select(RegistrationStatusChange)
            .where(RegistrationStatusChange.registration_id == registration_id)
            .order_by(RegistrationStatusChange.id)
        )
    )


@pytest.mark.parametrize("source", ALL)
def test_every_move_is_allowed_or_refused_as_in_the_table(ctx, source):
    """From each status, all five targets: allowed ones move and write history, others nothing."""
    admin = _admin()
    network_id = open_network(capacity=10)
    for target in ALL:
        reg_id = _registration_in(source, network_id)
        registration = _get(Registration, reg_id)
        before = len(_history(reg_id))
        if (source, target) in ALLOWED:
            registrations.transition(admin, registration, target, reason="test")
            db.session.commit()
            assert status_of(reg_id) is target
            rows = _history(reg_id)
            assert len(rows) == before + 1
            assert (rows[-1].from_status, rows[-1].to_status) == (source, target)
            assert rows[-1].actor_id == admin.id and rows[-1].reason == "test"
            assert rows[-1].effective_on == today() and rows[-1].recorded_at is not None
        else:
            with pytest.raises(DomainError, match="kan niet naar"):
                registrations.transition(admin, registration, target)
            db.session.rollback()
            assert status_of(reg_id) is source, target
            assert len(_history(reg_id)) == before


# (actor, move, allowed): coaches of the network and admins decide, the school withdraws.
WHO = [
    ("admin", S.accepted, True),
    ("admin", S.withdrawn, True),
    ("own_coach", S.accepted, True),
    ("own_coach", S.waitlisted, True),
    ("own_coach", S.declined, True),
    ("own_coach", S.withdrawn, False),
    ("other_coach", S.accepted, False),
    ("own_school", S.withdrawn, True),
    ("own_school", S.accepted, False),
    ("other_school", S.withdrawn, False),
    ("ministry", S.accepted, False),
    ("ministry", S.withdrawn, False),
]


def test_who_may_make_which_move(ctx):
    """Each row of the WHO table on a fresh submitted registration."""
    coach_id = make_user(role="coach")
    network_id = open_network(capacity=20, coach_ids=[coach_id])
    school_user_id, school_id = school_user()
    users = {
        "admin": make_user(role="admin"),
        "own_coach": coach_id,
        "other_coach": make_user(role="coach"),
        "own_school": school_user_id,
        "other_school": school_user()[0],
        "ministry": make_user(role="ministry"),
    }
    for actor, target, allowed in WHO:
        # The own school's registration is re-created per row: one per (school, network).
        db.session.execute(delete(Registration).where(Registration.school_id == school_id))
        db.session.commit()
        reg_id = _registration_in(S.submitted, network_id, school_id)
        user = _get(User, users[actor])
        registration = _get(Registration, reg_id)
        if allowed:
            registrations.transition(user, registration, target)
            db.session.commit()
            assert status_of(reg_id) is target, (actor, target)
        else:
            with pytest.raises(NotAllowed):
                registrations.transition(user, registration, target)
            db.session.rollback()
            assert status_of(reg_id) is S.submitted, (actor, target)


def test_register_writes_the_first_history_row_and_links_the_open_call(ctx):
    """A school user registers its own school in an open call: submitted, from None, by that user."""
    network_id = open_network()
    user_id, school_id = school_user()
    _get(User, user_id).email = "els@school.be"  # the contact is the user's own address
    registration = registrations.register_school(
        _get(User, user_id),
        _get(Network, network_id),
        _get(School, school_id),
        contact_name="Els",
        contact_email="ELS@School.be",
        motivation="Graag",
    )
    db.session.commit()
    rows = _history(registration.id)
    assert [(r.from_status, r.to_status, r.actor_id) for r in rows] == [
        (None, S.submitted, user_id)
    ]
    assert registration.call_id is not None
    assert registration.contact_email == "els@school.be"
    assert registration.created_by_id == user_id


def test_school_registers_only_its_own_schools_and_only_during_a_call(ctx):
    """Another school's id, or no open call, is refused for a school user."""
    user = _get(User, school_user()[0])
    network = _get(Network, open_network())
    with pytest.raises(NotAllowed, match="eigen scholen"):
        registrations.register_school(user, network, _get(School, make_school()))
    closed = _get(Network, open_network(with_call=False))
    with pytest.raises(DomainError, match="oproep"):
        registrations.register_school(user, closed, user.schools[0])
    past = _get(Network, open_network(opens_on=today() - timedelta(days=100)))
    with pytest.raises(DomainError, match="oproep"):
        registrations.register_school(user, past, user.schools[0])
    db.session.rollback()
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_admin_and_coach_register_outside_a_call_with_a_reason(ctx):
    """Outside a call the admin (and the network's coach) must give a reason; others cannot."""
    coach_id = make_user(role="coach")
    network = _get(Network, open_network(with_call=False, coach_ids=[coach_id]))
    admin = _admin()
    with pytest.raises(DomainError, match="geef een reden"):
        registrations.register_school(admin, network, _get(School, make_school()))
    registration = registrations.register_school(
        admin, network, _get(School, make_school()), reason="Laattijdig per mail"
    )
    assert registration.call_id is None
    assert registration.status_changes[0].reason == "Laattijdig per mail"
    registrations.register_school(
        _get(User, coach_id), network, _get(School, make_school()), reason="Op papier"
    )
    with pytest.raises(NotAllowed):
        registrations.register_school(
            _get(User, make_user(role="coach")), network, _get(School, make_school()), reason="x"
        )
    with pytest.raises(NotAllowed):
        registrations.register_school(
            _get(User, make_user(role="ministry")), network, _get(School, make_school())
        )


def test_duplicate_registration_is_refused_with_a_clear_message(ctx):
    """A school registers once per network: the second attempt is a 409 naming the school."""
    network = _get(Network, open_network())
    user = _get(User, school_user()[0])
    school = user.schools[0]
    registrations.register_school(user, network, school)
    db.session.commit()
    with pytest.raises(DomainError, match="al ingeschreven") as info:
        registrations.register_school(user, network, school)
    assert info.value.status_code == 409
    assert school.name in info.value.message


def test_inactive_network_and_missing_commitment_are_refused(ctx):
    """No registrations for an inactive network, nor without the commitment."""
    network = _get(Network, open_network())
    user = _get(User, school_user()[0])
    with pytest.raises(DomainError, match="engagement"):
        registrations.register_school(user, network, user.schools[0], commitment=False)
    network.is_active = False
    with pytest.raises(DomainError, match="niet actief"):
        registrations.register_school(user, network, user.schools[0])


def test_effective_date_rules(ctx):
    """Default today; earlier only for coaches/admins (a school user's date is ignored: today);
    never future; never before the last move; a backdated move needs a reason."""
    coach_id = make_user(role="coach")
    network = _get(Network, open_network(capacity=5, coach_ids=[coach_id]))
    school_user_id, school_id = school_user()
    d = today() - timedelta(days=20)
    reg_id = make_registration(
        school_id=school_id, network_id=network.id, history=[(S.submitted, d)]
    )
    registration = _get(Registration, reg_id)
    coach, school = _get(User, coach_id), _get(User, school_user_id)
    with pytest.raises(DomainError, match="toekomst"):
        registrations.transition(
            coach, registration, S.accepted, effective_on=today() + timedelta(1)
        )
    with pytest.raises(DomainError, match="vorige statuswijziging"):
        registrations.transition(
            coach, registration, S.accepted, effective_on=d - timedelta(days=1)
        )
    with pytest.raises(DomainError, match="reden") as refused:
        registrations.transition(coach, registration, S.accepted, effective_on=d)
    assert "reden" in refused.value.fields["reason"][0]
    registrations.transition(
        coach, registration, S.accepted, effective_on=d + timedelta(days=5), reason="op papier"
    )
    db.session.commit()
    assert _history(reg_id)[-1].effective_on == d + timedelta(days=5)
    registrations.transition(school, registration, S.withdrawn, effective_on=d)
    db.session.commit()
    assert _history(reg_id)[-1].effective_on == today()


def test_backdated_registration_by_an_admin_finds_the_call_open_then(ctx):
    """An admin recording a paper registration on a past day links the call open on that day."""
    network_id = open_network(opens_on=today() - timedelta(days=100))
    day = today() - timedelta(days=95)
    registration = registrations.register_school(
        _admin(),
        _get(Network, network_id),
        _get(School, make_school()),
        effective_on=day,
        reason="op papier",
    )
    assert registration.call_id is not None
    assert registration.status_changes[0].effective_on == day


def test_as_of_count_for_a_past_date_is_unchanged_by_later_moves(ctx):
    """accepted_registrations_on reads the dated history, not the current status."""
    network_id = open_network(capacity=10)
    d0 = today() - timedelta(days=60)
    ids = [
        make_registration(
            school_id=make_school(),
            network_id=network_id,
            history=[(S.submitted, d0), (S.accepted, d0 + timedelta(days=5))],
        )
        for _ in range(3)
    ]
    make_registration(school_id=make_school(), network_id=network_id, history=[(S.submitted, d0)])
    past = d0 + timedelta(days=10)
    assert {r.id for r in registrations.accepted_registrations_on(network_id, past)} == set(ids)
    assert registrations.accepted_registrations_on(network_id, d0) == []
    admin = _admin()
    registrations.transition(admin, _get(Registration, ids[0]), S.withdrawn, reason="stopt")
    db.session.commit()
    assert len(registrations.accepted_registrations_on(network_id, past)) == 3
    assert len(registrations.accepted_registrations_on(network_id, today())) == 2


def test_capacity_is_never_exceeded_by_accepting(ctx):
    """With no places left, accepting is refused (409) and the school can be waitlisted."""
    network_id = open_network(capacity=2)
    admin = _admin()
    regs = [_get(Registration, _registration_in(S.submitted, network_id)) for _ in range(3)]
    registrations.transition(admin, regs[0], S.accepted)
    registrations.transition(admin, regs[1], S.accepted)
    assert capacity.places_left(_get(Network, network_id)) == 0
    with pytest.raises(DomainError, match="volzet") as info:
        registrations.transition(admin, regs[2], S.accepted)
    assert info.value.status_code == 409
    registrations.transition(admin, regs[2], S.waitlisted)
    db.session.commit()
    assert capacity.accepted_count(network_id) == 2


def test_withdrawal_promotes_the_first_on_the_waiting_list(ctx):
    """An accepted school withdraws: the longest-waiting school is accepted automatically."""
    network_id = open_network(capacity=1)
    admin = _admin()
    accepted = _get(Registration, _registration_in(S.accepted, network_id))
    first = _registration_in(S.waitlisted, network_id)
    second = _registration_in(S.waitlisted, network_id)
    assert [r.id for r in capacity.waiting_list(network_id)] == [first, second]
    registrations.transition(admin, accepted, S.withdrawn, reason="verhuist")
    db.session.commit()
    assert status_of(first) is S.accepted
    assert status_of(second) is S.waitlisted
    row = _history(first)[-1]
    assert (row.from_status, row.to_status, row.reason) == (
        S.waitlisted,
        S.accepted,
        "automatisch van de wachtlijst",
    )
    assert capacity.places_left(_get(Network, network_id)) == 0


def test_no_promotion_without_capacity_or_when_a_non_accepted_one_leaves(ctx):
    """Only a freed place promotes: withdrawing a submitted registration promotes nobody."""
    network_id = open_network(capacity=1)
    admin = _admin()
    _registration_in(S.accepted, network_id)
    waiting = _registration_in(S.waitlisted, network_id)
    registrations.transition(
        admin, _get(Registration, _registration_in(S.submitted, network_id)), S.withdrawn
    )
    db.session.commit()
    assert status_of(waiting) is S.waitlisted


@pytest.mark.parametrize(("capacity", "promoted"), [(1, 0), (2, 1), (3, 2), (None, 2)])
def test_more_places_move_the_waiting_list_up(ctx, capacity, promoted):
    """Raising the capacity (or lifting it) accepts the longest-waiting schools, as a freed
    place does; keeping it promotes nobody."""
    network = _get(Network, open_network(capacity=1))
    admin = _admin()
    _registration_in(S.accepted, network.id)
    waiting = [_registration_in(S.waitlisted, network.id) for _ in range(2)]
    data = networks.NetworkData(
        name=network.name,
        programme=network.programme,
        level=network.level,
        anchors=network.anchors,
        capacity=capacity,
    )
    networks.update_network(admin, network, data)
    db.session.commit()
    assert [status_of(r) for r in waiting] == [S.accepted] * promoted + [S.waitlisted] * (
        2 - promoted
    )
    for registration_id in waiting[:promoted]:
        assert _history(registration_id)[-1].reason == "automatisch van de wachtlijst"


def test_auto_accept_is_first_come_first_served(ctx):
    """With auto_accept: accepted while places are left, then waitlisted; two rows each."""
    network = _get(Network, open_network(capacity=2, auto_accept=True))
    admin = _admin()
    regs = [
        registrations.register_school(admin, network, _get(School, make_school())) for _ in range(3)
    ]
    db.session.commit()
    assert [r.status for r in regs] == [S.accepted, S.accepted, S.waitlisted]
    assert all(len(_history(r.id)) == 2 for r in regs)
    registrations.transition(admin, regs[0], S.withdrawn)
    db.session.commit()
    assert status_of(regs[2].id) is S.accepted


def test_anchors_none_one_or_two_never_three(ctx):
    """A third anchor is refused; none is allowed (issue 20: "zonder anker"); one school may
    anchor two networks."""
    admin = _admin()
    programme = _get(Programme, make_programme())
    schools = [_get(School, make_school()) for _ in range(3)]

    def data(anchors, coaches=()):
        return networks.NetworkData(
            name="Netwerk X",
            programme=programme,
            level=schools[0].level,
            anchors=anchors,
            coaches=coaches,
        )

    assert networks.create_network(admin, data([])).anchor_organisations == []
    with pytest.raises(DomainError, match="hoogstens twee"):
        networks.create_network(admin, data(schools))
    one = networks.create_network(admin, data(schools[:2]))
    two = networks.create_network(admin, data(schools[:1]))
    assert schools[0] in one.anchors and schools[0] in two.anchors
    with pytest.raises(DomainError, match="hoogstens twee"):
        networks.update_network(admin, one, data(schools))
    with pytest.raises(DomainError, match="procescoach"):
        networks.create_network(admin, data(schools[:1], [_get(User, make_user(role="school"))]))
    with pytest.raises(NotAllowed):
        networks.create_network(_get(User, make_user(role="coach")), data(schools[:1]))


def test_capacity_cannot_drop_below_the_accepted_schools(ctx):
    """Lowering the capacity below the number accepted is refused."""
    admin = _admin()
    network = _get(Network, open_network(capacity=5))
    for _ in range(3):
        _registration_in(S.accepted, network.id)
    data = networks.NetworkData(
        name=network.name,
        programme=network.programme,
        level=network.level,
        anchors=network.anchors,
        capacity=2,
    )
    with pytest.raises(DomainError, match="niet lager dan 3"):
        networks.update_network(admin, network, data)


def test_programme_names_are_unique_and_calls_check_their_window(ctx):
    """Duplicate programme names and a call closing before it opens are refused."""
    admin = _admin()
    programme = programmes.create_programme(admin, "Hoogbegaafdheid")
    with pytest.raises(DomainError, match="bestaat al"):
        programmes.create_programme(admin, "hoogbegaafdheid")
    d = date(2024, 5, 1)
    with pytest.raises(DomainError, match="sluiten voor ze opent"):
        calls.create_call(admin, calls.CallData("Oproep", programme, d, d - timedelta(1), d))
    other = _get(Network, open_network())
    with pytest.raises(DomainError, match="niet bij het programma"):
        calls.create_call(admin, calls.CallData("Oproep", programme, d, d, d, networks=[other]))


def test_a_duplicate_programme_name_beyond_ascii_is_a_domain_error(ctx):
    """The same name with letters SQLite's lower() does not fold: a Dutch refusal, no 500.

    Found by the schemathesis run: the check compared lower(name) only, missed the duplicate on
    SQLite, and the unique constraint answered with an IntegrityError.
    """
    admin = _admin()
    programmes.create_programme(admin, "Ökonomie ÉÉN")
    db.session.commit()
    with pytest.raises(DomainError, match="bestaat al"):
        programmes.create_programme(admin, "Ökonomie ÉÉN")


def test_bulk_transition_is_all_or_nothing(ctx):
    """One refused registration (or too few places) leaves all of them unchanged."""
    network_id = open_network(capacity=2)
    admin = _admin()
    ids = [_registration_in(S.submitted, network_id) for _ in range(3)]
    declined = _registration_in(S.declined, network_id)
    regs = [_get(Registration, i) for i in ids]
    with pytest.raises(DomainError, match="Niets gewijzigd"):
        registrations.bulk_transition(admin, regs + [_get(Registration, declined)], S.waitlisted)
    db.session.rollback()
    with pytest.raises(DomainError, match="nog 2 plaatsen"):
        registrations.bulk_transition(admin, [_get(Registration, i) for i in ids], S.accepted)
    db.session.rollback()
    assert [status_of(i) for i in ids] == [S.submitted] * 3
    result = registrations.bulk_transition(
        admin, [_get(Registration, i) for i in ids[:2]], S.accepted, reason="welkom"
    )
    db.session.commit()
    assert len(result.moved) == 2
    assert [status_of(i) for i in ids] == [S.accepted, S.accepted, S.submitted]


def _mails(outbox) -> list[tuple[str, str, str]]:
    return [(", ".join(m.to), m.subject, m.text) for m in read_mails(outbox)]


def test_each_move_mails_the_contact_in_dutch_after_commit(ctx, outbox):
    """Registration and every move write a Dutch mail with network, status and reason; not before commit."""
    network = _get(Network, open_network(capacity=3))
    network.name = "Hoogbegaafdheid Limburg"
    user = _get(User, school_user()[0])
    user.email = "els@school.be"
    registration = registrations.register_school(
        user, network, user.schools[0], contact_name="Els", contact_email="els@school.be"
    )
    assert outbox() == []  # mails leave only when the transaction commits
    db.session.commit()
    registrations.transition(_admin(), registration, S.accepted, reason="Welkom in het netwerk")
    db.session.commit()
    mails = _mails(outbox)
    assert len(mails) == 2
    to, subject, body = mails[-1]
    assert to == "els@school.be"
    assert "aanvaard" in subject and "Hoogbegaafdheid Limburg" in subject
    assert "Beste contactpersoon van" in body and "nieuwe status: aanvaard" in body
    assert "Reden: Welkom in het netwerk" in body


def test_a_refused_move_sends_no_mail(ctx, outbox):
    """A rolled-back change never mails."""
    network = _get(Network, open_network(capacity=1))
    admin = _admin()
    _registration_in(S.accepted, network.id)
    school_id = make_school()
    make_user(role="school", email="x@school.be", school_ids=[school_id])
    registration = registrations.register_school(
        admin, network, _get(School, school_id), contact_email="x@school.be"
    )
    db.session.commit()
    with pytest.raises(DomainError):
        registrations.transition(admin, registration, S.accepted)
    db.session.rollback()
    assert len(outbox()) == 1  # only the submission
