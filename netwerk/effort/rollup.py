"""The effort roll-up: planned, earmarked and realised FTE and logged hours of a school year,
grouped per anchor school, network, programme or province (README, "Inzet").

It runs in named steps, each one of the README's rules:

1. **Sums in SQL** per target (a network, an anchor school or a programme): planned and earmarked
   FTE in thousandths, realised FTE per funding source pro-rated over the school year (FTE in
   thousandths x days covered, an integer), and minutes per activity.
2. **Attribution in SQL** (netwerk.effort.attribution), so that totals never count anything
   twice: a figure on a network is split equally over its anchor schools; an assignment to an
   anchor school equally over the networks that school anchors; a figure on a whole programme
   stays on the programme ("programmabreed").
3. **Grouping in SQL** of those shares per row, after the filters (programme, province of the
   anchor school, a coach's networks): integer sums per row and share count.
4. **Rounding once** in Python: the lines of a row over their share counts make one exact
   fraction per figure; FTE to 3 places and hours to 1, half up; the total is rounded from its
   own exact sums, never summed from rounded rows.

Steps 1 to 3 are one statement whatever the size of the data, and every figure stays an exact
integer in the database (no floating point, not even on SQLite, whose NUMERIC is a float): the
only division is step 4's, by a denominator common to the whole roll-up.

known_at (naive UTC, None = now) is the "stand van de gegevens": assignments, planned effort and
hours as recorded at that moment (netwerk.effort.known), and the anchors and programmes of the
networks as recorded then (networks.periods).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, getcontext
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import Integer, Select, case, cast, func, literal, null, select
from sqlalchemy.sql import FromClause

from netwerk.effort import attribution, known
from netwerk.effort.fte import as_school_year, hours_per_fte, milli_fte_days, overlaps_period
from netwerk.effort.models import Activity, FundingSource
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.formatting import round_half_up
from netwerk.labels import enum_label
from netwerk.schools.models import Province
from netwerk.timeutil import SchoolYear

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
# The measures as SQL column names.
_COLUMNS = [m.replace(":", "_") for m in MEASURES]
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


@dataclass(frozen=True)
class Sources:
    """What the roll-up reads: assignments, planned effort and hour entries, each a FromClause
    with its entity's column names (the tables themselves, or their versions open at K)."""

    assignment: FromClause
    planned: FromClause
    hour: FromClause

    @classmethod
    def at(cls, known_at: datetime | None) -> "Sources":
        """The records as known at known_at (naive UTC); None: the tables as they stand."""
        return cls(
            known.assignment_source(known_at),
            known.planned_source(known_at),
            known.hour_source(known_at),
        )


