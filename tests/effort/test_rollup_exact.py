"""The roll-up's exact arithmetic: shares of 1/3, half-up ties, totals rounded by themselves.

School year 2023-2024 has 366 days; 1.000 hours per FTE. The scene:
- school S anchors three networks N1, N2, N3 (so S's figures go 1/3 to each network);
- network M is anchored by three schools X, Y, Z (so M's figures go 1/3 to each school);
- s1: 0,009 FTE project subsidy on anchor school S, 1/9 - 31/10/2023 (61 days)
                                   -> 0,009 x 61/366 = 0,0015, so 0,0005 per network;
- planned: N1, N2, N3 0,001 each; M 0,002 (0,000667 per school);
- hours on M: 90 minutes meeting, 9 minutes preparation (per school 30 + 3 minutes).
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from netwerk.effort.models import Activity, SchoolYearSetting
from netwerk.effort.rollup import _half_up, effort_rollup
from netwerk.extensions import db
from netwerk.formatting import round_half_up
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.factories import make_network, make_programme, make_school

D = Decimal


@pytest.fixture
def scene(ctx):
    """The dataset described in the module docstring."""
    s = make_school(name="S-school")
    x, y, z = (make_school(name=f"{name}-school") for name in "XYZ")
    p = make_programme("Programma P")
    networks = [make_network(name=f"N{i}", anchor_ids=[s], programme_id=p) for i in (1, 2, 3)]
    m = make_network(name="M", anchor_ids=[x, y, z], programme_id=p)
    staff = make_staff()
    make_assignment(staff, "0.009", date(2023, 9, 1), date(2023, 10, 31), anchor_school_id=s)
    for network in networks:
        make_planned("2023-2024", "0.001", network_id=network)
    make_planned("2023-2024", "0.002", network_id=m)
    make_hours(staff, m, date(2023, 10, 3), 90, Activity.bijeenkomst)
    make_hours(staff, m, date(2023, 10, 4), 9, Activity.voorbereiding)
    db.session.add(SchoolYearSetting(school_year="2023-2024", hours_per_fte=D("1000")))
    db.session.commit()


def _check_total(total) -> None:
    """The total rounds its own exact sums: not the sum of the rounded rows."""
    assert total.planned_fte == D("0.005")
    assert total.realised_fte == total.subsidised_fte == D("0.002")  # 0,0015
    assert total.difference_fte == D("-0.004")  # -0,0035: half away from zero
    assert (total.hours, total.hours_fte) == (D("1.7"), D("0.002"))  # 1,65 h; 0,00165
    assert total.hours_by_activity["bijeenkomst"] == D("1.5")
    assert total.hours_by_activity["voorbereiding"] == D("0.2")  # 0,15


def test_thirds_and_ties_per_network(scene):
    """S's assignment is split in thirds: 0,0005 per network rounds up, the total has 0,0015."""
    rollup = effort_rollup("2023-2024", "network")
    rows = {row.label: row for row in rollup.rows}
    assert list(rows) == ["M", "N1", "N2", "N3"]
    for name in ("N1", "N2", "N3"):
        row = rows[name]
        assert (row.planned_fte, row.realised_fte, row.subsidised_fte) == (
            D("0.001"),
            D("0.001"),  # 0,0005
            D("0.001"),
        )
        assert (row.own_fte, row.other_fte) == (D("0.000"), D("0.000"))
        assert row.difference_fte == D("-0.001")  # -0,0005
        assert row.realised_by_funding["projectsubsidie"] == D("0.001")
        assert row.hours == D("0.0")
    m = rows["M"]
    assert (m.planned_fte, m.realised_fte, m.difference_fte) == (
        D("0.002"),
        D("0.000"),
        D("-0.002"),
    )
    assert (m.hours, m.hours_fte) == (D("1.7"), D("0.002"))
    assert m.hours_by_activity["voorbereiding"] == D("0.2")
    assert sum(row.realised_fte for row in rows.values()) == D("0.003")  # rows, rounded
    _check_total(rollup.total)


