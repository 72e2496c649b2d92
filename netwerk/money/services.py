"""Entering money: funders, grants, amendments, requirements, payments, budget lines and FTE
rates. Plain functions for pages and API alike: they check the actor and the rules, add and
flush, log one change line, and raise DomainError with a Dutch message at the field it is about.

Nothing is overwritten: an award changes through an amendment, a payment is a record of its
own, a requirement met is recorded with when and by whom, a budget line's revision keeps its
original amount.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.money.models import (
    RECIPIENT_TABLE,
    AmountBasis,
    Funder,
    FunderKind,
    Grant,
    GrantAmendment,
    GrantPayment,
    GrantRequirement,
    ProRata,
    Rounding,
)
from netwerk.money.permissions import require_writer
from netwerk.money.prorata import period_share, quantum, to_quantum
from netwerk.networks.models import Network
from netwerk.timeutil import utcnow

NAME_MAX = 200
TITLE_MAX = 300
REFERENCE_MAX = 100
# Numeric(14, 2): twelve digits of euro.
EURO_MAX = Decimal("999999999999.99")
_BELGIAN = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d{1,2})?$|^-?\d+(,\d{1,2})?$")
_PLAIN = re.compile(r"^-?\d+(\.\d{1,2})?$")


def parse_euro(text: str | Decimal | int, *, field_name: str = "amount") -> Decimal:
    """An amount in euro: a Decimal, or text as typed on a page (64.000,00 or 64000,00, with or
    without €) or as the API writes it (64000.00); at most two decimals."""
    if isinstance(text, (Decimal, int)):
        value = Decimal(text)
    else:
        cleaned = str(text or "").replace("€", "").replace("EUR", "").replace(" ", "")
        cleaned = cleaned.replace("\u00a0", "").strip()
        try:
            if _BELGIAN.match(cleaned) and ("," in cleaned or not _PLAIN.match(cleaned)):
                value = Decimal(cleaned.replace(".", "").replace(",", "."))
            elif _PLAIN.match(cleaned):
                value = Decimal(cleaned)
            else:
                raise InvalidOperation
        except InvalidOperation:
            raise DomainError(
                _("Geef een bedrag in euro, bv. 64.000,00."), field=field_name
            ) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")) or abs(value) > EURO_MAX:
        raise DomainError(
            _("Geef een bedrag in euro met hoogstens twee decimalen, bv. 64.000,00."),
            field=field_name,
        )
    return value.quantize(Decimal("0.01"))


# -- recipients: the one place that says which organisations a grant can go to ---------------


def recipient_choices() -> list[tuple[int, str]]:
    """(id, name) of every organisation a grant can be paid to (schools included)."""
    rows = db.session.execute(
        select(RECIPIENT_TABLE.id, RECIPIENT_TABLE.name).order_by(RECIPIENT_TABLE.name)
    )
    return [(row.id, row.name) for row in rows]


def recipient_of(recipient_id: int | None, field_name: str = "recipient_id"):
    """The organisation with this id, or a DomainError at the field."""
    recipient = db.session.get(RECIPIENT_TABLE, recipient_id) if recipient_id else None
    if recipient is None:
        raise DomainError(_("Kies de organisatie die de toelage ontvangt."), field=field_name)
    return recipient


# -- funders and grants ----------------------------------------------------------------------


def funders_select():
    """Every funder, by name."""
    return select(Funder).order_by(Funder.name)


def create_funder(actor: User, name: str, kind: FunderKind) -> Funder:
    """A new funder (the ministry, a province, the ESF, ...)."""
    require_writer(actor)
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise DomainError(
            _("Geef de naam van de financier (hoogstens %(n)d tekens).", n=NAME_MAX), field="name"
        )
    if db.session.scalar(select(Funder.id).where(Funder.name == name)) is not None:
        raise DomainError(_("Er is al een financier met deze naam."), field="name", status_code=409)
    funder = Funder(name=name, kind=kind, recorded_by_id=actor.id)
    db.session.add(funder)
    db.session.flush()
    log_change(actor, "funder.created", funder, kind=kind)
    return funder


@dataclass
class GrantInput:
    """What an admin gives for a new grant (pages and API alike)."""

    funder_id: int | None
    title: str
    recipient_id: int | None
    decided_on: date | None
    starts_on: date | None
    ends_on: date | None
    amount: Decimal | str | None
    amount_basis: AmountBasis = AmountBasis.total
    prorata: ProRata = ProRata.months
    rounding: Rounding = Rounding.cents
    reference: str = ""
    network_ids: list[int] = field(default_factory=list)


def _networks(ids: list[int]) -> list[Network]:
    """The networks with these ids, or a DomainError at network_ids."""
    unique = sorted(set(ids or []))
    networks = list(db.session.scalars(select(Network).where(Network.id.in_(unique))))
    if not unique or len(networks) != len(unique):
        raise DomainError(_("Kies het netwerk of de netwerken die de toelage financiert."),
                          field="network_ids")  # fmt: skip
    return sorted(networks, key=lambda n: n.id)


def _texts(title: str, reference: str) -> tuple[str, str]:
    title, reference = (title or "").strip(), (reference or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DomainError(
            _("Geef de toelage een titel (hoogstens %(n)d tekens).", n=TITLE_MAX), field="title"
        )
    if len(reference) > REFERENCE_MAX:
        raise DomainError(
            _("Het kenmerk is te lang (hoogstens %(n)d tekens).", n=REFERENCE_MAX),
            field="reference",
        )
    return title, reference


def _dates(data: GrantInput) -> None:
    for name in ("decided_on", "starts_on", "ends_on"):
        if getattr(data, name) is None:
            raise DomainError(_("Geef een datum (dd/mm/jjjj)."), field=name)
    if data.ends_on < data.starts_on:
        raise DomainError(_("De toelage eindigt voor ze begint."), field="ends_on")


def create_grant(actor: User, data: GrantInput) -> Grant:
    """A new grant with its award; its networks and recipient must exist."""
    require_writer(actor)
    funder = db.session.get(Funder, data.funder_id) if data.funder_id else None
    if funder is None:
        raise DomainError(_("Kies de financier van de toelage."), field="funder_id")
    title, reference = _texts(data.title, data.reference)
    recipient = recipient_of(data.recipient_id)
    _dates(data)
    amount = parse_euro(data.amount if data.amount is not None else "")
    if amount < 0:
        raise DomainError(_("Een toelage is geen negatief bedrag."), field="amount")
    grant = Grant(
        funder=funder,
        title=title,
        reference=reference,
        recipient_id=recipient.id,
        decided_on=data.decided_on,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        amount=amount,
        amount_basis=data.amount_basis,
        prorata=data.prorata,
        rounding=data.rounding,
        networks=_networks(data.network_ids),
        recorded_by_id=actor.id,
    )
    db.session.add(grant)
    db.session.flush()
    log_change(actor, "grant.created", grant, funder_id=funder.id, amount=format(amount, "f"))
    return grant


# What a grant's PATCH may change; the award itself changes through an amendment.
EDITABLE = ("title", "reference", "recipient_id", "network_ids")
AWARD_FIELDS = ("amount", "amount_basis", "starts_on", "ends_on", "prorata", "rounding")


def update_grant(actor: User, grant: Grant, changes: dict) -> Grant:
    """Change a grant's title, reference, recipient or networks; never its award."""
    require_writer(actor)
    award = [name for name in changes if name in AWARD_FIELDS]
    if award:
        raise DomainError(
            _("Het toegekende bedrag en de periode wijzigen met een wijziging (amendement)."),
            field=award[0],
        )
    title, reference = _texts(
        changes.get("title", grant.title), changes.get("reference", grant.reference)
    )
    if "recipient_id" in changes:
        grant.recipient_id = recipient_of(changes["recipient_id"]).id
    if "network_ids" in changes:
        grant.networks = _networks(changes["network_ids"])
    grant.title, grant.reference = title, reference
    db.session.flush()
    log_change(actor, "grant.updated", grant, fields=",".join(sorted(changes)) or "-")
    return grant


