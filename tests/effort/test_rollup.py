"""The roll-up against figures computed by hand.

School year 2023-2024 has 366 days (29 February 2024). The scene:
- schools A (Antwerpen), B (Limburg), C (Antwerpen);
- network N1 (programme P) anchored by A and B; N2 (P) anchored by C; N3 (programme Q) by A;
- s1: 0,5 FTE project subsidy on N1, all year                    -> 0,5
- s2: 0,5 FTE project subsidy on anchor school C, 1/9 - 29/2    -> 0,5 x 182/366
- s3: 0,2 FTE own means on anchor school A, 1/6/2023 - 31/12/2023 (spans two school years)
                                                                  -> 0,2 x 122/366 in 2023-2024
- s4: 0,1 FTE earmarked funds on programme P, all year           -> 0,1 (programme-wide line)
- planned: N1 1,0 (earmarked 0,4), N2 0,5, programme P 0,2
- hours: N1 600 + 300 minutes, N2 120 minutes, and 60 minutes on 31/8/2023 (previous year)
- 1.000 hours per FTE in 2023-2024.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from netwerk.effort.models import Activity, FundingSource, SchoolYearSetting
from netwerk.effort.rollup import effort_rollup
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.formatting import round_half_up
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.factories import make_network, make_programme, make_school

D = Decimal


def _r(value) -> Decimal:
    """The one rounding rule on an exact fraction, to three places."""
    value = Fraction(value)
    return round_half_up(D(value.numerator) / D(value.denominator), 3)


@pytest.fixture
def scene(ctx):
    """The dataset described in the module docstring; returns the ids by name."""
    a = make_school(name="A-school", province="antwerpen")
    b = make_school(name="B-school", province="limburg")
    c = make_school(name="C-school", province="antwerpen")
    p = make_programme("Programma P")
    q = make_programme("Programma Q")
    n1 = make_network(name="N1", anchor_ids=[a, b], programme_id=p)
    n2 = make_network(name="N2", anchor_ids=[c], programme_id=p)
    n3 = make_network(name="N3", anchor_ids=[a], programme_id=q)
    staff = [make_staff(f"Medewerker {i}") for i in range(4)]
    make_assignment(staff[0], "0.5", date(2023, 9, 1), network_id=n1)
    make_assignment(staff[1], "0.5", date(2023, 9, 1), date(2024, 2, 29), anchor_school_id=c)
    make_assignment(
        staff[2],
        "0.2",
        date(2023, 6, 1),
        date(2023, 12, 31),
        anchor_school_id=a,
        funding=FundingSource.eigen_middelen,
    )
    make_assignment(
        staff[3], "0.1", date(2023, 9, 1), programme_id=p, funding=FundingSource.gekleurde_middelen
    )
    make_planned("2023-2024", "1", "0.4", network_id=n1)
    make_planned("2023-2024", "0.5", network_id=n2)
    make_planned("2023-2024", "0.2", programme_id=p)
    make_planned("2022-2023", "9", network_id=n1)  # another year: must not count
    make_hours(staff[0], n1, date(2023, 10, 3), 600, Activity.bijeenkomst)
    make_hours(staff[0], n1, date(2024, 8, 31), 300, Activity.voorbereiding)
    make_hours(staff[1], n2, date(2023, 9, 1), 120, Activity.schoolbezoek)
    make_hours(staff[0], n1, date(2023, 8, 31), 60, Activity.bijeenkomst)
    db.session.add(SchoolYearSetting(school_year="2023-2024", hours_per_fte=D("1000")))
    db.session.commit()
    return {"A": a, "B": b, "C": c, "P": p, "Q": q, "N1": n1, "N2": n2, "N3": n3}


S2 = Fraction(1, 2) * Fraction(182, 366)
S3 = Fraction(2, 10) * Fraction(122, 366)
TOTAL_REALISED = Fraction(1, 2) + S2 + S3 + Fraction(1, 10)


def _rows(rollup) -> dict:
    return {row.label: row for row in rollup.rows}


def _check_total(rollup) -> None:
    total = rollup.total
    assert total.planned_fte == D("1.700")  # N1 counted once, not once per anchor
    assert total.earmarked_fte == D("0.400")
    assert total.realised_fte == _r(TOTAL_REALISED) == D("0.915")
    assert total.subsidised_fte == _r(Fraction(6, 10) + S2) == D("0.849")
    assert total.own_fte == _r(S3) == D("0.067")
    assert total.hours == D("17.0")
    assert total.hours_fte == D("0.017")
    assert total.hours_by_activity == {
        "bijeenkomst": D("10.0"),
        "voorbereiding": D("5.0"),
        "schoolbezoek": D("2.0"),
        "verplaatsing": D("0.0"),
        "opleiding": D("0.0"),
        "administratie": D("0.0"),
        "other": D("0.0"),
    }


def test_rollup_per_anchor_school(scene):
    """Network figures are split equally over the two anchors; totals count N1 once."""
    rollup = effort_rollup("2023-2024", "anchor_school")
    rows = _rows(rollup)
    assert list(rows) == ["A-school", "B-school", "C-school", "Programmabreed: Programma P"]
    a, b, c, wide = rows.values()
    assert (a.planned_fte, a.earmarked_fte) == (D("0.500"), D("0.200"))
    assert a.realised_fte == _r(Fraction(1, 4) + S3) == D("0.317")
    assert (a.subsidised_fte, a.own_fte) == (D("0.250"), D("0.067"))
    assert a.difference_fte == _r(Fraction(1, 4) + S3 - Fraction(1, 2)) == D("-0.183")
    assert (a.hours, a.hours_fte) == (D("7.5"), D("0.008"))  # 0,0075 rounds half up
    assert a.hours_by_activity["bijeenkomst"] == D("5.0")
    assert (b.planned_fte, b.realised_fte, b.own_fte, b.hours) == (
        D("0.500"),
        D("0.250"),
        D("0.000"),
        D("7.5"),
    )
    assert c.realised_fte == _r(S2) == D("0.249")
    assert (c.planned_fte, c.hours, c.difference_fte) == (D("0.500"), D("2.0"), D("-0.251"))
    assert (wide.planned_fte, wide.realised_fte, wide.subsidised_fte) == (
        D("0.200"),
        D("0.100"),
        D("0.100"),
    )
    assert wide.realised_by_funding["gekleurde_middelen"] == D("0.100")
    _check_total(rollup)


def test_rollup_per_network(scene):
    """An anchor school's assignment is split over the networks that school anchors."""
    rollup = effort_rollup("2023-2024", "network")
    rows = _rows(rollup)
    assert list(rows) == ["N1", "N2", "N3", "Programmabreed: Programma P"]
    assert rows["N1"].realised_fte == _r(Fraction(1, 2) + S3 / 2) == D("0.533")
    assert (rows["N1"].planned_fte, rows["N1"].hours) == (D("1.000"), D("15.0"))
    assert rows["N2"].realised_fte == D("0.249")
    assert rows["N3"].realised_fte == rows["N3"].own_fte == _r(S3 / 2) == D("0.033")
    _check_total(rollup)


