"""Who may see and run a network: pure predicates, also registered as Jinja globals, and the
guard of the services that change what a network runs."""

from flask_babel import gettext as _
from sqlalchemy import Select, exists, or_, select

from netwerk.auth.models import Role, User
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from netwerk.networks.models import (
    ACTIVE_STATUSES,
    Network,
    NetworkMembership,
    Registration,
    RegistrationStatus,
    network_anchor,
    network_coach,
)
from netwerk.schools.models import user_school
from netwerk.timeutil import today


def is_network_coach(user: User, network: Network) -> bool:
    """The user is one of the coaches who run this network."""
    return user.role is Role.coach and db.session.scalar(
        select(
            exists().where(
                network_coach.c.network_id == network.id, network_coach.c.user_id == user.id
            )
        )
    )


def can_manage_network(user: User, network: Network) -> bool:
    """Admins and the network's own coaches run a network (registrations, meetings, hours)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role is Role.admin or is_network_coach(user, network)


def require_manager(actor: User, network: Network) -> None:
    """The services' guard (meetings, outputs, work plans): NotAllowed unless the actor manages
    the network."""
    if not can_manage_network(actor, network):
        raise NotAllowed(_("U beheert dit netwerk niet."))


def school_ids_of(user: User) -> list[int]:
    """The schools a school user acts for (empty for other roles)."""
    if user.role is not Role.school:
        return []
    return list(
        db.session.scalars(select(user_school.c.school_id).where(user_school.c.user_id == user.id))
    )


# A registration that still counts (models.ACTIVE_STATUSES): a school that was declined or withdrew
# no longer reads the network's meetings, minutes and attendance (its own registration page still
# shows its history).


def has_school_in_network(user: User, network: Network) -> bool:
    """One of the user's schools has an active registration for (or anchors) the network, or
    one of the user's other organisations is a current member or anchor of it (issue 20)."""
    if user.role is not Role.school:
        return False
    if _organisation_in_network(user, network):
        return True
    registered = db.session.scalar(
        select(
            exists().where(
                Registration.network_id == network.id,
                Registration.status.in_(ACTIVE_STATUSES),
                Registration.school_id.in_(
                    select(user_school.c.school_id).where(user_school.c.user_id == user.id)
                ),
            )
        )
    )
    return bool(registered) or any(s.id in school_ids_of(user) for s in network.anchors)


def _organisation_in_network(user: User, network: Network) -> bool:
    """One of the user's organisations has a membership that has not ended, or anchors it."""
    mine = select(user_school.c.school_id).where(user_school.c.user_id == user.id)
    m = NetworkMembership
    member = db.session.scalar(
        select(
            exists().where(
                m.network_id == network.id,
                m.organisation_id.in_(mine),
                m.recorded_until.is_(None),
                or_(m.valid_until.is_(None), m.valid_until >= today()),
            )
        )
    )
    ids = set(school_ids_of(user))
    return bool(member) or any(o.id in ids for o in network.anchor_organisations)


def can_view_network_details(user: User, network: Network) -> bool:
    """Meetings, minutes and outputs: admins, ministry (read), the coaches, and member schools."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role in (Role.admin, Role.ministry):
        return True
    if user.role is Role.coach:
        return is_network_coach(user, network)
    return has_school_in_network(user, network)


def can_see_school_names(user: User, network: Network) -> bool:
    """Names of participating schools: admins and the network's coaches; ministry sees codes only."""
    return can_manage_network(user, network)


def can_read_registration(user: User, registration: Registration) -> bool:
    """Admins and ministry read every registration, coaches those of their networks, school users
    their own schools'."""
    if user.role in (Role.admin, Role.ministry):
        return True
    if user.role is Role.coach:
        return is_network_coach(user, registration.network)
    return registration.school_id in school_ids_of(user)


def can_follow_registration(user: User, registration: Registration) -> bool:
    """A registration's own page (status, contact, what happens next): admins, the network's
    coaches and the school's own users. Ministry staff read codes, not a school's page."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role is Role.school:
        return registration.school_id in school_ids_of(user)
    return can_manage_network(user, registration.network)


def can_edit_contact(user: User, registration: Registration) -> bool:
    """A registration's contact: the school's own users and admins change it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role is Role.school:
        return registration.school_id in school_ids_of(user)
    return user.role is Role.admin


def visible_scope(user: User) -> tuple:
    """What a user's lists and reports may show, as a value: the role and the visible network
    ids (None: every network). The key of a cached report (netwerk/httpcache.py)."""
    visible = visible_network_ids(user)
    ids = None if visible is None else tuple(sorted(db.session.scalars(visible)))
    return (user.role.value, ids)


def visible_network_ids(user: User) -> Select | None:
    """The one answer to "which networks may this user see in a list": None means every network.

    The meetings lists, the effort figures and the reports all scope with it.

    Admins and ministry staff: all. Coaches: the networks they coach. School users: the networks
    their schools are accepted in (current status) or anchor.
    """
    if user.role in (Role.admin, Role.ministry):
        return None
    if user.role is Role.coach:
        return select(network_coach.c.network_id).where(network_coach.c.user_id == user.id)
    mine = select(user_school.c.school_id).where(user_school.c.user_id == user.id)
    return select(Network.id).where(
        or_(
            Network.id.in_(
                select(Registration.network_id).where(
                    Registration.status == RegistrationStatus.accepted,
                    Registration.school_id.in_(mine),
                )
            ),
            Network.id.in_(
                select(network_anchor.c.network_id).where(
                    network_anchor.c.organisation_id.in_(mine)
                )
            ),
        )
    )


def can_manage_catalogue(user: User) -> bool:
    """Programmes, networks and calls are created and changed by admins."""
    return bool(getattr(user, "is_authenticated", False)) and user.role is Role.admin


def can_read_roster(user: User, network: Network) -> bool:
    """A network's registrations: its managers, and ministry staff (who see codes, not names)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role is Role.ministry or can_manage_network(user, network)


PREDICATES = {
    "can_manage_catalogue": can_manage_catalogue,
    "can_read_roster": can_read_roster,
    "can_manage_network": can_manage_network,
    "can_view_network_details": can_view_network_details,
    "can_see_school_names": can_see_school_names,
    "can_follow_registration": can_follow_registration,
    "can_edit_contact": can_edit_contact,
}
