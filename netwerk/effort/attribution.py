"""Attribution in the effort roll-up, as SQL: which share of a figure lands on which row
(README, "Inzet").

- a figure on a network (planned FTE, an assignment to it, logged hours) is split equally over
  the network's anchor schools;
- an assignment to an anchor school is split equally over the networks that school anchors;
- a figure on a whole programme stays on the programme: its own row per programme, else a
  "programmabreed" row;
- the province of a share is that of its anchor school, else of its anchor organisation (an
  anchor of another kind, issue 20: named by its organisation row too), else of its network.

A share is an *atom* (network, anchor school, programme), any of them possibly None, with the
number of equal shares its target was split in. Everything here builds selects and loads nothing:
the roll-up (netwerk.effort.rollup) runs them as one statement.

The structure (anchors, a network's programme) is today's for a report known now, and the one
recorded at K for a report known at K (networks.periods, on K's own day).
"""

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    select,
)
from sqlalchemy.sql import FromClause

from netwerk.extensions import db
from netwerk.networks.models import Network, Programme, network_anchor
from netwerk.networks.periods import anchors_on, profiles_on
from netwerk.schools.models import Organisation, School
from netwerk.timeutil import BRUSSELS


def structure(known_at: datetime | None) -> tuple[FromClause, FromClause]:
    """(anchors, programmes): (network_id, school_id) of every anchor and (network_id,
    programme_id) of every network, now (known_at None) or as recorded at known_at (naive UTC)."""
    if known_at is None:
        anchors = select(
            network_anchor.c.network_id, network_anchor.c.organisation_id.label("school_id")
        )
        programmes = select(Network.id.label("network_id"), Network.programme_id)
    else:
        # The structure of K's own day (Brussels) as it was known at K.
        day = known_at.replace(tzinfo=UTC).astimezone(BRUSSELS).date()
        held = anchors_on(day, known_at).subquery("anchor_k")
        anchors = select(held.c.network_id, held.c.organisation_id.label("school_id"))
        profiles = profiles_on(day, known_at).subquery("profile_k")
        programmes = select(profiles.c.network_id, profiles.c.programme_id)
    return anchors.subquery("anchor"), programmes.subquery("network_programme")


def atoms(targets: FromClause, measures: list[str], known_at: datetime | None) -> FromClause:
    """Every target's figures split into atoms: (network_id, school_id, programme_id, shares,
    *measures), a target with k equal shares giving k rows that each carry its whole figures
    (the division by `shares` happens once, exactly, when the roll-up rounds).

    targets: (network_id, school_id, programme_id, *measures), exactly one id set per row.
    """
    anchors, programmes = structure(known_at)
    figures = [targets.c[m] for m in measures]
    # A network's figures go to each of its anchor schools (or stay whole without anchors);
    # an anchor school's figures go to each network it anchors (or stay whole without one).
    on_network = _split(targets, anchors, programmes, figures, "network_id")
    on_school = _split(targets, anchors, programmes, figures, "school_id")
    on_programme = select(
        null().label("network_id"),
        null().label("school_id"),
        targets.c.programme_id,
        literal(1, Integer).label("shares"),
        *figures,
    ).where(targets.c.network_id.is_(None), targets.c.school_id.is_(None))
    return on_network.union_all(on_school, on_programme).subquery("atom")


def _split(
    targets: FromClause,
    anchors: FromClause,
    programmes: FromClause,
    figures: list,
    own: str,
) -> Select:
    """The atoms of the targets on `own` (network_id or school_id): one per anchor that names
    the target, each with the anchor's other id, the network's programme and the number of
    shares; a target no anchor names stays whole (one atom, the other id None)."""
    other = "school_id" if own == "network_id" else "network_id"
    ids = {own: targets.c[own], other: anchors.c[other]}
    # How many anchors name each network (its anchor schools) or each school (its networks).
    shares = (
        select(anchors.c[own], func.count().label("n"))
        .group_by(anchors.c[own])
        .subquery("anchor_count" if own == "network_id" else "network_count")
    )
    return (
        select(
            ids["network_id"].label("network_id"),
            ids["school_id"].label("school_id"),
            programmes.c.programme_id,
            func.coalesce(shares.c.n, 1).label("shares"),
            *figures,
        )
        .select_from(targets)
        .outerjoin(anchors, anchors.c[own] == targets.c[own])
        .outerjoin(programmes, programmes.c.network_id == ids["network_id"])
        .outerjoin(shares, shares.c[own] == targets.c[own])
        .where(targets.c[own].is_not(None))
    )


