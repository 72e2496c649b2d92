"""The write API of staff members, assignments and hour entries: each write driven over HTTP, then
the same object read through its page and through the read API."""

from datetime import date, timedelta

import pytest

from netwerk.effort.models import HourEntry, StaffAssignment, StaffMember
from netwerk.extensions import db
from tests.conftest import login
from tests.effort.factories import close, make_assignment, make_hours, make_staff, make_token
from tests.factories import make_network, make_school, make_user
from tests.networks.factories import bearer

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def world(app):
    """An admin, a coach on one network, the coach's staff member, tokens per role."""
    with app.app_context():
        admin = make_user(role="admin", email="beheer@test.be")
        coach = make_user(role="coach", email="coach@test.be")
        anchor = make_school(name="Ankerschool")
        network = make_network(name="Eigen netwerk", anchor_ids=[anchor], coach_ids=[coach])
        other = make_network(name="Ander netwerk")
        own = make_staff("Koen Coach", user_id=coach)
        return {
            "network": network,
            "other": other,
            "anchor": anchor,
            "own": own,
            "admin": bearer(make_token(admin)),
            "coach": bearer(make_token(coach)),
            "ministry": bearer(make_token(make_user(role="ministry"))),
        }


def _page(client, url: str, email: str = "beheer@test.be") -> str:
    login(client, email)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# --- staff members -------------------------------------------------------------------------------


