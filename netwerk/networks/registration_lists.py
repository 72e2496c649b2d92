"""The lists of registrations: a network's roster, "my registrations" and the API's list.

One select behind all of them, scoped to what the viewer may list and narrowed by one filter
object; the page and the API paginate or format it their own way.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import aliased, selectinload

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
    # Only each school's newest registration per network (a roster, a school's own list): the
    # ended ones before it show as its earlier periods (earlier_periods).
    latest_only: bool = False


@dataclass(frozen=True)
class EarlierPeriod:
    """An ended registration of the same school for the same network, before a newer one."""

    registration_id: int
    starts_on: date  # its submission took effect
    ends_on: date  # its last move (withdrawn or declined) took effect
    status: RegistrationStatus


def is_latest():
    """Where-clause: no newer registration of the same school for the same network."""
    newer = aliased(Registration, name="newer")
    return ~exists().where(
        newer.school_id == Registration.school_id,
        newer.network_id == Registration.network_id,
        newer.id > Registration.id,
    )


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
    if filters.latest_only:
        query = query.where(is_latest())
    if filters.level is not None:
        query = query.where(School.level == filters.level)
    if filters.province is not None:
        query = query.where(School.province == filters.province)
    return query


def status_counts(network_id: int) -> dict[RegistrationStatus, int]:
    """How many schools of a network have each status by their newest registration (statuses
    without any left out): a school that registered again counts once, as the roster lists it."""
    return dict(
        db.session.execute(
            select(Registration.status, func.count(Registration.id))
            .where(Registration.network_id == network_id, is_latest())
            .group_by(Registration.status)
        ).all()
    )


def earlier_periods(registrations: Sequence[Registration]) -> dict[int, list[EarlierPeriod]]:
    """Per registration id: the same school's earlier registrations for the same network, oldest
    first, each with the days it ran (one query for the whole list)."""
    if not registrations:
        return {}
    change = RegistrationStatusChange
    rows = db.session.execute(
        select(
            Registration.id,
            Registration.school_id,
            Registration.network_id,
            Registration.status,
            func.min(change.effective_on),
            func.max(change.effective_on),
        )
        .join(change, change.registration_id == Registration.id)
        .where(
            Registration.school_id.in_({r.school_id for r in registrations}),
            Registration.network_id.in_({r.network_id for r in registrations}),
        )
        .group_by(
            Registration.id, Registration.school_id, Registration.network_id, Registration.status
        )
        .order_by(Registration.id)
    ).all()
    found: dict[int, list[EarlierPeriod]] = {}
    for r in registrations:
        found[r.id] = [
            EarlierPeriod(rid, starts_on, ends_on, status)
            for rid, school_id, network_id, status, starts_on, ends_on in rows
            if (school_id, network_id) == (r.school_id, r.network_id) and rid < r.id
        ]
    return found


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
