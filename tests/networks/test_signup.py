"""Issue 20, item 3: a contact (role school) linked to an organisation of another kind signs it
up where a call allows its kind. The participation is a membership (deelnemer) from the call's
start with recorded_at and the actor, shown on the contact's home page and the members page; the
contact may stop it. Calls name the kinds that may sign up (default: schools only); the network
edit page takes 0 to 2 anchors of any kind."""

import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Call, MembershipRole, Network, NetworkMembership, Registration
from netwerk.schools.models import Organisation, OrganisationKind, School, user_school
from tests.conftest import login
from tests.factories import (
    make_call,
    make_network,
    make_programme,
    make_school,
    make_user,
)
from tests.schools.factories import make_token


def _organisation(kind: OrganisationKind, name: str) -> int:
    organisation = Organisation(kind=kind, name=name)
    db.session.add(organisation)
    db.session.commit()
    return organisation.id


def _link(user_id: int, organisation_id: int) -> None:
    """Link a user to an organisation as the account service does (user_school)."""
    db.session.execute(user_school.insert().values(user_id=user_id, school_id=organisation_id))
    db.session.commit()


@pytest.fixture
def scene(app):
    """A network in an open call that allows schools and CLBs, one in a call for schools only;
    a CLB with its contact (also linked to no school), a coach, an admin."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        make_user(role="admin", email="admin@test.be")
        programme = make_programme()
        open_to_clbs = make_network(programme_id=programme, coach_ids=[coach], name="Zorg")
        schools_only = make_network(programme_id=programme, name="Wiskunde")
        call = make_call(programme_id=programme, network_ids=[open_to_clbs])
        db.session.get(Call, call).signup_kinds = "school,clb"
        make_call(programme_id=programme, network_ids=[schools_only])
        clb = _organisation(OrganisationKind.clb, "CLB Brugge")
        school = make_school(name="Sint-Jan")
        contact = make_user(role="school", email="clb@test.be", school_ids=[school])
        _link(contact, clb)
        return {
            "coach": coach,
            "network": open_to_clbs,
            "schools_only": schools_only,
            "call": call,
            "clb": clb,
            "contact": contact,
            "school": school,
        }


def _memberships(network_id: int) -> list[NetworkMembership]:
    m = NetworkMembership
    return db.session.scalars(select(m).where(m.network_id == network_id).order_by(m.id)).all()


def test_a_clb_contact_signs_up_and_stops(app, client, scene, caplog):
    """The button shows where the call allows CLBs; the membership starts on the call's start,
    with recorded_at and the actor; the home page and the members page show it; signing up
    twice is refused; stopping before the start withdraws it (history kept), logged."""
    caplog.set_level(logging.INFO, logger="netwerk.changes")
    login(client, "clb@test.be")
    page = client.get(f"/netwerken/{scene['network']}").get_data(as_text=True)
    assert "CLB Brugge laten deelnemen" in page
    other = client.get(f"/netwerken/{scene['schools_only']}").get_data(as_text=True)
    assert "laten deelnemen" not in other

    url = f"/netwerken/{scene['network']}/deelnemen/{scene['clb']}"
    done = client.post(url, follow_redirects=True)
    assert "CLB Brugge neemt deel aan dit netwerk." in done.get_data(as_text=True)
    with app.app_context():
        (member,) = _memberships(scene["network"])
        call = db.session.get(Call, scene["call"])
        assert (member.organisation_id, member.role, member.valid_from, member.valid_until) == (
            scene["clb"],
            MembershipRole.deelnemer,
            call.starts_on,
            None,
        )
        assert member.actor_id == scene["contact"] and member.recorded_at is not None
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
        member_id = member.id

    again = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "is in deze periode al deelnemer" in again
    home = client.get("/").get_data(as_text=True)
    assert "Deelnames van uw organisatie" in home and "Zorg" in home
    members_page = client.get(f"/netwerken/{scene['network']}/leden").get_data(as_text=True)
    assert "CLB Brugge" in members_page

    stopped = client.post(f"/netwerken/deelnames/{member_id}/stoppen", follow_redirects=True)
    assert "De deelname is gestopt." in stopped.get_data(as_text=True)
    with app.app_context():
        rows = _memberships(scene["network"])
        # Not started yet: withdrawn, the row superseded (kept), no current period left.
        assert [r.recorded_until is not None for r in rows] == [True]
    actions = [r.getMessage() for r in caplog.records if r.name == "netwerk.changes"]
    assert any("network_membership.created" in a for a in actions)
    assert any("network_membership.ended" in a and "withdrawn=True" in a for a in actions)


def test_signing_up_is_refused_where_the_call_leaves_the_kind_out(app, client, scene):
    """A call for schools only: 409 in Dutch, nothing written; another user's organisation or a
    membership of someone else: 403."""
    login(client, "clb@test.be")
    refused = client.post(
        f"/netwerken/{scene['schools_only']}/deelnemen/{scene['clb']}", follow_redirects=True
    )
    assert "staat geen inschrijving van dit soort organisatie toe" in refused.get_data(as_text=True)
    with app.app_context():
        other_clb = _organisation(OrganisationKind.clb, "CLB Gent")
        assert _memberships(scene["schools_only"]) == []
    assert client.post(f"/netwerken/{scene['network']}/deelnemen/{other_clb}").status_code == 403
    assert (
        client.post(f"/netwerken/{scene['network']}/deelnemen/{scene['school']}").status_code == 403
    )
    with app.app_context():
        assert _memberships(scene["network"]) == []


def test_the_coach_may_end_a_signed_up_membership(app, client, scene):
    """No acceptance step: the coach ends the contact's membership on the members page; the
    contact cannot stop another organisation's."""
    login(client, "clb@test.be")
    client.post(f"/netwerken/{scene['network']}/deelnemen/{scene['clb']}")
    with app.app_context():
        (member,) = _memberships(scene["network"])
        member_id = member.id
        stranger = make_user(role="school", email="ander@test.be")
    client.post("/afmelden")
    login(client, "ander@test.be")
    assert client.post(f"/netwerken/deelnames/{member_id}/stoppen").status_code == 403
    client.post("/afmelden")
    login(client, "coach@test.be")
    ended = client.post(f"/netwerken/{scene['network']}/leden/{member_id}/beeindigen")
    assert ended.status_code == 302
    with app.app_context():
        assert _memberships(scene["network"])[0].recorded_until is not None
        assert db.session.get(User, stranger) is not None


