"""The participation report against counts made by hand over the dataset (see conftest)."""

import re
from datetime import date

import pytest

from netwerk.auth.models import User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.reports.params import (
    ListParams,
    ReportFilters,
    ReportParams,
    load_network,
    parse_params,
)
from netwerk.reports.participation import participation_report
from netwerk.reports.school_lists import participation_list
from netwerk.schools.models import Province, SchoolLevel, Umbrella
from netwerk.timeutil import SchoolYear, today
from tests.factories import make_registration, make_user
from tests.reports.conftest import P

SEC, BAS = SchoolLevel.secundair, SchoolLevel.basis


def _user(role: str, **kw) -> User:
    return db.session.get(User, make_user(role=role, **kw))


def _table(report) -> dict:
    """{(anchor_id, network_id, level): count}."""
    return {(r.anchor_id, r.network_id, r.level): r.count for r in report.rows}


def _totals(report) -> dict:
    return {lvl: (t.registrations, t.distinct_schools) for lvl, t in report.totals.items()}


def test_registered_on_the_peildatum_by_hand(ns):
    """Accepted on P: withdrawals after P count, waitlisted/declined/submitted and later ones do not."""
    report = participation_report(_user("ministry"), ReportParams(P, "registered", ReportFilters()))
    # N1: S1, S2 (withdrawn after P). N2: S1, S6 (S7 and S9 withdrew before P).
    # N3 (two anchors): S6, S8 (S3 accepted after P). N4: B1, B2, B3 (B4 after P). N5: nobody.
    assert _table(report) == {
        (ns.A1, ns.N1, SEC): 2,
        (ns.A1, ns.N2, SEC): 2,
        (ns.A2, ns.N3, SEC): 2,
        (ns.A3, ns.N3, SEC): 2,
        (ns.A4, ns.N4, BAS): 3,
    }
    # Sum of the rows would be 8 for secondary: N3 is listed twice but counts once.
    assert _totals(report) == {SEC: (6, 4), BAS: (3, 3)}
    assert (report.registrations, report.distinct_schools) == (9, 7)
    assert re.fullmatch(
        r"bron: gegevens 19/11/2021, stand van de gegevens \d\d/\d\d/\d{4} \d\d:\d\d - "
        "Vlaams Ministerie van Onderwijs en Vorming",
        report.source,
    )


def test_sections_subtotals_and_shared_networks(ns):
    """An anchor with two networks has a subtotal; the two-anchor network is marked shared."""
    report = participation_report(_user("admin"), ReportParams(P, "registered", ReportFilters()))
    assert [s.level for s in report.sections] == [BAS, SEC]
    secondary = report.sections[1]
    blocks = {b.anchor_id: b for b in secondary.anchors}
    assert [r.network_id for r in blocks[ns.A1].rows] == [ns.N1, ns.N2]
    assert blocks[ns.A1].subtotal == 4
    assert {r.network_id: r.shared for r in report.rows} == {
        ns.N1: False,
        ns.N2: False,
        ns.N3: True,
        ns.N4: False,
    }


def test_participating_basis_by_hand(ns):
    """Present at a held meeting by the end of P: absent, excused, cancelled and later do not count."""
    report = participation_report(
        _user("ministry"), ReportParams(P, "participating", ReportFilters())
    )
    # N1: S1 (S2 absent). N2: S1 (S6 excused). N3: S6, S8 (meeting at 14:00 on P; S3 on 20/11).
    # N4: B2 (B1 was "present" at a cancelled meeting).
    assert _table(report) == {
        (ns.A1, ns.N1, SEC): 1,
        (ns.A1, ns.N2, SEC): 1,
        (ns.A2, ns.N3, SEC): 2,
        (ns.A3, ns.N3, SEC): 2,
        (ns.A4, ns.N4, BAS): 1,
    }
    assert _totals(report) == {SEC: (4, 3), BAS: (1, 1)}


