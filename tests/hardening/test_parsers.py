"""Hostile input for the parsers people type into: FTE, durations, dates and school years.

Whatever the text, a parser returns a value in its range or raises DomainError (a Dutch message
and a 4xx), never anything else; values it accepts come back from their own written forms.
"""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netwerk.effort.parsing import parse_duration, parse_fte
from netwerk.errors import DomainError
from netwerk.timeutil import SchoolYear, parse_date

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Texts that look a little like what people type (digits, separators, units, words), besides
# arbitrary unicode: random text alone rarely reaches the deeper branches.
PIECES = st.sampled_from(
    ["0", "1", "5", "9", "12", ",", ".", "%", "u", "h", ":", "min", "uur", "-", "+", " ", "/",
     "vte", "halftijds", "voltijds", "deeltijds", "1e5", "NaN", "inf", "٣", "²", "\x00", "\u00a0"]
)  # fmt: skip
TYPED = st.one_of(
    st.text(max_size=40),
    st.lists(PIECES, max_size=8).map("".join),
    st.from_regex(r"\s*[0-9]{1,40}([.,][0-9]{0,40})?\s*(%|u|h|uur|min|:[0-9]{1,3})?\s*"),
)


def _domain_error_or(parse, value):
    """The parsed value, or None when the parser refused it with a DomainError."""
    try:
        return parse(value)
    except DomainError as exc:
        assert exc.message and 400 <= exc.status_code < 500
        return None


@SETTINGS
@given(TYPED)
@example("9" * 5000)  # beyond Python's limit for converting digits to int
@example("9" * 40 + "u")  # more digits than Decimal's precision
def test_parse_fte_never_fails_otherwise(text):
    """Any text: an FTE in (0, 1] with three places, or a DomainError."""
    value = _domain_error_or(parse_fte, text)
    if value is not None:
        assert isinstance(value, Decimal)
        assert Decimal("0.001") <= value <= 1
        assert value.as_tuple().exponent == -3


@SETTINGS
@given(st.one_of(st.floats(), st.decimals(), st.integers()))
def test_parse_fte_numbers_never_fail_otherwise(number):
    """Numbers from the API (NaN, infinities, huge) as well: an FTE or a DomainError."""
    value = _domain_error_or(parse_fte, number)
    if value is not None:
        assert Decimal("0.001") <= value <= 1


@SETTINGS
@given(st.integers(min_value=1, max_value=1000))
def test_parse_fte_round_trips(thousandths):
    """Every FTE from 0,001 to 1,000 reads back from its Belgian, point and percent forms."""
    fte = Decimal(thousandths) / 1000
    belgian = f"{fte:.3f}".replace(".", ",")
    assert parse_fte(belgian) == fte
    assert parse_fte(f"{fte:.3f}") == fte
    assert parse_fte(f"{fte * 100:.1f}%".replace(".", ",")) == fte


@SETTINGS
@given(TYPED)
@example("9" * 5000)
@example("9" * 40 + "u")
@example("9" * 30 + ",5u")
def test_parse_duration_never_fails_otherwise(text):
    """Any text: whole minutes from 1 to 24 hours, or a DomainError."""
    value = _domain_error_or(parse_duration, text)
    if value is not None:
        assert isinstance(value, int) and 1 <= value <= 24 * 60


@SETTINGS
@given(st.integers())
def test_parse_duration_integers_never_fail_otherwise(minutes):
    """Any integer: the minutes themselves when in range, else a DomainError."""
    value = _domain_error_or(parse_duration, minutes)
    assert value == (minutes if 1 <= minutes <= 24 * 60 else None)


@SETTINGS
@given(st.integers(min_value=1, max_value=24 * 60))
def test_parse_duration_round_trips(minutes):
    """Every duration reads back from 1u30, 1:30, bare minutes and decimal hours."""
    hours, rest = divmod(minutes, 60)
    assert parse_duration(f"{hours}u{rest:02d}") == minutes
    assert parse_duration(f"{hours}:{rest:02d}") == minutes
    assert parse_duration(str(minutes)) == minutes
    assert parse_duration(f"{minutes} min") == minutes
    assert parse_duration(f"{Decimal(minutes) / 60:.4f}u".replace(".", ",")) == minutes


@SETTINGS
@given(st.one_of(TYPED, st.from_regex(r"[0-9]{1,4}[-/.][0-9]{1,4}[-/.][0-9]{1,6}", fullmatch=True)))
def test_parse_date_never_fails_otherwise(text):
    """Any text: a date from 1900 to 2200, or a DomainError."""
    value = _domain_error_or(parse_date, text)
    if value is not None:
        assert date(1900, 1, 1) <= value <= date(2200, 12, 31)


@SETTINGS
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_parse_date_round_trips(day):
    """Every date in range reads back from 19/11/2021, 19-11-2021, 19.11.2021 and ISO."""
    for written in (
        day.strftime("%d/%m/%Y"),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
        f" {day.day}/{day.month}/{day.year} ",
    ):
        assert parse_date(written) == day


@SETTINGS
@given(st.dates().filter(lambda d: not 1900 <= d.year <= 2200))
def test_parse_date_refuses_out_of_range(day):
    """Dates outside 1900-2200 are refused, not stored."""
    assert _domain_error_or(parse_date, day.strftime("%d/%m/") + f"{day.year:04d}") is None


@SETTINGS
@given(st.one_of(TYPED, st.from_regex(r"\s*[0-9]{4}\s*[-/]\s*[0-9]{2,4}\s*", fullmatch=True)))
def test_school_year_parse_never_fails_otherwise(text):
    """Any text: a school year from 1990-1991 to 2100-2101, or a DomainError."""
    value = _domain_error_or(SchoolYear.parse, text)
    if value is not None:
        assert 1990 <= value.start_year <= 2100
        assert SchoolYear.parse(str(value)) == value


@SETTINGS
@given(st.integers(min_value=1990, max_value=2100))
def test_school_year_round_trips(start):
    """2024-2025 and 2024-25 read back; the year holds its first and last day."""
    year = SchoolYear(start)
    assert SchoolYear.parse(str(year)) == year
    assert SchoolYear.parse(f"{start}-{(start + 1) % 100:02d}") == year
    assert SchoolYear.of(year.starts_on) == year == SchoolYear.of(year.ends_on)
