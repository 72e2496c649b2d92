"""The effort roll-up: planned, earmarked and realised FTE and logged hours of a school year,
grouped per anchor school, network, programme or province (README, "Inzet").

It runs in named steps, each one of the README's rules:

1. **Sums in SQL** per target (a network, an anchor school or a programme): planned and earmarked
   FTE, realised FTE per funding source (fte x days covered in the school year / its days), and
   minutes per activity. Three GROUP BY statements, whatever the size of the data.
2. **The structure**: networks, their anchor schools, those schools and the programmes.
3. **Attribution**, so that totals never count anything twice (netwerk.effort.attribution): a
   figure on a network is split equally over its anchor schools; an assignment to an anchor
   school equally over the networks that school anchors; a figure on a whole programme stays on
   the programme ("programmabreed").
4. **Grouping** of those shares per row, after the filters (programme, province of the anchor
   school, a coach's networks).
5. **Rounding once**: FTE to 3 places and hours to 1, half up, per row; the total is rounded from
   its own exact sums, never summed from rounded rows.

Every figure stays exact until step 5: an integer numerator over one denominator common to the
whole roll-up. (Fractions were most of the roll-up's time: they normalise on every addition.)
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, getcontext
from operator import add

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from netwerk.effort.fte import as_school_year, hours_per_fte, milli_fte_days, overlaps_period
from netwerk.effort.models import Activity, FundingSource, HourEntry, PlannedEffort, StaffAssignment
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.formatting import round_half_up
from netwerk.schools.models import Province
from netwerk.timeutil import SchoolYear
from tests.effort.legacy_attribution import Atom, RowKey, Structure, Target

GROUP_BY = ("anchor_school", "network", "programme", "province")
# Public money (the project subsidy, earmarked funds, the province) against the school's own hours.
SUBSIDISED = (
    FundingSource.projectsubsidie,
    FundingSource.gekleurde_middelen,
    FundingSource.provincie,
)
OWN = (FundingSource.eigen_middelen,)

MEASURES = (
    ["planned", "earmarked"]
    + [f"fte:{f.value}" for f in FundingSource]
    + [f"min:{a.value}" for a in Activity]
)
# A roll-up vector is a list of integer numerators in MEASURES order; these are its positions.
_PLANNED = MEASURES.index("planned")
_EARMARKED = MEASURES.index("earmarked")
_FUNDING_AT = {f: MEASURES.index(f"fte:{f.value}") for f in FundingSource}
_ACTIVITY_AT = {a: MEASURES.index(f"min:{a.value}") for a in Activity}
_FUNDING = slice(min(_FUNDING_AT.values()), max(_FUNDING_AT.values()) + 1)
_ACTIVITY = slice(min(_ACTIVITY_AT.values()), max(_ACTIVITY_AT.values()) + 1)
_FUNDING_KEYS = tuple(f.value for f in FundingSource)
_ACTIVITY_KEYS = tuple(a.value for a in Activity)
_SUBSIDISED_AT = tuple(_FUNDING_AT[f] for f in SUBSIDISED)
_OWN_AT = tuple(_FUNDING_AT[f] for f in OWN)


@dataclass
class RollupRow:
    """One line of the effort roll-up. FTE rounded to 3 places, hours to 1 (round half up)."""

    key: str
    label: str
    kind: str
    id: int | str | None
    planned_fte: Decimal
    earmarked_fte: Decimal
    realised_fte: Decimal
    subsidised_fte: Decimal
    own_fte: Decimal
    other_fte: Decimal
    difference_fte: Decimal
    realised_by_funding: dict[str, Decimal]
    hours: Decimal
    hours_fte: Decimal
    hours_by_activity: dict[str, Decimal]


@dataclass
class EffortRollup:
    """The roll-up of one school year, grouped one way, with a totals row."""

    school_year: str
    group_by: str
    hours_per_fte: Decimal
    rows: list[RollupRow]
    total: RollupRow
    filters: dict = field(default_factory=dict)


def effort_rollup(
    school_year: "SchoolYear | str",
    group_by: str = "anchor_school",
    filters: dict | None = None,
) -> EffortRollup:
    """Planned, earmarked and realised FTE and logged hours of a school year, grouped.

    group_by: anchor_school, network, programme or province (of the anchor school).
    filters: programme_id, province (Province or its value), network_ids (a coach's networks).
    The steps and the rules are those of the module docstring.
    """
    year = as_school_year(school_year)
    _check_group_by(group_by)
    filters = dict(filters or {})
    province = _province(filters.get("province"))
    sums = _Sums.of_year(year)  # 1
    structure = Structure.load(sums.per_target)  # 2
    keep = _Filter(structure, filters.get("programme_id"), filters.get("network_ids"), province)
    grouped, denominator = _attribute_and_group(sums, structure, keep, group_by)  # 3 and 4
    hpf = hours_per_fte(year)
    rounding = _Rounding.of(denominator, hpf)  # 5
    rows = [
        rounding.row(kind, ident, structure.label(kind, ident), v)
        for (kind, ident), v in grouped.items()
    ]
    # Real groups by name first, then programme-wide lines, then what could not be attributed.
    order = {"programme_wide": 1, "unattributed": 2}
    rows.sort(key=lambda r: (order.get(r.kind, 0), r.label.lower(), str(r.id)))
    # The exact sum of the groups (every kept atom is in one group), rounded by itself.
    total = [sum(column) for column in zip([0] * len(MEASURES), *grouped.values(), strict=True)]
    return EffortRollup(
        school_year=str(year),
        group_by=group_by,
        hours_per_fte=hpf,
        rows=rows,
        total=rounding.row("total", None, _("Totaal"), total),
        filters=_serialisable({**filters, "province": province}),
    )


def _check_group_by(group_by: str) -> None:
    """Refuse an unknown grouping (DomainError 400)."""
    if group_by not in GROUP_BY:
        raise DomainError(
            _(
                "Ongeldige groepering '%(value)s': kies uit %(choices)s.",
                value=str(group_by)[:30],
                choices=", ".join(GROUP_BY),
            ),
            status_code=400,
        )


def _province(value) -> Province | None:
    """The province filter as a Province (given as one or as its value); DomainError 400."""
    if value is None or isinstance(value, Province):
        return value
    try:
        return Province(value)
    except ValueError:
        raise DomainError(_("Onbekende provincie."), status_code=400) from None


def _serialisable(filters: dict) -> dict:
    """The filters as the roll-up reports them (a province as its value, no empty ones)."""
    return {
        k: (v.value if isinstance(v, Province) else v) for k, v in filters.items() if v is not None
    }


# --- 1. sums in SQL ----------------------------------------------------------------------------


@dataclass
class _Sums:
    """Per target, the exact figures as integer numerators over `base`, in MEASURES order."""

    base: int
    per_target: dict[Target, list[int]]

    @classmethod
    def of_year(cls, year: SchoolYear) -> "_Sums":
        """Three GROUP BY statements: planned FTE, assignments per funding, minutes per activity."""
        planned = _planned_sums(year)
        # Planned sums are Decimals (thousandths), assignments are milli-FTE-days over the days
        # of the year, minutes are whole: one base that every one of them divides.
        fte_days = 1000 * year.days
        base = math.lcm(fte_days, *(den for row in planned for _num, den in row[2:]))
        sums = cls(base, {})
        sums.add_planned(planned)
        sums.add_assignments(year, base // fte_days)
        sums.add_hours(year)
        return sums

    def vector(self, target: Target) -> list[int]:
        """The target's vector, created with zeros on first use."""
        found = self.per_target.get(target)
        if found is None:
            found = self.per_target[target] = [0] * len(MEASURES)
        return found

    def add_planned(self, planned: list[tuple]) -> None:
        """Planned and earmarked FTE on a network, or on a whole programme."""
        for network_id, programme_id, (planned_fte, p_den), (earmarked, e_den) in planned:
            v = self.vector(("network", network_id) if network_id else ("programme", programme_id))
            v[_PLANNED] += planned_fte * (self.base // p_den)
            v[_EARMARKED] += earmarked * (self.base // e_den)

    def add_assignments(self, year: SchoolYear, per_milli_day: int) -> None:
        """Realised FTE per funding source: milli-FTE-days covered in the year, summed in SQL."""
        start, end = year.starts_on, year.ends_on
        target_columns = (
            StaffAssignment.network_id,
            StaffAssignment.anchor_school_id,
            StaffAssignment.programme_id,
            StaffAssignment.funding_source,
        )
        for network_id, school_id, programme_id, source, total in db.session.execute(
            select(*target_columns, func.sum(milli_fte_days(start, end)))
            .where(overlaps_period(start, end))
            .group_by(*target_columns)
        ):
            if network_id:
                target = ("network", network_id)
            elif school_id:
                target = ("school", school_id)
            else:
                target = ("programme", programme_id)
            self.vector(target)[_FUNDING_AT[source]] += int(total) * per_milli_day

    def add_hours(self, year: SchoolYear) -> None:
        """Minutes per activity on each network, summed in SQL.

        One row per network with a column per activity (in MEASURES order), not one per pair:
        a fifth of the rows to fetch and build.
        """
        activity_at = range(_ACTIVITY.start, _ACTIVITY.stop)
        for network_id, *minutes_by_activity in db.session.execute(
            select(
                HourEntry.network_id,
                *(
                    func.sum(case((HourEntry.activity == activity, HourEntry.minutes)))
                    for activity in Activity
                ),
            )
            .where(HourEntry.worked_on.between(year.starts_on, year.ends_on))
            .group_by(HourEntry.network_id)
        ):
            v = self.vector(("network", network_id))
            for i, minutes in zip(activity_at, minutes_by_activity, strict=True):
                if minutes:  # NULL: no hours of that activity
                    v[i] += int(minutes) * self.base


def _planned_sums(year: SchoolYear) -> list[tuple]:
    """(network id, programme id, planned, earmarked) per target, the FTE as integer ratios."""
    return [
        (
            network_id,
            programme_id,
            Decimal(planned).as_integer_ratio(),
            Decimal(earmarked).as_integer_ratio(),
        )
        for network_id, programme_id, planned, earmarked in db.session.execute(
            select(
                PlannedEffort.network_id,
                PlannedEffort.programme_id,
                func.sum(PlannedEffort.planned_fte),
                func.sum(PlannedEffort.earmarked_fte),
            )
            .where(PlannedEffort.school_year == str(year))
            .group_by(PlannedEffort.network_id, PlannedEffort.programme_id)
        )
    ]


# --- 3 and 4. attribution and grouping ---------------------------------------------------------


@dataclass
class _Filter:
    """Rule 4's filters on an atom: programme, a coach's networks, province of the anchor."""

    structure: Structure
    programme_id: int | None
    network_ids: set[int] | None
    province: Province | None

    def __post_init__(self):
        if self.network_ids is not None:
            self.network_ids = set(self.network_ids)  # tested once per atom

    def keeps(self, atom: Atom) -> bool:
        """Whether the atom passes every filter."""
        network_id, school_id, programme_id = atom
        if self.programme_id and programme_id != self.programme_id:
            return False
        if self.network_ids is not None and network_id not in self.network_ids:
            return False
        return self.province is None or (
            self.structure.province(network_id, school_id) is self.province
        )


def _attribute_and_group(
    sums: _Sums, structure: Structure, keep: _Filter, group_by: str
) -> tuple[dict[RowKey, list[int]], int]:
    """Split every target equally over its atoms, keep the filtered ones, add them up per row.

    Returns the rows' vectors and their common denominator, base x share_lcm: a multiple of
    every share count, so that a share of 1/count is share_lcm // count over share_lcm.
    """
    splits = [(v, *structure.atoms(target)) for target, v in sums.per_target.items()]
    share_lcm = math.lcm(*{count for _v, count, _atoms in splits})
    grouped: dict[RowKey, list[int]] = {}
    keeps, row_key = keep.keeps, structure.row_key  # looked up once, not once per atom
    for v, count, target_atoms in splits:
        share = share_lcm // count
        weighted = [value * share for value in v] if share != 1 else v  # once per target
        for atom in target_atoms:
            if not keeps(atom):
                continue
            key = row_key(group_by, atom)
            bucket = grouped.get(key)
            if bucket is None:
                grouped[key] = weighted.copy()  # a copy: v and weighted are shared by atoms
            else:
                bucket[:] = map(add, bucket, weighted)
    return grouped, sums.base * share_lcm


# --- 5. rounding once --------------------------------------------------------------------------


@dataclass
class _Rounding:
    """The three roundings of a row: FTE, minutes as hours, minutes as FTE."""

    fte: Callable[[int], Decimal]
    hours: Callable[[int], Decimal]
    hours_fte: Callable[[int], Decimal]

    @classmethod
    def of(cls, denominator: int, hpf: Decimal) -> "_Rounding":
        """For figures over `denominator`, with hpf hours in one FTE."""
        hpf_num, hpf_den = hpf.as_integer_ratio()
        return cls(
            fte=_half_up(denominator, 3),
            hours=_half_up(60 * denominator, 1),
            hours_fte=_half_up(60 * denominator * hpf_num, 3, hpf_den),  # minutes / 60 / hpf
        )

    def row(self, kind: str, ident, label: str, v: list[int]) -> RollupRow:
        """Round the exact figures of one group once, for display and for the API."""
        fte, hours = self.fte, self.hours
        by_funding = v[_FUNDING]
        realised = sum(by_funding)
        subsidised = sum([v[i] for i in _SUBSIDISED_AT])
        own = sum([v[i] for i in _OWN_AT])
        minutes_by_activity = v[_ACTIVITY]
        minutes = sum(minutes_by_activity)
        planned = v[_PLANNED]
        return RollupRow(
            key=f"{kind}:{ident}" if ident is not None else kind,
            label=label,
            kind=kind,
            id=ident,
            planned_fte=fte(planned),
            earmarked_fte=fte(v[_EARMARKED]),
            realised_fte=fte(realised),
            subsidised_fte=fte(subsidised),
            own_fte=fte(own),
            other_fte=fte(realised - subsidised - own),
            difference_fte=fte(realised - planned),
            realised_by_funding=dict(zip(_FUNDING_KEYS, map(fte, by_funding), strict=True)),
            hours=hours(minutes),
            hours_fte=self.hours_fte(minutes),
            hours_by_activity=dict(
                zip(_ACTIVITY_KEYS, map(hours, minutes_by_activity), strict=True)
            ),
        )


def _half_up(denominator: int, places: int, factor: int = 1) -> Callable[[int], Decimal]:
    """A function: numerator x factor / denominator rounded half away from zero to places."""
    unit = 10**places
    # The figures are those of round_half_up(Decimal(n) / Decimal(d), places), whose quotient
    # Decimal first rounds to its precision. Below limit that quotient lies nearer n / d than any
    # tie does (a tie is at least 1 / (2 x unit x d) away), so exact integer rounding gives the
    # same Decimal; at or above it (never at Flemish scale) divide as Decimal does.
    limit = 10 ** (getcontext().prec - 1 - places)
    zero = Decimal(0).scaleb(-places)
    minus_zero = zero.copy_negate()  # what quantize gives for -0.0004: keep it
    made: dict[int, Decimal] = {}  # groups share many figures: build each Decimal once

    def rounded(numerator: int) -> Decimal:
        if not numerator:
            return zero
        numerator *= factor
        if not -limit < numerator < limit:
            return round_half_up(Decimal(numerator) / Decimal(denominator), places)
        quotient, remainder = divmod(abs(numerator) * unit, denominator)
        if 2 * remainder >= denominator:
            quotient += 1
        if numerator < 0:
            if not quotient:
                return minus_zero
            quotient = -quotient
        value = made.get(quotient)
        if value is None:
            value = made[quotient] = Decimal(quotient).scaleb(-places)
        return value

    return rounded
