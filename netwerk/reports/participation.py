"""The participation report: schools per anchor school x network x level on a peildatum.

Rows per anchor school x network x level of the registered school; a network with two anchors is
listed under both, its schools count once in the totals ("registrations": each school-network
pair once; "distinct schools": each school once). One statement whatever the size of the data:
the pairs are computed once, rows and totals come from one UNION ALL.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from flask_babel import gettext as _
from sqlalchemy import Date, Integer, Select, String, cast, func, literal, null, select, union_all
from sqlalchemy.orm import aliased

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.members import other_members_on
from netwerk.networks.models import Network
from netwerk.networks.parents import parents_on
from netwerk.networks.periods import anchors_on
from netwerk.reports.params import (
    PARENT,
    ReportFilters,
    ReportParams,
    known_at_utc,
    report_header,
)
from netwerk.reports.parents import ParentRollup, parent_rollup
from netwerk.reports.permissions import require_reader
from netwerk.reports.queries import filtered_pairs
from netwerk.schools.labels import counted_kind
from netwerk.schools.models import Organisation, OrganisationKind, School, SchoolLevel


@dataclass
class ParticipationRow:
    """Schools of one level in one network, listed under one of its anchors (an organisation
    of any kind; None: the network has no anchor on the peildatum, "zonder anker")."""

    anchor_id: int | None
    anchor_name: str | None
    # The anchor's instellingsnummer when it is a school, else None.
    anchor_institution_number: str | None
    network_id: int
    network_name: str
    level: SchoolLevel
    count: int
    # The network has two anchors in this report: it is listed under both, counted once.
    shared: bool = False
    # The network's last day when it lies before the peildatum (networks.life): shown beside its
    # name. Its schools still count: a count follows the registrations' own history, which an
    # end does not rewrite (a school leaves through a dated move, e.g. the renewal's withdrawal).
    ended_on: date | None = None
    # The anchor's kind (None without an anchor).
    anchor_kind: OrganisationKind | None = None


@dataclass
class AnchorBlock:
    """An anchor's rows in one level: one per network, and their sum (anchor None: the
    networks without an anchor)."""

    anchor_id: int | None
    anchor_name: str | None
    anchor_institution_number: str | None
    rows: list[ParticipationRow]

    @property
    def subtotal(self) -> int:
        return sum(row.count for row in self.rows)


@dataclass
class LevelTotal:
    """Totals of one level: school-network pairs (each network once) and distinct schools."""

    registrations: int
    distinct_schools: int


@dataclass
class LevelSection:
    """The table of one level: anchor blocks and the level's totals."""

    level: SchoolLevel
    anchors: list[AnchorBlock]
    total: LevelTotal


@dataclass
class OtherMembers:
    """The members that are not schools (CLBs, local governments, ...), per kind: per network,
    per level (the organisations of the networks with rows in that level) and over the whole
    report (each organisation once)."""

    per_network: dict[int, dict[str, int]] = field(default_factory=dict)
    per_level: dict[SchoolLevel, dict[str, int]] = field(default_factory=dict)
    overall: dict[str, int] = field(default_factory=dict)

    def text(self, counts: dict[str, int] | None) -> str:
        """'3 CLB's, 1 lokaal bestuur': the counts per kind as the page, the exports and print
        write them, singular or plural per kind ('' for none)."""
        return ", ".join(counted_kind(kind, n) for kind, n in sorted((counts or {}).items()))

    def texts(self) -> dict[int, str]:
        """text() per network id, for the networks that have such members."""
        return {nid: self.text(counts) for nid, counts in self.per_network.items() if counts}

    def add(self, line: int, network_id: int | None, level, kind: str, count: int) -> None:
        """One line of participation_figures of kind OTHERS, OTHER_TOTALS or OTHER_ALL."""
        if line == OTHERS:
            self.per_network.setdefault(network_id, {})[kind] = count
        elif line == OTHER_TOTALS:
            self.per_level.setdefault(SchoolLevel(level), {})[kind] = count
        else:
            self.overall[kind] = count


@dataclass
class ParticipationReport:
    """Schools per anchor school x network x level on the peildatum."""

    as_of: date
    basis: str
    filters: ReportFilters
    source: str
    rows: list[ParticipationRow]
    totals: dict[SchoolLevel, LevelTotal]
    # The "stand van de gegevens": aware, resolved (now when none was asked); after the
    # fields without a default so that older positional constructions keep working.
    known_at: datetime | None = None
    # Rolled up to the parent networks when asked (group_by=parent, reports.parents).
    parents: ParentRollup | None = None
    # The members that are not schools, per kind (issue 20); empty for a stored publication
    # made before them.
    other_members: OtherMembers = field(default_factory=lambda: OtherMembers())
    # The kind the other members were narrowed to (params.member_kind), None for every kind.
    member_kind: OrganisationKind | None = None

    @cached_property
    def sections(self) -> list[LevelSection]:
        """The rows per level and anchor school, grouped when first read: the page, the
        exports and a publication read them, the API's body (rows and totals) never does."""
        return _sections(self.rows, self.totals)

    @property
    def has_shared(self) -> bool:
        """Whether a network is listed under two anchor schools (the page explains the mark)."""
        return any(row.shared for row in self.rows)

    @property
    def registrations(self) -> int:
        return sum(t.registrations for t in self.totals.values())

    @property
    def distinct_schools(self) -> int:
        # A school has one level, so distinct schools add up over the levels.
        return sum(t.distinct_schools for t in self.totals.values())


