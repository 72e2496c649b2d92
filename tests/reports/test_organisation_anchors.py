"""Issue 20: anchors and members that are not schools, against the seeds.

Seed 000 with "Lerend netwerk Leuven" anchored by a scholengemeenschap and "Lerend netwerk
Sint-Cordula" by an expertise centre (organisations, not schools), and "Lerend netwerk Icarus"
without an anchor: the schools still count 76 (secondary) and 169 (basic).

Seed 001's shape (Samen tegen Schooluitval): a provincial network with registered schools,
three CLBs and two local governments as members with roles and periods, a CLB as coordinator:
the schools count as before and the other members per kind beside them.
"""

from datetime import date

from sqlalchemy import delete, update

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.members import MemberData, add_member
from netwerk.networks.models import (
    MembershipRole,
    Network,
    NetworkAnchorPeriod,
    network_anchor,
)
from netwerk.reports.bodies import participation_body
from netwerk.reports.params import ReportParams, parse_known_at
from netwerk.reports.participation import participation_report
from netwerk.schools.models import Organisation, OrganisationKind, SchoolLevel
from tests.reports.factories import (
    add_network,
    add_programme,
    add_registration,
    add_school,
    add_user,
)
from tests.reports.seed000 import BASIC_TOTAL, PEILDATUM, SECONDARY_TOTAL, build_seed000


def _organisation(kind: OrganisationKind, name: str) -> Organisation:
    organisation = Organisation(kind=kind, name=name)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def _reanchor(network_id: int, organisation_ids: list[int]) -> None:
    """The network's anchors, from its start, become these organisations (or none)."""
    db.session.execute(delete(network_anchor).where(network_anchor.c.network_id == network_id))
    if organisation_ids:
        db.session.execute(
            network_anchor.insert(),
            [{"network_id": network_id, "organisation_id": i} for i in organisation_ids],
        )
    periods = NetworkAnchorPeriod
    if organisation_ids:
        db.session.execute(
            update(periods)
            .where(periods.network_id == network_id)
            .values(organisation_id=organisation_ids[0])
        )
    else:
        db.session.execute(delete(periods).where(periods.network_id == network_id))
    db.session.flush()


def _report(**params):
    user = db.session.get(User, add_user("ministry"))
    params.setdefault("known_at", parse_known_at("2021-11-19"))
    return participation_report(user, ReportParams(PEILDATUM, **params))


def test_seed000_with_organisations_as_anchors_keeps_76_and_169(rctx):
    """A scholengemeenschap and an expertise centre anchor a network each, a third network has
    no anchor: the school counts do not move; the rows name the organisations."""
    ns = build_seed000()
    sg = _organisation(OrganisationKind.scholengemeenschap, "Scholengemeenschap Leuven")
    ec = _organisation(OrganisationKind.expertisecentrum, "Expertisecentrum Hoogbegaafdheid")
    _reanchor(ns.networks["Lerend netwerk Leuven"], [sg.id])
    _reanchor(ns.networks["Lerend netwerk Sint-Cordula"], [ec.id])
    _reanchor(ns.networks["Lerend netwerk Icarus"], [])
    db.session.commit()

    report = _report()
    assert report.totals[SchoolLevel.secundair].registrations == SECONDARY_TOTAL == 76
    assert report.totals[SchoolLevel.basis].registrations == BASIC_TOTAL == 169
    by_network = {row.network_name: row for row in report.rows}
    leuven = by_network["Lerend netwerk Leuven"]
    assert (leuven.anchor_name, leuven.anchor_kind, leuven.count) == (
        "Scholengemeenschap Leuven",
        OrganisationKind.scholengemeenschap,
        21,
    )
    assert leuven.anchor_institution_number is None
    cordula = by_network["Lerend netwerk Sint-Cordula"]
    assert (cordula.anchor_id, cordula.count) == (ec.id, 18)
    icarus = by_network["Lerend netwerk Icarus"]
    assert (icarus.anchor_id, icarus.count) == (None, 20)

    basic = next(s for s in report.sections if s.level is SchoolLevel.basis)
    assert basic.anchors[-1].anchor_name == "zonder anker"  # last, whatever the database
    assert sum(b.subtotal for b in basic.anchors) == 169

    body = participation_body(report)
    rows: dict[str, dict] = {}
    for r in body["rows"]:  # a network's first row (Brugge's two anchors: by name)
        rows.setdefault(r["network"]["name"], r)
    assert rows["Lerend netwerk Icarus"]["anchor"] is None
    assert rows["Lerend netwerk Icarus"]["anchor_school"] is None
    assert rows["Lerend netwerk Leuven"]["anchor"] == {
        "organisation_id": sg.id,
        "kind": "scholengemeenschap",
        "name": "Scholengemeenschap Leuven",
        "institution_number": None,
    }
    assert rows["Lerend netwerk Leuven"]["anchor_school"] is None
    brugge = rows["Lerend netwerk Brugge"]
    assert brugge["anchor_school"]["name"] == "Sint-Jozef Humaniora Brugge"
    assert brugge["anchor"]["kind"] == "school"
    assert brugge["anchor"]["institution_number"] == brugge["anchor_school"]["institution_number"]


