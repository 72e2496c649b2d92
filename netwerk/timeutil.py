"""Dates, school years and parsing of the formats Flemish users type."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from netwerk.errors import DomainError

BRUSSELS = ZoneInfo("Europe/Brussels")


def utcnow() -> datetime:
    """The current time in UTC, naive, as it is stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today in Brussels: the default effective date of every change."""
    return datetime.now(BRUSSELS).date()


@dataclass(frozen=True, order=True)
class SchoolYear:
    """A Flemish school year, 1 September to 31 August, written 2024-2025."""

    start_year: int

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 8, 31)

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def __str__(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @classmethod
    def of(cls, day: date) -> "SchoolYear":
        """The school year a day falls in."""
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def parse(cls, text: str) -> "SchoolYear":
        """Parse '2024-2025' (or '2024-25'); raise DomainError otherwise."""
        match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*", text or "")
        if not match:
            raise DomainError(_("Ongeldig schooljaar: gebruik de vorm 2024-2025."), status_code=400)
        start = int(match.group(1))
        end = int(match.group(2))
        if end < 100:
            end += (start // 100) * 100
            if end < start:  # 1999-00, 2099-00: the second year is in the next century
                end += 100
        if end != start + 1 or not 1990 <= start <= 2100:
            raise DomainError(_("Ongeldig schooljaar: gebruik de vorm 2024-2025."), status_code=400)
        return cls(start)


def parse_date(text: str) -> date:
    """Parse 19/11/2021, 19-11-2021 or 2021-11-19; raise DomainError otherwise."""
    value = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            parsed = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2200:
            return parsed
    raise DomainError(
        _("Ongeldige datum '%(value)s': gebruik dd/mm/jjjj.", value=value[:40]), status_code=400
    )


# An RFC 3339 date-time: date, "T" (or a space), time, optional fraction, then the offset.
_DATE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:\d{2})?",
    re.IGNORECASE,
)


def _bad_known_at(value: str) -> DomainError:
    """The refusal of a "stand van de gegevens" that is neither a date nor a date-time."""
    return DomainError(
        _(
            "Ongeldige stand van de gegevens '%(value)s': gebruik een datum (dd/mm/jjjj) of een "
            "tijdstip met tijdzone (2021-11-19T12:00:00+01:00).",
            value=value[:40],
        ),
        status_code=400,
        code="invalid_filter",
    )


def _date_time_with_offset(text: str) -> datetime:
    """An RFC 3339 date-time with its offset, aware; DomainError 400 without an offset."""
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise _bad_known_at(text)
    day, clock, offset = match.groups()
    if offset is None:
        # Without an offset the moment is ambiguous (UTC? Brussels, and which side of a DST change?).
        raise DomainError(
            _(
                "De stand van de gegevens '%(value)s' heeft geen tijdzone: voeg die toe "
                "(2021-11-19T12:00:00+01:00 of 2021-11-19T11:00:00Z) of geef alleen een datum.",
                value=text[:40],
            ),
            status_code=400,
            code="invalid_filter",
        )
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}{offset.upper()}")
    except ValueError:
        raise _bad_known_at(text) from None
    if not 1900 <= moment.year <= 2200:
        raise _bad_known_at(text)
    return moment


def parse_known_at(value: str) -> datetime:
    """The "stand van de gegevens": aware; a date is the end of that day in Brussels (today: now),
    a date-time needs its offset; in the future → DomainError 400, before the peildatum is fine."""
    text = (value or "").strip()
    now = datetime.now(BRUSSELS)
    if _DATE_TIME.match(text):
        moment = _date_time_with_offset(text)
    else:
        try:
            day = parse_date(text)
        except DomainError:
            raise _bad_known_at(text) from None
        if day == now.date():
            return now
        moment = datetime.combine(day, time.max, tzinfo=BRUSSELS)
    if moment > now:
        raise DomainError(
            _(
                "De stand van de gegevens %(moment)s ligt in de toekomst: kies nu of een eerder "
                "moment.",
                moment=moment.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M"),
            ),
            status_code=400,
            code="future_date",
        )
    return moment


def known_at_text(known_at: datetime) -> str:
    """The echo of a resolved known_at: 2021-11-19T23:59:59.999999+01:00 (offset, microseconds)."""
    return known_at.isoformat(timespec="microseconds")


def naive_utc(moment: datetime | None) -> datetime | None:
    """An aware moment as naive UTC (as recorded_at is stored); None stays None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None)
