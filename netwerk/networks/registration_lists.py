"""The lists of registrations: a network's roster, "my registrations" and the API's list.

One select behind all of them, scoped to what the viewer may list and narrowed by one filter
object; the page and the API paginate or format it their own way.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import Role, User
from netwerk.extensions import MAX_INT, db
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.networks.permissions import school_ids_of, visible_network_ids
from netwerk.schools.models import Province, School, SchoolLevel


class RegistrationOrder(enum.Enum):
    """How a list of registrations is sorted."""

    id = "id"  # the API: stable while paging
    school = "school"  # a roster: by school name
    newest = "newest"  # a school's own registrations: the newest first


ORDER_BY = {
    RegistrationOrder.id: (Registration.id,),
    RegistrationOrder.school: (School.name, Registration.id),
    RegistrationOrder.newest: (Registration.created_at.desc(), Registration.id.desc()),
}


@dataclass(frozen=True)
class RegistrationFilter:
    """The filters of a list of registrations, the same on the pages and in the API."""

    network_id: int | None = None
    status: RegistrationStatus | None = None
    level: SchoolLevel | None = None  # of the school
    province: Province | None = None  # of the school
    order: RegistrationOrder = RegistrationOrder.id


def _with_details() -> tuple:
    """Load a registration's school, network and history with its actors, a query each."""
    return (
        selectinload(Registration.school),
        selectinload(Registration.network),
        selectinload(Registration.status_changes).selectinload(RegistrationStatusChange.actor),
    )


def registration_list(viewer: User, filters: RegistrationFilter) -> Select:
    """The registrations the viewer may list that pass the filters, with school, network and
    history loaded. School users list their own schools' registrations; everyone else the
    registrations of the networks they see (netwerk.networks.permissions.visible_network_ids)."""
    query = (
        select(Registration)
        .join(School, School.id == Registration.school_id)
        .options(*_with_details())
        .order_by(*ORDER_BY[filters.order])
    )
    if viewer.role is Role.school:
        query = query.where(Registration.school_id.in_(school_ids_of(viewer)))
    else:
        visible = visible_network_ids(viewer)
        if visible is not None:
            query = query.where(Registration.network_id.in_(visible))
    if filters.network_id is not None:
        query = query.where(Registration.network_id == filters.network_id)
    if filters.status is not None:
        query = query.where(Registration.status == filters.status)
    if filters.level is not None:
        query = query.where(School.level == filters.level)
    if filters.province is not None:
        query = query.where(School.province == filters.province)
    return query


def status_counts(network_id: int) -> dict[RegistrationStatus, int]:
    """How many registrations of a network have each status (statuses without any left out)."""
    return dict(
        db.session.execute(
            select(Registration.status, func.count(Registration.id))
            .where(Registration.network_id == network_id)
            .group_by(Registration.status)
        ).all()
    )


def load_registration(registration_id: int) -> Registration | None:
    """One registration with its school, network and history (actors included)."""
    return db.session.scalar(
        select(Registration).where(Registration.id == registration_id).options(*_with_details())
    )


def registrations_in_network(network_id: int, ids: Sequence[int]) -> list[Registration]:
    """The registrations of one network among these ids, oldest first (for a bulk move).

    An id past the database's integer cannot be one of ours (and would overflow the driver): it
    is left out of the query, so the caller sees it as not of this network.
    """
    possible = [i for i in ids if 0 < i <= MAX_INT]
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.network_id == network_id, Registration.id.in_(possible))
            .options(selectinload(Registration.school))
            .order_by(Registration.created_at, Registration.id)
        )
    )