def test_past_peildatum_unchanged_after_later_moves(ns):
    """Withdrawing, accepting and registering after P leaves the count on P as it was."""
    ministry = _user("ministry")
    before = participation_report(ministry, ReportParams(P, "registered", ReportFilters()))
    make_registration(
        school_id=ns.S4,
        network_id=ns.N3,
        history=[("submitted", date(2021, 12, 1)), ("accepted", date(2022, 1, 10))],
    )
    make_registration(
        school_id=ns.B4,
        network_id=ns.N5,
        history=[("submitted", date(2022, 2, 1)), ("accepted", date(2022, 3, 1))],
    )
    after = participation_report(ministry, ReportParams(P, "registered", ReportFilters()))
    assert _table(after) == _table(before)
    assert _totals(after) == _totals(before)
    later = participation_report(
        ministry, ReportParams(date(2022, 3, 1), "registered", ReportFilters())
    )
    # On 1/3/2022: S2 withdrew (1/12), S3 (N3, 20/11) and S4 (N3) joined; B4 joined N4 and N5.
    assert _totals(later)[SEC] == (7, 5)
    assert _totals(later)[BAS] == (5, 4)


@pytest.mark.parametrize(
    ("filters", "expected", "totals"),
    [
        # Programme: N5 belongs to the other programme and has nobody on P.
        ("programme_h", None, {SEC: (6, 4), BAS: (3, 3)}),
        ("programme_o", {}, {}),
        ("call_1", None, {SEC: (6, 4), BAS: (3, 3)}),
        ("year_2021", None, {SEC: (6, 4), BAS: (3, 3)}),
        ("year_2020", {}, {}),
        ("limburg", "limburg", {SEC: (1, 1)}),
        ("go", "go", {SEC: (4, 2)}),  # pairs S1-N1, S1-N2, S6-N2, S6-N3
        ("basis", "basis", {BAS: (3, 3)}),
    ],
)
def test_filters(ns, filters, expected, totals):
    """Network filters (programme, call, school year) and school filters (province, net, level)."""
    f = {
        "programme_h": ReportFilters(programme_id=ns.prog_h),
        "programme_o": ReportFilters(programme_id=ns.prog_o),
        "call_1": ReportFilters(call_id=ns.C1),
        "year_2021": ReportFilters(school_year=SchoolYear(2021)),
        "year_2020": ReportFilters(school_year=SchoolYear(2020)),
        "limburg": ReportFilters(province=Province.limburg),
        "go": ReportFilters(umbrella=Umbrella.go),
        "basis": ReportFilters(level=BAS),
    }[filters]
    report = participation_report(_user("ministry"), ReportParams(P, "registered", f))
    assert _totals(report) == totals
    if expected == "limburg":  # S8 only, under both anchors of N3
        assert _table(report) == {(ns.A2, ns.N3, SEC): 1, (ns.A3, ns.N3, SEC): 1}
    if expected == "go":  # S1 (N1, N2) and S6 (N2, N3)
        assert _table(report) == {
            (ns.A1, ns.N1, SEC): 1,
            (ns.A1, ns.N2, SEC): 2,
            (ns.A2, ns.N3, SEC): 1,
            (ns.A3, ns.N3, SEC): 1,
        }
    if expected == "basis":
        assert _table(report) == {(ns.A4, ns.N4, BAS): 3}
    if expected == {}:
        assert report.rows == [] and report.sections == []


def test_school_year_2020_without_peildatum_takes_the_end_of_that_year(ns):
    """Only a school year: the peildatum becomes 31/08/2021, when B1 was still in N5."""
    params = parse_params({"school_year": "2020-2021"})
    assert params.as_of == date(2021, 8, 31)
    report = participation_report(_user("ministry"), params)
    assert _table(report) == {(ns.A5, ns.N5, BAS): 1}


def test_coach_sees_only_own_networks(ns):
    """A coach's report holds the coach's networks only, totals included."""
    coach = db.session.get(User, ns.coach1)
    report = participation_report(coach, ReportParams(P, "registered", ReportFilters()))
    assert _table(report) == {(ns.A1, ns.N1, SEC): 2}
    assert _totals(report) == {SEC: (2, 2)}
    other = _user("coach")
    assert participation_report(other, ReportParams(P, "registered", ReportFilters())).rows == []


