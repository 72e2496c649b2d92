"""Participation rolled up to the parent network (issue 21, part 1): the Flemish network with its
five provincial networks, each school once in the parent's total and per province, as of a date
and as known at a moment; the API's and the page's group_by=parent.

Hand counts: V (Vlaanderen) has the children ANT, LIM, OVL, VBR, WVL. S1 is accepted in ANT and
LIM, S2 in ANT, S3 in LIM (all 15/06/2021), S4 in V itself. W (another umbrella) has no
children until LIM moves under it on 01/01/2022.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Network, Programme
from netwerk.networks.networks import NetworkData, create_network, network_data_of, update_network
from netwerk.reports.params import PARENT, ReportFilters, ReportParams
from netwerk.reports.participation import participation_report
from netwerk.schools.models import Province, School, SchoolLevel
from netwerk.timeutil import utcnow
from tests.conftest import login
from tests.factories import make_programme, make_registration, make_school, make_user
from tests.reports.factories import make_token

START = date(2020, 9, 1)
ACCEPTED = date(2021, 6, 15)
PEIL = date(2021, 11, 19)
MOVE = date(2022, 1, 1)
PROVINCES = {
    "ANT": Province.antwerpen,
    "LIM": Province.limburg,
    "OVL": Province.oost_vlaanderen,
    "VBR": Province.vlaams_brabant,
    "WVL": Province.west_vlaanderen,
}


def _admin() -> User:
    return db.session.get(User, make_user(role="admin"))


def _network(admin: User, name: str, programme: Programme, parent: Network | None, province=None):
    """A network made through the service (with its parent from the start)."""
    anchor = db.session.get(School, make_school())
    data = NetworkData(
        name=name,
        programme=programme,
        level=SchoolLevel.secundair,
        anchors=[anchor],
        province=province,
        parent=parent,
    )
    network = create_network(admin, data)
    db.session.commit()
    return network


def _accept(school_id: int, network_id: int) -> None:
    make_registration(
        school_id=school_id,
        network_id=network_id,
        history=[("submitted", ACCEPTED - timedelta(5)), ("accepted", ACCEPTED)],
    )


@pytest.fixture
def flanders(app):
    """V with five provincial children, W without children, four schools (see the docstring)."""
    with app.app_context():
        programme = db.session.get(Programme, make_programme("Samen tegen Schooluitval"))
        programme.starts_on = START
        db.session.commit()
        admin = _admin()
        v = _network(admin, "Vlaams netwerk", programme, None)
        w = _network(admin, "Brussels netwerk", programme, None)
        ids = {"V": v.id, "W": w.id}
        for code, province in PROVINCES.items():
            ids[code] = _network(admin, f"Netwerk {code}", programme, v, province).id
        schools = {f"S{i}": make_school(name=f"School {i}") for i in range(1, 5)}
        for school, network in (("S1", "ANT"), ("S1", "LIM"), ("S2", "ANT"), ("S3", "LIM")):
            _accept(schools[school], ids[network])
        _accept(schools["S4"], ids["V"])
        ids.update(schools)
    return ids


def _rollup(as_of: date, known_at: datetime | None = None, **filters):
    """The report rolled up to the parents: {name: (networks, registrations, distinct,
    {province: (registrations, distinct)})} and the overall distinct schools."""
    params = ReportParams(
        as_of, filters=ReportFilters(**filters), known_at=known_at, group_by=PARENT
    )
    rollup = participation_report(_admin(), params).parents
    groups = {
        g.name: (
            g.networks,
            g.registrations,
            g.distinct_schools,
            {line.province: (line.registrations, line.distinct_schools) for line in g.provinces},
        )
        for g in rollup.groups
    }
    return groups, rollup.distinct_schools


def test_parent_counts_a_school_in_two_children_once(app, flanders):
    """V's distinct total counts S1 (in ANT and LIM) once: S1, S2, S3 and its own S4 = 4 schools
    over 5 registrations; per province S1 counts once in each of its provinces."""
    with app.app_context():
        groups, distinct = _rollup(PEIL)
    assert groups == {
        "Vlaams netwerk": (
            3,
            5,
            4,
            {
                Province.antwerpen: (2, 2),
                Province.limburg: (2, 2),
                None: (1, 1),  # V itself has no province
            },
        )
    }
    assert distinct == 4


def test_per_province_counts_a_school_in_two_networks_of_one_province_once(app, flanders):
    """A second network in Antwerpen under V with S1 again: Antwerpen counts S1 once (2 schools
    over 3 registrations), V's total stays 4 schools."""
    with app.app_context():
        v = db.session.get(Network, flanders["V"])
        kempen = _network(_admin(), "Netwerk Kempen", v.programme, v, Province.antwerpen)
        _accept(flanders["S1"], kempen.id)
        groups, _distinct = _rollup(PEIL)
    networks, registrations, distinct, provinces = groups["Vlaams netwerk"]
    assert (networks, registrations, distinct) == (4, 6, 4)
    assert provinces[Province.antwerpen] == (3, 2)


