"""Dates of a series of meetings: a recurrence rule (python-dateutil) minus the school holidays.

Pure functions, no database: the series form previews with them and the service saves with them.

Decision on "the 5th Tuesday": a month without a fifth such weekday is skipped (and the preview
lists it as skipped), rather than the rule being refused: "5th Tuesday" is a legitimate choice
for networks that meet only when there is one. "Last Tuesday" (nth = -1) is there for those who want
one meeting every month.
"""

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from flask_babel import gettext as _

from netwerk.errors import DomainError


def weekday_names() -> list[str]:
    """Monday to Sunday in the current language."""
    return [
        _("maandag"),
        _("dinsdag"),
        _("woensdag"),
        _("donderdag"),
        _("vrijdag"),
        _("zaterdag"),
        _("zondag"),
    ]


# Looking further than this many candidate dates means the rule is absurd anyway.
_SCAN_LIMIT = 2000


class Frequency(enum.Enum):
    """How often a series repeats."""

    monthly = "monthly"  # the nth weekday of the month
    weekly = "weekly"  # every `interval` weeks on a weekday


@dataclass(frozen=True)
class SeriesRule:
    """What the series form asks."""

    frequency: Frequency
    starts_on: date
    until: date
    at: time
    weekday: int  # 0 = Monday
    nth: int = 1  # monthly only: 1..5, or -1 for the last one
    interval: int = 1  # months or weeks between meetings

    def describe(self) -> str:
        """A readable description, stored on the MeetingSeries."""
        day = weekday_names()[self.weekday]
        if self.frequency is Frequency.monthly:
            # One msgid per ordinal: English suffixes differ (1st, 2nd, 3rd, 4th, 5th).
            ordinals = (_("1e"), _("2e"), _("3e"), _("4e"), _("5e"))
            which = _("laatste") if self.nth == -1 else ordinals[self.nth - 1]
            every = (
                _("maandelijks")
                if self.interval == 1
                else _("om de %(n)s maanden", n=self.interval)
            )
            text = _("%(every)s op de %(which)s %(day)s", every=every, which=which, day=day)
        else:
            every = (
                _("wekelijks") if self.interval == 1 else _("om de %(n)s weken", n=self.interval)
            )
            text = _("%(every)s op %(day)s", every=every, day=day)
        return _(
            "%(rule)s om %(time)s, van %(start)s tot %(end)s",
            rule=text,
            time=self.at.strftime("%H:%M"),
            start=self.starts_on.strftime("%d/%m/%Y"),
            end=self.until.strftime("%d/%m/%Y"),
        )


@dataclass
class SeriesPlan:
    """The dates a rule gives, and what was skipped and why (shown in the preview)."""

    starts: list[datetime] = field(default_factory=list)
    skipped_holidays: list[date] = field(default_factory=list)
    months_without_nth: list[date] = field(default_factory=list)


def in_holiday(day: date, holidays: Iterable[tuple[date, date]]) -> bool:
    """The day falls within one of the (start, end) ranges, both inclusive."""
    return any(start <= day <= end for start, end, *_rest in holidays)