def effort_rollup(
    school_year: "SchoolYear | str",
    group_by: str = "anchor_school",
    filters: dict | None = None,
    known_at: datetime | None = None,
) -> EffortRollup:
    """Planned, earmarked and realised FTE and logged hours of a school year, grouped.

    group_by: anchor_school, network, programme or province (of the anchor school).
    filters: programme_id, province (Province or its value), network_ids (a coach's networks:
    ids or a select of them). known_at: naive UTC, None = now.
    The steps and the rules are those of the module docstring.
    """
    year = as_school_year(school_year)
    _check_group_by(group_by)
    filters = dict(filters or {})
    province = _province(filters.get("province"))
    stmt = _statement(year, group_by, filters, province, known_at)  # 1, 2 and 3
    grouped, denominator = _exact_rows(attribution.run(stmt), year)
    hpf = hours_per_fte(year)
    rounding = _Rounding.of(denominator, hpf)  # 4
    rows = [rounding.row(kind, ident, label, v) for (kind, ident), (label, v) in grouped.items()]
    # Real groups by name first, then programme-wide lines, then what could not be attributed.
    order = {"programme_wide": 1, "unattributed": 2}
    rows.sort(key=lambda r: (order.get(r.kind, 0), r.label.lower(), str(r.id)))
    # The exact sum of the groups (every kept atom is in one group), rounded by itself.
    vectors = [v for _label, v in grouped.values()]
    total = [sum(column) for column in zip([0] * len(MEASURES), *vectors, strict=True)]
    shown = {k: v for k, v in filters.items() if k != "network_ids" or isinstance(v, list)}
    return EffortRollup(
        school_year=str(year),
        group_by=group_by,
        hours_per_fte=hpf,
        rows=rows,
        total=rounding.row("total", None, _("Totaal"), total),
        filters=_serialisable({**shown, "province": province}),
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


def _statement(
    year: SchoolYear,
    group_by: str,
    filters: dict,
    province: Province | None,
    known_at: datetime | None,
) -> Select:
    """rollup_select, built once per database dialect, school year, grouping, filters and
    known_at: building the statement's tree (some hundred expressions) costs as much as the
    database's own work on it. A coach's networks given as a select are built anew each time."""
    network_ids = filters.get("network_ids")
    if network_ids is not None and not isinstance(network_ids, (list, tuple)):
        return rollup_select(year, group_by, filters, province, known_at)
    return _kept_statement(
        db.session.get_bind().dialect.name,  # date arithmetic differs (effort.fte)
        year,
        group_by,
        filters.get("programme_id"),
        None if network_ids is None else tuple(network_ids),
        province,
        known_at,
    )


@lru_cache(maxsize=64)
def _kept_statement(
    dialect: str,
    year: SchoolYear,
    group_by: str,
    programme_id: int | None,
    network_ids: tuple[int, ...] | None,
    province: Province | None,
    known_at: datetime | None,
) -> Select:
    """rollup_select of hashable arguments, kept (a select is immutable, safe to share); the
    dialect is part of the key only: rollup_select reads it from the session."""
    filters = {"programme_id": programme_id}
    if network_ids is not None:
        filters["network_ids"] = list(network_ids)
    return rollup_select(year, group_by, filters, province, known_at)


def rollup_select(
    year: SchoolYear,
    group_by: str,
    filters: dict,
    province: Province | None,
    known_at: datetime | None,
) -> Select:
    """Steps 1 to 3 as one statement: (kind, row_id, code, label, shares, *measures)."""
    # A subquery, not a CTE: each split's filter (network, school or programme targets) is
    # pushed into the branches and reaches their indexes.
    targets = targets_select(year, Sources.at(known_at)).subquery("target")
    atom = attribution.atoms(targets, _COLUMNS, known_at)
    return attribution.grouped(
        atom,
        _COLUMNS,
        group_by,
        programme_id=filters.get("programme_id"),
        network_ids=filters.get("network_ids"),
        province=province,
    )


def _thousandths(column):
    """SQL: an FTE (three decimals) as an integer number of thousandths, exact."""
    return cast(func.round(column * 1000), Integer)


def _branch(ids: tuple, figures: dict[str, object]) -> Select:
    """One select of the UNION: the three target ids, then every measure (0 when not given),
    each labelled (a select would fold repeated equal expressions into one column)."""
    names = ("network_id", "school_id", "programme_id")
    return select(
        *(
            (null() if column is None else column).label(name)
            for column, name in zip(ids, names, strict=True)
        ),
        *(figures.get(m, literal(0, Integer)).label(m) for m in _COLUMNS),
    )


def targets_select(year: SchoolYear, sources: Sources) -> Select:
    """(network_id, school_id, programme_id, *measures) per target, exactly one id set: planned
    and earmarked FTE in thousandths, FTE x days covered in thousandths per funding source, and
    minutes per activity. Three GROUP BYs in one UNION ALL."""
    p, a, h = sources.planned.c, sources.assignment.c, sources.hour.c
    planned = (
        _branch(
            (p.network_id, None, p.programme_id),
            {
                "planned": func.sum(_thousandths(p.planned_fte)),
                "earmarked": func.sum(_thousandths(p.earmarked_fte)),
            },
        )
        .where(p.school_year == str(year))
        .group_by(p.network_id, p.programme_id)
    )
    start, end = year.starts_on, year.ends_on
    days = milli_fte_days(start, end, sources.assignment)
    assignments = (
        _branch(
            (a.network_id, a.anchor_school_id, a.programme_id),
            {
                f"fte_{f.value}": func.sum(case((a.funding_source == f, days), else_=0))
                for f in FundingSource
            },
        )
        .where(overlaps_period(start, end, sources.assignment))
        .group_by(a.network_id, a.anchor_school_id, a.programme_id)
    )
    hours = (
        _branch(
            (h.network_id, None, None),
            {
                f"min_{act.value}": func.sum(case((h.activity == act, h.minutes), else_=0))
                for act in Activity
            },
        )
        .where(h.worked_on.between(start, end))
        .group_by(h.network_id)
    )
    return planned.union_all(assignments, hours)


# --- 2 and 3 run in SQL (attribution); the exact figures per row -------------------------------


def _exact_rows(lines: list, year: SchoolYear) -> tuple[dict, int]:
    """{(kind, id): (label, vector)} and their common denominator, 1000 x days x share_lcm.

    A line is a row's sum over atoms of one share count k: each of its figures is k times too
    much, so it counts share_lcm // k times over share_lcm, exactly.
    """
    days = year.days
    # Planned FTE is in thousandths, assignments in thousandths x days, hours in minutes.
    scale = [days, days] + [1] * len(FundingSource) + [1000 * days] * len(Activity)
    share_lcm = math.lcm(*{line.shares for line in lines})
    grouped: dict[tuple, tuple[str, list[int]]] = {}
    for line in lines:
        kind, ident = _row_ident(line)
        found = grouped.get((kind, ident))
        if found is None:
            found = grouped[(kind, ident)] = (_label(kind, ident, line.label), [0] * len(MEASURES))
        weight = share_lcm // line.shares
        vector = found[1]
        # The measures follow kind, row_id, code, label and shares (attribution.grouped), as
        # integers on both databases (cast there).
        for i, value in enumerate(line[5:]):
            if value:
                vector[i] += value * scale[i] * weight
    return grouped, 1000 * days * share_lcm


def _row_ident(line) -> tuple[str, int | str | None]:
    """The row's kind and id (a province by its value)."""
    if line.kind == "province":
        return "province", line.code.value
    return line.kind, line.row_id


def _label(kind: str, ident, name: str | None) -> str:
    """The name shown on a row."""
    if kind == "province":
        return enum_label(Province(ident))
    if kind == "programme_wide":
        return _("Programmabreed: %(name)s", name=name or f"#{ident}")
    if kind == "unattributed":
        return _("Niet toe te wijzen (zonder ankerschool of netwerk)")
    return name if name is not None else f"#{ident}"


# --- 4. rounding once --------------------------------------------------------------------------


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