def awarded_total(grant: Grant) -> Decimal:
    """The award over the whole period: the amount, or per year pro-rated by the grant's rule
    (60.166 € a year for September-December, whole euro: 20.055 €)."""
    if grant.amount_basis is AmountBasis.total:
        return grant.amount
    share = period_share(grant.starts_on, grant.ends_on, grant.prorata)
    return to_quantum(Fraction(grant.amount) * share, quantum(grant.rounding))


# -- amendments, requirements, payments ------------------------------------------------------


def _day(day: date | None, name: str) -> date:
    if day is None:
        raise DomainError(_("Geef een datum (dd/mm/jjjj)."), field=name)
    return day


def add_amendment(
    actor: User, grant: Grant, effective_on: date | None, amount_change, reason: str = ""
) -> GrantAmendment:
    """A dated change of the award (plus or minus), effective from a day of the grant."""
    require_writer(actor)
    effective_on = _day(effective_on, "effective_on")
    change = parse_euro(amount_change if amount_change is not None else "", field_name="amount")
    if change == 0:
        raise DomainError(_("Een wijziging van 0 € verandert niets."), field="amount")
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise DomainError(_("De reden is te lang (hoogstens 2000 tekens)."), field="reason")
    if awarded_total(grant) + sum(a.amount_change for a in grant.amendments) + change < 0:
        raise DomainError(_("Na deze wijziging zou de toelage negatief zijn."), field="amount")
    amendment = GrantAmendment(
        grant=grant,
        effective_on=effective_on,
        amount_change=change,
        reason=reason,
        recorded_by_id=actor.id,
    )
    db.session.add(amendment)
    db.session.flush()
    log_change(actor, "grant.amended", amendment, grant_id=grant.id, change=format(change, "f"))
    return amendment


