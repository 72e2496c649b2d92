"""Issue 20, item 4: effort follows organisations.

Seed 001's shape: "STS West-Vlaanderen" is anchored by a CLB (an organisation, not a school) and
its half-time coordinator sits at that CLB. The assignment points at the CLB; the roll-up counts
it under the network's anchor organisation, by its name and province, beside a school-anchored
network whose figures stay as they were.
"""

from datetime import date
from decimal import Decimal

import pytest

from netwerk.auth.models import User
from netwerk.effort import staff
from netwerk.effort.models import FundingSource, StaffMember, StaffRole
from netwerk.effort.rollup import effort_rollup
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.schools.models import Organisation, OrganisationKind, Province
from tests.conftest import login
from tests.effort.factories import make_assignment, make_staff, make_token
from tests.factories import make_network, make_school, make_user
from tests.networks.factories import bearer

YEAR = "2021-2022"
START, END = date(2021, 9, 1), date(2022, 8, 31)


def _seed001() -> dict:
    """A CLB anchoring the provincial network, a school anchoring another; ids."""
    clb = Organisation(
        kind=OrganisationKind.clb, name="CLB Brugge", province=Province.west_vlaanderen
    )
    loose = Organisation(kind=OrganisationKind.lokaal_bestuur, name="Stad Ieper")
    db.session.add_all([clb, loose])
    db.session.commit()
    sts = make_network(name="STS West-Vlaanderen")
    network = db.session.get(Network, sts)
    network.anchor_organisations = [clb]
    db.session.commit()
    school = make_school(name="Sint-Jozef Brugge", province=Province.west_vlaanderen)
    other = make_network(name="Ander netwerk", anchor_ids=[school])
    return {"clb": clb.id, "loose": loose.id, "sts": sts, "school": school, "other": other}


def _coordinator(ids: dict) -> StaffMember:
    """The half-time coordinator at the CLB, saved through the service as an admin does."""
    admin = db.session.get(User, make_user(role="admin"))
    member = db.session.get(StaffMember, make_staff("Coördinator STS"))
    data = staff.AssignmentData(
        role=StaffRole.netwerkcoordinator,
        fte=Decimal("0.5"),
        funding_source=FundingSource.provincie,
        starts_on=START,
        ends_on=END,
        anchor_school=db.session.get(Organisation, ids["clb"]),
    )
    staff.save_assignment(admin, member, data)
    db.session.commit()
    return member


def _rows(group_by: str) -> dict:
    rollup = effort_rollup(YEAR, group_by)
    return {(r.kind, r.id): r for r in rollup.rows}, rollup.total


def test_half_time_coordinator_at_a_clb_counts_under_the_anchor_organisation(app):
    with app.test_request_context():
        ids = _seed001()
        _coordinator(ids)
        school_staff = make_staff("Procescoach school")
        make_assignment(school_staff, "0.2", START, END, anchor_school_id=ids["school"])

        rows, total = _rows("anchor_school")
        clb = rows[("anchor_school", ids["clb"])]
        assert (clb.label, clb.realised_fte, clb.subsidised_fte) == (
            "CLB Brugge",
            Decimal("0.500"),
            Decimal("0.500"),
        )
        school = rows[("anchor_school", ids["school"])]
        assert (school.label, school.realised_fte) == ("Sint-Jozef Brugge", Decimal("0.200"))
        assert total.realised_fte == Decimal("0.700")

        networks, _total = _rows("network")
        assert networks[("network", ids["sts"])].realised_fte == Decimal("0.500")
        assert networks[("network", ids["other"])].realised_fte == Decimal("0.200")

        provinces, _total = _rows("province")
        assert provinces[("province", "west_vlaanderen")].realised_fte == Decimal("0.700")


def test_network_figures_go_to_its_anchor_organisation(app):
    """An assignment to the network itself is attributed to the CLB that anchors it."""
    with app.test_request_context():
        ids = _seed001()
        make_assignment(make_staff("Trekker"), "0.3", START, END, network_id=ids["sts"])
        rows, _total = _rows("anchor_school")
        assert rows[("anchor_school", ids["clb"])].realised_fte == Decimal("0.300")
        assert rows[("anchor_school", ids["clb"])].label == "CLB Brugge"


def test_an_organisation_that_anchors_nothing_is_refused(app):
    with app.test_request_context():
        ids = _seed001()
        admin = db.session.get(User, make_user(role="admin"))
        member = db.session.get(StaffMember, make_staff())
        data = staff.AssignmentData(
            role=StaffRole.procescoach,
            fte=Decimal("0.5"),
            funding_source=FundingSource.projectsubsidie,
            starts_on=START,
            anchor_school=db.session.get(Organisation, ids["loose"]),
        )
        with pytest.raises(DomainError, match="Stad Ieper is van geen enkel netwerk het anker"):
            staff.save_assignment(admin, member, data)
        db.session.rollback()


def test_api_and_pages_take_an_anchor_organisation(app, client):
    """POST /api/v1/assignments with the CLB's id; the person's page, the assignment form and
    the effort API name the CLB."""
    with app.app_context():
        ids = _seed001()
        token = bearer(make_token(make_user(role="admin", email="beheer@test.be")))
        member = make_staff("Coördinator STS")
    created = client.post(
        "/api/v1/assignments",
        json={
            "staff_member_id": member,
            "role": "netwerkcoordinator",
            "fte": "0.500",
            "funding_source": "provincie",
            "starts_on": "2021-09-01",
            "ends_on": "2022-08-31",
            "anchor_school_id": ids["clb"],
        },
        headers=token,
    )
    assert created.status_code == 201, created.json
    assert created.json["anchor_school_id"] == ids["clb"]
    report = client.get(f"/api/v1/reports/effort?school_year={YEAR}", headers=token).json
    labels = {row["label"]: row["realised_fte"] for row in report["rows"]}
    assert labels["CLB Brugge"] == "0.500"

    login(client, "beheer@test.be")
    page = client.get(f"/inzet/medewerkers/{member}").get_data(as_text=True)
    assert "CLB Brugge" in page
    form = client.get(f"/inzet/opdrachten/{created.json['id']}/bewerken").get_data(as_text=True)
    assert f'value="school:{ids["clb"]}" selected' in form or f"school:{ids['clb']}" in form
    effort_page = client.get(f"/rapporten/inzet?school_year={YEAR}").get_data(as_text=True)
    assert "CLB Brugge" in effort_page
