"""Belgian formats for dates and numbers, and the template globals."""

import re
import string
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from netwerk.labels import enum_label
from netwerk.navigation import current_href, nav_items
from netwerk.timeutil import BRUSSELS, SchoolYear


def _babel_locale() -> str:
    # Called for every number of a report table: compare the language, never build str(locale).
    locale = get_locale()
    return "nl_BE" if locale is None or locale.language == "nl" else "en_GB"


def format_day(value: date | datetime | None) -> str:
    """19/11/2021 in both languages: our users are Belgian."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_wallclock(value: datetime | None) -> str:
    """A wall-clock time as stored (Meeting.starts_at is Brussels time already): 19/11/2021 14:30."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M")


def format_moment(value: datetime | None) -> str:
    """A recorded moment (naive UTC, the *_at columns, or aware) as Brussels time: 19/11/2021 15:30."""
    if value is None:
        return ""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return format_wallclock(aware.astimezone(BRUSSELS))


@lru_cache(maxsize=8)
def _group_symbol(locale: str) -> str:
    return get_group_symbol(locale)


@lru_cache(maxsize=8)
def _decimal_symbol(locale: str) -> str:
    return get_decimal_symbol(locale)


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """1.234,5 in Dutch, 1,234.5 in English."""
    if value is None:
        return ""
    if type(value) is int and decimals is None and -1000 < value < 1000:
        return str(value)  # most counts in a report: no separator, so no need to ask the locale
    locale = _babel_locale()
    # Report tables format numbers by the thousand and Babel's general path is slow, so the two
    # common cases (a whole number; a fixed number of decimals) use Python's own grouping with
    # the locale's symbols. tests/test_formatting.py checks them against Babel.
    if type(value) is int and decimals is None:
        return f"{value:,}".replace(",", _group_symbol(locale))
    if decimals is None:
        return format_decimal(value, locale=locale)
    return _fixed(value, decimals, _symbols(locale))


def fixed_writer() -> Callable[[int | float | Decimal, int], str]:
    """format_number(value, places) for the many figures of one page, the language asked once
    (a page of ten thousand figures asked it for every one)."""
    symbols = _symbols(_babel_locale())
    return lambda value, places: _fixed(value, places, symbols)


@lru_cache(maxsize=8)
def _symbols(locale: str) -> dict[int, str]:
    """str.translate's table from Python's 1,234.5 to the locale's."""
    return {ord(","): _group_symbol(locale), ord("."): _decimal_symbol(locale)}


def _fixed(value: int | float | Decimal, decimals: int, symbols: dict[int, str]) -> str:
    """A number with a fixed number of decimals, rounded half up, in the locale's symbols."""
    # Babel rounds half to even; the one rule here is half up (round_half_up). A Decimal is used
    # as it is: str() of it and back would only cost time on tables of thousands of figures.
    exact = value if type(value) is Decimal else Decimal(str(value))
    rounded = round_half_up(exact, decimals)
    if rounded.is_zero():
        rounded = abs(rounded)  # no "-0,0"
    return f"{rounded:,.{decimals}f}".translate(symbols)


# Report column kinds with a fixed number of decimals: FTE always 0,500, hours 12,5 (the effort
# feature's rounding); the exports pad to the same places.
PLACES_BY_KIND = {"fte": 3, "hours": 1, "euro": 2}


def format_by_kind(value, kind: str):
    """A figure of a report table by its column kind (PLACES_BY_KIND); any other value as it is
    (a filter, so a table of thousands of cells calls no macro)."""
    places = PLACES_BY_KIND.get(kind)
    return value if places is None else format_number(value, places)


def round_half_up(value: Decimal, places: int = 1) -> Decimal:
    """The one rounding rule for every percentage and figure: half away from zero."""
    return Decimal(value).quantize(_quantum(places), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=16)
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def percentage(numerator: int, denominator: int, places: int = 1) -> Decimal | None:
    """numerator / denominator as a percentage with the one rounding rule; None when undefined."""
    if not denominator:
        return None
    return round_half_up(Decimal(numerator) * 100 / Decimal(denominator), places)


