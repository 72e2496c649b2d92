"""The parsers of FTE and durations: tables of what people type."""

from decimal import Decimal

import pytest

from netwerk.effort.parsing import parse_duration, parse_fte
from netwerk.errors import DomainError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0,5", "0.500"),
        ("0.5", "0.500"),
        ("50%", "0.500"),
        ("50 %", "0.500"),
        ("halftijds", "0.500"),
        ("Halftijds", "0.500"),
        ("voltijds", "1.000"),
        ("1", "1.000"),
        ("1,0", "1.000"),
        ("0,833", "0.833"),
        ("0,8333", "0.833"),
        ("83,3%", "0.833"),
        (" 0,25 VTE ", "0.250"),
        (",5", "0.500"),
        (Decimal("0.4"), "0.400"),
    ],
)
def test_parse_fte_accepts(text, expected):
    """Comma, point, percentages and words give a Decimal with three places."""
    value = parse_fte(text)
    assert value == Decimal(expected)
    assert value.as_tuple().exponent == -3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "0 VTE"),
        ("0,0001", "0 VTE"),
        ("0%", "0 VTE"),
        ("-0,5", "negatief"),
        ("-10%", "negatief"),
        ("1,5", "hoogstens 1"),
        ("150%", "hoogstens 1"),
        ("2", "hoogstens 1"),
        ("", "Vul een VTE in"),
        ("half", "Ongeldige VTE"),
        ("deeltijds", "geen getal"),
        ("0,5,5", "Ongeldige VTE"),
        ("abc%", "Ongeldige VTE"),
    ],
)
def test_parse_fte_refuses(text, message):
    """Zero, negative, above one and nonsense are refused with a Dutch message."""
    with pytest.raises(DomainError) as info:
        parse_fte(text)
    assert message in info.value.message


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1u30", 90),
        ("1h30", 90),
        ("1 u 30", 90),
        ("1:30", 90),
        ("0:45", 45),
        ("90", 90),
        ("90 min", 90),
        ("1,5u", 90),
        ("1.5 h", 90),
        ("2u", 120),
        ("0,25u", 15),
        ("24u", 1440),
        ("1440", 1440),
        (45, 45),
    ],
)
def test_parse_duration_accepts(text, minutes):
    """Hours and minutes, clock notation, decimal hours and bare minutes."""
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "0 minuten"),
        ("0u", "0 minuten"),
        ("-30", "negatief"),
        ("-1u", "negatief"),
        ("25u", "24 uur"),
        ("1441", "24 uur"),
        ("1u75", "Ongeldige duur"),
        ("anderhalf uur", "Ongeldige duur"),
        ("", "Vul een duur in"),
    ],
)
def test_parse_duration_refuses(text, message):
    """Zero, negative, more than 24 hours and nonsense are refused."""
    with pytest.raises(DomainError) as info:
        parse_duration(text)
    assert message in info.value.message
