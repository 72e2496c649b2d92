"""The write API of calls, programmes, networks, registrations (the contact) and schools: each
write driven over HTTP, then the same object read through its page and through the read API."""

from datetime import date, timedelta

import pytest

from netwerk.extensions import db
from netwerk.networks.models import Call, Network, Registration
from tests.conftest import login
from tests.factories import (
    make_call,
    make_network,
    make_programme,
    make_registration,
    make_school,
    make_user,
)
from tests.networks.factories import bearer, token_for

TODAY = date.today()


@pytest.fixture
def world(app):
    """A programme with two networks, a school user with a registration, tokens per role."""
    with app.app_context():
        admin = make_user(role="admin", email="beheer@test.be")
        coach = make_user(role="coach", email="coach@test.be")
        programme = make_programme("Hoogbegaafdheid")
        network = make_network(programme_id=programme, name="Netwerk Noord", coach_ids=[coach])
        second = make_network(programme_id=programme, name="Netwerk Zuid")
        school = make_school(name="Eigen school", institution_number="111111")
        school_user = make_user(role="school", email="school@test.be", school_ids=[school])
        registration = make_registration(school_id=school, network_id=network)
        return {
            "programme": programme,
            "network": network,
            "second": second,
            "school": school,
            "registration": registration,
            "admin": bearer(token_for(admin)),
            "coach": bearer(token_for(coach)),
            "school_user": bearer(token_for(school_user)),
            "other_school": bearer(token_for(make_user(role="school"))),
            "ministry": bearer(token_for(make_user(role="ministry"))),
        }


def _page(client, url: str, email: str = "beheer@test.be") -> str:
    login(client, email)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# --- calls ---------------------------------------------------------------------------------------


def _call_body(world, **changes) -> dict:
    return {
        "title": "Oproep 2026",
        "programme_id": world["programme"],
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + timedelta(days=30)).isoformat(),
        "starts_on": (TODAY + timedelta(days=60)).isoformat(),
        "text": "Schrijf u in.",
        "network_ids": [world["network"]],
        **changes,
    }


def test_call_created_read_and_changed(app, client, world):
    """POST a call; the admin page, GET and the list show it; PATCH its networks and window."""
    created = client.post("/api/v1/calls", json=_call_body(world), headers=world["admin"])
    assert created.status_code == 201, created.json
    call = created.json
    assert call["network_ids"] == [world["network"]] and call["version"] == 1
    assert "Oproep 2026" in _page(client, "/netwerken/oproepen/beheer")
    assert client.get(f"/api/v1/calls/{call['id']}", headers=world["school_user"]).json == call
    open_today = client.get(f"/api/v1/calls?open_on={TODAY}", headers=world["coach"]).json
    assert [c["id"] for c in open_today["items"]] == [call["id"]]
    # The network's own body names the call too.
    network = client.get(f"/api/v1/networks/{world['network']}", headers=world["admin"]).json
    assert [c["id"] for c in network["calls"]] == [call["id"]]

    changed = client.patch(
        f"/api/v1/calls/{call['id']}",
        json={"network_ids": [world["network"], world["second"]], "version": 1},
        headers=world["admin"],
    )
    assert changed.status_code == 200, changed.json
    assert sorted(changed.json["network_ids"]) == sorted([world["network"], world["second"]])
    # Only links changed, yet the version went up: a client that read version 1 is stale.
    assert changed.json["version"] == 2
    assert changed.json["title"] == "Oproep 2026"
    stale = client.patch(
        f"/api/v1/calls/{call['id']}", json={"title": "X", "version": 1}, headers=world["admin"]
    )
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale_version"


def test_call_rules_are_the_pages(app, client, world):
    """A window that closes before it opens and a network of another programme: Dutch 422s."""
    backwards = client.post(
        "/api/v1/calls",
        json=_call_body(world, closes_on=(TODAY - timedelta(days=1)).isoformat()),
        headers=world["admin"],
    )
    assert backwards.status_code == 422
    assert "sluiten voor ze opent" in backwards.json["error"]["message"]
    with app.app_context():
        foreign = make_network(name="Elders")
    other = client.post(
        "/api/v1/calls", json=_call_body(world, network_ids=[foreign]), headers=world["admin"]
    )
    assert other.status_code == 422 and "Elders" in other.json["error"]["message"]
    with app.app_context():
        assert db.session.query(Call).count() == 0


@pytest.mark.parametrize("role", ["coach", "school_user", "ministry"])
def test_only_admins_write_calls(app, client, world, role):
    """Everyone reads calls; only admins create and change them."""
    with app.app_context():
        call = make_call(programme_id=world["programme"], network_ids=[world["network"]])
    assert client.get(f"/api/v1/calls/{call}", headers=world[role]).status_code == 200
    assert (
        client.post("/api/v1/calls", json=_call_body(world), headers=world[role]).status_code == 403
    )
    response = client.patch(
        f"/api/v1/calls/{call}", json={"title": "X", "version": 1}, headers=world[role]
    )
    assert response.status_code == 403


# --- programmes and networks ---------------------------------------------------------------------


