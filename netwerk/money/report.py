"""The funding report: per funder, network, programme or province (of the network), per school
year, grant period or calendar year: awarded, amended, the award now, budget (original and
revised) against paid, and payments waiting on a requirement.

Two dates, as every report: the peildatum (as_of: grants decided, amendments effective and
payments paid out on or before it) and the stand van de gegevens (known_at: records recorded at
or before it; None = now). A grant's award is spread over the periods by its pro-rata rule with
the remainder on the last period; over several networks in equal shares, the remainder on the
last network. An FTE equivalent is computed on the summed award of a row (aggregate first,
convert last), with the rate of that school year it names.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from netwerk.auth.models import User
from netwerk.errors import DomainError, Refusals
from netwerk.extensions import db
from netwerk.formatting import format_day, source_line
from netwerk.ids import is_id
from netwerk.labels import enum_label
from netwerk.money.budgets import Converted, euro_as_fte, rate_for
from netwerk.money.models import Funder, Grant
from netwerk.money.permissions import grants_select
from netwerk.money.prorata import period_share, quantum, split
from netwerk.money.services import awarded_total
from netwerk.networks.models import Network
from netwerk.timeutil import BRUSSELS, SchoolYear, naive_utc, parse_date, parse_known_at, today

GROUPS = ("funder", "network", "programme", "province")
PERIODS = ("school_year", "grant_period", "calendar_year")
GROUP_CHOICES = (
    ("funder", _l("per financier")),
    ("network", _l("per netwerk")),
    ("programme", _l("per programma")),
    ("province", _l("per provincie (van het netwerk)")),
)
PERIOD_CHOICES = (
    ("school_year", _l("per schooljaar")),
    ("grant_period", _l("per periode van de toelage")),
    ("calendar_year", _l("per kalenderjaar")),
)
FIGURES = (
    "awarded",
    "amended",
    "current",
    "budget_original",
    "budget_revised",
    "paid",
    "waiting",
)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FundingParams:
    """What the funding report is asked."""

    as_of: date
    group_by: str = "province"
    period: str = "school_year"
    known_at: datetime | None = None
    funder_id: int | None = None

    def query_args(self) -> dict:
        """The parameters as a query string takes them."""
        args = {"as_of": self.as_of.isoformat(), "group_by": self.group_by, "period": self.period}
        if self.known_at is not None:
            args["known_at"] = self.known_at.isoformat(timespec="microseconds")
        if self.funder_id is not None:
            args["funder_id"] = str(self.funder_id)
        return args


def _choice(args: Mapping, name: str, allowed: tuple, default: str) -> str:
    value = (args.get(name) or default).strip()
    if value not in allowed:
        raise DomainError(
            _("Ongeldige keuze voor %(name)s: kies %(choices)s.", name=name,
              choices=", ".join(allowed)),
            status_code=400, code="invalid_filter",
        )  # fmt: skip
    return value


def _funder(args: Mapping) -> int | None:
    text = (args.get("funder_id") or "").strip()
    if not text:
        return None
    if not is_id(text) or db.session.get(Funder, int(text)) is None:
        raise DomainError(_("Onbekende financier."), status_code=400, code="invalid_filter")
    return int(text)


def parse_funding_params(args: Mapping) -> FundingParams:
    """The report's parameters from a query string (page and API alike); DomainError 400 with
    every wrong one at its field."""
    refusals = Refusals()
    group_by = refusals.take("group_by", _choice, args, "group_by", GROUPS, "province")
    period = refusals.take("period", _choice, args, "period", PERIODS, "school_year")
    as_of_text = (args.get("as_of") or "").strip()
    as_of = refusals.take("as_of", parse_date, as_of_text) if as_of_text else today()
    known_text = (args.get("known_at") or "").strip()
    known_at = refusals.take("known_at", parse_known_at, known_text) if known_text else None
    funder_id = refusals.take("funder_id", _funder, args)
    refusals.check()
    return FundingParams(as_of, group_by, period, known_at, funder_id)


@dataclass(frozen=True)
class Slice:
    """A period of the report inside a grant: its key (for sorting), label and days."""

    key: str
    label: str
    starts_on: date
    ends_on: date


def _slices(grant: Grant, period: str) -> list[Slice]:
    """The report's periods that a grant's period touches, cut to the grant's period."""
    if period == "grant_period":
        label = f"{format_day(grant.starts_on)} - {format_day(grant.ends_on)}"
        return [Slice(grant.starts_on.isoformat(), label, grant.starts_on, grant.ends_on)]
    slices = []
    if period == "calendar_year":
        for year in range(grant.starts_on.year, grant.ends_on.year + 1):
            start, end = (
                max(date(year, 1, 1), grant.starts_on),
                min(date(year, 12, 31), grant.ends_on),
            )
            slices.append(Slice(str(year), str(year), start, end))
        return slices
    first, last = SchoolYear.of(grant.starts_on), SchoolYear.of(grant.ends_on)
    for year in range(first.start_year, last.start_year + 1):
        sy = SchoolYear(year)
        start, end = max(sy.starts_on, grant.starts_on), min(sy.ends_on, grant.ends_on)
        slices.append(Slice(str(sy), str(sy), start, end))
    return slices


