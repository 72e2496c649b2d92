"""Pro-rata and splits: exact, half up, the remainder on the last part."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from netwerk.money.models import ProRata
from netwerk.money.prorata import CENT, EURO, period_share, split, to_quantum


def test_64000_over_twelve_months_is_eleven_times_5333_33_and_5333_37():
    """The issue's split, to the cent: the remainder goes on the last month."""
    parts = split(Decimal("64000.00"), [Fraction(1)] * 12)
    assert parts == [Decimal("5333.33")] * 11 + [Decimal("5333.37")]
    assert sum(parts) == Decimal("64000.00")


def test_four_months_of_60166_a_year_is_20055_in_whole_euro():
    """Seed 001: September-December 2023 is 4/12 of 60.166 €, written 20.055 €."""
    share = period_share(date(2023, 9, 1), date(2023, 12, 31), ProRata.months)
    assert share == Fraction(1, 3)
    assert to_quantum(Fraction(60166) * share, EURO) == Decimal("20055.00")
    assert to_quantum(Fraction(60166) * share, CENT) == Decimal("20055.33")


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "rule", "share"),
    [
        (date(2016, 9, 1), date(2017, 8, 31), ProRata.months, Fraction(1)),
        (date(2016, 9, 1), date(2017, 8, 31), ProRata.days, Fraction(1)),
        (date(2019, 9, 1), date(2020, 8, 31), ProRata.days, Fraction(1)),  # 366 days
        (date(2023, 9, 1), date(2023, 12, 31), ProRata.days, Fraction(122, 366)),
        (date(2024, 1, 1), date(2024, 1, 16), ProRata.months, Fraction(16, 31 * 12)),
    ],
)
def test_period_share_by_months_or_inclusive_days(starts_on, ends_on, rule, share):
    """A full school year is 1 either way; a partial month counts its days."""
    assert period_share(starts_on, ends_on, rule) == share


def test_half_up_rounds_away_from_zero():
    """2,345 -> 2,35 and -2,5 -> -3: half up, never to even."""
    assert to_quantum(Decimal("2.345")) == Decimal("2.35")
    assert to_quantum(Decimal("-2.5"), EURO) == Decimal("-3.00")
    assert to_quantum(Decimal("0.125")) == Decimal("0.13")