def _seed001() -> dict:
    """Samen tegen Schooluitval West-Vlaanderen: 4 schools registered (accepted 01/09/2021),
    3 CLBs taking part, 2 local governments as partners, CLB Brugge also coordinator, one CLB
    leaving on 31/10/2021 and a local government joining after the peildatum."""
    coach = db.session.get(User, add_user("coach"))
    programme = add_programme("Samen tegen Schooluitval")
    network_id = add_network(
        name="STS West-Vlaanderen", programme_id=programme, anchor_ids=[], coach_ids=[coach.id]
    )
    network = db.session.get(Network, network_id)
    for _ in range(4):
        school = add_school(level="secundair", province="west_vlaanderen")
        add_registration(school, network_id, ("accepted", date(2021, 9, 1)))
    clbs = [_organisation(OrganisationKind.clb, f"CLB {town}") for town in ("Brugge", "Kortrijk")]
    gone = _organisation(OrganisationKind.clb, "CLB Oostende")
    towns = [
        _organisation(OrganisationKind.lokaal_bestuur, f"Stad {t}") for t in ("Brugge", "Ieper")
    ]
    late = _organisation(OrganisationKind.lokaal_bestuur, "Gemeente Zonnebeke")
    start = date(2021, 9, 1)
    memberships = [
        *[MemberData(c, MembershipRole.deelnemer, start) for c in clbs],
        MemberData(gone, MembershipRole.deelnemer, start, date(2021, 10, 31)),
        MemberData(clbs[0], MembershipRole.coordinator, start),
        *[MemberData(t, MembershipRole.partner, start) for t in towns],
        MemberData(late, MembershipRole.partner, date(2021, 12, 1)),
    ]
    for data in memberships:
        add_member(coach, network, data)
    db.session.commit()
    return {"network": network_id, "clb": clbs[0].id}


def test_seed001_counts_schools_as_before_and_other_members_per_kind(rctx):
    """4 schools; beside them 2 CLBs (the coordinator counted once, the one that left before
    the peildatum not) and 2 local governments (the one joining later not)."""
    ids = _seed001()
    report = _report(known_at=None)
    assert [(r.network_name, r.anchor_id, r.count) for r in report.rows] == [
        ("STS West-Vlaanderen", None, 4)
    ]
    assert report.totals[SchoolLevel.secundair].distinct_schools == 4
    other = report.other_members
    assert other.per_network == {ids["network"]: {"clb": 2, "lokaal_bestuur": 2}}
    assert other.per_level == {SchoolLevel.secundair: {"clb": 2, "lokaal_bestuur": 2}}
    assert other.overall == {"clb": 2, "lokaal_bestuur": 2}
    body = participation_body(report)
    assert body["rows"][0]["other_members"] == {"clb": 2, "lokaal_bestuur": 2}
    assert body["totals"]["secundair"]["other_members"] == {"clb": 2, "lokaal_bestuur": 2}
    assert body["other_members"] == {"clb": 2, "lokaal_bestuur": 2}


def test_other_members_as_known_at_a_moment(rctx):
    """Members recorded after the stand van de gegevens are not counted."""
    _seed001()
    report = _report(known_at=parse_known_at("2021-11-19"))
    assert report.other_members.overall == {}
    assert report.other_members.per_network == {}


def test_the_report_page_shows_the_other_members_beside_the_network(app, client):
    """'+ 2 CLB's, 2 lokale besturen' beside the network; the network without anchor under
    'zonder anker'."""
    from tests.hardening.scene import session_user_id

    with app.test_request_context():
        _seed001()
        admin = add_user("admin")
        db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(app, admin)
        session["_fresh"] = True
    page = client.get("/rapporten/deelname?as_of=19/11/2021").get_data(as_text=True)
    assert "+ 2 CLB&#39;s, 2 lokale besturen" in page
    assert "zonder anker" in page