def test_rollup_per_programme_and_province(scene):
    """Per programme, programme-level figures join their programme; per province of the anchor."""
    rollup = effort_rollup("2023-2024", "programme")
    rows = _rows(rollup)
    assert list(rows) == ["Programma P", "Programma Q"]
    assert rows["Programma P"].realised_fte == _r(TOTAL_REALISED - S3 / 2) == D("0.882")
    assert rows["Programma P"].planned_fte == D("1.700")
    assert rows["Programma Q"].realised_fte == D("0.033")
    _check_total(rollup)

    rollup = effort_rollup("2023-2024", "province")
    rows = _rows(rollup)
    assert list(rows) == ["Antwerpen", "Limburg", "Programmabreed: Programma P"]
    assert rows["Antwerpen"].realised_fte == _r(Fraction(1, 4) + S3 + S2) == D("0.565")
    assert (rows["Antwerpen"].planned_fte, rows["Antwerpen"].hours) == (D("1.000"), D("9.5"))
    assert (rows["Limburg"].realised_fte, rows["Limburg"].hours) == (D("0.250"), D("7.5"))
    _check_total(rollup)


def test_rollup_filters_and_other_year(scene):
    """A programme filter keeps its share only; the previous year sees s3's summer and 60 minutes."""
    rollup = effort_rollup("2023-2024", "anchor_school", {"programme_id": scene["Q"]})
    assert [(r.label, r.realised_fte) for r in rollup.rows] == [("A-school", D("0.033"))]
    assert rollup.total.hours == 0

    rollup = effort_rollup("2022-2023", "anchor_school")
    # s3 covers 1/6 - 31/8/2023: 92 of 365 days; N1 planned 9 split over A and B.
    assert rollup.total.realised_fte == _r(Fraction(2, 10) * Fraction(92, 365)) == D("0.050")
    assert rollup.total.planned_fte == D("9.000")
    assert rollup.total.hours == D("1.0")
    # No setting for 2022-2023: the default of 1.600 hours per FTE applies.
    assert rollup.hours_per_fte == D("1600")

    coach_view = effort_rollup("2023-2024", "network", {"network_ids": [scene["N2"]]})
    assert [r.label for r in coach_view.rows] == ["N2"]
    assert coach_view.total.realised_fte == D("0.249")


@pytest.mark.parametrize(
    ("year", "group_by", "message"),
    [("2023", "network", "Ongeldig schooljaar"), ("2023-2024", "school", "Ongeldige groepering")],
)
def test_rollup_refuses_bad_arguments(ctx, year, group_by, message):
    """A bad school year or grouping is a 400 DomainError."""
    with pytest.raises(DomainError, match=message) as info:
        effort_rollup(year, group_by)
    assert info.value.status_code == 400


def test_rollup_uses_a_constant_number_of_queries(scene, app):
    """Hours are summed in SQL: the statement count does not grow with the number of entries."""
    from sqlalchemy import event

    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        effort_rollup("2023-2024", "anchor_school")
        before = len(statements)
        staff = make_staff("Veel uren")
        for day in range(1, 29):
            make_hours(staff, scene["N1"], date(2024, 2, day), 30)
        statements.clear()
        rollup = effort_rollup("2023-2024", "anchor_school")
        assert len(statements) == before
        assert rollup.total.hours == D("31.0")
    finally:
        event.remove(engine, "before_cursor_execute", count)
