"""The participation report: schools per anchor school x network x level on a peildatum.

Rows per anchor school x network x level of the registered school; a network with two anchors is
listed under both, its schools count once in the totals ("registrations": each school-network
pair once; "distinct schools": each school once). One statement whatever the size of the data:
the pairs are computed once, rows and totals come from one UNION ALL.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from sqlalchemy import Date, Integer, Select, String, cast, func, literal, null, select, union_all
from sqlalchemy.orm import aliased

from netwerk.auth.models import User
from netwerk.extensions import db
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
from netwerk.schools.models import School, SchoolLevel


@dataclass
class ParticipationRow:
    """Schools of one level in one network, listed under one of its anchor schools."""

    anchor_id: int
    anchor_name: str
    anchor_institution_number: str
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


@dataclass
class AnchorBlock:
    """An anchor school's rows in one level: one per network, and their sum."""

    anchor_id: int
    anchor_name: str
    anchor_institution_number: str
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


ROWS, TOTALS = 0, 1  # the two kinds of line in participation_figures


def participation_figures(pairs: Select, anchors: Select) -> Select:
    """The whole participation report in one statement: the pairs are computed once.

    Lines of kind ROWS: per anchor school x network x level, the number of schools (count), under
    the anchors of the peildatum (anchors: networks.periods.anchors_on).
    Lines of kind TOTALS: per level, the registrations (count: each school-network pair once) and
    the distinct schools. The pairs are a CTE used by both halves of a UNION ALL (PostgreSQL
    materialises a CTE used twice), so the as-of history is read once instead of twice.
    """
    p = pairs.cte("pairs")
    held = anchors.subquery("anchors_on")
    anchor = aliased(School, name="anchor")
    rows = (
        select(
            literal(ROWS).label("kind"),
            anchor.id.label("anchor_id"),
            anchor.name.label("anchor_name"),
            anchor.institution_number.label("anchor_institution_number"),
            Network.id.label("network_id"),
            Network.name.label("network_name"),
            p.c.level,
            func.count().label("count"),
            Network.ends_on.label("network_ends_on"),
            cast(null(), Integer).label("distinct_schools"),
        )
        .select_from(p)
        .join(held, held.c.network_id == p.c.network_id)
        .join(anchor, anchor.id == held.c.school_id)
        .join(Network, Network.id == p.c.network_id)
        .group_by(
            anchor.id,
            anchor.name,
            anchor.institution_number,
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
        cast(null(), Date).label("network_ends_on"),
        func.count(p.c.school_id.distinct()).label("distinct_schools"),
    ).group_by(p.c.level)
    both = union_all(rows, totals).subquery("figures")
    return select(both).order_by(
        both.c.kind, both.c.anchor_name, both.c.anchor_id, both.c.network_name, both.c.network_id
    )


def _rows_and_totals(
    pairs: Select, anchors: Select, as_of: date
) -> tuple[list[ParticipationRow], dict[SchoolLevel, LevelTotal]]:
    """Run participation_figures: the report's rows (an ended network marked), and the totals
    per level."""
    rows: list[ParticipationRow] = []
    totals: dict[SchoolLevel, LevelTotal] = {}
    # Unpacked by position, not by name (a Row's attribute lookups were a good part of the
    # report's Python time at Flanders scale): participation_figures selects the kind, then
    # ParticipationRow's fields in their order, then the network's end and the distinct schools
    # of a totals line.
    for kind, *figures, ends_on, distinct_schools in db.session.execute(
        participation_figures(pairs, anchors)
    ):
        row = ParticipationRow(*figures)
        if ends_on is not None and ends_on < as_of:
            row.ended_on = ends_on
        if kind == TOTALS:
            totals[row.level] = LevelTotal(row.count, distinct_schools)
        else:
            rows.append(row)
    return rows, totals


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
            block = blocks[row.anchor_id] = AnchorBlock(
                row.anchor_id, row.anchor_name, row.anchor_institution_number, []
            )
        block.rows.append(row)
    return [
        LevelSection(level, list(blocks_by_level.get(level, {}).values()), totals[level])
        for level in SchoolLevel  # the enum's order: basis, secundair, buitengewoon, ...
        if level in totals
    ]


def participation_report(actor: User, params: ReportParams) -> ParticipationReport:
    """Per anchor school, network and level: the schools registered or taking part on as_of."""
    visible = require_reader(actor)
    known_at = known_at_utc(params)
    pairs = filtered_pairs(params.basis, params.as_of, params.filters, visible, known_at=known_at)
    rows, totals = _rows_and_totals(pairs, anchors_on(params.as_of, known_at), params.as_of)
    _mark_shared(rows)
    return ParticipationReport(
        **report_header(params),
        rows=rows,
        totals=totals,
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
