"""A registration's pages: the confirmation after registering, withdrawing through a
confirmation page, registering again, and changing the contact; who may see and do what."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.conftest import login
from tests.factories import make_registration, make_school, make_user
from tests.networks.factories import open_network, status_of

S = RegistrationStatus


@pytest.fixture
def scene(app):
    """A full network (capacity 1) with a coach: the school user's school accepted, another
    school waiting; users of every role, and a second school user."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        make_user(role="coach", email="other-coach@test.be")
        make_user(role="admin", email="admin@test.be")
        make_user(role="ministry", email="ministry@test.be")
        school_id = make_school(name="Sint-Jozefscollege")
        make_user(role="school", email="school@test.be", school_ids=[school_id])
        make_user(role="school", email="other-school@test.be")
        network_id = open_network(capacity=1, coach_ids=[coach])
        day = today() - timedelta(days=3)
        accepted = make_registration(
            school_id=school_id,
            network_id=network_id,
            history=[(S.submitted, day), (S.accepted, day)],
        )
        waiting = make_registration(
            school_id=make_school(name="Atheneum Noord"),
            network_id=network_id,
            history=[(S.submitted, day), (S.waitlisted, day)],
        )
        label = db.session.get(School, school_id).label
    return {"network": network_id, "accepted": accepted, "waiting": waiting, "label": label}


PAGES = ("", "/intrekken", "/contact")


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("school@test.be", {"", "/intrekken", "/contact"}),
        ("admin@test.be", {"", "/intrekken", "/contact"}),
        ("coach@test.be", {""}),
        ("other-coach@test.be", set()),
        ("other-school@test.be", set()),
        ("ministry@test.be", set()),
    ],
)
def test_who_sees_a_registrations_pages(client, scene, email, allowed):
    """Another school's registration is a 403 (page, withdraw, contact; GET and POST), an unknown
    one a 404; nothing changes for a refused POST."""
    login(client, email)
    for page in PAGES:
        url = f"/netwerken/inschrijvingen/{scene['accepted']}{page}"
        assert client.get(url).status_code == (200 if page in allowed else 403), url
    for page in ("/intrekken", "/contact"):
        if page not in allowed:
            url = f"/netwerken/inschrijvingen/{scene['accepted']}{page}"
            assert (
                client.post(url, data={"contact_name": "X", "contact_email": "x@x.be"}).status_code
                == 403
            )
    if allowed:
        assert client.get("/netwerken/inschrijvingen/999999").status_code == 404
    with client.application.app_context():
        registration = db.session.get(Registration, scene["accepted"])
        assert registration.status is S.accepted and registration.contact_name != "X"


def test_withdrawing_asks_first_and_then_gives_the_place_to_the_waiting_list(client, scene):
    """GET shows school, network and what happens, with a button and a way back; only the POST
    withdraws, and the first school on the waiting list takes the place."""
    login(client, "school@test.be")
    url = f"/netwerken/inschrijvingen/{scene['accepted']}/intrekken"
    page = client.get(url).get_data(as_text=True)
    assert scene["label"] in page and "Ja, inschrijving intrekken" in page
    assert "De plaats gaat meteen naar de eerste school op de wachtlijst." in page
    assert f'href="/netwerken/inschrijvingen/{scene["accepted"]}">Annuleren' in page
    with client.application.app_context():
        assert status_of(scene["accepted"]) is S.accepted  # a GET changes nothing
    response = client.post(url, data={"reason": "Te weinig tijd"})
    assert response.headers["Location"].endswith(f"/netwerken/inschrijvingen/{scene['accepted']}")
    with client.application.app_context():
        assert status_of(scene["accepted"]) is S.withdrawn
        assert status_of(scene["waiting"]) is S.accepted
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De inschrijving is ingetrokken." in after and "Opnieuw inschrijven" in after
    assert "Inschrijving intrekken</a>" not in after
    refused = client.get(url).get_data(as_text=True)
    assert "kan niet (meer) ingetrokken worden" in refused and "Ja, inschrijving" not in refused


