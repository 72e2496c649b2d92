"""Who sees money: admins write; ministry users read every grant; a coach reads the grants of the
networks they run; school users see none. Pure predicates (also Jinja globals) and the one
select of the grants a user may read."""

from flask_babel import gettext as _
from sqlalchemy import Select, select

from netwerk.auth.models import Role, User
from netwerk.errors import NotAllowed
from netwerk.money.models import Grant, grant_network
from netwerk.networks.models import network_coach

READER_ROLES = (Role.admin, Role.ministry, Role.coach)
# The reports over every grant (the coach's is limited to their networks' grants).
REPORT_ROLES = READER_ROLES


def can_write_money(user: User) -> bool:
    """Only admins enter funders, grants, amendments, payments, budgets and FTE rates."""
    return getattr(user, "is_authenticated", False) and user.role is Role.admin


def can_read_money(user: User) -> bool:
    """Admins, ministry users and coaches see (some) grants."""
    return getattr(user, "is_authenticated", False) and user.role in READER_ROLES


def grants_select(user: User) -> Select:
    """The grants the user may read, by id; nothing for a school user."""
    query = select(Grant).order_by(Grant.starts_on.desc(), Grant.id.desc())
    if user.role in (Role.admin, Role.ministry):
        return query
    if user.role is Role.coach:
        theirs = (
            select(grant_network.c.grant_id)
            .join(network_coach, network_coach.c.network_id == grant_network.c.network_id)
            .where(network_coach.c.user_id == user.id)
        )
        return query.where(Grant.id.in_(theirs))
    return query.where(Grant.id.is_(None))


def can_read_grant(user: User, grant: Grant) -> bool:
    """Admins and the ministry read every grant, a coach those of the networks they run."""
    if not can_read_money(user):
        return False
    if user.role is not Role.coach:
        return True
    return any(coach.id == user.id for network in grant.networks for coach in network.coaches)


def require_writer(actor: User) -> None:
    """The services' guard: NotAllowed unless the actor may enter money."""
    if not can_write_money(actor):
        raise NotAllowed(_("Enkel een beheerder legt toelagen en bedragen vast."))


PREDICATES = {"can_write_money": can_write_money, "can_read_grant": can_read_grant}