def _months(start: date, until: date, interval: int) -> list[date]:
    """First days of the months the rule visits."""
    months = []
    current = date(start.year, start.month, 1)
    while current <= until and len(months) < _SCAN_LIMIT:
        months.append(current)
        index = current.year * 12 + current.month - 1 + interval
        current = date(index // 12, index % 12 + 1, 1)
    return months


def plan_series(
    rule: SeriesRule, holidays: Iterable[tuple[date, date]], max_meetings: int
) -> SeriesPlan:
    """The meeting start times of a rule, holidays left out; DomainError for impossible rules."""
    if rule.interval < 1:
        raise DomainError(_("Het interval moet minstens 1 zijn."))
    if rule.interval > 12:
        raise DomainError(_("Het interval mag hoogstens 12 zijn."))
    if not 0 <= rule.weekday <= 6:
        raise DomainError(_("Kies een weekdag."))
    if rule.frequency is Frequency.monthly and rule.nth not in (-1, 1, 2, 3, 4, 5):
        raise DomainError(_("Kies de 1e tot 5e of de laatste weekdag van de maand."))
    if rule.until < rule.starts_on:
        raise DomainError(_("De einddatum ligt vóór de begindatum."))
    if (rule.until - rule.starts_on).days > 3 * 366:
        raise DomainError(_("Een reeks duurt hoogstens drie jaar."))
    # The same years as a single meeting; also keeps the month arithmetic below year 10000.
    if not (rule.starts_on.year >= 2000 and rule.until.year <= 2100):
        raise DomainError(_("Een reeks moet tussen 2000 en 2100 liggen."))

    holidays = list(holidays)
    dtstart = datetime.combine(rule.starts_on, rule.at)
    until = datetime.combine(rule.until, rule.at)
    if rule.frequency is Frequency.monthly:
        candidates = rrule(
            MONTHLY,
            interval=rule.interval,
            byweekday=weekday(rule.weekday, rule.nth),
            dtstart=datetime.combine(rule.starts_on.replace(day=1), rule.at),
            until=until,
        )
    else:
        candidates = rrule(
            WEEKLY, interval=rule.interval, byweekday=rule.weekday, dtstart=dtstart, until=until
        )

    plan = SeriesPlan()
    for start in islice(candidates, _SCAN_LIMIT):
        if start < dtstart:
            continue  # the monthly rule starts on the 1st to keep the month rhythm
        if in_holiday(start.date(), holidays):
            plan.skipped_holidays.append(start.date())
            continue
        plan.starts.append(start)
        if len(plan.starts) > max_meetings:
            raise DomainError(
                _(
                    "Deze reeks zou meer dan %(max)s bijeenkomsten opleveren. Kies een latere "
                    "begindatum, een vroegere einddatum of een groter interval.",
                    max=max_meetings,
                )
            )
    if rule.frequency is Frequency.monthly and rule.nth == 5:
        found = {(s.year, s.month) for s in plan.starts}
        found |= {(d.year, d.month) for d in plan.skipped_holidays}
        for month in _months(rule.starts_on, rule.until, rule.interval):
            if (month.year, month.month) not in found and _fifth_missing(month, rule.weekday):
                plan.months_without_nth.append(month)
    if not plan.starts:
        raise DomainError(_("Deze regel levert geen enkele datum op (buiten de schoolvakanties)."))
    return plan


def _fifth_missing(month: date, day_of_week: int) -> bool:
    """The month has no fifth such weekday."""
    first = (day_of_week - month.weekday()) % 7 + 1
    fifth = first + 28
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return fifth > (next_month - month).days


# A series stores its rule as Dutch text (MeetingSeries.rule, written by describe() in Dutch).
# Read back, the rule is described again in the reader's language.
_DUTCH_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_STORED_RULE = re.compile(
    r"^(?:(?P<monthly>maandelijks)|om de (?P<months>\d+) maanden|(?P<weekly>wekelijks)"
    r"|om de (?P<weeks>\d+) weken) op (?:de (?P<which>[1-5]e|laatste) )?(?P<day>[a-z]+)"
    r" om (?P<at>\d{2}:\d{2}), van (?P<start>\d{2}/\d{2}/\d{4}) tot (?P<end>\d{2}/\d{2}/\d{4})$"
)


def _stored_rule(text: str) -> SeriesRule | None:
    """The rule behind a stored Dutch description; None when it does not read as one."""
    found = _STORED_RULE.match(text or "")
    if found is None or found["day"] not in _DUTCH_DAYS:
        return None
    monthly = found["monthly"] or found["months"]
    if bool(monthly) != bool(found["which"]):
        return None
    which = found["which"]
    try:
        return SeriesRule(
            frequency=Frequency.monthly if monthly else Frequency.weekly,
            starts_on=datetime.strptime(found["start"], "%d/%m/%Y").date(),
            until=datetime.strptime(found["end"], "%d/%m/%Y").date(),
            at=datetime.strptime(found["at"], "%H:%M").time(),
            weekday=_DUTCH_DAYS.index(found["day"]),
            nth=(-1 if which == "laatste" else int(which[0])) if which else 1,
            interval=int(found["months"] or found["weeks"] or 1),
        )
    except ValueError:
        return None


def describe_stored(text: str) -> str:
    """A series' stored description in the current language (as stored if it cannot be read)."""
    rule = _stored_rule(text)
    return text if rule is None else rule.describe()