def test_a_call_for_clbs_only_refuses_a_school(app, client, scene):
    """A school contact sees no register button and its registration is refused (409)."""
    with app.app_context():
        db.session.get(Call, scene["call"]).signup_kinds = "clb"
        db.session.commit()
    login(client, "clb@test.be")
    page = client.get(f"/netwerken/{scene['network']}").get_data(as_text=True)
    assert "School inschrijven" not in page
    assert client.get(f"/netwerken/{scene['network']}/aanmelden").status_code == 403


def test_calls_api_reads_and_writes_the_kinds(app, client, scene):
    """organisation_kinds: default schools only, set on POST, changed by PATCH, bad kind 422."""
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "admin@test.be"))
        headers = {"Authorization": f"Bearer {make_token(admin.id)}"}
        programme = db.session.get(Network, scene["network"]).programme_id
    old = client.get(f"/api/v1/calls/{scene['call']}", headers=headers).get_json()
    assert old["organisation_kinds"] == ["school", "clb"]
    day = date.today()
    body = {
        "title": "Oproep CLB",
        "programme_id": programme,
        "opens_on": day.isoformat(),
        "closes_on": (day + timedelta(days=10)).isoformat(),
        "starts_on": (day + timedelta(days=20)).isoformat(),
    }
    plain = client.post("/api/v1/calls", headers=headers, json=body)
    assert plain.status_code == 201, plain.get_json()
    assert plain.get_json()["organisation_kinds"] == ["school"]
    kinds = {**body, "organisation_kinds": ["lokaal_bestuur", "clb"]}
    created = client.post("/api/v1/calls", headers=headers, json=kinds).get_json()
    assert created["organisation_kinds"] == ["clb", "lokaal_bestuur"]
    patched = client.patch(
        f"/api/v1/calls/{created['id']}",
        headers=headers,
        json={"version": created["version"], "organisation_kinds": ["school"]},
    )
    assert patched.status_code == 200 and patched.get_json()["organisation_kinds"] == ["school"]
    bad = client.post("/api/v1/calls", headers=headers, json={**body, "organisation_kinds": []})
    assert bad.status_code == 422
    wrong = client.post(
        "/api/v1/calls", headers=headers, json={**body, "organisation_kinds": ["x"]}
    )
    assert wrong.status_code == 422


