"""Series generation: nth weekday, holidays, month ends, the fifth weekday, impossible rules."""

from datetime import date, datetime, time

import pytest

from netwerk.config import Config
from netwerk.errors import DomainError
from netwerk.meetings.recurrence import Frequency, SeriesRule, plan_series

HOLIDAYS = Config.SCHOOL_HOLIDAYS


def rule(**kw) -> SeriesRule:
    """A monthly 2nd-Tuesday rule for 2025-2026 at 14:00, with overrides."""
    values = {
        "frequency": Frequency.monthly,
        "starts_on": date(2025, 9, 1),
        "until": date(2026, 6, 30),
        "at": time(14, 0),
        "weekday": 1,
        "nth": 2,
        "interval": 1,
    }
    values.update(kw)
    return SeriesRule(**values)


def days(plan) -> list[date]:
    """The dates of a plan."""
    return [s.date() for s in plan.starts]


def test_second_tuesday_skips_flemish_holidays(ctx):
    """2nd Tuesday Sept 2025 - June 2026: 11 Nov (wapenstilstand) and 14 Apr (Easter) skipped."""
    plan = plan_series(rule(), HOLIDAYS, 60)
    assert days(plan) == [
        date(2025, 9, 9),
        date(2025, 10, 14),
        date(2025, 12, 9),
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 5, 12),
        date(2026, 6, 9),
    ]
    assert plan.skipped_holidays == [date(2025, 11, 11), date(2026, 4, 14)]
    assert all(s.time() == time(14, 0) for s in plan.starts)


def test_monthly_rule_starting_mid_month_begins_next_month(ctx):
    """From 15 Sept the first 2nd Tuesday is in October."""
    plan = plan_series(rule(starts_on=date(2025, 9, 15), until=date(2025, 12, 31)), [], 60)
    assert days(plan) == [date(2025, 10, 14), date(2025, 11, 11), date(2025, 12, 9)]


def test_fifth_tuesday_skips_months_without_one(ctx):
    """Months without a 5th Tuesday are skipped and listed; holidays too."""
    plan = plan_series(rule(nth=5), HOLIDAYS, 60)
    assert days(plan) == [date(2025, 9, 30), date(2026, 3, 31), date(2026, 6, 30)]
    assert plan.skipped_holidays == [date(2025, 12, 30)]
    assert [(d.year, d.month) for d in plan.months_without_nth] == [
        (2025, 10),
        (2025, 11),
        (2026, 1),
        (2026, 2),
        (2026, 4),
        (2026, 5),
    ]


def test_fifth_tuesday_on_leap_day(ctx):
    """February 2028 starts on a Tuesday: its 5th Tuesday is the 29th."""
    plan = plan_series(rule(nth=5, starts_on=date(2028, 2, 1), until=date(2028, 3, 31)), [], 60)
    assert days(plan) == [date(2028, 2, 29)]
    assert [(d.year, d.month) for d in plan.months_without_nth] == [(2028, 3)]


def test_last_weekday_of_every_month_at_month_ends(ctx):
    """'Last Friday' lands on the last days of the month, whatever its length."""
    plan = plan_series(
        rule(nth=-1, weekday=4, starts_on=date(2027, 1, 1), until=date(2027, 4, 30)), [], 60
    )
    assert days(plan) == [
        date(2027, 1, 29),
        date(2027, 2, 26),
        date(2027, 3, 26),
        date(2027, 4, 30),
    ]


def test_every_other_month(ctx):
    """Interval 2: every second month."""
    plan = plan_series(rule(interval=2, until=date(2026, 3, 31)), [], 60)
    assert days(plan) == [
        date(2025, 9, 9),
        date(2025, 11, 11),
        date(2026, 1, 13),
        date(2026, 3, 10),
    ]


def test_every_two_weeks_across_the_new_year(ctx):
    """Weekly with interval 2 from the start day's weekday on; the Christmas holiday skipped."""
    plan = plan_series(
        rule(
            frequency=Frequency.weekly,
            weekday=2,
            interval=2,
            starts_on=date(2025, 12, 3),
            until=date(2026, 1, 31),
        ),
        HOLIDAYS,
        60,
    )
    assert days(plan) == [
        date(2025, 12, 3),
        date(2025, 12, 17),
        date(2026, 1, 14),
        date(2026, 1, 28),
    ]
    assert plan.skipped_holidays == [date(2025, 12, 31)]
    assert plan.starts[0] == datetime(2025, 12, 3, 14, 0)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"until": date(2025, 8, 1)}, "einddatum ligt vóór de begindatum"),
        ({"interval": 0}, "interval moet minstens 1"),
        ({"interval": -3}, "interval moet minstens 1"),
        ({"nth": 7}, "1e tot 5e"),
        ({"frequency": Frequency.weekly, "until": date(2027, 6, 30)}, "meer dan 60"),
        ({"until": date(2030, 6, 30)}, "hoogstens drie jaar"),
        (
            {"starts_on": date(2026, 7, 1), "until": date(2026, 8, 31)},
            "geen enkele datum",
        ),
    ],
)
def test_impossible_rules_are_refused_with_a_message(ctx, overrides, message):
    """Until before from, interval 0, too many meetings, only holidays: a clear DomainError."""
    with pytest.raises(DomainError) as err:
        plan_series(rule(**overrides), HOLIDAYS, 60)
    assert message in err.value.message


def test_holiday_list_covers_four_school_years_and_is_ordered(ctx):
    """The configured holidays span 2024-2025 to 2027-2028 and every range is well formed."""
    assert all(start <= end for start, end in HOLIDAYS)
    assert min(start for start, _ in HOLIDAYS) < date(2024, 11, 1)
    assert max(end for _, end in HOLIDAYS) == date(2028, 8, 31)
