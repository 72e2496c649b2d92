"""Who may see and change meetings, outputs, work plans and calendar feeds."""

from sqlalchemy import Select, or_, select

from netwerk.auth.models import Role, User, user_school
from netwerk.meetings.models import CalendarFeed, Meeting, Output
from netwerk.networks.models import (
    Network,
    Registration,
    RegistrationStatus,
    network_anchor,
    network_coach,
)
from netwerk.networks.permissions import can_manage_network, can_view_network_details


def listed_network_ids(user: User) -> Select | None:
    """The networks whose meetings appear in the user's lists: None means every network.

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
                select(network_anchor.c.network_id).where(network_anchor.c.school_id.in_(mine))
            ),
        )
    )


def can_manage_meeting(user: User, meeting: Meeting) -> bool:
    """Plan, change, take attendance, write minutes: admins and the network's coaches."""
    return can_manage_network(user, meeting.network)


def can_view_meeting(user: User, meeting: Meeting) -> bool:
    """See a meeting with its attendance, minutes and outputs."""
    return can_view_network_details(user, meeting.network)


def can_move_meeting(user: User, meeting: Meeting) -> bool:
    """Change date, time and place: not for a coach when an admin imposed them."""
    if not can_manage_meeting(user, meeting):
        return False
    return user.role is Role.admin or not meeting.is_imposed


def can_download_output(user: User, output: Output) -> bool:
    """An uploaded file goes only to users who may see the network's details."""
    return can_view_network_details(user, output.network)


def can_manage_feed(user: User, feed: CalendarFeed) -> bool:
    """A feed is revoked by its owner or an admin."""
    return getattr(user, "is_authenticated", False) and (
        feed.owner_id == user.id or user.role is Role.admin
    )


PREDICATES = {
    "can_manage_meeting": can_manage_meeting,
    "can_view_meeting": can_view_meeting,
    "can_move_meeting": can_move_meeting,
    "can_download_output": can_download_output,
}
