"""Participation rolled up to the parent network (issue 21): each koepelnetwerk with the schools
of its own and of the networks under it on the peildatum, each school once.

A network's group is its parent on the peildatum (as known at known_at, networks.parents), or the
network itself when it has none: a koepelnetwerk's own schools count in its group too, and every
network lands in exactly one group. Only the direct parent counts: a network two levels down
rolls up to its own parent, not further.

Per group the registrations (each school-network pair once) and the distinct schools (a school in
two child networks once), and the same per province, where the province is the network's own
(Network.province: the provincial network's), not the school's. One statement: the pairs are
computed once, the lines per province and per group come from one UNION ALL.
"""

from dataclasses import dataclass, field

from sqlalchemy import Integer, Select, String, cast, func, literal, null, select, union_all
from sqlalchemy.orm import aliased

from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.schools.models import Province

PROVINCE_LINE, GROUP_LINE, TOTAL_LINE = 0, 1, 2


@dataclass
class ProvinceLine:
    """The schools of a group's networks in one province (None: networks without one)."""

    province: Province | None
    registrations: int
    distinct_schools: int


@dataclass
class ParentGroup:
    """A parent network (or a network without one) with the schools of it and its children."""

    network_id: int
    name: str
    networks: int
    registrations: int
    distinct_schools: int
    provinces: list[ProvinceLine] = field(default_factory=list)


@dataclass
class ParentRollup:
    """Every group on the peildatum, and the distinct schools over all of them."""

    groups: list[ParentGroup]
    registrations: int
    distinct_schools: int


def rollup_figures(pairs: Select, parents: Select) -> Select:
    """(kind, group_id, province, networks, registrations, distinct_schools) lines.

    pairs: (school_id, network_id, ...) after every filter (reports.queries.filtered_pairs);
    parents: (network_id, parent_id) on the peildatum (networks.parents.parents_on).
    """
    p = pairs.cte("rollup_pairs")
    parent = parents.subquery("parent_on")
    child = aliased(Network, name="child")
    group_id = func.coalesce(parent.c.parent_id, p.c.network_id)
    grouped = (
        select(
            group_id.label("group_id"),
            child.province.label("province"),
            p.c.school_id,
            p.c.network_id,
        )
        .select_from(p)
        .join(child, child.id == p.c.network_id)
        .outerjoin(parent, parent.c.network_id == p.c.network_id)
        .cte("grouped")
    )

    def counts(kind: int, *keys):
        return select(
            literal(kind).label("kind"),
            *keys,
            func.count(grouped.c.network_id.distinct()).label("networks"),
            func.count().label("registrations"),
            func.count(grouped.c.school_id.distinct()).label("distinct_schools"),
        )

    no_group = cast(null(), Integer).label("group_id")
    no_province = cast(null(), String).label("province")
    by_province = counts(PROVINCE_LINE, grouped.c.group_id, grouped.c.province).group_by(
        grouped.c.group_id, grouped.c.province
    )
    by_group = counts(GROUP_LINE, grouped.c.group_id, no_province).group_by(grouped.c.group_id)
    total = counts(TOTAL_LINE, no_group, no_province)
    return union_all(by_province, by_group, total)


def parent_rollup(pairs: Select, parents: Select) -> ParentRollup:
    """Run rollup_figures: the groups by name, each with its provinces in the enum's order."""
    groups: dict[int, ParentGroup] = {}
    lines: list[tuple[int, ProvinceLine]] = []
    total = (0, 0)
    for kind, group_id, province, networks, registrations, distinct in db.session.execute(
        rollup_figures(pairs, parents)
    ):
        if kind == TOTAL_LINE:
            total = (registrations, distinct)
        elif kind == GROUP_LINE:
            groups[group_id] = ParentGroup(group_id, "", networks, registrations, distinct)
        else:
            # The column comes back as text through the UNION on some backends.
            value = Province(getattr(province, "value", province)) if province else None
            lines.append((group_id, ProvinceLine(value, registrations, distinct)))
    names = dict(
        db.session.execute(select(Network.id, Network.name).where(Network.id.in_(groups))).all()
    )
    order = {province: place for place, province in enumerate(Province)}
    for group_id, line in sorted(lines, key=lambda gl: order.get(gl[1].province, len(order))):
        groups[group_id].provinces.append(line)
    for group in groups.values():
        group.name = names.get(group.network_id, "")
    ordered = sorted(groups.values(), key=lambda g: (g.name.casefold(), g.network_id))
    return ParentRollup(ordered, *total)
