"""L6 bounded backdating and L7 no mail relay: a move is dated between the programme's start (or
01/01/2000) and today, with a reason when backdated; a school user's registration mails only
addresses known for the school, with no text the school user typed."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import registrations
from netwerk.networks.models import Network, Programme, Registration, RegistrationStatus
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.conftest import login
from tests.factories import make_registration, make_school, make_user
from tests.mailbox import read_mails
from tests.networks.factories import bearer, open_network, school_user, token_for

S = RegistrationStatus


def _get(model, ident):
    return db.session.get(model, ident)


def _bodies(outbox) -> list[tuple[str, str]]:
    """(to, both parts) of every mail written."""
    return [(", ".join(m.to), m.text + m.html) for m in read_mails(outbox)]


def _register(actor, network, school, **kwargs) -> Registration:
    return registrations.register_school(actor, network, school, **kwargs)


def test_no_effective_date_before_2000_without_a_programme_start(ctx):
    """Without a programme start the earliest day is 01/01/2000, refused at the date's field."""
    admin = _get(User, make_user(role="admin"))
    network = _get(Network, open_network())
    with pytest.raises(DomainError, match="01/01/2000") as refused:
        _register(
            admin, network, _get(School, make_school()), effective_on=date(1, 1, 1), reason="x"
        )
    assert "01/01/2000" in refused.value.fields["effective_on"][0]
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_no_effective_date_before_the_programme_start(ctx):
    """A registration or a move is not dated before its network's programme started."""
    admin = _get(User, make_user(role="admin"))
    network = _get(Network, open_network(with_call=False))
    start = today() - timedelta(days=50)
    network.programme.starts_on = start
    school = _get(School, make_school())
    with pytest.raises(DomainError, match=start.strftime("%d/%m/%Y")):
        _register(admin, network, school, effective_on=start - timedelta(days=1), reason="papier")
    registration = _register(admin, network, school, effective_on=start, reason="papier")
    assert registration.status_changes[0].effective_on == start
    old = make_registration(
        school_id=make_school(), network_id=network.id, history=[(S.submitted, date(2001, 1, 1))]
    )
    with pytest.raises(DomainError, match="start van het programma"):
        registrations.transition(
            admin, _get(Registration, old), S.accepted, effective_on=date(2001, 1, 1), reason="x"
        )


def test_a_backdated_registration_needs_a_reason_even_in_an_open_call(ctx):
    """Backdating is not only for registrations outside a call: every past date needs a reason."""
    admin = _get(User, make_user(role="admin"))
    network = _get(Network, open_network(opens_on=today() - timedelta(days=100)))
    school = _get(School, make_school())
    with pytest.raises(DomainError) as refused:
        _register(admin, network, school, effective_on=today() - timedelta(days=95))
    assert "reden" in refused.value.fields["reason"][0]
    day = today() - timedelta(days=95)  # the call was open then
    assert _register(admin, network, school, effective_on=day, reason="papier").call_id


def test_bulk_moves_need_a_reason_to_backdate(ctx):
    """A bulk move with a past date and no reason moves nothing."""
    coach_id = make_user(role="coach")
    network = _get(Network, open_network(coach_ids=[coach_id]))
    d = today() - timedelta(days=20)
    ids = [
        make_registration(
            school_id=make_school(), network_id=network.id, history=[(S.submitted, d)]
        )
        for _ in range(2)
    ]
    chosen = [_get(Registration, i) for i in ids]
    with pytest.raises(DomainError, match="reden"):
        registrations.bulk_transition(_get(User, coach_id), chosen, S.accepted, effective_on=d)
    db.session.rollback()
    assert {_get(Registration, i).status for i in ids} == {S.submitted}


def test_a_school_users_reason_and_date_are_ignored_and_never_mailed(ctx, outbox):
    """A school user's reason and effective date are dropped; the mail goes to its own address
    and holds no text it typed (contact name, reason)."""
    user_id, school_id = school_user()
    user = _get(User, user_id)
    network = _get(Network, open_network())
    registration = _register(
        user,
        network,
        _get(School, school_id),
        contact_name="Klik op http://phish.example",
        effective_on=today() - timedelta(days=3),
        reason="Dringend: betaal via http://phish.example",
    )
    db.session.commit()
    change = registration.status_changes[0]
    assert (change.effective_on, change.reason) == (today(), "")
    assert registration.contact_email == user.email
    registrations.transition(user, registration, S.withdrawn, reason="Zie http://phish.example")
    db.session.commit()
    assert registration.status_changes[-1].reason == "Zie http://phish.example"  # for the coach
    mails = _bodies(outbox)
    assert [to for to, _ in mails] == [user.email, user.email]
    assert all("phish" not in body for _, body in mails)


def test_a_school_user_cannot_have_a_stranger_mailed(ctx, outbox):
    """An address that is not known for the school is refused at the field; nothing written."""
    user_id, school_id = school_user()
    with pytest.raises(DomainError, match="eigen e-mailadres") as refused:
        _register(
            _get(User, user_id),
            _get(Network, open_network()),
            _get(School, school_id),
            contact_email="victim@example.org",
        )
    assert refused.value.fields["contact_email"]
    db.session.rollback()
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    assert outbox() == []


def test_addresses_known_for_the_school_are_accepted(ctx):
    """A colleague's account or an earlier contact of the school may be the contact."""
    user_id, school_id = school_user()
    make_user(role="school", email="collega@school.be", school_ids=[school_id])
    earlier = make_registration(school_id=school_id, network_id=open_network())
    _get(Registration, earlier).contact_email = "directie@school.be"
    user, school = _get(User, user_id), _get(School, school_id)
    for address in ("Collega@School.be", "directie@school.be"):
        registration = _register(user, _get(Network, open_network()), school, contact_email=address)
        assert registration.contact_email == address.lower()


