"""Programmes (e.g. Hoogbegaafdheid): kept by admins, listed by page and API alike."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.locks import lock_name
from netwerk.networks.common import add_new, clean, require_admin
from netwerk.networks.models import Network, Programme


def programme_list() -> Select:
    """Every programme by name: the list of the programmes page and of the API."""
    return select(Programme).order_by(Programme.name)


def network_counts(programme_ids: list[int]) -> dict[int, int]:
    """The number of networks of each programme (0 when it has none), in one query."""
    counts = dict(
        db.session.execute(
            select(Network.programme_id, func.count(Network.id))
            .where(Network.programme_id.in_(programme_ids))
            .group_by(Network.programme_id)
        ).all()
    )
    return {pid: counts.get(pid, 0) for pid in programme_ids}


def create_programme(
    actor: User, name: str, description: str = "", starts_on: date | None = None
) -> Programme:
    """Create a programme; its name is unique."""
    require_admin(actor)
    programme = _set_programme(Programme(), name, description)
    programme.starts_on = starts_on
    return add_new(actor, programme)


def update_programme(
    actor: User,
    programme: Programme,
    name: str,
    description: str = "",
    is_active: bool = True,
    starts_on: date | None = None,
) -> Programme:
    """Change a programme's name, description, active flag or start (the earliest effective
    date of its networks' registrations and moves)."""
    require_admin(actor)
    _set_programme(programme, name, description)
    programme.is_active = is_active
    programme.starts_on = starts_on
    db.session.flush()
    log_change(
        actor,
        "programme.updated",
        programme,
        is_active=is_active,
        starts_on=starts_on.isoformat() if starts_on else None,
    )
    return programme


def _set_programme(programme: Programme, name: str, description: str) -> Programme:
    name = clean(name, 200)
    if not name:
        raise DomainError(_("Geef het programma een naam."))
    # Two admins saving the same new name at once: the second waits here and then sees the first.
    lock_name("programme.name", name.lower())
    clash = db.session.scalar(
        select(Programme.id).where(
            # SQLite's lower() (and PostgreSQL's under the C locale) folds only ASCII: compare the
            # exact name too, so a duplicate is refused here and never by the unique constraint.
            or_(Programme.name == name, func.lower(Programme.name) == name.lower())
        )
    )
    if clash is not None and clash != programme.id:
        raise DomainError(
            _("Er bestaat al een programma met de naam '%(name)s'.", name=name),
            status_code=409,
            code="conflict",
        )
    programme.name = name
    programme.description = (description or "").strip()
    return programme
