"""What a school user starts from: its schools, the open calls for its level, its registrations.

The calls list uses the same answers ("already registered", "may register", "fits the level"), so
the home page and the list never disagree. Every function runs a fixed number of statements,
whatever the number of calls, networks or registrations.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from netwerk.auth.models import Role, User
from netwerk.extensions import db
from netwerk.networks.calls import open_calls
from netwerk.networks.models import Call, Network, NetworkMembership, Registration, network_coach
from netwerk.networks.permissions import ACTIVE_STATUSES
from netwerk.networks.registration_lists import (
    RegistrationFilter,
    RegistrationOrder,
    registration_list,
)
from netwerk.networks.signup import own_memberships
from netwerk.schools.models import School, user_school


@dataclass(frozen=True)
class OfferedNetwork:
    """A network in an open call as one viewer sees it."""

    network: Network
    # The viewer's schools with a registration that still counts (submitted, waitlisted, accepted).
    registered: list[School] = field(default_factory=list)
    # One of the viewer's schools has the network's level (always true for other roles).
    fits_level: bool = True
    # The viewer may start a registration and has a school left to register (a button).
    may_register: bool = False


@dataclass(frozen=True)
class OfferedCall:
    """An open call with its networks as one viewer sees them."""

    call: Call
    networks: list[OfferedNetwork]


@dataclass(frozen=True)
class SchoolHome:
    """The home page of a school user."""

    schools: list[School]
    calls: list[OfferedCall]  # open calls, only the networks for the level of one of its schools
    registrations: list[Registration]  # newest first, with network, school and history
    # The deelnemer periods of the contact's organisations that are not schools (signup).
    memberships: list[NetworkMembership] = field(default_factory=list)


def schools_of(user: User) -> list[School]:
    """The schools a school user acts for, by name (empty for other roles)."""
    if user.role is not Role.school:
        return []
    return list(
        db.session.scalars(
            select(School)
            .join(user_school, user_school.c.school_id == School.id)
            .where(user_school.c.user_id == user.id)
            .order_by(School.name, School.institution_number)
        )
    )


def registered_by_network(schools: Sequence[School]) -> dict[int, list[School]]:
    """Network id -> which of these schools have a registration there that still counts."""
    if not schools:
        return {}
    by_id = {s.id: s for s in schools}
    rows = db.session.execute(
        select(Registration.network_id, Registration.school_id).where(
            Registration.school_id.in_(by_id), Registration.status.in_(ACTIVE_STATUSES)
        )
    )
    found: dict[int, list[School]] = {}
    for network_id, school_id in rows:
        found.setdefault(network_id, []).append(by_id[school_id])
    for registered in found.values():
        registered.sort(key=lambda s: (s.name, s.institution_number))
    return found


def level_mismatches(network: Network, schools: Iterable[School]) -> list[School]:
    """The schools whose level differs from the network's: registering them is allowed (the
    domain names no rule against it) but deserves a warning."""
    return [s for s in schools if s.level is not network.level]


def _coached_ids(user: User, networks: Sequence[Network]) -> set[int]:
    """Which of these networks the user coaches (one query)."""
    if user.role is not Role.coach or not networks:
        return set()
    return set(
        db.session.scalars(
            select(network_coach.c.network_id).where(
                network_coach.c.user_id == user.id,
                network_coach.c.network_id.in_([n.id for n in networks]),
            )
        )
    )


def offered_calls(
    user: User, calls: Sequence[Call], *, fitting_only: bool = False
) -> list[OfferedCall]:
    """Open calls as this user sees them: per network the user's schools already registered,
    whether it fits their level and whether an "Inschrijven" button belongs there (the rule of
    networks.registrations.can_register_for for a network in an open call, without a query per
    network). With fitting_only, networks of no level of the user's schools are left out, and
    calls left without networks too."""
    schools = schools_of(user)
    registered = registered_by_network(schools)
    coached = _coached_ids(user, [n for c in calls for n in c.networks])
    levels = {s.level for s in schools}
    offered = []
    for call in calls:
        networks = []
        for network in call.networks:
            mine = registered.get(network.id, [])
            fits = user.role is not Role.school or network.level in levels
            if fitting_only and not fits:
                continue
            if user.role is Role.school:
                may = network.is_active and len(mine) < len(schools)
            else:
                may = network.is_active and (user.role is Role.admin or network.id in coached)
            networks.append(OfferedNetwork(network, mine, fits, may))
        if networks or not fitting_only:
            offered.append(OfferedCall(call, networks))
    return offered


def school_home(user: User, day: date | None = None) -> SchoolHome:
    """A school user's home: its schools, the open calls for their levels, its registrations."""
    filters = RegistrationFilter(order=RegistrationOrder.newest, latest_only=True)
    return SchoolHome(
        schools=schools_of(user),
        calls=offered_calls(user, open_calls(day), fitting_only=True),
        registrations=list(db.session.scalars(registration_list(user, filters))),
        memberships=own_memberships(user),
    )