def test_staff_member_created_read_changed_and_deleted(app, client, world):
    """POST, then the page and GET show it; PATCH with its version; DELETE answers 204."""
    created = client.post(
        "/api/v1/staff",
        json={"name": "Els Medewerker", "email": "Els@School.be", "seniority_years": 12},
        headers=world["admin"],
    )
    assert created.status_code == 201, created.json
    member = created.json
    assert member["email"] == "els@school.be" and member["version"] == 1
    assert "Els Medewerker" in _page(client, f"/inzet/medewerkers/{member['id']}")
    assert client.get(f"/api/v1/staff/{member['id']}", headers=world["admin"]).json == member
    listed = client.get("/api/v1/staff", headers=world["admin"]).json
    assert member["id"] in [m["id"] for m in listed["items"]]

    changed = client.patch(
        f"/api/v1/staff/{member['id']}",
        json={"name": "Els Nieuw", "version": 1},
        headers=world["admin"],
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["name"] == "Els Nieuw" and changed.json["version"] == 2
    assert changed.json["seniority_years"] == 12  # what was not sent stays
    assert "Els Nieuw" in _page(client, f"/inzet/medewerkers/{member['id']}")

    assert client.delete(f"/api/v1/staff/{member['id']}", headers=world["admin"]).status_code == 204
    assert client.get(f"/api/v1/staff/{member['id']}", headers=world["admin"]).status_code == 404


def test_staff_patch_without_or_with_an_old_version(app, client, world):
    """No version: 422 naming the field; an old one: 409 stale_version, nothing written."""
    url = f"/api/v1/staff/{world['own']}"
    missing = client.patch(url, json={"name": "X"}, headers=world["admin"])
    assert missing.status_code == 422
    assert "version" in missing.json["error"]["details"]["json"]
    first = client.patch(url, json={"name": "Eerste", "version": 1}, headers=world["admin"])
    assert first.status_code == 200
    stale = client.patch(url, json={"name": "Tweede", "version": 1}, headers=world["admin"])
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "stale_version"
    with app.app_context():
        assert db.session.get(StaffMember, world["own"]).name == "Eerste"


def test_a_page_save_makes_the_api_version_stale(app, client, world):
    """An edit on the page raises the version: a PATCH with the version read before is refused."""
    login(client, "beheer@test.be")
    with app.app_context():
        assert db.session.get(StaffMember, world["own"]).version == 1
    page = client.post(
        f"/inzet/medewerkers/{world['own']}/bewerken",
        data={"name": "Via de pagina", "email": "", "user_id": 0},
    )
    assert page.status_code == 302
    stale = client.patch(
        f"/api/v1/staff/{world['own']}", json={"name": "Via API", "version": 1},
        headers=world["admin"],
    )  # fmt: skip
    assert stale.status_code == 409


def test_staff_member_with_hours_is_not_deleted(app, client, world):
    """As on the page: refused once they logged hours, 409 has_hours with a Dutch reason."""
    with app.app_context():
        make_hours(world["own"], world["network"], YESTERDAY, 60)
    response = client.delete(f"/api/v1/staff/{world['own']}", headers=world["admin"])
    assert response.status_code == 409
    assert response.json["error"]["code"] == "has_hours"
    assert "urenregistratie" in response.json["error"]["message"]


@pytest.mark.parametrize("role", ["coach", "ministry"])
def test_only_admins_write_staff(client, world, role):
    """Coaches and the ministry: 403 on every staff write."""
    assert client.post("/api/v1/staff", json={"name": "X"}, headers=world[role]).status_code == 403
    url = f"/api/v1/staff/{world['own']}"
    assert (
        client.patch(url, json={"name": "X", "version": 1}, headers=world[role]).status_code == 403
    )
    assert client.delete(url, headers=world[role]).status_code == 403


# --- assignments ---------------------------------------------------------------------------------


def _assignment_body(world, **changes) -> dict:
    return {
        "staff_member_id": world["own"],
        "role": "procescoach",
        "fte": "0.500",
        "funding_source": "projectsubsidie",
        "starts_on": "2025-09-01",
        "ends_on": "2026-08-31",
        "network_id": world["network"],
        **changes,
    }


def test_assignment_created_read_changed_and_deleted(app, client, world):
    """FTE as a decimal string in and out; the page and the read list show it; DELETE 204."""
    created = client.post(
        "/api/v1/assignments", json=_assignment_body(world), headers=world["admin"]
    )
    assert created.status_code == 201, created.json
    body = created.json
    assert body["fte"] == "0.500" and body["network_id"] == world["network"]
    assert "0,500" in _page(client, f"/inzet/medewerkers/{world['own']}")
    listed = client.get(
        f"/api/v1/assignments?staff_member_id={world['own']}", headers=world["admin"]
    ).json
    assert [a["id"] for a in listed["items"]] == [body["id"]]
    assert client.get(f"/api/v1/assignments/{body['id']}", headers=world["coach"]).json == body

    changed = client.patch(
        f"/api/v1/assignments/{body['id']}",
        json={"fte": "0,4", "anchor_school_id": world["anchor"], "version": body["version"]},
        headers=world["admin"],
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["fte"] == "0.400"
    assert changed.json["anchor_school_id"] == world["anchor"]
    assert changed.json["network_id"] is None  # a target sent replaces the old one
    assert changed.json["version"] == body["version"] + 1

    gone = client.delete(f"/api/v1/assignments/{body['id']}", headers=world["admin"])
    assert gone.status_code == 204
    with app.app_context():
        assert db.session.get(StaffAssignment, body["id"]) is None


def test_assignment_rules_are_the_pages(app, client, world):
    """Two targets, a bad FTE and an overload: Dutch refusals; the overload needs confirming."""
    two = client.post(
        "/api/v1/assignments",
        json=_assignment_body(world, programme_id=None, anchor_school_id=world["anchor"]),
        headers=world["admin"],
    )
    assert two.status_code == 422
    assert "precies één doel" in two.json["error"]["message"]
    bad = client.post(
        "/api/v1/assignments", json=_assignment_body(world, fte="twee"), headers=world["admin"]
    )
    assert bad.status_code == 422 and "VTE" in bad.json["error"]["message"]
    with app.app_context():
        make_assignment(world["own"], "0.8", date(2025, 9, 1), network_id=world["other"])
    over = client.post("/api/v1/assignments", json=_assignment_body(world), headers=world["admin"])
    assert over.status_code == 409 and over.json["error"]["code"] == "overload"
    confirmed = client.post(
        "/api/v1/assignments",
        json=_assignment_body(world, confirm_overload=True),
        headers=world["admin"],
    )
    assert confirmed.status_code == 201
    assert confirmed.json["overload_confirmed_at"] is not None


def test_a_coach_reads_but_does_not_write_assignments(app, client, world):
    """Coaches read the assignments of their networks; writing them is an admin's."""
    with app.app_context():
        mine = make_assignment(world["own"], "0.5", date(2025, 9, 1), network_id=world["network"])
        elsewhere = make_assignment(
            make_staff("Iemand anders"), "0.5", date(2025, 9, 1), network_id=world["other"]
        )
    assert client.get(f"/api/v1/assignments/{mine}", headers=world["coach"]).status_code == 200
    assert client.get(f"/api/v1/assignments/{elsewhere}", headers=world["coach"]).status_code == 403
    response = client.post(
        "/api/v1/assignments", json=_assignment_body(world), headers=world["coach"]
    )
    assert response.status_code == 403


# --- hour entries --------------------------------------------------------------------------------


def _hours_body(world, **changes) -> dict:
    return {
        "worked_on": YESTERDAY.isoformat(),
        "minutes": 90,
        "activity": "bijeenkomst",
        "network_id": world["network"],
        "note": "netwerkdag",
        **changes,
    }


def test_coach_logs_changes_and_deletes_own_hours(app, client, world):
    """A coach's POST lands on their own staff member; the week page and the list show it."""
    created = client.post("/api/v1/hour-entries", json=_hours_body(world), headers=world["coach"])
    assert created.status_code == 201, created.json
    entry = created.json
    assert entry["staff_member_id"] == world["own"] and entry["minutes"] == 90
    page = _page(client, f"/inzet/uren?week={YESTERDAY.isoformat()}", "coach@test.be")
    assert "netwerkdag" in page
    listed = client.get("/api/v1/hour-entries", headers=world["coach"]).json
    assert [e["id"] for e in listed["items"]] == [entry["id"]]
    assert client.get(f"/api/v1/hour-entries/{entry['id']}", headers=world["admin"]).json == entry

    changed = client.patch(
        f"/api/v1/hour-entries/{entry['id']}",
        json={"minutes": 45, "version": entry["version"]},
        headers=world["coach"],
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["minutes"] == 45 and changed.json["note"] == "netwerkdag"
    stale = client.patch(
        f"/api/v1/hour-entries/{entry['id']}",
        json={"minutes": 30, "version": entry["version"]},
        headers=world["coach"],
    )
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale_version"

    gone = client.delete(f"/api/v1/hour-entries/{entry['id']}", headers=world["coach"])
    assert gone.status_code == 204
    with app.app_context():
        assert db.session.get(HourEntry, entry["id"]) is None


def test_closed_months_are_respected(app, client, world):
    """Logging, changing or deleting hours of a closed month: refused with the page's reason."""
    last_month = date.today().replace(day=1) - timedelta(days=1)
    with app.app_context():
        entry = make_hours(world["own"], world["network"], last_month, 60)
        close(last_month)
    refused = client.post(
        "/api/v1/hour-entries",
        json=_hours_body(world, worked_on=last_month.isoformat()),
        headers=world["coach"],
    )
    assert refused.status_code == 422
    assert "afgesloten" in refused.json["error"]["message"]
    url = f"/api/v1/hour-entries/{entry}"
    patched = client.patch(url, json={"minutes": 30, "version": 1}, headers=world["admin"])
    assert patched.status_code == 422 and "afgesloten" in patched.json["error"]["message"]
    assert client.delete(url, headers=world["admin"]).status_code == 422
    with app.app_context():
        assert db.session.get(HourEntry, entry).minutes == 60


def test_hours_permissions(app, client, world):
    """A coach not on the network, another's entry, the ministry: refused; an admin must name
    the staff member."""
    other_network = client.post(
        "/api/v1/hour-entries",
        json=_hours_body(world, network_id=world["other"]),
        headers=world["coach"],
    )
    assert other_network.status_code == 403
    with app.app_context():
        theirs = make_hours(make_staff("Iemand anders"), world["other"], YESTERDAY, 60)
    url = f"/api/v1/hour-entries/{theirs}"
    assert client.get(url, headers=world["coach"]).status_code == 403
    assert (
        client.patch(url, json={"minutes": 5, "version": 1}, headers=world["coach"]).status_code
        == 403
    )
    assert client.delete(url, headers=world["coach"]).status_code == 403
    ministry = client.post(
        "/api/v1/hour-entries", json=_hours_body(world), headers=world["ministry"]
    )
    assert ministry.status_code == 403
    nameless = client.post("/api/v1/hour-entries", json=_hours_body(world), headers=world["admin"])
    assert nameless.status_code == 422
    assert nameless.json["error"]["message"] == "Kies een medewerker."
    named = client.post(
        "/api/v1/hour-entries",
        json=_hours_body(world, staff_member_id=world["own"]),
        headers=world["admin"],
    )
    assert named.status_code == 201