def test_the_call_form_sets_the_kinds(app, client, scene):
    """The call page ticks the kinds; none ticked means schools only."""
    login(client, "admin@test.be")
    url = f"/netwerken/oproepen/{scene['call']}/bewerken"
    page = client.get(url).get_data(as_text=True)
    assert "Wie mag zich inschrijven" in page
    with app.app_context():
        call = db.session.get(Call, scene["call"])
        form = {
            "title": call.title,
            "programme": str(call.programme_id),
            "opens_on": call.opens_on.isoformat(),
            "closes_on": call.closes_on.isoformat(),
            "starts_on": call.starts_on.isoformat(),
            "networks": [str(scene["network"])],
        }
    saved = client.post(url, data={**form, "organisation_kinds": ["expertisecentrum", "clb"]})
    text = saved.get_data(as_text=True)
    assert saved.status_code == 302, text[text.find("<main") :][:3000]
    with app.app_context():
        assert db.session.get(Call, scene["call"]).signup_kinds == "clb,expertisecentrum"
    client.post(url, data=form)
    with app.app_context():
        assert db.session.get(Call, scene["call"]).signup_kinds == "school"


def test_an_admin_links_a_contact_to_a_clb(app, client, scene):
    """The account form links a contact to organisations that are not schools (with or without
    a school); editing keeps the school links; a contact needs one of either."""
    login(client, "admin@test.be")
    created = client.post(
        "/gebruikers/nieuw",
        data={
            "email": "nieuw@test.be",
            "name": "Nieuw",
            "role": "school",
            "schools": "",
            "organisations": [str(scene["clb"])],
        },
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "nieuw@test.be"))
        assert [o.name for o in user.organisations] == ["CLB Brugge"] and user.schools == []
        contact = db.session.get(User, scene["contact"])
        number = db.session.get(School, scene["school"]).institution_number
        assert {o.id for o in contact.organisations} == {scene["clb"], scene["school"]}
    edit = client.post(
        f"/gebruikers/{scene['contact']}/bewerken",
        data={"name": "Contact", "role": "school", "active": "y", "schools": number},
    )
    assert edit.status_code == 302
    with app.app_context():
        contact = db.session.get(User, scene["contact"])
        assert [o.id for o in contact.organisations] == [scene["school"]]
    none = client.post(
        f"/gebruikers/{scene['contact']}/bewerken",
        data={"name": "Contact", "role": "school", "active": "y", "schools": ""},
    )
    assert none.status_code == 422
    assert "minstens één school of andere organisatie" in none.get_data(as_text=True)


def test_the_edit_page_takes_anchors_of_any_kind_or_none(app, client, scene):
    """An expertise centre as the only anchor; then no anchor at all; three are refused."""
    with app.app_context():
        centre = _organisation(OrganisationKind.expertisecentrum, "Expertisecentrum Taal")
        network = db.session.get(Network, scene["network"])
        form = {
            "name": network.name,
            "programme": str(network.programme_id),
            "type": network.type.value,
            "level": network.level.value,
            "province": "",
            "coaches": [str(scene["coach"])],
            "is_active": "y",
        }
        numbers = [db.session.get(School, make_school()).institution_number for _ in range(2)]
    login(client, "admin@test.be")
    url = f"/netwerken/{scene['network']}/bewerken"
    assert "Ankers die geen school zijn" in client.get(url).get_data(as_text=True)
    saved = client.post(url, data={**form, "anchors": "", "anchor_organisations": [str(centre)]})
    text = saved.get_data(as_text=True)
    assert saved.status_code == 302, text[text.find("<main") :][:3000]
    with app.app_context():
        network = db.session.get(Network, scene["network"])
        assert [o.id for o in network.anchor_organisations] == [centre]
    assert client.post(url, data={**form, "anchors": ""}).status_code == 302
    with app.app_context():
        assert db.session.get(Network, scene["network"]).anchor_organisations == []
    three = client.post(
        url, data={**form, "anchors": ", ".join(numbers), "anchor_organisations": [str(centre)]}
    )
    assert three.status_code == 422 and "hoogstens twee" in three.get_data(as_text=True)
