"""The networks pages: role x route table, the register/withdraw flow, roster, bulk moves, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import (
    Call,
    Network,
    Programme,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.conftest import login
from tests.factories import make_registration, make_school, make_user
from tests.networks.factories import open_network
from tests.statements import statements_of_get

S = RegistrationStatus


@pytest.fixture
def scene(app):
    """A network with a coach, an open call and one registration of a school user's school."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        make_user(role="coach", email="other-coach@test.be")
        make_user(role="admin", email="admin@test.be")
        make_user(role="ministry", email="ministry@test.be")
        school_id = make_school(name="Sint-Jozefscollege Hasselt")
        make_user(role="school", email="school@test.be", school_ids=[school_id])
        make_user(role="school", email="other-school@test.be")
        network_id = open_network(capacity=3, coach_ids=[coach])
        registration_id = make_registration(school_id=school_id, network_id=network_id)
        call_id = db.session.scalar(select(Call.id))
        programme_id = db.session.scalar(select(Programme.id))
    return {
        "network": network_id,
        "registration": registration_id,
        "school": school_id,
        "call": call_id,
        "programme": programme_id,
    }


ROLES = ("admin", "ministry", "coach", "other-coach", "school", "other-school")
A, M, C, OC, SC, OS = ROLES
EVERYONE = set(ROLES)
# route -> who gets a 200 (everyone else a 403)
GET_ROUTES = {
    "/netwerken/oproepen": {A, C, OC, SC, OS},
    "/netwerken/": EVERYONE,
    "/netwerken/{network}": EVERYONE,
    "/netwerken/{network}/aanmelden": {A, C, SC, OS},
    "/netwerken/mijn-aanmeldingen": {SC, OS},
    "/netwerken/{network}/aanmeldingen": {A, M, C},
    "/netwerken/{network}/aanmeldingen.csv": {A, M, C},
    "/netwerken/programmas": {A},
    "/netwerken/programmas/{programme}": {A},
    "/netwerken/nieuw": {A},
    "/netwerken/{network}/bewerken": {A},
    "/netwerken/oproepen/beheer": {A},
    "/netwerken/oproepen/nieuw": {A},
    "/netwerken/oproepen/{call}/bewerken": {A},
    "/netwerken/inschrijvingen/{registration}": {A, C, SC},
    "/netwerken/inschrijvingen/{registration}/intrekken": {A, SC},
    "/netwerken/aanmeldingen/{registration}/intrekken": {A, SC},
    "/netwerken/inschrijvingen/{registration}/contact": {A, SC},
}
POST_ROUTES = {
    "/netwerken/{network}/aanmelden": {A, C, SC, OS},
    "/netwerken/aanmeldingen/{registration}/intrekken": {A, SC},
    "/netwerken/inschrijvingen/{registration}/intrekken": {A, SC},
    "/netwerken/inschrijvingen/{registration}/contact": {A, SC},
    "/netwerken/{network}/aanmeldingen": {A, C},
    "/netwerken/programmas": {A},
    "/netwerken/nieuw": {A},
    "/netwerken/oproepen/nieuw": {A},
}


@pytest.mark.parametrize("role", ROLES)
def test_route_by_role_table(app, client, scene, role):
    """Every page answers 200 (GET) or not 403 (POST) for the roles in the table, 403 otherwise."""
    login(client, f"{role}@test.be")
    wrong = []
    for route, allowed in GET_ROUTES.items():
        url = route.format(**scene)
        code = client.get(url).status_code
        if code != (200 if role in allowed else 403):
            wrong.append(("GET", url, code))
    for route, allowed in POST_ROUTES.items():
        url = route.format(**scene)
        code = client.post(url, data={}).status_code
        if (code == 403) == (role in allowed):
            wrong.append(("POST", url, code))
    assert wrong == []


def test_anonymous_users_are_sent_to_login(client, scene):
    """Every page asks for a login first."""
    for route in GET_ROUTES:
        response = client.get(route.format(**scene))
        assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]


def test_unknown_ids_are_404(client, scene):
    """Unknown ids: 404 before the per-object 403 (the role check comes first)."""
    login(client, "other-coach@test.be")
    assert client.get("/netwerken/999999").status_code == 404
    assert client.get("/netwerken/999999/aanmeldingen").status_code == 404
    assert client.get("/netwerken/999999/aanmelden").status_code == 404
    assert client.get("/netwerken/oproepen/999999/bewerken").status_code == 403  # admin only
    client.post("/afmelden")
    login(client, "school@test.be")
    assert client.post("/netwerken/aanmeldingen/999999/intrekken").status_code == 404


