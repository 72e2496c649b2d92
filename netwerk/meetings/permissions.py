"""Who may see and change meetings, outputs, work plans and calendar feeds."""

from netwerk.auth.models import Role, User
from netwerk.meetings.models import CalendarFeed, Meeting, Output
from netwerk.networks.permissions import can_manage_network, can_view_network_details


def can_manage_meeting(user: User, meeting: Meeting) -> bool:
    """Plan, change, take attendance, write minutes: admins and the network's coaches."""
    return can_manage_network(user, meeting.network)


def can_view_meeting(user: User, meeting: Meeting) -> bool:
    """See a meeting with its attendance, minutes and outputs."""
    return can_view_network_details(user, meeting.network)


def can_read_attendance_history(user: User, meeting: Meeting) -> bool:
    """Who saved which attendance when: those who take attendance (admins, the network's coaches)
    and, read-only as on the meeting page, ministry staff (school codes, no person names)."""
    if can_manage_meeting(user, meeting):
        return True
    return getattr(user, "is_authenticated", False) and user.role is Role.ministry


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
    "can_read_attendance_history": can_read_attendance_history,
    "can_download_output": can_download_output,
}