def add_requirement(actor: User, grant: Grant, title: str, due_on: date | None):
    """Something the recipient owes by a date (a report) that payments can wait on."""
    require_writer(actor)
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DomainError(
            _("Geef aan wat er verwacht wordt (hoogstens %(n)d tekens).", n=TITLE_MAX),
            field="title",
        )
    requirement = GrantRequirement(
        grant=grant,
        title=title,
        due_on=_day(due_on, "due_on"),
        recorded_by_id=actor.id,
    )
    db.session.add(requirement)
    db.session.flush()
    log_change(actor, "grant.requirement_added", requirement, grant_id=grant.id)
    return requirement


def meet_requirement(actor: User, requirement: GrantRequirement, met_on: date | None):
    """Record that a requirement was met on a day: the payments waiting on it are paid out."""
    require_writer(actor)
    if requirement.met_on is not None:
        raise DomainError(_("Deze voorwaarde is al vervuld."), status_code=409, field="met_on")
    requirement.met_on = _day(met_on, "met_on")
    requirement.met_recorded_at = utcnow()
    requirement.met_by_id = actor.id
    db.session.flush()
    log_change(actor, "grant.requirement_met", requirement, grant_id=requirement.grant_id)
    return requirement


def add_payment(
    actor: User,
    grant: Grant,
    paid_on: date | None,
    amount,
    requirement_id: int | None = None,
    note: str = "",
) -> GrantPayment:
    """A payment on a date, possibly waiting on one of the grant's requirements."""
    require_writer(actor)
    paid_on = _day(paid_on, "paid_on")
    value = parse_euro(amount if amount is not None else "")
    if value <= 0:
        raise DomainError(_("Een betaling is een positief bedrag."), field="amount")
    requirement = None
    if requirement_id is not None:
        requirement = db.session.get(GrantRequirement, requirement_id)
        if requirement is None or requirement.grant_id != grant.id:
            raise DomainError(_("Kies een voorwaarde van deze toelage."), field="requirement_id")
    note = (note or "").strip()
    if len(note) > TITLE_MAX:
        raise DomainError(_("De opmerking is te lang (hoogstens 300 tekens)."), field="note")
    payment = GrantPayment(
        grant=grant,
        paid_on=paid_on,
        amount=value,
        requirement=requirement,
        note=note,
        recorded_by_id=actor.id,
    )
    db.session.add(payment)
    db.session.flush()
    log_change(actor, "grant.payment_added", payment, grant_id=grant.id, amount=format(value, "f"))
    return payment