def _slice_of(slices: list[Slice], day: date) -> Slice:
    """The slice a day falls in; a day before or after the grant counts in the first or last."""
    for piece in slices:
        if piece.starts_on <= day <= piece.ends_on:
            return piece
    return slices[0] if day < slices[0].starts_on else slices[-1]


def _spread(grant: Grant, slices: list[Slice], amount: Decimal, starts_on: date, ends_on: date):
    """An amount over the slices its period overlaps, pro rata, the remainder on the last."""
    overlap = [
        (piece, period_share(max(piece.starts_on, starts_on), min(piece.ends_on, ends_on),
                             grant.prorata))
        for piece in slices
    ]  # fmt: skip
    overlap = [(piece, weight) for piece, weight in overlap if weight > 0]
    if not overlap:
        return [(_slice_of(slices, starts_on), amount)]
    parts = split(amount, [weight for _piece, weight in overlap], quantum(grant.rounding))
    return [(piece, part) for (piece, _w), part in zip(overlap, parts, strict=True)]


@dataclass
class FundingRow:
    """One group in one period, with its figures in euro and the award as FTE."""

    group_key: str
    group_label: str
    period_key: str
    period_label: str
    figures: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(FIGURES, ZERO))
    fte: Converted | None = None


@dataclass
class FundingReport:
    """The report: its parameters, the moment its data stood at, the rows and the totals."""

    params: FundingParams
    known_at: datetime
    rows: list[FundingRow]
    totals: dict[str, Decimal]
    source: str


class _Collector:
    """Sums per (group, period); a grant's amounts go to its groups through its networks."""

    def __init__(self, group_by: str):
        self.group_by = group_by
        self.rows: dict[tuple[str, str], FundingRow] = {}

    def groups_of(self, grant: Grant, network: Network | None) -> list[tuple[str, str]]:
        """(key, label) of the group of a grant (funder) or of one of its networks."""
        if self.group_by == "funder":
            return [(f"{grant.funder.name}#{grant.funder_id}", grant.funder.name)]
        if self.group_by == "network":
            return [(f"{network.name}#{network.id}", network.name)]
        if self.group_by == "programme":
            return [(f"{network.programme.name}#{network.programme_id}", network.programme.name)]
        if network.province is None:
            return [("~", _("zonder provincie"))]
        label = str(enum_label(network.province))
        return [(label, label)]

    def add(self, grant: Grant, piece: Slice, figure: str, amount: Decimal, network=None):
        """Add an amount of a grant in a slice, to one network or shared by its networks."""
        if self.group_by == "funder":
            targets = [(None, amount)]
        elif network is not None:
            targets = [(network, amount)]
        else:
            networks = sorted(grant.networks, key=lambda n: n.id)
            shares = split(amount, [Fraction(1)] * len(networks), quantum(grant.rounding))
            targets = list(zip(networks, shares, strict=True))
        for target, share in targets:
            for key, label in self.groups_of(grant, target):
                row = self.rows.get((key, piece.key))
                if row is None:
                    row = self.rows[(key, piece.key)] = FundingRow(
                        key, label, piece.key, piece.label
                    )
                row.figures[figure] += share