def test_coaches_still_type_any_contact_address(ctx):
    """Coaches and admins register paper sign-ups with whatever address the school gave."""
    admin = _get(User, make_user(role="admin"))
    registration = _register(
        admin, _get(Network, open_network()), _get(School, make_school()), contact_email="a@b.be"
    )
    assert registration.contact_email == "a@b.be"


@pytest.fixture
def tokens(app):
    """A coach's network, a school user and their tokens."""
    with app.app_context():
        coach = make_user(role="coach")
        user_id, school_id = school_user()
        network_id = open_network(coach_ids=[coach])
        registration_id = make_registration(school_id=make_school(), network_id=network_id)
        return {
            "coach": bearer(token_for(coach)),
            "admin": bearer(token_for(make_user(role="admin"))),
            "school": bearer(token_for(user_id)),
            "network": network_id,
            "registration": registration_id,
            "number": _get(School, school_id).institution_number,
            "free": _get(School, make_school()).institution_number,
        }


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2201-01-01"])
def test_api_dates_are_bounded(client, tokens, day):
    """The API refuses dates outside 1900..2200 (and before 2000 by the rule) with a 422."""
    registration = client.post(
        f"/api/v1/networks/{tokens['network']}/registrations",
        json={"institution_number": tokens["free"], "effective_on": day, "reason": "papier"},
        headers=tokens["coach"],
    )
    assert registration.status_code == 422
    move = client.post(
        f"/api/v1/registrations/{tokens['registration']}/transitions",
        json={"to": "accepted", "effective_on": day, "reason": "papier"},
        headers=tokens["coach"],
    )
    assert move.status_code == 422
    programme = client.post(
        "/api/v1/programmes", json={"name": "P", "starts_on": day}, headers=tokens["admin"]
    )
    assert programme.status_code == 422


def test_api_backdating_before_2000_is_a_422_with_a_dutch_message(client, tokens):
    """The report's reproduction: a registration as of 1950 is refused."""
    response = client.post(
        f"/api/v1/networks/{tokens['network']}/registrations",
        json={"institution_number": tokens["free"], "effective_on": "1950-01-01", "reason": "x"},
        headers=tokens["coach"],
    )
    assert response.status_code == 422
    assert "01/01/2000" in response.get_json()["error"]["message"]


def test_api_programme_start(client, tokens):
    """A programme created through the API carries its start."""
    response = client.post(
        "/api/v1/programmes",
        json={"name": "Met start", "starts_on": "2024-09-01"},
        headers=tokens["admin"],
    )
    assert response.status_code == 201
    assert response.get_json()["starts_on"] == "2024-09-01"


def test_api_school_user_contact_is_checked(client, tokens):
    """Through the API too, a school user's contact address must be known for the school."""
    response = client.post(
        f"/api/v1/networks/{tokens['network']}/registrations",
        json={"institution_number": tokens["number"], "contact_email": "victim@example.org"},
        headers=tokens["school"],
    )
    assert response.status_code == 422
    assert "eigen e-mailadres" in response.get_json()["error"]["message"]


def test_programme_page_sets_the_start(app, client):
    """An admin sets a programme's start on its page."""
    with app.app_context():
        make_user(role="admin", email="admin@test.be")
        programme_id = _get(Network, open_network()).programme_id
    login(client, "admin@test.be")
    url = f"/netwerken/programmas/{programme_id}"
    assert 'name="starts_on"' in client.get(url).get_data(as_text=True)
    data = {"name": "Hoogbegaafdheid", "is_active": "y", "starts_on": "01/09/2024"}
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        assert _get(Programme, programme_id).starts_on == date(2024, 9, 1)


def test_register_page_shows_the_refusal_at_the_field(app, client):
    """A coach's backdated registration without a reason: 422, the message on the page."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        network_id = open_network(coach_ids=[coach])
        school_id = make_school()
    login(client, "coach@test.be")
    data = {
        "school": school_id,
        "contact_name": "Els",
        "contact_email": "els@school.be",
        "commitment": "y",
        "effective_on": (today() - timedelta(days=2)).strftime("%d/%m/%Y"),
    }
    response = client.post(f"/netwerken/{network_id}/aanmelden", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Geef een reden voor een ingangsdatum in het verleden." in page
    assert 'class="invalid-feedback' in page or "is-invalid" in page


def test_roster_marks_backdated_moves(app, client):
    """A move recorded after the day it took effect is marked in the roster's history."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        network_id = open_network(coach_ids=[coach])
        make_registration(
            school_id=make_school(),
            network_id=network_id,
            history=[(S.submitted, today() - timedelta(days=9))],
        )
    login(client, "coach@test.be")
    page = client.get(f"/netwerken/{network_id}/aanmeldingen").get_data(as_text=True)
    assert "teruggedateerd" in page


def test_api_history_and_change_log_mark_a_backdated_move(client, tokens, caplog):
    """A backdated move says so in the API's history and in its change-log line."""
    day = (today() - timedelta(days=3)).isoformat()
    response = client.post(
        f"/api/v1/networks/{tokens['network']}/registrations",
        json={"institution_number": tokens["free"], "effective_on": day, "reason": "papier"},
        headers=tokens["coach"],
    )
    assert response.status_code == 201, response.get_json()
    assert [h["backdated"] for h in response.get_json()["history"]] == [True]
    assert any("backdated=True" in r.getMessage() for r in caplog.records)
