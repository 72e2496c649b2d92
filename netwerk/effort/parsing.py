"""Parsing of what people type for FTE and durations: pure functions, no database."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import gettext as _

from netwerk.errors import DomainError

FTE_WORDS = {
    "voltijds": Decimal("1"),
    "voltijd": Decimal("1"),
    "fulltime": Decimal("1"),
    "halftijds": Decimal("0.5"),
    "halftijd": Decimal("0.5"),
    "deeltijds": None,  # ambiguous: refused with a hint below
}
THOUSANDTH = Decimal("0.001")
MAX_MINUTES = 24 * 60


def _decimal(text: str) -> Decimal | None:
    """'0,5' or '0.5' as a Decimal; None when it is not a plain number."""
    if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        return None


def parse_fte(value: str | Decimal | int | float) -> Decimal:
    """An FTE as typed ('0,5', '0.5', '50%', 'halftijds', 'voltijds') -> Decimal with 3 places.

    More than three decimals are rounded half up (0,8333 -> 0,833). Refuses 0, below 0 and above 1.
    """
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
        shown = str(value)
    else:
        shown = str(value or "").strip()
        text = re.sub(r"\s+", "", shown.lower()).removesuffix("vte").removesuffix("fte")
        if not text:
            raise DomainError(_("Vul een VTE in, bv. 0,5, 50% of halftijds."))
        if text in FTE_WORDS:
            number = FTE_WORDS[text]
            if number is None:
                raise DomainError(_("'Deeltijds' is geen getal: geef de VTE, bv. 0,6 of 60%."))
        elif text.endswith("%"):
            pct = _decimal(text[:-1])
            if pct is None:
                raise DomainError(
                    _("Ongeldige VTE '%(value)s': gebruik bv. 50%%.", value=shown[:30])
                )
            number = pct / 100
        else:
            number = _decimal(text)
            if number is None:
                raise DomainError(
                    _(
                        "Ongeldige VTE '%(value)s': gebruik bv. 0,5, 50%% of halftijds.",
                        value=shown[:30],
                    )
                )
    if not number.is_finite():  # NaN and infinities compare with an exception, not False
        raise DomainError(
            _("Ongeldige VTE '%(value)s': gebruik bv. 0,5, 50%% of halftijds.", value=shown[:30])
        )
    if number < 0:
        raise DomainError(_("Een VTE kan niet negatief zijn."))
    if number > 1:
        raise DomainError(
            _("Een opdracht is hoogstens 1 VTE (voltijds); '%(value)s' is meer.", value=shown[:30])
        )
    rounded = number.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)
    if rounded == 0:
        raise DomainError(_("Een opdracht van 0 VTE heeft geen zin: geef minstens 0,001."))
    return rounded


def parse_duration(value: str | int) -> int:
    """A duration as typed -> whole minutes.

    '1u30', '1h30', '1:30' -> 90; '90' and '90 min' -> 90 (a bare number is minutes);
    '1,5u', '1.5 h' -> 90. Fractions of a minute are rounded half up. Refuses 0, negative values
    and more than 24 hours.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = Decimal(value)
        shown = str(value)
    else:
        shown = str(value or "").strip()
        text = re.sub(r"\s+", "", shown.lower())
        if not text:
            raise DomainError(_("Vul een duur in, bv. 1u30, 1:30 of 90 (minuten)."))
        negative = text.startswith("-")
        body = text.lstrip("+-")
        minutes = _duration_minutes(body)
        if minutes is None:
            raise DomainError(
                _(
                    "Ongeldige duur '%(value)s': gebruik bv. 1u30, 1:30, 1,5u of 90 (minuten).",
                    value=shown[:30],
                )
            )
        if negative:
            minutes = -minutes
    if minutes < 0:
        raise DomainError(_("Een duur kan niet negatief zijn."))
    # Far beyond the limit: refuse before rounding, which fails past Decimal's 28 digits.
    whole = (
        MAX_MINUTES + 1
        if minutes > MAX_MINUTES + 1
        else int(minutes.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    )
    if whole == 0:
        raise DomainError(_("Een duur van 0 minuten heeft geen zin."))
    if whole > MAX_MINUTES:
        raise DomainError(
            _("Een duur van meer dan 24 uur op één dag kan niet ('%(value)s').", value=shown[:30])
        )
    return whole


def _duration_minutes(text: str) -> Decimal | None:
    """The minutes in a duration without sign, or None when the text is not a duration."""
    # 1u30, 1h30, 1u, 2h, 1u30m, 1:30
    match = re.fullmatch(r"(\d+)(?:u|h|uur|:)(\d{1,2})?(?:m|min)?", text)
    if match:
        rest = int(match.group(2) or 0)
        if rest >= 60:
            return None
        # Decimal, not int: int() refuses more than 4,300 digits with a ValueError.
        return Decimal(match.group(1)) * 60 + rest
    # 1,5u, 1.5h, 1.5uur
    match = re.fullmatch(r"(\d*[.,]\d+|\d+[.,]\d*)(?:u|h|uur)", text)
    if match:
        hours = _decimal(match.group(1))
        return None if hours is None else hours * 60
    # 90, 90m, 90min, 90minuten
    match = re.fullmatch(r"(\d+)(?:m|min|minuten)?", text)
    if match:
        return Decimal(match.group(1))
    return None