def test_thirds_and_ties_per_anchor_school(scene):
    """M's planned FTE and hours are split in thirds over X, Y and Z; S keeps all of s1."""
    rollup = effort_rollup("2023-2024", "anchor_school")
    rows = {row.label: row for row in rollup.rows}
    assert list(rows) == ["S-school", "X-school", "Y-school", "Z-school"]
    s = rows["S-school"]
    assert (s.planned_fte, s.realised_fte, s.difference_fte) == (
        D("0.003"),
        D("0.002"),  # 0,0015
        D("-0.002"),  # -0,0015
    )
    for name in ("X-school", "Y-school", "Z-school"):
        row = rows[name]
        assert (row.planned_fte, row.realised_fte, row.difference_fte) == (
            D("0.001"),  # 0,000667
            D("0.000"),
            D("-0.001"),
        )
        assert (row.hours, row.hours_fte) == (D("0.6"), D("0.001"))  # 33 minutes: 0,55 h; 0,00055
        assert row.hours_by_activity == {
            "bijeenkomst": D("0.5"),
            "voorbereiding": D("0.1"),  # 3 minutes: 0,05 h
            "schoolbezoek": D("0.0"),
            "verplaatsing": D("0.0"),
            "opleiding": D("0.0"),
            "administratie": D("0.0"),
            "other": D("0.0"),
        }
    assert sum(row.planned_fte for row in rows.values()) == D("0.006")  # rows, rounded
    _check_total(rollup.total)
    assert [str(value) for value in (s.planned_fte, s.hours, rollup.total.hours_fte)] == [
        "0.003",
        "0.0",
        "0.002",
    ]  # three decimals for FTE and one for hours, also for zero


def _reference(numerator: int, denominator: int, places: int) -> Decimal:
    """The rounding the roll-up always had: a Decimal quotient, then round_half_up."""
    return round_half_up(D(numerator) / D(denominator), places)


def _outcome(compute) -> str:
    """The repr of a result (value, exponent and sign), or the name of the error it raised."""
    try:
        return repr(compute())
    except ArithmeticError as error:  # decimal.InvalidOperation: more digits than precision
        return type(error).__name__


@given(
    numerator=st.integers(-(10**30), 10**30),
    denominator=st.integers(1, 10**15),
    places=st.sampled_from([1, 3]),
)
@example(numerator=1, denominator=2000, places=3)  # 0,0005
@example(numerator=-1, denominator=2000, places=3)  # -0,0005
@example(numerator=-1, denominator=10_000, places=3)  # -0,0001: Decimal('-0.000')
@example(numerator=3, denominator=60, places=1)  # 0,05 h
@example(numerator=10**20 - 1, denominator=2 * 10**23, places=3)  # 0,0005 - 5e-24: down
@example(numerator=10**30 - 1, denominator=2 * 10**33, places=3)  # 0,0005 - 5e-34: Decimal's
@example(numerator=10**30, denominator=1, places=3)  # too many digits: InvalidOperation
def test_integer_rounding_is_the_decimal_rounding(numerator, denominator, places):
    """The integer rounding of the roll-up gives the very Decimal (value, exponent, sign)."""
    rounded = _outcome(lambda: _half_up(denominator, places)(numerator))
    assert rounded == _outcome(lambda: _reference(numerator, denominator, places))


@given(
    k=st.integers(-(10**12), 10**12),
    scale=st.integers(1, 10**9),
    places=st.sampled_from([1, 3]),
)
def test_integer_rounding_of_exact_ties(k, scale, places):
    """(k + 1/2) / 10**places, written over any denominator, rounds away from zero."""
    numerator = (2 * k + 1) * scale
    denominator = 2 * 10**places * scale
    rounded = _half_up(denominator, places)(numerator)
    assert repr(rounded) == repr(_reference(numerator, denominator, places))
    assert abs(rounded) * 10**places == abs(k) + (1 if k >= 0 else 0)


def test_integer_rounding_with_a_factor():
    """hours_fte: minutes x hpf's denominator / (60 x hpf's numerator), e.g. 1562,5 hours."""
    hpf = D("1562.50")
    num, den = hpf.as_integer_ratio()
    to_fte = _half_up(60 * num, 3, den)
    assert to_fte(46875) == D("0.500") == _reference(46875 * den, 60 * num, 3)
    assert to_fte(100) == D("0.001")  # 0,00107
