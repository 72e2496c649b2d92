"""Who may see and change effort: pure predicates, also registered as Jinja globals, and the
guard the services use for admin-only changes."""

from flask_babel import gettext as _

from netwerk.auth.models import Role, User
from netwerk.effort.models import HourEntry, StaffMember
from netwerk.errors import NotAllowed


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_view_effort(user: User) -> bool:
    """The roll-up: admins, ministry (read only) and coaches (their own networks)."""
    return _authenticated(user) and user.role in (Role.admin, Role.ministry, Role.coach)


def can_manage_effort(user: User) -> bool:
    """Staff, assignments, planned FTE, closed months, settings and the import: admins only."""
    return _authenticated(user) and user.role is Role.admin


def can_log_hours(user: User) -> bool:
    """Admins log for anyone, coaches for themselves."""
    return _authenticated(user) and user.role in (Role.admin, Role.coach)


def can_change_hour_entry(user: User, entry: HourEntry) -> bool:
    """An admin, or the coach whose own hours these are."""
    if not _authenticated(user):
        return False
    if user.role is Role.admin:
        return True
    return user.role is Role.coach and entry.staff_member.user_id == user.id


def can_log_for(user: User, staff_member: StaffMember) -> bool:
    """An admin for anyone; a coach only for the staff member linked to them."""
    if not _authenticated(user):
        return False
    return user.role is Role.admin or (user.role is Role.coach and staff_member.user_id == user.id)


def require_admin(actor: User) -> None:
    """Refuse a change that only an admin may make (NotAllowed, 403)."""
    if actor.role is not Role.admin:
        raise NotAllowed(_("Enkel een beheerder kan dit doen."))


PREDICATES = {
    "can_view_effort": can_view_effort,
    "can_manage_effort": can_manage_effort,
    "can_log_hours": can_log_hours,
    "can_change_hour_entry": can_change_hour_entry,
}