def test_school_users_may_not_read_reports(ns):
    """School users get NotAllowed from the service itself."""
    with pytest.raises(NotAllowed):
        participation_report(_user("school"), ReportParams(P, "registered", ReportFilters()))


def test_list_behind_a_count_names_for_admin_codes_for_ministry(ns):
    """The list behind N1's count: S1 and S2; names for admins, codes only for the ministry."""
    network = load_network(ns.N1)
    admin_list = participation_list(
        _user("admin"), ListParams(P, "registered", ReportFilters(), network)
    )
    assert admin_list.total == 2
    assert [s.name for s in admin_list.items] == ["Deelnemer S1", "Deelnemer S2"]
    assert [s.since for s in admin_list.items] == [date(2021, 6, 15)] * 2
    ministry_list = participation_list(
        _user("ministry"), ListParams(P, "registered", ReportFilters(), network)
    )
    assert {s.id for s in ministry_list.items} == {ns.S1, ns.S2}
    assert all(s.name is None and s.institution_number is None for s in ministry_list.items)
    assert all(s.public_code.startswith("S-R") for s in ministry_list.items)


def test_list_of_distinct_schools_per_level(ns):
    """Without a network: the distinct schools of a level, with their number of networks."""
    listing = participation_list(
        _user("admin"), ListParams(P, "registered", ReportFilters(level=SEC))
    )
    assert {s.name: s.networks for s in listing.items} == {
        "Deelnemer S1": 2,
        "Deelnemer S2": 1,
        "Deelnemer S6": 2,
        "Deelnemer S8": 1,
    }
    assert listing.total == 4


def test_list_participating_since_first_attendance(ns):
    """Participating basis: the date is the first held meeting attended."""
    network = load_network(ns.N3)
    listing = participation_list(
        _user("admin"), ListParams(P, "participating", ReportFilters(), network)
    )
    assert {s.name: s.since for s in listing.items} == {
        "Deelnemer S6": date(2021, 11, 19),
        "Deelnemer S8": date(2021, 11, 19),
    }


def test_list_pagination(ns):
    """A page of one school at a time, with the total kept."""
    listing = participation_list(
        _user("admin"), ListParams(P, "registered", ReportFilters(level=SEC), page=2), per_page=1
    )
    assert listing.total == 4 and listing.pages == 4 and len(listing.items) == 1
    assert listing.items[0].name == "Deelnemer S2"
    assert listing.has_prev and listing.has_next


def test_coach_of_another_network_may_not_list_it(ns):
    """Coach 2 runs N2, not N1: the list of N1 is refused."""
    with pytest.raises(NotAllowed):
        participation_list(
            db.session.get(User, ns.coach2),
            ListParams(P, "registered", ReportFilters(), load_network(ns.N1)),
        )


@pytest.mark.parametrize(
    ("args", "status", "fragment"),
    [
        ({"as_of": "31/02/2021"}, 400, "Ongeldige datum"),
        ({"as_of": "gisteren"}, 400, "Ongeldige datum"),
        ({"as_of": "01/01/2199"}, 400, "toekomst"),
        ({"basis": "all"}, 400, "basis"),
        ({"programme_id": "999999"}, 400, "programma"),
        ({"programme_id": "abc"}, 400, "programma"),
        ({"call_id": "999999"}, 400, "oproep"),
        ({"school_year": "2021"}, 400, "schooljaar"),
        ({"province": "mars"}, 400, "provincie"),
        ({"umbrella": "x"}, 400, "onderwijsnet"),
        ({"level": "hoger"}, 400, "niveau"),
    ],
)
def test_bad_parameters_give_a_dutch_400(rctx, args, status, fragment):
    """Every bad parameter is refused with a clear Dutch message."""
    with pytest.raises(DomainError) as exc:
        parse_params(args)
    assert exc.value.status_code == status
    assert fragment.lower() in exc.value.message.lower()


def test_parse_params_accepts_belgian_and_iso_dates(rctx):
    """19/11/2021 and 2021-11-19 are the same peildatum; empty means today."""
    assert parse_params({"as_of": "19/11/2021"}).as_of == P
    assert parse_params({"as_of": "2021-11-19"}).as_of == P
    assert parse_params({}).as_of == today()