def _requirement_met_on(payment, known_at: datetime | None) -> date | None:
    requirement = payment.requirement
    if requirement is None or requirement.met_on is None:
        return None
    if known_at is not None and (requirement.met_recorded_at or datetime.max) > known_at:
        return None
    return requirement.met_on


def _add_grant(out: _Collector, grant: Grant, params: FundingParams, known: datetime | None):
    """Every figure of one grant, as of the peildatum and known at the moment."""

    def visible(record) -> bool:
        return known is None or record.recorded_at <= known

    slices = _slices(grant, params.period)
    for piece, part in _spread(grant, slices, awarded_total(grant), grant.starts_on, grant.ends_on):
        out.add(grant, piece, "awarded", part)
    for amendment in filter(visible, grant.amendments):
        if amendment.effective_on <= params.as_of:
            out.add(grant, _slice_of(slices, amendment.effective_on), "amended",
                    amendment.amount_change)  # fmt: skip
    for payment in filter(visible, grant.payments):
        if payment.paid_on > params.as_of:
            continue
        if payment.requirement is None:
            out.add(grant, _slice_of(slices, payment.paid_on), "paid", payment.amount)
            continue
        met_on = _requirement_met_on(payment, known)
        released = None if met_on is None else max(met_on, payment.paid_on)
        if released is not None and released <= params.as_of:
            out.add(grant, _slice_of(slices, released), "paid", payment.amount)
        else:
            out.add(grant, _slice_of(slices, payment.paid_on), "waiting", payment.amount)
    for line in filter(visible, grant.budget_lines):
        revised = line.revised_amount is not None and (known is None or line.revised_at <= known)
        for figure, amount in (
            ("budget_original", line.original_amount),
            ("budget_revised", line.revised_amount if revised else line.original_amount),
        ):
            for piece, part in _spread(grant, slices, amount, line.starts_on, line.ends_on):
                out.add(grant, piece, figure, part, network=line.network)


def _grants(actor: User, params: FundingParams, known: datetime | None) -> Iterable[Grant]:
    query = grants_select(actor).where(Grant.decided_on <= params.as_of)
    if known is not None:
        query = query.where(Grant.recorded_at <= known)
    if params.funder_id is not None:
        query = query.where(Grant.funder_id == params.funder_id)
    return db.session.scalars(query.order_by(None).order_by(Grant.id))


def _convert(row: FundingRow, params: FundingParams, known: datetime | None, funder_id):
    """The row's award now as FTE at its school year's rate (school years only)."""
    if params.period != "school_year":
        return None
    rate = rate_for(SchoolYear.parse(row.period_key), funder_id, known)
    return euro_as_fte(row.figures["current"], rate)


def funding_report(actor: User, params: FundingParams) -> FundingReport:
    """The funding report for the grants the actor may read."""
    known = naive_utc(params.known_at)
    out = _Collector(params.group_by)
    for grant in _grants(actor, params, known):
        _add_grant(out, grant, params, known)
    rows = sorted(out.rows.values(), key=lambda r: (r.group_key, r.period_key))
    totals = dict.fromkeys(FIGURES, ZERO)
    for row in rows:
        row.figures["current"] = row.figures["awarded"] + row.figures["amended"]
        funder_id = int(row.group_key.rsplit("#", 1)[1]) if params.group_by == "funder" else None
        row.fte = _convert(row, params, known, funder_id)
        for name in FIGURES:
            totals[name] += row.figures[name]
    known_at = params.known_at or datetime.now(BRUSSELS)
    return FundingReport(params, known_at, rows, totals, source_line(params.as_of, known_at))