def test_school_registers_through_the_form(app, client, scene, outbox):
    """A school user signs up its school: redirect, registration, history, mail in Dutch."""
    with app.app_context():
        school_id = make_school(name="Basisschool De Regenboog")
        make_user(role="school", email="sofie@test.be", school_ids=[school_id])
    login(client, "sofie@test.be")
    url = f"/netwerken/{scene['network']}/aanmelden"
    page = client.get(url).get_data(as_text=True)
    assert "Basisschool De Regenboog" in page and 'name="commitment"' in page
    missing = client.post(url, data={"school": school_id, "contact_name": "Sofie"})
    assert missing.status_code == 422
    assert "Bevestig het engagement" in missing.get_data(as_text=True)
    data = {
        "school": school_id,
        "contact_name": "Sofie",
        "contact_email": "sofie@test.be",  # her own account's address
        "motivation": "Graag",
        "commitment": "y",
    }
    response = client.post(url, data=data)
    assert response.status_code == 302
    with app.app_context():
        registration = db.session.scalar(
            select(Registration).where(Registration.school_id == school_id)
        )
        assert registration.status is S.submitted and registration.commitment
        assert len(registration.status_changes) == 1
        reference = registration.reference
        assert response.headers["Location"].endswith(f"/netwerken/inschrijvingen/{registration.id}")
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    assert reference in confirmation and "Wat gebeurt er nu?" in confirmation
    assert "De inschrijving is ontvangen" in confirmation and "Mijn inschrijvingen" in confirmation
    assert "ingediend" in outbox()[-1]
    again = client.post(url, data=data, follow_redirects=True)
    assert "al ingeschreven" in again.get_data(as_text=True)
    mine = client.get("/netwerken/mijn-aanmeldingen").get_data(as_text=True)
    assert "Basisschool De Regenboog" in mine and "Inschrijving intrekken" in mine


def test_school_cannot_register_another_school_through_the_form(app, client, scene):
    """A school id outside the user's schools is not a valid choice: nothing is written."""
    login(client, "school@test.be")
    with app.app_context():
        other = make_school()
    response = client.post(
        f"/netwerken/{scene['network']}/aanmelden",
        data={"school": other, "contact_name": "X", "contact_email": "x@x.be", "commitment": "y"},
    )
    assert response.status_code == 422
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(Registration.id)).where(Registration.school_id == other)
            )
            == 0
        )


def test_admin_registers_outside_a_call_only_with_a_reason(app, client, scene):
    """Without an open call the admin's form asks for a reason."""
    with app.app_context():
        network_id = open_network(with_call=False)
        school_id = make_school()
    login(client, "admin@test.be")
    url = f"/netwerken/{network_id}/aanmelden"
    data = {"school": school_id, "contact_name": "X", "contact_email": "x@x.be", "commitment": "y"}
    refused = client.post(url, data=data, follow_redirects=True)
    assert "geef een reden" in refused.get_data(as_text=True)
    ok = client.post(url, data={**data, "reason": "Per mail aangemeld"})
    assert ok.status_code == 302
    with app.app_context():
        registration = db.session.scalar(
            select(Registration).where(Registration.network_id == network_id)
        )
        assert registration.status_changes[0].reason == "Per mail aangemeld"


def test_school_withdraws_and_other_school_cannot(app, client, scene):
    """The school withdraws its own registration; another school's user gets a 403."""
    url = f"/netwerken/aanmeldingen/{scene['registration']}/intrekken"
    login(client, "other-school@test.be")
    assert client.post(url, data={"reason": "x"}).status_code == 403
    client.post("/afmelden")
    login(client, "school@test.be")
    response = client.post(url, data={"reason": "Te weinig tijd"})
    assert response.status_code == 302
    with app.app_context():
        registration = db.session.get(Registration, scene["registration"])
        assert registration.status is S.withdrawn
        assert registration.status_changes[-1].reason == "Te weinig tijd"
    again = client.post(url, data={}, follow_redirects=True)
    assert "kan niet naar" in again.get_data(as_text=True)