def grouped(
    atom: FromClause,
    measures: list[str],
    group_by: str,
    *,
    programme_id: int | None = None,
    network_ids: Select | list[int] | None = None,
    province=None,
) -> Select:
    """The atoms that pass the filters, summed per row and share count: (kind, row_id, code,
    label, shares, *measures). A row of the report is every line of one (kind, row_id, code).

    code: the province's value when grouping by province; label: the row's name (None for a
    province or an unattributed line, which the roll-up names itself).
    """
    school = School.__table__.alias("atom_school")
    # An anchor that is not a school (issue 20) is named and placed by its organisation row.
    organisation = Organisation.__table__.alias("atom_organisation")
    network = Network.__table__.alias("atom_network")
    programme = Programme.__table__.alias("atom_programme")
    province_of = func.coalesce(school.c.province, organisation.c.province, network.c.province)
    kind, row_id = _row_key(atom, group_by, province_of)
    code = province_of if group_by == "province" else null()
    label = case(
        (kind == "anchor_school", func.coalesce(school.c.name, organisation.c.name)),
        (kind == "network", network.c.name),
        (kind.in_(("programme", "programme_wide")), programme.c.name),
        else_=null(),
    )
    conditions = []
    if programme_id:
        conditions.append(atom.c.programme_id == programme_id)
    if network_ids is not None:
        conditions.append(atom.c.network_id.in_(network_ids))
    if province is not None:
        conditions.append(province_of == province)
    return (
        select(
            kind.label("kind"),
            row_id.label("row_id"),
            code.label("code"),
            func.max(label).label("label"),
            atom.c.shares,
            # As integers: PostgreSQL sums a bigint into a numeric, which the driver would
            # hand over as a Decimal per figure (the sums are integers, far below 2**63).
            *(cast(func.sum(atom.c[m]), BigInteger).label(m) for m in measures),
        )
        .select_from(atom)
        .outerjoin(school, school.c.id == atom.c.school_id)
        .outerjoin(organisation, organisation.c.id == atom.c.school_id)
        .outerjoin(network, network.c.id == atom.c.network_id)
        .outerjoin(programme, programme.c.id == atom.c.programme_id)
        .where(*conditions)
        # A constant (no province) cannot be grouped by on PostgreSQL.
        .group_by(kind, row_id, atom.c.shares, *([code] if group_by == "province" else []))
    )


def _row_key(
    atom: FromClause, group_by: str, province_of: ColumnElement
) -> tuple[ColumnElement, ColumnElement]:
    """(kind, id) of an atom's row: programme-wide or unattributed when the grouping finds no
    anchor school, network, programme or province on it."""
    network_id, school_id, programme_id = atom.c.network_id, atom.c.school_id, atom.c.programme_id
    programme_wide = and_(network_id.is_(None), school_id.is_(None), programme_id.is_not(None))
    own = {
        "anchor_school": (school_id.is_not(None), school_id),
        "province": (province_of.is_not(None), null()),
        "network": (network_id.is_not(None), network_id),
        "programme": (programme_id.is_not(None), programme_id),
    }
    has_own, own_id = own[group_by]
    kind = case(
        (has_own, literal(group_by)),
        (programme_wide, literal("programme_wide")),
        else_=literal("unattributed"),
    )
    row_id = case((has_own, own_id), (programme_wide, programme_id), else_=null())
    return kind, row_id


def run(stmt: Select) -> list:
    """The rows of the roll-up's statement."""
    return db.session.execute(stmt).all()