def _move_lim_to_w(flanders, on: date = MOVE) -> datetime:
    """LIM moves from V to W from `on` on (backdated, with a reason); returns when."""
    lim = db.session.get(Network, flanders["LIM"])
    w = db.session.get(Network, flanders["W"])
    moment = utcnow()
    data = network_data_of(lim, parent=w, effective_on=on, reason="herschikking")
    update_network(_admin(), lim, data)
    db.session.commit()
    return moment


def test_reparenting_leaves_the_day_before_unchanged(app, flanders):
    """After LIM moves to W on 01/01/2022, a report as of 31/12/2021 is what it was; as of
    01/01/2022 LIM's schools count under W, and V keeps S1 through ANT."""
    with app.app_context():
        before = _rollup(MOVE - timedelta(1))
        _move_lim_to_w(flanders)
        assert _rollup(MOVE - timedelta(1)) == before
        groups, distinct = _rollup(MOVE)
    assert groups["Vlaams netwerk"][:3] == (2, 3, 3)
    assert groups["Brussels netwerk"] == (1, 2, 2, {Province.limburg: (2, 2)})
    assert distinct == 4


def test_known_at_reads_the_parent_as_recorded_then(app, flanders):
    """As known at the moment before the move was recorded, LIM is still under V on 01/01/2022
    (and the schools, recorded before it, all count)."""
    with app.app_context():
        moment = _move_lim_to_w(flanders)
        groups, _distinct = _rollup(MOVE, known_at=moment.replace(tzinfo=UTC))
        now_groups, _ = _rollup(MOVE)
    assert set(groups) == {"Vlaams netwerk"}
    assert groups["Vlaams netwerk"][:3] == (3, 5, 4)
    assert "Brussels netwerk" in now_groups


def test_school_filter_narrows_the_rollup(app, flanders):
    """The report's filters hold: with province=limburg (of the school) nothing is left."""
    with app.app_context():
        groups, distinct = _rollup(PEIL, province=Province.limburg)
    assert groups == {} and distinct == 0


def test_api_group_by_parent(app, client, flanders):
    """GET /api/v1/reports/participation?group_by=parent answers the groups with their
    provinces; a wrong grouping is a Dutch 400."""
    with app.app_context():
        token = make_token(make_user(role="ministry"))
    headers = {"Authorization": f"Bearer {token}"}
    response = client.get(
        f"/api/v1/reports/participation?as_of={PEIL.isoformat()}&group_by=parent", headers=headers
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["group_by"] == "parent"
    (group,) = body["parents"]
    assert group["network"] == {"id": flanders["V"], "name": "Vlaams netwerk"}
    assert (group["registrations"], group["distinct_schools"]) == (5, 4)
    assert {p["province"]: p["distinct_schools"] for p in group["provinces"]} == {
        "antwerpen": 2,
        "limburg": 2,
        None: 1,
    }
    plain = client.get(f"/api/v1/reports/participation?as_of={PEIL.isoformat()}", headers=headers)
    assert "parents" not in plain.get_json() and plain.get_json()["rows"]
    wrong = client.get("/api/v1/reports/participation?group_by=koepel", headers=headers)
    assert wrong.status_code in (400, 422)
    assert "group_by" in wrong.get_data(as_text=True)


def test_page_and_export_group_by_parent(app, client, flanders):
    """The participation page offers the grouping and shows V's table; the CSV has its lines."""
    with app.app_context():
        make_user(role="ministry", email="min@test.be")
    login(client, "min@test.be")
    page = client.get(f"/rapporten/deelname?as_of={PEIL:%d/%m/%Y}&group_by=parent")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="group_by"' in html and "Vlaams netwerk" in html
    assert "per bovenliggend netwerk" in html
    csv = client.get(f"/rapporten/deelname?as_of={PEIL:%d/%m/%Y}&group_by=parent&format=csv")
    text = csv.get_data(as_text=True)
    assert csv.status_code == 200
    assert "Vlaams netwerk" in text and "Limburg" in text
    wrong = client.get("/rapporten/deelname?group_by=koepel")
    assert wrong.status_code == 400
    assert "Onbekende groepering" in wrong.get_data(as_text=True)
