"""Reports use a network's anchors, level and programme of the peildatum (issue 17, part 1).

The dataset is the one of conftest (peildatum P = 19/11/2021); the changes are made through the
one service that makes them (networks.update_network), dated 01/01/2022.
"""

from datetime import UTC, date, timedelta

from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Network, NetworkAnchorPeriod, Programme
from netwerk.networks.networks import NetworkData, update_network
from netwerk.networks.periods import anchors_on, networks_on, profiles_on
from netwerk.reports.params import ReportFilters, ReportParams, TrendsParams
from netwerk.reports.participation import participation_report
from netwerk.reports.reach import reach_report
from netwerk.reports.trends import trends_report
from netwerk.schools.models import School, SchoolLevel
from netwerk.timeutil import utcnow
from tests.factories import make_user
from tests.reports.conftest import P
from tests.reports.factories import add_network, add_registration, add_school

SEC, BAS = SchoolLevel.secundair, SchoolLevel.basis
NEW_YEAR = date(2022, 1, 1)
LATER = date(2022, 1, 15)


def _user(role: str) -> User:
    return db.session.get(User, make_user(role=role))


def _change(network_id: int, *, on: date, anchors=None, level=None, programme_id=None) -> None:
    """Change a network through the service, from `on` on, with a reason (it is backdated)."""
    network = db.session.get(Network, network_id)
    data = NetworkData(
        name=network.name,
        programme=db.session.get(Programme, programme_id) if programme_id else network.programme,
        level=level or network.level,
        anchors=[db.session.get(School, i) for i in anchors] if anchors else network.anchors,
        type=network.type,
        capacity=network.capacity,
        coaches=network.coaches,
        effective_on=on,
        reason="nieuwe ankerschool na de fusie",
    )
    update_network(_user("admin"), network, data)
    db.session.commit()


def _table(report) -> dict:
    """{(anchor_id, network_id, level): count}."""
    return {(r.anchor_id, r.network_id, r.level): r.count for r in report.rows}


def _participation(as_of: date, **filters):
    params = ReportParams(as_of, "registered", ReportFilters(**filters))
    return participation_report(_user("ministry"), params)


def test_a_past_report_lists_the_anchor_of_its_day(ns):
    """N1's anchor changes from A1 to A6 on 01/01/2022: as of 19/11/2021 the report lists A1 (as
    before the change, figure for figure), as of 15/01/2022 A6; the current anchors are A6."""
    before = _table(_participation(P))
    a6 = add_school(name="Campus Nieuw Anker")
    _change(ns.N1, on=NEW_YEAR, anchors=[a6])

    assert _table(_participation(P)) == before
    assert before[(ns.A1, ns.N1, SEC)] == 2
    later = _table(_participation(LATER))
    # S1 is still accepted in N1 (S2 withdrew on 01/12/2021); N2 stays under A1.
    assert later[(a6, ns.N1, SEC)] == 1
    assert (ns.A1, ns.N1, SEC) not in later
    assert later[(ns.A1, ns.N2, SEC)] == 2
    assert [s.id for s in db.session.get(Network, ns.N1).anchors] == [a6]
    # The day before the change still has the old anchor.
    assert (ns.A1, ns.N1, SEC) in _table(_participation(NEW_YEAR - timedelta(days=1)))


def test_trends_count_schools_under_the_anchors_of_the_peildatum(ns):
    """The trends report's schools per anchor follow the anchors of its peildatum."""
    a6 = add_school(name="Campus Nieuw Anker")
    _change(ns.N1, on=NEW_YEAR, anchors=[a6])
    ministry = _user("ministry")

    def per_anchor(as_of):
        report = trends_report(ministry, TrendsParams(as_of, "registered", ReportFilters()))
        return {a.anchor_id: a.schools for a in report.anchors}

    # P: A1 runs N1 (S1, S2) and N2 (S1, S6): three schools. 15/01/2022: A1 only N2.
    assert per_anchor(P)[ns.A1] == 3
    assert a6 not in per_anchor(P)
    assert per_anchor(LATER)[ns.A1] == 2
    assert per_anchor(LATER)[a6] == 1


def test_the_programme_filter_takes_the_programme_of_the_peildatum(ns):
    """N4 moves from Hoogbegaafdheid to the other programme on 01/01/2022: it counts in the
    first up to 31/12/2021 and in the second from then on."""
    _change(ns.N4, on=NEW_YEAR, programme_id=ns.prog_o)

    assert _table(_participation(P, programme_id=ns.prog_h))[(ns.A4, ns.N4, BAS)] == 3
    assert (ns.A4, ns.N4, BAS) not in _table(_participation(P, programme_id=ns.prog_o))
    # B4 was accepted on 15/12/2021.
    assert _table(_participation(LATER, programme_id=ns.prog_o))[(ns.A4, ns.N4, BAS)] == 4
    assert (ns.A4, ns.N4, BAS) not in _table(_participation(LATER, programme_id=ns.prog_h))
    ministry = _user("ministry")
    reach_o = reach_report(
        ministry, ReportParams(LATER, "registered", ReportFilters(programme_id=ns.prog_o))
    )
    # Cumulative: B1 (N5, withdrawn) and N4's B1..B4: four distinct schools.
    assert reach_o.cumulative.numerator == 4
    reach_o_then = reach_report(
        ministry, ReportParams(P, "registered", ReportFilters(programme_id=ns.prog_o))
    )
    assert reach_o_then.cumulative.numerator == 1