# The kinds of line in participation_figures: the schools, then the other members (issue 20).
ROWS, TOTALS, OTHERS, OTHER_TOTALS, OTHER_ALL = 0, 1, 2, 3, 4


def _other_member_lines(p, others: Select) -> list[Select]:
    """The lines of the other members (others: networks.members.other_members_on), counted
    for the networks with pairs in the report only (the rows' CTE `p`)."""
    o = others.subquery("others")
    in_report = o.c.network_id.in_(select(p.c.network_id))
    levels = select(p.c.network_id, p.c.level).distinct().subquery("network_levels")

    def line(kind: int, network_id, level, *, group_by):
        return select(
            literal(kind).label("kind"),
            cast(null(), Integer).label("anchor_id"),
            cast(null(), String).label("anchor_name"),
            cast(null(), String).label("anchor_institution_number"),
            network_id.label("network_id"),
            cast(null(), String).label("network_name"),
            level.label("level"),
            func.count(o.c.organisation_id.distinct()).label("count"),
            o.c.kind.label("anchor_kind"),
            cast(null(), Date).label("network_ends_on"),
            cast(null(), Integer).label("distinct_schools"),
        ).group_by(*group_by, o.c.kind)

    return [
        line(OTHERS, o.c.network_id, cast(null(), String), group_by=[o.c.network_id]).where(
            in_report
        ),
        line(OTHER_TOTALS, cast(null(), Integer), levels.c.level, group_by=[levels.c.level]).join(
            levels, levels.c.network_id == o.c.network_id
        ),
        line(OTHER_ALL, cast(null(), Integer), cast(null(), String), group_by=[]).where(in_report),
    ]


def participation_figures(pairs: Select, anchors: Select, others: Select | None = None) -> Select:
    """The whole participation report in one statement: the pairs are computed once.

    Lines of kind ROWS: per anchor school x network x level, the number of schools (count), under
    the anchors of the peildatum (anchors: networks.periods.anchors_on).
    Lines of kind TOTALS: per level, the registrations (count: each school-network pair once) and
    the distinct schools. The pairs are a CTE used by both halves of a UNION ALL (PostgreSQL
    materialises a CTE used twice), so the as-of history is read once instead of twice.
    With others (networks.members.other_members_on): the lines of the members that are not
    schools, per kind (OTHERS per network, OTHER_TOTALS per level, OTHER_ALL overall).
    """
    p = pairs.cte("pairs")
    held = anchors.subquery("anchors_on")
    # An anchor is an organisation of any kind; its instellingsnummer when it is a school. A
    # network without an anchor on the day keeps its rows, under no anchor ("zonder anker").
    anchor = aliased(Organisation, name="anchor")
    anchor_school = aliased(School, name="anchor_school")
    rows = (
        select(
            literal(ROWS).label("kind"),
            anchor.id.label("anchor_id"),
            anchor.name.label("anchor_name"),
            anchor_school.institution_number.label("anchor_institution_number"),
            Network.id.label("network_id"),
            Network.name.label("network_name"),
            p.c.level,
            func.count().label("count"),
            anchor.kind.label("anchor_kind"),
            Network.ends_on.label("network_ends_on"),
            cast(null(), Integer).label("distinct_schools"),
        )
        .select_from(p)
        .outerjoin(held, held.c.network_id == p.c.network_id)
        .outerjoin(anchor, anchor.id == held.c.organisation_id)
        .outerjoin(anchor_school, anchor_school.id == held.c.organisation_id)
        .join(Network, Network.id == p.c.network_id)
        .group_by(
            anchor.id,
            anchor.name,
            anchor.kind,
            anchor_school.institution_number,
            Network.id,
            Network.name,
            Network.ends_on,
            p.c.level,
        )
    )
    totals = select(
        literal(TOTALS).label("kind"),
        cast(null(), Integer).label("anchor_id"),
        cast(null(), String).label("anchor_name"),
        cast(null(), String).label("anchor_institution_number"),
        cast(null(), Integer).label("network_id"),
        cast(null(), String).label("network_name"),
        p.c.level,
        func.count().label("count"),
        cast(null(), String).label("anchor_kind"),
        cast(null(), Date).label("network_ends_on"),
        func.count(p.c.school_id.distinct()).label("distinct_schools"),
    ).group_by(p.c.level)
    extra = _other_member_lines(p, others) if others is not None else []
    both = union_all(rows, totals, *extra).subquery("figures")
    # The networks without an anchor come last, on SQLite and PostgreSQL alike.
    return select(both).order_by(
        both.c.kind,
        both.c.anchor_id.is_(None),
        both.c.anchor_name,
        both.c.anchor_id,
        both.c.network_name,
        both.c.network_id,
    )