def _add_submitted(app, network_id: int, n: int) -> list[int]:
    with app.app_context():
        return [
            make_registration(
                school_id=make_school(),
                network_id=network_id,
                history=[(S.submitted, today() - timedelta(days=10))],
            )
            for _ in range(n)
        ]


def test_coach_bulk_accepts_with_reason_and_effective_date(app, client, scene):
    """Bulk accept two with a reason and a Belgian date; a third over capacity refuses them all."""
    ids = _add_submitted(app, scene["network"], 3)
    login(client, "coach@test.be")
    url = f"/netwerken/{scene['network']}/aanmeldingen"
    day = today() - timedelta(days=2)
    too_many = client.post(
        url,
        data={"registrations": ids + [scene["registration"]], "to": "accepted", "reason": "ok"},
        follow_redirects=True,
    )
    assert "Niets gewijzigd" in too_many.get_data(as_text=True)
    response = client.post(
        url,
        data={
            "registrations": ids[:2],
            "to": "accepted",
            "reason": "Welkom",
            "effective_on": day.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(
            select(RegistrationStatusChange)
            .where(RegistrationStatusChange.to_status == S.accepted)
            .order_by(RegistrationStatusChange.registration_id)
        ).all()
        assert [(r.registration_id, r.effective_on, r.reason) for r in rows] == [
            (ids[0], day, "Welkom"),
            (ids[1], day, "Welkom"),
        ]
    bad_date = client.post(
        url, data={"registrations": [ids[2]], "to": "waitlisted", "effective_on": "31/02/2024"}
    )
    assert bad_date.status_code == 422
    assert "Ongeldige datum" in bad_date.get_data(as_text=True)


def test_roster_filters_waiting_list_and_bad_filter(app, client, scene):
    """Filter on status; the waiting list in order; a wrong filter value is a 400 in Dutch."""
    with app.app_context():
        names = []
        for i in range(2):
            school_id = make_school(name=f"Wachtschool {i}")
            make_registration(
                school_id=school_id,
                network_id=scene["network"],
                history=[(S.submitted, today()), (S.waitlisted, today())],
            )
            names.append(f"Wachtschool {i}")
    login(client, "coach@test.be")
    url = f"/netwerken/{scene['network']}/aanmeldingen"
    page = client.get(url + "?status=waitlisted").get_data(as_text=True)
    assert "Wachtschool 0" in page and "Sint-Jozefscollege Hasselt" not in page
    waiting = page.split("Wachtlijst")[-1]
    assert waiting.index("Wachtschool 0") < waiting.index("Wachtschool 1")
    bad = client.get(url + "?status=bijna")
    assert bad.status_code == 400 and "Ongeldige waarde" in bad.get_data(as_text=True)


def _read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_roster_csv_reads_back_and_ministry_gets_codes(app, client, scene):
    """The CSV is ;-separated with a BOM; admins see names, ministry only pseudonymous codes."""
    login(client, "admin@test.be")
    rows = _read_csv(client.get(f"/netwerken/{scene['network']}/aanmeldingen.csv"))
    assert rows[0][:3] == ["Schoolcode", "Instellingsnummer", "School"]
    assert len(rows) == 2
    assert rows[1][2] == "Sint-Jozefscollege Hasselt" and "ingediend" in rows[1]
    client.post("/afmelden")
    login(client, "ministry@test.be")
    response = client.get(f"/netwerken/{scene['network']}/aanmeldingen.csv")
    assert response.mimetype == "text/csv"
    rows = _read_csv(response)
    assert "School" not in rows[0] and rows[1][0].startswith("S-")
    assert "Sint-Jozefscollege" not in response.get_data(as_text=True)
    page = client.get(f"/netwerken/{scene['network']}/aanmeldingen").get_data(as_text=True)
    assert "Sint-Jozefscollege Hasselt" not in page and "Toepassen" not in page


def test_admin_creates_programme_network_and_call(app, client, scene):
    """Admin pages: a programme, a network with anchors by institution number, a call."""
    with app.app_context():
        anchors = [make_school() for _ in range(3)]
        numbers = [db.session.get(School, i).institution_number for i in anchors]
        coach_id = make_user(role="coach")
    login(client, "admin@test.be")
    assert client.post("/netwerken/programmas", data={"name": "Leerpunt"}).status_code == 302
    dup = client.post("/netwerken/programmas", data={"name": "leerpunt"})
    assert "bestaat al" in dup.get_data(as_text=True)
    with app.app_context():
        programme_id = db.session.scalar(select(Programme.id).where(Programme.name == "Leerpunt"))
    form = {
        "name": "LG Wiskunde",
        "programme": programme_id,
        "type": "leergemeenschap",
        "level": "secundair",
        "province": "",
        "capacity": "10",
        "anchors": ", ".join(numbers),
        "coaches": [coach_id],
        "is_active": "y",
    }
    three = client.post("/netwerken/nieuw", data=form, follow_redirects=True)
    assert "hoogstens twee" in three.get_data(as_text=True)
    unknown = client.post(
        "/netwerken/nieuw", data={**form, "anchors": "000"}, follow_redirects=True
    )
    assert "Onbekend instellingsnummer" in unknown.get_data(as_text=True)
    created = client.post("/netwerken/nieuw", data={**form, "anchors": ", ".join(numbers[:2])})
    assert created.status_code == 302
    with app.app_context():
        network = db.session.scalar(select(Network).where(Network.name == "LG Wiskunde"))
        assert {s.id for s in network.anchors} == set(anchors[:2])
        assert [u.id for u in network.coaches] == [coach_id]
        network_id = network.id
    call = client.post(
        "/netwerken/oproepen/nieuw",
        data={
            "title": "Oproep Leerpunt",
            "programme": programme_id,
            "opens_on": today().isoformat(),
            "closes_on": (today() + timedelta(days=20)).isoformat(),
            "starts_on": (today() + timedelta(days=40)).isoformat(),
            "networks": [network_id],
        },
    )
    assert call.status_code == 302
    calls = client.get("/netwerken/oproepen").get_data(as_text=True)
    assert "Oproep Leerpunt" in calls and "LG Wiskunde" in calls


def test_index_filters_and_pages(app, client, scene):
    """The list filters on level; a wrong level is a 400; pages hold 25 networks."""
    with app.app_context():
        for _ in range(26):
            open_network(with_call=False)
        basis = open_network(with_call=False)
        db.session.get(Network, basis).level = "basis"
        db.session.get(Network, basis).name = "Basisnetwerk"
        db.session.commit()
    login(client, "school@test.be")
    page = client.get("/netwerken/?level=basis").get_data(as_text=True)
    assert "Basisnetwerk" in page and "1 netwerk gevonden" in page
    assert "Pagina 1 van 2" in client.get("/netwerken/").get_data(as_text=True)
    assert client.get("/netwerken/?level=kleuter").status_code == 400
    assert client.get("/netwerken/?page=abc").status_code == 400


def test_roster_and_index_query_count_does_not_grow_with_data(app, client, scene):
    """No N+1: the roster and the list run as many statements for 3 as for 13 registrations."""
    login(client, "admin@test.be")
    roster = f"/netwerken/{scene['network']}/aanmeldingen"
    _add_submitted(app, scene["network"], 2)
    few = (statements_of_get(app, client, roster), statements_of_get(app, client, "/netwerken/"))
    _add_submitted(app, scene["network"], 10)
    with app.app_context():
        for _ in range(5):
            open_network(with_call=False)
    many = (statements_of_get(app, client, roster), statements_of_get(app, client, "/netwerken/"))
    assert few == many


def test_ministry_sees_no_person_or_reason_in_the_history(app, client, scene):
    """Who made a move shows as a role and the free-text reason is left out for the ministry
    (either may name a person or the school); the network's coach sees both."""
    with app.app_context():
        coach = db.session.scalar(select(User).where(User.email == "coach@test.be"))
        coach.name = "Koen Vermeulen"
        registration = db.session.get(Registration, scene["registration"])
        registration.status_changes.append(
            RegistrationStatusChange(
                from_status=S.submitted,
                to_status=S.waitlisted,
                effective_on=today(),
                actor=coach,
                reason="Sint-Jozefscollege belde: wacht op de directie",
            )
        )
        registration.status = S.waitlisted
        db.session.commit()
    url = f"/netwerken/{scene['network']}/aanmeldingen"
    login(client, "coach@test.be")
    page = client.get(url).get_data(as_text=True)
    assert "Koen Vermeulen" in page and "wacht op de directie" in page
    client.post("/afmelden")
    login(client, "ministry@test.be")
    page = client.get(url).get_data(as_text=True)
    assert "Koen Vermeulen" not in page and "wacht op de directie" not in page
    assert "procescoach" in page  # the role instead of the name