def test_no_one_click_withdraw_is_left_on_the_schools_pages(client, scene):
    """My registrations and the network page link to the confirmation page; no form posts a
    withdrawal from them."""
    login(client, "school@test.be")
    for url in ("/netwerken/mijn-aanmeldingen", f"/netwerken/{scene['network']}"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<form[^>]*intrekken", page)
    mine = client.get("/netwerken/mijn-aanmeldingen").get_data(as_text=True)
    assert f'href="/netwerken/inschrijvingen/{scene["accepted"]}/intrekken"' in mine


def test_register_again_after_a_withdrawal_through_the_form(client, scene):
    """The registration page offers the form with the school chosen; sent, a new registration
    starts (the withdrawn one stays) and the school lands on the new one's confirmation, which
    names the earlier period."""
    login(client, "school@test.be")
    client.post(f"/netwerken/inschrijvingen/{scene['accepted']}/intrekken", data={})
    with client.application.app_context():
        school_id = db.session.get(Registration, scene["accepted"]).school_id
    url = f"/netwerken/{scene['network']}/aanmelden?school={school_id}"
    form = client.get(url).get_data(as_text=True)
    assert f'<option selected value="{school_id}">' in form
    assert client.get(f"/netwerken/{scene['network']}/aanmelden?school=abc").status_code == 400
    data = {
        "school": school_id,
        "contact_name": "Sofie",
        "contact_email": "school@test.be",
        "commitment": "y",
    }
    response = client.post(f"/netwerken/{scene['network']}/aanmelden", data=data)
    with client.application.app_context():
        ids = db.session.scalars(
            select(Registration.id)
            .where(Registration.school_id == school_id)
            .order_by(Registration.id)
        ).all()
        assert ids[0] == scene["accepted"] and len(ids) == 2
        assert status_of(scene["accepted"]) is S.withdrawn
        assert status_of(ids[1]) is S.submitted
    assert response.headers["Location"].endswith(f"/netwerken/inschrijvingen/{ids[1]}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "INS-" in page and "Wat gebeurt er nu?" in page
    day, now = (today() - timedelta(days=3)).strftime("%d/%m/%Y"), today().strftime("%d/%m/%Y")
    assert "Eerder ingeschreven:" in page and f"{day} - {now}</a>, ingetrokken" in page


def test_a_waitlisted_school_sees_its_place(client, app, scene):
    """The registration page and My registrations name the place on the waiting list."""
    with app.app_context():
        school_id = db.session.get(Registration, scene["waiting"]).school_id
        make_user(role="school", email="noord@test.be", school_ids=[school_id])
    login(client, "noord@test.be")
    for url in (f"/netwerken/inschrijvingen/{scene['waiting']}", "/netwerken/mijn-aanmeldingen"):
        assert "Uw school staat op plaats 1 van de wachtlijst." in client.get(url).get_data(
            as_text=True
        )


def test_the_school_changes_its_contact_within_the_known_addresses(client, app, scene):
    """Own address or one known for the school: saved; a stranger's address: refused with the
    field's message, nothing written. An admin types any address."""
    login(client, "school@test.be")
    url = f"/netwerken/inschrijvingen/{scene['accepted']}/contact"
    form = client.get(url).get_data(as_text=True)
    assert 'name="contact_email"' in form
    refused = client.post(url, data={"contact_name": "Jan", "contact_email": "jan@elders.be"})
    assert refused.status_code in (400, 422)
    assert "al gekend is voor deze school" in refused.get_data(as_text=True)
    ok = client.post(url, data={"contact_name": "Sofie Peeters", "contact_email": "school@test.be"})
    assert ok.status_code == 302
    with app.app_context():
        registration = db.session.get(Registration, scene["accepted"])
        assert (registration.contact_name, registration.contact_email) == (
            "Sofie Peeters",
            "school@test.be",
        )
    client.post("/afmelden")
    login(client, "admin@test.be")
    client.post(url, data={"contact_name": "Jan", "contact_email": "jan@elders.be"})
    with app.app_context():
        assert db.session.get(Registration, scene["accepted"]).contact_email == "jan@elders.be"


def test_the_coach_sees_the_place_without_the_schools_explanation(client, scene):
    """The network's coach reads the place on the waiting list; the explanation speaks to the
    school ("Uw school ...") and is not shown to the coach."""
    login(client, "coach@test.be")
    page = client.get(f"/netwerken/inschrijvingen/{scene['waiting']}").get_data(as_text=True)
    assert "Plaats op de wachtlijst: 1." in page and "Uw school" not in page


def test_the_roster_links_each_school_to_its_registration_for_managers_only(client, scene):
    """The coach follows a school's name to its registration page; ministry staff read codes and
    get no link (the page would be a 403 for them)."""
    link = f'href="/netwerken/inschrijvingen/{scene["waiting"]}"'
    login(client, "coach@test.be")
    assert link in client.get(f"/netwerken/{scene['network']}/aanmeldingen").get_data(as_text=True)
    client.post("/afmelden")
    login(client, "ministry@test.be")
    roster = client.get(f"/netwerken/{scene['network']}/aanmeldingen").get_data(as_text=True)
    assert "/netwerken/inschrijvingen/" not in roster
