"""Dates, school years and parsing of the formats Flemish users type."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
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