def test_a_level_change_moves_the_network_between_level_filters_by_date(ns):
    """N1 becomes a network for basic education on 01/01/2022."""
    _change(ns.N1, on=NEW_YEAR, level=BAS)

    def ids(day, level):
        return set(db.session.scalars(networks_on(day, level=level)))

    assert ns.N1 in ids(P, SEC) and ns.N1 not in ids(P, BAS)
    assert ns.N1 in ids(LATER, BAS) and ns.N1 not in ids(LATER, SEC)
    assert db.session.get(Network, ns.N1).level is BAS
    # A programme and a level together.
    assert ns.N1 in set(db.session.scalars(networks_on(LATER, programme_id=ns.prog_h, level=BAS)))


def test_as_known_at_a_moment_before_the_change_the_old_anchor_stands(ns):
    """known_at (naive UTC): before the change was recorded the report still knew A1 only; a
    moment before the network was even entered counts what was entered with it."""
    moment = utcnow()
    a6 = add_school(name="Campus Nieuw Anker")
    _change(ns.N1, on=NEW_YEAR, anchors=[a6], level=BAS)

    def anchors(known_at):
        rows = db.session.execute(anchors_on(LATER, known_at)).all()
        return {school for network, school in rows if network == ns.N1}

    def level(known_at):
        rows = db.session.execute(profiles_on(LATER, known_at)).all()
        return {lv for network, lv, _programme in rows if network == ns.N1}

    assert anchors(moment) == {ns.A1}
    assert anchors(None) == {a6}
    assert anchors(utcnow()) == {a6}
    assert anchors(moment.replace(year=2021)) == {ns.A1}
    assert level(moment) == {SEC}
    assert level(None) == {BAS}
    assert level(moment.replace(year=2021)) == {SEC}


def test_a_report_for_a_day_before_the_first_known_day_keeps_the_first_anchors(ns):
    """A network's first anchors, level and programme stand for the days before its history
    starts: a registration dated before the programme's start is not left without an anchor."""
    programme = db.session.get(Programme, ns.prog_h)
    programme.starts_on = date(2021, 9, 1)
    db.session.flush()
    n9 = add_network(name="Netwerk Negen", programme_id=ns.prog_h, anchor_ids=[ns.A2])
    add_registration(ns.S1, n9, ("submitted", date(2021, 6, 1)), ("accepted", date(2021, 6, 20)))
    db.session.commit()
    first = db.session.scalars(
        select(NetworkAnchorPeriod.valid_from).where(NetworkAnchorPeriod.network_id == n9)
    ).all()
    assert first == [date(2021, 9, 1)]

    assert _table(_participation(date(2021, 6, 20)))[(ns.A2, n9, SEC)] == 1
    assert n9 in set(db.session.scalars(networks_on(date(2021, 6, 20), programme_id=ns.prog_h)))


def test_reports_known_at_a_moment_before_the_change_show_the_old_anchor_and_programme(ns):
    """The participation, reach and trends reports with a "stand van de gegevens" before the
    change was recorded: A1 still anchors N1 and N4 is still in Hoogbegaafdheid on 15/01/2022."""
    before = utcnow().replace(tzinfo=UTC) - timedelta(microseconds=1)
    a6 = add_school(name="Campus Nieuw Anker")
    _change(ns.N1, on=NEW_YEAR, anchors=[a6])
    _change(ns.N4, on=NEW_YEAR, programme_id=ns.prog_o)
    ministry = _user("ministry")

    def params(cls=ReportParams, **filters):
        return cls(LATER, "registered", ReportFilters(**filters), known_at=before)

    then = _table(participation_report(ministry, params()))
    assert then[(ns.A1, ns.N1, SEC)] == 1 and (a6, ns.N1, SEC) not in then
    in_h = _table(participation_report(ministry, params(programme_id=ns.prog_h)))
    assert in_h[(ns.A4, ns.N4, BAS)] == 4
    trends = trends_report(ministry, params(TrendsParams))
    assert a6 not in {a.anchor_id for a in trends.anchors}
    reach_o = reach_report(ministry, params(programme_id=ns.prog_o))
    assert reach_o.cumulative.numerator == 1  # N5's B1 only: N4 was not in it yet
    now = _table(participation_report(ministry, ReportParams(LATER, "registered")))
    assert now[(a6, ns.N1, SEC)] == 1
