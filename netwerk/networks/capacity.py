"""Places in a network: the lock that serialises them, the counts and the waiting list.

Capacity under concurrency: every function that may change the number of accepted registrations of
a network (register_school, transition, the promotion from the waiting list, update_network) starts
by locking the network row with `lock_network`. On PostgreSQL that is SELECT ... FOR UPDATE; on
SQLite a no-op UPDATE of the row, which takes SQLite's write lock at once, so that the count of
accepted registrations that follows is never read by two writers at the same time.
"""

from collections.abc import Iterable

from sqlalchemy import Select, func, select

from netwerk.extensions import db
from netwerk.locks import lock_row
from netwerk.networks.models import (
    Network,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)


def lock_network(network_id: int) -> None:
    """Serialise everything that counts and changes the accepted registrations of one network."""
    lock_row(Network, network_id)


def accepted_count(network_id: int) -> int:
    """The number of registrations of a network that are accepted now (one SQL count)."""
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.network_id == network_id,
            Registration.status == RegistrationStatus.accepted,
        )
    )


def places_left(network: Network) -> int | None:
    """Places left in a network now; None when it has no capacity (no limit)."""
    if network.capacity is None:
        return None
    return max(network.capacity - accepted_count(network.id), 0)


def places_left_by_network(network_ids: Iterable[int]) -> dict[int, int | None]:
    """Places left for many networks in one query (for lists); None means no limit."""
    ids = list(network_ids)
    if not ids:
        return {}
    accepted = (
        select(Registration.network_id, func.count(Registration.id).label("n"))
        .where(Registration.status == RegistrationStatus.accepted, Registration.network_id.in_(ids))
        .group_by(Registration.network_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Network.id, Network.capacity, func.coalesce(accepted.c.n, 0))
        .outerjoin(accepted, accepted.c.network_id == Network.id)
        .where(Network.id.in_(ids))
    )
    return {nid: (None if capacity is None else max(capacity - n, 0)) for nid, capacity, n in rows}


def _submitted_at():
    """When a registration was last submitted: a school that registers again joins the back of
    the queue, not its old place (its row's created_at is the first submission)."""
    latest = (
        select(func.max(RegistrationStatusChange.recorded_at))
        .where(
            RegistrationStatusChange.registration_id == Registration.id,
            RegistrationStatusChange.to_status == RegistrationStatus.submitted,
        )
        .correlate(Registration)
        .scalar_subquery()
    )
    return func.coalesce(latest, Registration.created_at)


def waiting_list_select(network_id: int) -> Select:
    """The waiting list of a network as a select, in order: first come (latest submission), first
    served."""
    return (
        select(Registration)
        .where(
            Registration.network_id == network_id,
            Registration.status == RegistrationStatus.waitlisted,
        )
        .order_by(_submitted_at(), Registration.id)
    )


def waiting_list(network_id: int) -> list[Registration]:
    """The waiting list of a network in order: first come, first served."""
    return list(db.session.scalars(waiting_list_select(network_id)))


def waiting_list_positions(network_ids: Iterable[int]) -> dict[int, int]:
    """Place on its network's waiting list (1 = next to be accepted) of every waitlisted
    registration of these networks, by registration id."""
    positions: dict[int, int] = {}
    for network_id in set(network_ids):
        ids = db.session.scalars(waiting_list_select(network_id).with_only_columns(Registration.id))
        positions.update((rid, n) for n, rid in enumerate(ids, start=1))
    return positions
