"""A network's members that are not registered schools (issue 20): roles with inclusive dates,
no overlapping periods, a school taking part is a registration (409 use_registration), DELETE
ends a period and keeps its history, every change logged with its actor."""

import logging
import threading
from datetime import date

import pytest
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import members
from netwerk.networks.models import MembershipRole, Network, NetworkMembership
from netwerk.schools.models import Organisation, OrganisationKind
from tests.conftest import BACKEND
from tests.factories import make_network, make_school, make_user
from tests.schools.factories import make_token

R = MembershipRole


def _clb(name="CLB Brugge") -> int:
    clb = Organisation(kind=OrganisationKind.clb, name=name)
    db.session.add(clb)
    db.session.commit()
    return clb.id


@pytest.fixture
def scene(app):
    """A network run by a coach, a CLB, and bearer headers for its coach, another coach, an
    admin and a school user."""
    with app.app_context():
        coach = make_user(role="coach")
        network = make_network(anchor_ids=[make_school()], coach_ids=[coach])
        headers = {
            role: {"Authorization": f"Bearer {make_token(user)}"}
            for role, user in (
                ("coach", coach),
                ("other_coach", make_user(role="coach")),
                ("admin", make_user(role="admin")),
            )
        }
        return {"network": network, "coach": coach, "clb": _clb(), "headers": headers}


def test_add_list_and_end_a_membership_through_the_api(app, client, scene):
    """POST a CLB as deelnemer, GET lists it, DELETE ends it today: the ended period is listed,
    the superseded row stays in the table (history)."""
    url = f"/api/v1/networks/{scene['network']}/members"
    headers = scene["headers"]["coach"]
    body = {"organisation_id": scene["clb"], "role": "deelnemer", "valid_from": "2024-09-01"}
    response = client.post(url, headers=headers, json=body)
    assert response.status_code == 201, response.get_json()
    member = response.get_json()
    assert member["organisation"] == {
        "organisation_id": scene["clb"],
        "kind": "clb",
        "name": "CLB Brugge",
        "institution_number": None,
    }
    assert (member["role"], member["valid_from"], member["valid_until"]) == (
        "deelnemer",
        "2024-09-01",
        None,
    )
    listed = client.get(url, headers=headers).get_json()["items"]
    assert [m["id"] for m in listed] == [member["id"]]
    ended = client.delete(f"{url}/{member['id']}?ends_on=2025-06-30", headers=headers)
    assert ended.status_code == 200, ended.get_json()
    assert ended.get_json()["valid_until"] == "2025-06-30"
    again = client.delete(f"{url}/{member['id']}", headers=headers)
    assert again.status_code == 409
    with app.app_context():
        rows = db.session.scalars(select(NetworkMembership).order_by(NetworkMembership.id)).all()
        assert [(r.valid_until, r.recorded_until is None) for r in rows] == [
            (None, False),
            (date(2025, 6, 30), True),
        ]
        assert rows[1].actor_id == scene["coach"]


@pytest.mark.parametrize(
    ("role", "kind", "code"),
    [("deelnemer", "school", "use_registration"), ("anker", "clb", "use_anchors")],
)
def test_a_school_registers_and_an_anchor_is_set_on_the_network(
    app, client, scene, role, kind, code
):
    """409 with a code that says where to go instead; nothing written."""
    with app.app_context():
        organisation = make_school() if kind == "school" else scene["clb"]
    response = client.post(
        f"/api/v1/networks/{scene['network']}/members",
        headers=scene["headers"]["admin"],
        json={"organisation_id": organisation, "role": role},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == code
    with app.app_context():
        assert db.session.scalar(select(NetworkMembership)) is None


def test_other_coach_may_not_add_members(app, client, scene):
    """Only the network's own coaches and admins manage its members."""
    response = client.post(
        f"/api/v1/networks/{scene['network']}/members",
        headers=scene["headers"]["other_coach"],
        json={"organisation_id": scene["clb"], "role": "partner"},
    )
    assert response.status_code == 403


def test_overlapping_periods_of_one_role_are_refused(ctx, scene):
    """Same organisation, same role: no shared day; another role or a later period is fine."""
    coach = db.session.get(User, scene["coach"])
    network = db.session.get(Network, scene["network"])
    clb = db.session.get(Organisation, scene["clb"])
    members.add_member(
        coach, network, members.MemberData(clb, R.partner, date(2024, 9, 1), date(2025, 8, 31))
    )
    with pytest.raises(DomainError) as refused:
        members.add_member(coach, network, members.MemberData(clb, R.partner, date(2025, 8, 31)))
    assert refused.value.status_code == 409 and refused.value.code == "overlap"
    members.add_member(coach, network, members.MemberData(clb, R.partner, date(2025, 9, 1)))
    members.add_member(coach, network, members.MemberData(clb, R.coordinator, date(2024, 9, 1)))
    with pytest.raises(DomainError, match="einddatum"):
        members.add_member(
            coach, network, members.MemberData(clb, R.trekker, date(2025, 1, 2), date(2025, 1, 1))
        )


def test_changes_are_logged_with_the_actor(ctx, scene, caplog):
    """network_membership.created, then network_membership.ended."""
    caplog.set_level(logging.INFO, logger="netwerk.changes")
    coach = db.session.get(User, scene["coach"])
    network = db.session.get(Network, scene["network"])
    clb = db.session.get(Organisation, scene["clb"])
    membership = members.add_member(
        coach, network, members.MemberData(clb, R.deelnemer, date(2024, 9, 1))
    )
    members.end_member(coach, network, membership, date(2025, 6, 30))
    lines = [(r.actor_id, r.action) for r in caplog.records if r.name == "netwerk.changes"]
    assert lines == [
        (coach.id, "network_membership.created"),
        (coach.id, "network_membership.ended"),
    ]


def test_the_members_page_adds_and_ends(app, client, scene):
    """The coach sees the members page, adds the CLB as partner and ends it; a refused add shows
    the message with a 409."""
    from tests.hardening.scene import session_user_id

    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(app, scene["coach"])
        session["_fresh"] = True
    url = f"/netwerken/{scene['network']}/leden"
    assert client.get(url).status_code == 200
    data = {"organisation": scene["clb"], "role": "partner", "valid_from": "01/09/2024"}
    assert client.post(url, data=data).status_code == 302
    refused = client.post(url, data=data)
    assert refused.status_code == 409
    assert "CLB Brugge is in deze periode al partner" in refused.get_data(as_text=True)
    with app.app_context():
        membership_id = db.session.scalar(select(NetworkMembership.id))
    ended = client.post(f"{url}/{membership_id}/beeindigen", data={"ends_on": ""})
    assert ended.status_code == 302
    assert "Het lidmaatschap is beëindigd." in client.get(url).get_data(as_text=True)


@pytest.mark.postgres
@pytest.mark.skipif(BACKEND != "postgres", reason="real row locks need PostgreSQL")
def test_two_concurrent_adds_of_one_period_store_one(app, scene):
    """With the network's row locked, two requests at once cannot both pass the overlap check."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def add():
        with app.app_context():
            coach = db.session.get(User, scene["coach"])
            network = db.session.get(Network, scene["network"])
            clb = db.session.get(Organisation, scene["clb"])
            barrier.wait()
            try:
                members.add_member(
                    coach, network, members.MemberData(clb, R.partner, date(2024, 9, 1))
                )
                db.session.commit()
                outcomes.append("stored")
            except DomainError:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "stored"]
    with app.app_context():
        assert len(db.session.scalars(select(NetworkMembership)).all()) == 1