def test_programme_patch(app, client, world):
    """PATCH a programme's name and start; the programmes page and GET show it."""
    url = f"/api/v1/programmes/{world['programme']}"
    version = client.get(url, headers=world["coach"]).json["version"]
    changed = client.patch(
        url,
        json={"name": "Hoogbegaafdheid 2.0", "starts_on": "2020-09-01", "version": version},
        headers=world["admin"],
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["starts_on"] == "2020-09-01" and changed.json["is_active"] is True
    assert "Hoogbegaafdheid 2.0" in _page(client, "/netwerken/programmas")
    listed = client.get("/api/v1/programmes", headers=world["admin"]).json["items"]
    assert listed[0]["name"] == "Hoogbegaafdheid 2.0"
    with app.app_context():
        taken = make_programme("Bezet")
    clash = client.patch(
        f"/api/v1/programmes/{taken}", json={"name": "hoogbegaafdheid 2.0", "version": 1},
        headers=world["admin"],
    )  # fmt: skip
    assert clash.status_code == 409 and clash.json["error"]["code"] == "conflict"
    missing = client.patch(url, json={"name": "Zonder versie"}, headers=world["admin"])
    assert missing.status_code == 422


def test_network_patch_changes_what_the_edit_page_changes(app, client, world):
    """Name, capacity, rhythm and coaches by PATCH; the network page and GET show them."""
    url = f"/api/v1/networks/{world['network']}"
    before = client.get(url, headers=world["admin"]).json
    changed = client.patch(
        url,
        json={
            "name": "Netwerk Noord-Oost",
            "capacity": 12,
            "rhythm": "maandelijks",
            "coaches": [],
            "version": before["version"],
        },
        headers=world["admin"],
    )
    assert changed.status_code == 200, changed.json
    body = changed.json
    assert body["name"] == "Netwerk Noord-Oost" and body["capacity"] == 12
    assert body["coaches"] == [] and body["version"] == before["version"] + 1
    assert body["anchors"] == before["anchors"]  # what was not sent stays
    assert client.get(url, headers=world["admin"]).json["rhythm"] == "maandelijks"
    assert "Netwerk Noord-Oost" in _page(client, f"/netwerken/{world['network']}")
    stale = client.patch(
        url, json={"name": "Oud", "version": before["version"]}, headers=world["admin"]
    )
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale_version"
    with app.app_context():
        assert db.session.get(Network, world["network"]).name == "Netwerk Noord-Oost"


def test_network_patch_refuses_a_capacity_below_the_accepted(app, client, world):
    """The page's rule: never fewer places than schools accepted (Dutch 422)."""
    with app.app_context():
        for _ in range(2):
            make_registration(
                school_id=make_school(), network_id=world["second"], history=[("accepted", TODAY)]
            )
    response = client.patch(
        f"/api/v1/networks/{world['second']}", json={"capacity": 1, "version": 1},
        headers=world["admin"],
    )  # fmt: skip
    assert response.status_code == 422
    assert "capaciteit" in response.json["error"]["message"]


# --- registrations and schools -------------------------------------------------------------------


def test_school_user_changes_own_registrations_contact(app, client, world):
    """The contact by PATCH; the registration page and GET show it; others are refused."""
    url = f"/api/v1/registrations/{world['registration']}"
    version = client.get(url, headers=world["school_user"]).json["version"]
    body = {"contact_name": "An Directeur", "contact_email": "", "version": version}
    changed = client.patch(url, json=body, headers=world["school_user"])
    assert changed.status_code == 200, changed.json
    assert changed.json["contact_name"] == "An Directeur"
    assert changed.json["version"] == version + 1
    page = _page(client, f"/netwerken/inschrijvingen/{world['registration']}", "school@test.be")
    assert "An Directeur" in page
    for role in ("other_school", "coach", "ministry"):
        refused = client.patch(url, json={**body, "version": version + 1}, headers=world[role])
        assert refused.status_code == 403, role
    stale = client.patch(url, json=body, headers=world["admin"])
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(Registration, world["registration"]).contact_name == "An Directeur"


def test_a_school_user_may_not_name_a_stranger_as_contact(client, world):
    """The page's rule (L7): a school user's contact address must be known for the school."""
    url = f"/api/v1/registrations/{world['registration']}"
    body = {"contact_name": "X", "contact_email": "vreemde@elders.be", "version": 1}
    response = client.patch(url, json=body, headers=world["school_user"])
    assert response.status_code == 422
    assert response.json["error"]["message"]


def test_school_patch(app, client, world):
    """PATCH a school's name by the import's rules; the school page and GET show it."""
    url = f"/api/v1/schools/{world['school']}"
    before = client.get(url, headers=world["admin"]).json
    changed = client.patch(
        url, json={"name": "Nieuwe naam", "version": before["version"]}, headers=world["admin"]
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["name"] == "Nieuwe naam"
    assert changed.json["public_code"] == before["public_code"]
    assert changed.json["version"] == before["version"] + 1
    assert "Nieuwe naam" in _page(client, f"/scholen/{world['school']}")
    bad = client.patch(
        url, json={"level": "hogeschool", "version": before["version"] + 1}, headers=world["admin"]
    )
    assert bad.status_code == 422
    assert "level" in bad.json["error"]["details"]["json"]
    for role in ("school_user", "coach", "ministry"):
        refused = client.patch(url, json={"name": "X", "version": 2}, headers=world[role])
        assert refused.status_code == 403, role
