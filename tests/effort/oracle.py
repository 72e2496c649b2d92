"""The effort roll-up computed in the test, from plain records, with exact fractions: the oracle
the SQL roll-up is compared with (README, "Inzet").

It follows the rules, not the code: every figure of a record is a Fraction; a figure on a network
goes in equal parts to its anchor schools, an assignment to an anchor school in equal parts to the
networks it anchors, a figure on a programme stays on it; the parts that pass the filters are added
per row and rounded once, half away from zero.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select

from netwerk.effort.models import Activity, FundingSource
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.schools.models import School
from netwerk.timeutil import SchoolYear

SUBSIDISED = {
    FundingSource.projectsubsidie,
    FundingSource.gekleurde_middelen,
    FundingSource.provincie,
}


@dataclass
class Shape:
    """The networks and schools: anchors, a network's programme and province, a school's province."""

    anchors: dict[int, list[int]]  # network -> anchor schools
    programme: dict[int, int]  # network -> programme
    network_province: dict[int, object]
    school_province: dict[int, object]

    def networks_of(self, school: int) -> list[int]:
        """The networks a school anchors."""
        return [n for n, schools in self.anchors.items() if school in schools]


def shape_of(ids) -> Shape:
    """The shape of the networks and schools a test wrote (tests.effort.worlds.Ids), read once."""
    networks = db.session.scalars(select(Network).where(Network.id.in_(ids.networks))).all()
    return Shape(
        anchors={n.id: [s.id for s in n.anchors] for n in networks},
        programme={n.id: n.programme_id for n in networks},
        network_province={n.id: n.province for n in networks},
        school_province={s: db.session.get(School, s).province for s in ids.schools},
    )


def rounded(value: Fraction, places: int) -> Decimal:
    """value rounded half away from zero to places, exactly."""
    unit = 10**places
    q, r = divmod(abs(value.numerator) * unit, value.denominator)
    if 2 * r >= value.denominator:
        q += 1
    return Decimal(-q if value < 0 else q).scaleb(-places)


def _covered(starts_on: date, ends_on: date | None, year: SchoolYear) -> int:
    first = max(starts_on, year.starts_on)
    last = min(ends_on or year.ends_on, year.ends_on)
    return max(0, (last - first).days + 1)


def _figures(year: SchoolYear, assignments, planned, hours) -> list[tuple[tuple, dict]]:
    """(target, {measure: Fraction}) of every record that counts in the year."""
    out = []
    for p in planned:
        if p["school_year"] != str(year):
            continue
        target = (
            ("network", p["network_id"]) if p["network_id"] else ("programme", p["programme_id"])
        )
        out.append(
            (
                target,
                {"planned": Fraction(p["planned_fte"]), "earmarked": Fraction(p["earmarked_fte"])},
            )
        )
    for a in assignments:
        days = _covered(a["starts_on"], a["ends_on"], year)
        if not days:
            continue
        if a["network_id"]:
            target = ("network", a["network_id"])
        elif a["anchor_school_id"]:
            target = ("school", a["anchor_school_id"])
        else:
            target = ("programme", a["programme_id"])
        value = Fraction(a["fte"]) * days / year.days
        out.append((target, {a["funding_source"]: value}))
    for h in hours:
        if year.starts_on <= h["worked_on"] <= year.ends_on:
            out.append((("network", h["network_id"]), {h["activity"]: Fraction(h["minutes"])}))
    return out


def _atoms(shape: Shape, target: tuple) -> list[tuple]:
    kind, ident = target
    if kind == "network":
        schools = shape.anchors.get(ident) or [None]
        return [(ident, s, shape.programme[ident]) for s in schools]
    if kind == "school":
        networks = shape.networks_of(ident)
        if not networks:
            return [(None, ident, None)]
        return [(n, ident, shape.programme[n]) for n in networks]
    return [(None, None, ident)]


def _province(shape: Shape, network, school):
    if school is not None:
        return shape.school_province[school]
    return shape.network_province.get(network) if network is not None else None


def _row(shape: Shape, group_by: str, atom: tuple) -> tuple:
    network, school, programme = atom
    own = {
        "anchor_school": school,
        "network": network,
        "programme": programme,
        "province": (p.value if (p := _province(shape, network, school)) else None),
    }[group_by]
    if own is not None:
        return (group_by, own)
    if network is None and school is None and programme is not None:
        return ("programme_wide", programme)
    return ("unattributed", None)


def expected_rollup(
    shape: Shape,
    year: SchoolYear,
    group_by: str,
    records: tuple[list, list, list],
    *,
    programme_id=None,
    network_ids=None,
    province=None,
    hours_per_fte: Decimal = Decimal(1),
) -> dict:
    """{row key: figures} and "total": the rounded figures the report must show."""
    assignments, planned, hours = records
    sums: dict[tuple, dict] = defaultdict(lambda: defaultdict(Fraction))
    total: dict = defaultdict(Fraction)
    for target, values in _figures(year, assignments, planned, hours):
        parts = _atoms(shape, target)
        for atom in parts:
            network, school, programme = atom
            if programme_id and programme != programme_id:
                continue
            if network_ids is not None and network not in network_ids:
                continue
            if province is not None and _province(shape, network, school) != province:
                continue
            bucket = sums[_row(shape, group_by, atom)]
            for measure, value in values.items():
                bucket[measure] += value / len(parts)
                total[measure] += value / len(parts)
    result = {key: _shown(v, hours_per_fte) for key, v in sums.items()}
    result["total"] = _shown(total, hours_per_fte)
    return result


def _shown(v: dict, hpf: Decimal) -> dict:
    """The figures of one row as the report rounds them."""
    realised = sum((v[f] for f in FundingSource), Fraction(0))
    minutes = sum((v[a] for a in Activity), Fraction(0))
    return {
        "planned_fte": rounded(v["planned"], 3),
        "earmarked_fte": rounded(v["earmarked"], 3),
        "realised_fte": rounded(realised, 3),
        "subsidised_fte": rounded(sum((v[f] for f in SUBSIDISED), Fraction(0)), 3),
        "own_fte": rounded(v[FundingSource.eigen_middelen], 3),
        "difference_fte": rounded(realised - v["planned"], 3),
        "realised_by_funding": {f.value: rounded(v[f], 3) for f in FundingSource},
        "hours": rounded(minutes / 60, 1),
        "hours_fte": rounded(minutes / 60 / Fraction(hpf), 3),
        "hours_by_activity": {a.value: rounded(v[a] / 60, 1) for a in Activity},
    }


def shown_rollup(rollup) -> dict:
    """The same figures read from an EffortRollup."""
    names = (
        "planned_fte",
        "earmarked_fte",
        "realised_fte",
        "subsidised_fte",
        "own_fte",
        "difference_fte",
        "realised_by_funding",
        "hours",
        "hours_fte",
        "hours_by_activity",
    )
    out = {(r.kind, r.id): {n: getattr(r, n) for n in names} for r in rollup.rows}
    out["total"] = {n: getattr(rollup.total, n) for n in names}
    return out
