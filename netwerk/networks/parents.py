"""A network's parent network over time (issue 21): the select the reports read, the checks and
the writes of update_network, and the tree of the networks page.

The Flemish umbrella network (koepelnetwerk) has provincial or regional networks under it. One
parent at a time, never the network itself, never a cycle. Parent and child may belong to
different programmes: a programme is itself dated (networks.periods.profiles_on), so a "same
programme" rule would have to hold over every dated change of either side, and the roll-up does
not need it (it counts the children's schools under the report's own filters).

The rows (models.NetworkParentPeriod) are kept as the anchors are (networks.periods): valid_until
inclusive, NULL = still; a change supersedes a row (recorded_until) and records a shortened copy,
so "as known at K" still finds the rows that held at K. A network created with a parent gets an
`opening` row, which also stands for the days before its start.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import EARLIEST_DAY, Network, NetworkParentPeriod
from netwerk.networks.periods import spans_on
from netwerk.timeutil import today, utcnow


def parents_on(as_of: date, known_at: datetime | None = None) -> Select:
    """(network_id, parent_id): the parent of every network that has one on as_of (see
    periods.spans_on)."""
    return spans_on(NetworkParentPeriod, NetworkParentPeriod.parent_id, as_of, known_at)


def parent_map(as_of: date | None = None) -> dict[int, int]:
    """{network_id: parent_id} on as_of (today by default), as known now: one statement."""
    return dict(db.session.execute(parents_on(as_of or today())).all())


def current_parent_id(network_id: int) -> int | None:
    """The network's parent today, as known now."""
    return parent_map().get(network_id)


def _current_periods(network_id: int) -> list[NetworkParentPeriod]:
    """The network's parent periods as known now, oldest first."""
    p = NetworkParentPeriod
    return list(
        db.session.scalars(
            select(p)
            .where(p.network_id == network_id, p.recorded_until.is_(None))
            .order_by(p.valid_from, p.id)
        )
    )


def _refuse(message: str) -> None:
    """Refuse the parent, with the message at its field (parent on the form, parent_id in the
    API)."""
    raise DomainError(message, status_code=400, code="invalid_parent", fields={"parent": [message]})


def load_parent(parent_id: int | None) -> Network | None:
    """The parent network of a form or an API call; unknown id: DomainError 400."""
    if parent_id is None:
        return None
    parent = db.session.get(Network, parent_id)
    if parent is None:
        _refuse(_("Onbekend bovenliggend netwerk: %(id)s.", id=parent_id))
    return parent


def check_parent(network: Network, parent: Network | None, effective_on: date) -> None:
    """Never the network itself, never one of its own descendants from effective_on on (a cycle).

    Every parent period known now that holds on effective_on or later counts as an edge, so a
    cycle is refused whichever day it would close on.
    """
    if parent is None:
        return
    if parent.id == network.id:
        _refuse(_("Een netwerk kan niet zijn eigen bovenliggend netwerk zijn."))
    p = NetworkParentPeriod
    edges = db.session.execute(
        select(p.network_id, p.parent_id).where(
            p.recorded_until.is_(None),
            p.network_id != network.id,
            or_(p.valid_until.is_(None), p.valid_until >= effective_on),
        )
    )
    parents_of: dict[int, set[int]] = {}
    for child_id, parent_id in edges:
        parents_of.setdefault(child_id, set()).add(parent_id)
    seen, todo = set(), [parent.id]
    while todo:
        current = todo.pop()
        if current == network.id:
            _refuse(
                _(
                    "%(parent)s valt zelf onder %(network)s: een netwerk kan niet onder een "
                    "netwerk vallen dat eronder valt.",
                    parent=parent.name,
                    network=network.name,
                )
            )
        if current not in seen:
            seen.add(current)
            todo.extend(parents_of.get(current, ()))


def record_parent(
    network: Network,
    parent_id: int | None,
    effective_on: date,
    actor: User | None,
    reason: str,
    *,
    opening: bool = False,
) -> None:
    """From effective_on on the network is under parent_id (None: under none): the period that
    holds then is closed the day before (a shortened copy, the old row superseded), later ones
    are superseded, and a new period opens."""
    now = utcnow()
    actor_id = actor.id if actor is not None else None
    for period in _current_periods(network.id):
        if period.valid_until is not None and period.valid_until < effective_on:
            continue
        period.recorded_until = now
        if period.valid_from < effective_on:
            db.session.add(
                NetworkParentPeriod(
                    network_id=period.network_id,
                    parent_id=period.parent_id,
                    valid_from=period.valid_from,
                    valid_until=effective_on - timedelta(1),
                    opening=period.opening,
                    recorded_at=now,
                    actor_id=actor_id,
                    reason=reason[:500],
                )
            )
    if parent_id is not None:
        db.session.add(
            NetworkParentPeriod(
                network_id=network.id,
                parent_id=parent_id,
                valid_from=effective_on,
                opening=opening,
                recorded_at=network.created_at if opening else now,
                actor_id=actor_id,
                reason=reason[:500],
            )
        )


@dataclass(frozen=True)
class ParentSpan:
    """The network under a parent from valid_from to valid_until (None: still)."""

    parent: Network
    valid_from: date
    valid_until: date | None
    # valid_from is the earliest day anything may be dated: no real start to show.
    from_the_start: bool


def parent_history(network_id: int) -> list[ParentSpan]:
    """The network's parents as known now, the current one first, then earlier ones, newest
    first (for the network page and the API)."""
    p = NetworkParentPeriod
    periods = db.session.scalars(
        select(p)
        .options(selectinload(p.parent))
        .where(p.network_id == network_id, p.recorded_until.is_(None))
        .order_by(p.valid_until.is_not(None), p.valid_from.desc(), p.id)
    )
    return [
        ParentSpan(p.parent, p.valid_from, p.valid_until, p.valid_from <= EARLIEST_DAY)
        for p in periods
    ]


@dataclass
class TreeNode:
    """A network in the tree of the networks page, with the networks under it."""

    network: Network
    children: list["TreeNode"] = field(default_factory=list)


def network_tree(shown: list[Network], parents: dict[int, int]) -> list[TreeNode]:
    """The shown networks as a tree: each parent with its children, in the order shown.

    A network whose parent is not shown (filtered out) stands at the top, so that every shown
    network appears exactly once (there are no cycles: check_parent refuses them).
    """
    nodes = {n.id: TreeNode(n) for n in shown}
    roots: list[TreeNode] = []
    for network in shown:
        parent = nodes.get(parents.get(network.id))
        (parent.children if parent is not None else roots).append(nodes[network.id])
    return roots


def children_of(network_id: int) -> list[Network]:
    """The networks under this one today, as known now, by name."""
    under = parents_on(today()).subquery("under")
    return list(
        db.session.scalars(
            select(Network)
            .join(under, under.c.network_id == Network.id)
            .where(under.c.parent_id == network_id)
            .order_by(Network.name, Network.id)
        )
    )


def parent_names(parents: dict[int, int]) -> dict[int, str]:
    """{parent_id: name} of the parents in a parent map (one statement)."""
    ids = set(parents.values())
    if not ids:
        return {}
    return dict(
        db.session.execute(select(Network.id, Network.name).where(Network.id.in_(ids))).all()
    )
