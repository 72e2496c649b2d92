"""Budget lines of a grant and the cost of one FTE per school year, and converting euro to FTE.

A budget line covers at most twelve months, for one network or one partner, in a category;
its revision keeps the original amount. An FTE rate is dated by when it was recorded: the newest
for the school year (and the funder, where one differs) as known at a moment is the one used,
and every conversion says which rate it used. Aggregate first, convert last.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.money.models import BudgetCategory, BudgetLine, FteRate, Funder, Grant
from netwerk.money.permissions import require_writer
from netwerk.money.prorata import to_quantum
from netwerk.money.services import parse_euro, recipient_of
from netwerk.networks.models import Network
from netwerk.timeutil import SchoolYear, utcnow

# FTE to three decimals, as everywhere (0,500).
FTE_PLACES = Decimal("0.001")


def _twelve_months_later(day: date) -> date:
    """The last day of the twelve months from day (01/09/2024 -> 31/08/2025)."""
    year, month = day.year + 1, day.month
    try:
        return date(year, month, day.day) - timedelta(days=1)
    except ValueError:  # 29 February
        return date(year, month, 28)


def add_budget_line(
    actor: User,
    grant: Grant,
    *,
    category: BudgetCategory,
    starts_on: date | None,
    ends_on: date | None,
    amount,
    network_id: int | None = None,
    partner_id: int | None = None,
) -> BudgetLine:
    """A budget line of at most twelve months inside the grant's period, for one of the grant's
    networks or for a partner organisation."""
    require_writer(actor)
    if starts_on is None or ends_on is None:
        raise DomainError(
            _("Geef een datum (dd/mm/jjjj)."), field="ends_on" if starts_on else "starts_on"
        )
    if ends_on < starts_on:
        raise DomainError(_("De periode eindigt voor ze begint."), field="ends_on")
    if ends_on > _twelve_months_later(starts_on):
        raise DomainError(_("Een budgetlijn loopt hoogstens twaalf maanden."), field="ends_on")
    if starts_on < grant.starts_on or ends_on > grant.ends_on:
        raise DomainError(
            _("De budgetlijn valt buiten de periode van de toelage."), field="starts_on"
        )
    if network_id is None and partner_id is None:
        raise DomainError(_("Kies een netwerk of een partner."), field="network_id")
    if network_id is not None and network_id not in {n.id for n in grant.networks}:
        raise DomainError(_("Kies een netwerk van deze toelage."), field="network_id")
    partner = recipient_of(partner_id, "partner_id") if partner_id is not None else None
    value = parse_euro(amount if amount is not None else "")
    if value < 0:
        raise DomainError(_("Een budget is geen negatief bedrag."), field="amount")
    line = BudgetLine(
        grant=grant,
        network_id=network_id,
        partner_id=partner.id if partner else None,
        category=category,
        starts_on=starts_on,
        ends_on=ends_on,
        original_amount=value,
        recorded_by_id=actor.id,
    )
    db.session.add(line)
    db.session.flush()
    log_change(actor, "budget_line.created", line, grant_id=grant.id, amount=format(value, "f"))
    return line


def revise_budget_line(actor: User, line: BudgetLine, amount) -> BudgetLine:
    """The revised amount of a budget line; the original stays."""
    require_writer(actor)
    value = parse_euro(amount if amount is not None else "")
    if value < 0:
        raise DomainError(_("Een budget is geen negatief bedrag."), field="amount")
    line.revised_amount = value
    line.revised_at = utcnow()
    line.revised_by_id = actor.id
    db.session.flush()
    log_change(actor, "budget_line.revised", line, amount=format(value, "f"))
    return line


def add_fte_rate(
    actor: User, school_year: SchoolYear | None, amount, funder_id: int | None = None, note=""
) -> FteRate:
    """The cost of one FTE in a school year (for one funder, where it differs)."""
    require_writer(actor)
    if school_year is None:
        raise DomainError(_("Geef het schooljaar, bv. 2024-2025."), field="school_year")
    if funder_id is not None and db.session.get(Funder, funder_id) is None:
        raise DomainError(_("Kies een financier, of geen."), field="funder_id")
    value = parse_euro(amount if amount is not None else "")
    if value <= 0:
        raise DomainError(_("De kost van een VTE is een positief bedrag."), field="amount")
    rate = FteRate(
        school_year=str(school_year),
        funder_id=funder_id,
        amount_per_fte=value,
        note=(note or "").strip()[:300],
        recorded_by_id=actor.id,
    )
    db.session.add(rate)
    db.session.flush()
    log_change(actor, "fte_rate.created", rate, school_year=str(school_year))
    return rate


def rates_select():
    """Every FTE rate, newest school year first, newest record first."""
    return select(FteRate).order_by(FteRate.school_year.desc(), FteRate.recorded_at.desc(),
                                    FteRate.id.desc())  # fmt: skip


def rate_for(
    school_year: SchoolYear, funder_id: int | None = None, known_at: datetime | None = None
) -> FteRate | None:
    """The rate of a school year as known at a moment (None: now): the funder's own when it has
    one, else the general one; the newest record wins."""
    query = select(FteRate).where(FteRate.school_year == str(school_year))
    if known_at is not None:
        query = query.where(FteRate.recorded_at <= known_at)
    rates = db.session.scalars(query.order_by(FteRate.recorded_at.desc(), FteRate.id.desc()))
    general = None
    for rate in rates:
        if funder_id is not None and rate.funder_id == funder_id:
            return rate
        if rate.funder_id is None and general is None:
            general = rate
    return general


@dataclass(frozen=True)
class Converted:
    """An amount in euro as FTE, with the rate it used (None: no rate for that school year)."""

    euro: Decimal | None
    fte: Decimal | None
    rate_id: int | None
    amount_per_fte: Decimal | None


def euro_as_fte(euro: Decimal, rate: FteRate | None) -> Converted:
    """A (summed) amount in FTE at a rate: euro / cost of one FTE, three decimals, half up."""
    if rate is None:
        return Converted(euro, None, None, None)
    fte = to_quantum(Fraction(euro) / Fraction(rate.amount_per_fte), FTE_PLACES)
    return Converted(euro, fte.quantize(FTE_PLACES), rate.id, rate.amount_per_fte)


def fte_as_euro(fte: Decimal, rate: FteRate | None) -> Converted:
    """A (summed) FTE in euro at a rate: FTE x cost of one FTE, to the cent, half up."""
    if rate is None:
        return Converted(None, fte, None, None)
    euro = to_quantum(Fraction(fte) * Fraction(rate.amount_per_fte))
    return Converted(euro, fte, rate.id, rate.amount_per_fte)


def networks_of(grant: Grant) -> list[Network]:
    """The networks a grant funds, by id."""
    return sorted(grant.networks, key=lambda n: n.id)
