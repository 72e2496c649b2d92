"""Pro-rata and splits of euro amounts, exactly (fractions), rounded half up once at the end.

- `period_share`: the part of twelve months a period is, by months (whole months, a partial
  month by its days) or by inclusive days (per school year: 365 or 366 days);
- `split`: one amount over parts by weight, each rounded half up to the quantum, the remainder
  on the last part (64.000 over 12 months: 11 x 5.333,33 and 5.333,37).
"""

import calendar
import math
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from netwerk.money.models import ProRata, Rounding
from netwerk.timeutil import SchoolYear

CENT = Decimal("0.01")
EURO = Decimal("1")


def quantum(rounding: Rounding) -> Decimal:
    """The unit a grant's amounts are rounded to."""
    return EURO if rounding is Rounding.euro else CENT


def to_quantum(value: Fraction | Decimal, unit: Decimal = CENT) -> Decimal:
    """A value rounded half up (half away from zero) to the unit, as a Decimal with cents (or
    the unit's places when finer, as FTE's 0,001)."""
    units = Fraction(value) / Fraction(unit)
    whole = math.floor(abs(units) + Fraction(1, 2))
    return (Decimal(whole if units >= 0 else -whole) * unit).quantize(min(unit, CENT))


def _month_parts(starts_on: date, ends_on: date) -> Fraction:
    """Months from starts_on to ends_on inclusive: a whole month counts 1, a part of a month its
    days over the days of that month."""
    total = Fraction(0)
    day = starts_on
    while day <= ends_on:
        last = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        end = min(last, ends_on)
        total += Fraction((end - day).days + 1, last.day)
        day = end + timedelta(days=1)
    return total


def _year_days(starts_on: date, ends_on: date) -> Fraction:
    """The inclusive days from starts_on to ends_on, each over the days of its school year."""
    total = Fraction(0)
    day = starts_on
    while day <= ends_on:
        year = SchoolYear.of(day)
        end = min(year.ends_on, ends_on)
        total += Fraction((end - day).days + 1, year.days)
        day = end + timedelta(days=1)
    return total


def period_share(starts_on: date, ends_on: date, rule: ProRata) -> Fraction:
    """The part of twelve months the period is (1 for a full school year), by the grant's rule."""
    if ends_on < starts_on:
        return Fraction(0)
    if rule is ProRata.days:
        return _year_days(starts_on, ends_on)
    return _month_parts(starts_on, ends_on) / 12


def split(amount: Decimal, weights: Sequence[Fraction], unit: Decimal = CENT) -> list[Decimal]:
    """The amount over the weights, each part rounded half up to the unit, the remainder (what
    rounding left over) on the last part, so the parts add up to the amount exactly."""
    whole = sum(weights, Fraction(0))
    if not weights:
        return []
    if whole == 0:
        return [Decimal("0.00")] * (len(weights) - 1) + [amount.quantize(CENT)]
    parts = [to_quantum(Fraction(amount) * w / whole, unit) for w in weights[:-1]]
    return [*parts, (amount - sum(parts, Decimal(0))).quantize(CENT)]
