"""Belgian number formats (the quick paths say exactly what Babel says) and enum labels."""

from datetime import datetime
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from flask_babel import force_locale
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netwerk.formatting import (
    enum_label,
    format_by_kind,
    format_moment,
    format_number,
    format_wallclock,
    round_half_up,
)
from netwerk.networks.models import RegistrationStatus
from netwerk.schools.models import SchoolLevel


@pytest.mark.parametrize(
    ("lang", "locale", "expected"), [("nl", "nl_BE", "-1.234.567"), ("en", "en_GB", "-1,234,567")]
)
def test_whole_numbers_have_the_belgian_or_english_group_separator(app, lang, locale, expected):
    """-1234567 is -1.234.567 in Dutch and -1,234,567 in English."""
    with app.test_request_context(), force_locale(lang):
        assert format_number(-1234567) == expected


# The app fixture only gives a request context here; nothing in it changes between examples.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=-(10**15), max_value=10**15))
# Whole numbers under a thousand skip the locale: both sides of that edge, every run.
@example(-1000)
@example(-999)
@example(0)
@example(999)
@example(1000)
def test_the_quick_path_agrees_with_babel_for_every_whole_number(app, value):
    """For any whole number, in both languages, the result is Babel's own."""
    with app.test_request_context():
        for lang, locale in (("nl", "nl_BE"), ("en", "en_GB")):
            with force_locale(lang):
                assert format_number(value) == format_decimal(value, locale=locale)


def test_decimals_still_go_through_babel(app):
    """1234.5 keeps its decimal comma, and rounding to a place is half up."""
    with app.test_request_context(), force_locale("nl"):
        assert format_number(1234.5) == "1.234,5"
        assert format_number(1234.56, 1) == "1.234,6"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.decimals(min_value=-(10**9), max_value=10**9, places=4),
        st.floats(min_value=-(10**9), max_value=10**9),
    ),
    st.integers(min_value=0, max_value=3),
)
def test_the_quick_path_with_decimals_agrees_with_babel(app, value, decimals):
    """Rounded half up to a number of decimals: Babel's text, except that zero has no minus."""
    rounded = round_half_up(Decimal(str(value)), decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with app.test_request_context():
        for lang, locale in (("nl", "nl_BE"), ("en", "en_GB")):
            with force_locale(lang):
                expected = format_decimal(abs(rounded) if rounded.is_zero() else rounded,
                                          format=pattern, locale=locale)  # fmt: skip
                assert format_number(value, decimals) == expected


def test_a_small_negative_rounds_to_zero_without_a_minus(app):
    """-0,04 with one decimal is 0,0, not -0,0."""
    with app.test_request_context(), force_locale("nl"):
        assert format_number(-0.04, 1) == "0,0"


def test_enum_labels_follow_the_language_after_they_are_cached(app):
    """The labels are translated once per language, so switching back and forth still works."""
    with app.test_request_context():
        seen = []
        for lang in ("nl", "en", "nl", "en"):
            with force_locale(lang):
                seen.append(
                    (enum_label(SchoolLevel.secundair), enum_label(RegistrationStatus.accepted))
                )
        assert seen[0] == ("secundair onderwijs", "aanvaard")
        assert seen[1] != seen[0] and seen[1][1] == "accepted"
        assert seen[2:] == seen[:2]


def test_report_cells_by_kind(app):
    """FTE with three decimals, hours with one (half up), anything else untouched."""
    with app.test_request_context(), force_locale("nl"):
        assert format_by_kind(Decimal("0.5"), "fte") == "0,500"
        assert format_by_kind(Decimal("1234.25"), "hours") == "1.234,3"
        assert format_by_kind("Limburg", "text") == "Limburg"


def test_a_recorded_moment_is_shown_in_brussels_time_across_daylight_saving():
    """*_at columns hold naive UTC; the moment filter shows Brussels time, winter and summer."""
    assert format_moment(datetime(2026, 3, 29, 0, 30)) == "29/03/2026 01:30"  # still CET
    assert format_moment(datetime(2026, 3, 29, 1, 30)) == "29/03/2026 03:30"  # CEST from 01:00 UTC
    assert format_moment(datetime(2026, 10, 25, 0, 30)) == "25/10/2026 02:30"  # CEST
    assert format_moment(datetime(2026, 10, 25, 1, 30)) == "25/10/2026 02:30"  # CET again
    assert format_moment(None) == ""


def test_a_wall_clock_time_is_shown_as_stored_across_daylight_saving():
    """Meeting.starts_at is Brussels wall-clock time already: the wallclock filter never shifts
    it, on either side of either switch (a moment at the same values would move an hour or two)."""
    for stored in (
        datetime(2026, 3, 29, 1, 30),  # before the spring switch
        datetime(2026, 3, 29, 3, 30),  # after it
        datetime(2026, 10, 25, 2, 30),  # the autumn hour that happens twice
        datetime(2026, 10, 25, 3, 30),  # after it
    ):
        assert format_wallclock(stored) == stored.strftime("%d/%m/%Y %H:%M")
        assert format_wallclock(stored) != format_moment(stored)
    assert format_wallclock(None) == ""