def _rows_and_totals(
    pairs: Select, anchors: Select, as_of: date, others: Select | None = None
) -> tuple[list[ParticipationRow], dict[SchoolLevel, LevelTotal], OtherMembers]:
    """Run participation_figures: the report's rows (an ended network marked), the totals
    per level and the other members."""
    rows: list[ParticipationRow] = []
    totals: dict[SchoolLevel, LevelTotal] = {}
    other = OtherMembers()
    # Unpacked by position, not by name (a Row's attribute lookups were a good part of the
    # report's Python time at Flanders scale): participation_figures selects the kind, then
    # ParticipationRow's fields in their order, then the anchor's kind, the network's end and
    # the distinct schools of a totals line.
    for kind, *figures, anchor_kind, ends_on, distinct_schools in db.session.execute(
        participation_figures(pairs, anchors, others)
    ):
        if anchor_kind is not None and not isinstance(anchor_kind, OrganisationKind):
            anchor_kind = OrganisationKind(anchor_kind)
        if kind >= OTHERS:
            other.add(kind, figures[3], figures[5], anchor_kind.value, figures[6])
            continue
        row = ParticipationRow(*figures)
        row.anchor_kind = anchor_kind
        if ends_on is not None and ends_on < as_of:
            row.ended_on = ends_on
        if kind == TOTALS:
            totals[row.level] = LevelTotal(row.count, distinct_schools)
        else:
            rows.append(row)
    return rows, totals, other


def _mark_shared(rows: list[ParticipationRow]) -> None:
    """Mark the rows of networks listed under two anchor schools."""
    anchors_per_network: dict[int, set[int]] = {}
    for row in rows:
        anchors_per_network.setdefault(row.network_id, set()).add(row.anchor_id)
    for row in rows:
        row.shared = len(anchors_per_network[row.network_id]) > 1


def _sections(
    rows: list[ParticipationRow], totals: dict[SchoolLevel, LevelTotal]
) -> list[LevelSection]:
    """The rows per level and anchor school, in one pass (thousands at Flanders scale)."""
    blocks_by_level: dict[SchoolLevel, dict[int, AnchorBlock]] = {}
    for row in rows:
        blocks = blocks_by_level.setdefault(row.level, {})
        block = blocks.get(row.anchor_id)
        if block is None:
            name = row.anchor_name if row.anchor_id is not None else _("zonder anker")
            block = blocks[row.anchor_id] = AnchorBlock(
                row.anchor_id, name, row.anchor_institution_number, []
            )
        block.rows.append(row)
    return [
        LevelSection(level, list(blocks_by_level.get(level, {}).values()), totals[level])
        for level in SchoolLevel  # the enum's order: basis, secundair, buitengewoon, ...
        if level in totals
    ]


def _other_members(params: ReportParams, known_at: datetime | None) -> Select:
    """The other members of the report: every kind, or the one of the filter member_kind (it
    narrows the other members only; the schools count as without it)."""
    others = other_members_on(params.as_of, known_at)
    if params.member_kind is not None:
        others = others.where(Organisation.kind == params.member_kind)
    return others


def participation_report(actor: User, params: ReportParams) -> ParticipationReport:
    """Per anchor school, network and level: the schools registered or taking part on as_of."""
    visible = require_reader(actor)
    known_at = known_at_utc(params)
    pairs = filtered_pairs(params.basis, params.as_of, params.filters, visible, known_at=known_at)
    rows, totals, other = _rows_and_totals(
        pairs,
        anchors_on(params.as_of, known_at),
        params.as_of,
        _other_members(params, known_at),
    )
    _mark_shared(rows)
    return ParticipationReport(
        **report_header(params),
        rows=rows,
        totals=totals,
        other_members=other,
        member_kind=params.member_kind,
        parents=(
            parent_rollup(pairs, parents_on(params.as_of, known_at))
            if params.group_by == PARENT
            else None
        ),
    )


def participation_from_rows(
    header: dict, rows: list[ParticipationRow], totals: dict[SchoolLevel, LevelTotal]
) -> ParticipationReport:
    """A report of rows and totals counted before (a stored publication), marked and grouped
    as participation_report does, so that its page and exports read the same."""
    _mark_shared(rows)
    return ParticipationReport(**header, rows=rows, totals=totals)