def format_share(numerator: int, denominator: int) -> str:
    """'12 / 480 (2,5%)': a percentage is never shown without what it was computed from."""
    pct = percentage(numerator, denominator)
    shown = "–" if pct is None else format_number(pct, 1) + "%"
    return f"{format_number(numerator)} / {format_number(denominator)} ({shown})"


def format_fte(value: Decimal | float | None) -> str:
    """FTE always with three decimals (0,500 and 0,833), on every page as in the exports."""
    if value is None:
        return ""
    return format_number(value, PLACES_BY_KIND["fte"])


def format_euro(value: Decimal | None) -> str:
    """Euro to the cent with the sign after it, as Belgians write it: 64.000,00 €."""
    if value is None:
        return ""
    return format_number(value, PLACES_BY_KIND["euro"]) + "\u00a0€"


def format_minutes(minutes: int | None) -> str:
    """Minutes as hours and minutes: 1u30 in Dutch, 1h30 in English."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    unit = "u" if _babel_locale().startswith("nl") else "h"
    return f"{hours}{unit}{rest:02d}"


def source_line(as_of: date, known_at: datetime | None = None) -> str:
    """'bron: gegevens 19/11/2021, stand van de gegevens 19/11/2021 23:59 - <organisation>', as in
    the minister's answers with the moment the data stood at: the line under every report (the
    participation reports and the effort report alike). Without known_at: the peildatum only."""
    if known_at is not None:
        return _(
            "bron: gegevens %(day)s, stand van de gegevens %(moment)s - %(organisation)s",
            day=as_of.strftime("%d/%m/%Y"),
            moment=format_moment(known_at),
            organisation=current_app.config["ORGANISATION_NAME"],
        )
    return _(
        "bron: gegevens %(day)s - %(organisation)s",
        day=as_of.strftime("%d/%m/%Y"),
        organisation=current_app.config["ORGANISATION_NAME"],
    )


# Characters a CSS string may hold as they are; every other one (quotes, backslash, <, &, new
# lines, letters with accents) becomes a hex escape, so no text can end the string or the <style>.
_CSS_PLAIN = frozenset(string.ascii_letters + string.digits + " .,:-/()")
_PAGE_COUNTERS = re.compile(r"%\((pages?)\)s")


def css_string(value) -> Markup:
    """Text as a quoted CSS string, for the content of a printed page's margin boxes."""
    # Text from a template is Markup (HTML-escaped); the margin box shows the text itself.
    text = "" if value is None else value.unescape() if isinstance(value, Markup) else str(value)
    return Markup('"' + "".join(c if c in _CSS_PLAIN else f"\\{ord(c):06x}" for c in text) + '"')


def css_page_counter(text: str) -> Markup:
    """'pagina %(page)s van %(pages)s' as CSS content: strings around counter(page) and counter(pages)."""
    parts = []
    for n, piece in enumerate(_PAGE_COUNTERS.split(text)):
        if n % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))


def printed_moment() -> str:
    """Now, in Brussels, as dd/mm/jjjj uu:mm: the moment a printed page was made."""
    return format_wallclock(datetime.now(BRUSSELS))


def register_template_helpers(app: Flask) -> None:
    """Filters for Belgian formats and the globals every template uses."""
    app.jinja_env.filters.update(
        day=format_day,
        wallclock=format_wallclock,
        moment=format_moment,
        number=format_number,
        by_kind=format_by_kind,
        fte=format_fte,
        euro=format_euro,
        minutes=format_minutes,
        label=enum_label,
        css_string=css_string,
    )
    app.jinja_env.globals.update(
        nav_items=nav_items,
        current_href=current_href,
        share=format_share,
        percentage=percentage,
        SchoolYear=SchoolYear,
        css_page_counter=css_page_counter,
        printed_moment=printed_moment,
        current_locale=lambda: str(get_locale() or "nl"),
    )
