"""The manual order of anchor schools in a programme's written answers (order=eigen).

Only admins save it (the ministry reads, never changes data); the answer reads it.
"""

from flask_babel import gettext as _
from sqlalchemy import delete, select

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.networks.models import Network, Programme, network_anchor
from netwerk.reports.models import AnswerOrder
from netwerk.schools.models import School


def saved_order(programme_id: int | None) -> list[int]:
    """The anchor school ids of the programme's saved order, first to last ([] when none)."""
    if programme_id is None:
        return []
    return list(
        db.session.scalars(
            select(AnswerOrder.school_id)
            .where(AnswerOrder.programme_id == programme_id)
            .order_by(AnswerOrder.position, AnswerOrder.school_id)
        )
    )


def programme_anchors(programme_id: int) -> list[tuple[int, str]]:
    """(id, name) of the programme's anchor schools: saved order first, the others by name."""
    rows = db.session.execute(
        select(School.id, School.name)
        .join(network_anchor, network_anchor.c.organisation_id == School.id)
        .join(Network, Network.id == network_anchor.c.network_id)
        .where(Network.programme_id == programme_id)
        .distinct()
        .order_by(School.name, School.id)
    ).all()
    position = {school_id: i for i, school_id in enumerate(saved_order(programme_id))}
    return sorted(((r.id, r.name) for r in rows), key=lambda r: position.get(r[0], len(position)))


def save_order(actor: User, programme_id: int, positions: dict[int, int]) -> None:
    """Save the anchor schools' places {school_id: number}; the numbers order them (ties by
    the current order). Every school must be an anchor school of the programme."""
    if actor.role is not Role.admin:
        raise NotAllowed(_("Enkel een beheerder bewaart de volgorde van een antwoord."))
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise DomainError(_("Onbekend programma."), status_code=404)
    current = [school_id for school_id, _name in programme_anchors(programme_id)]
    unknown = set(positions) - set(current)
    if unknown:
        raise DomainError(
            _("Enkel ankerscholen van dit programma krijgen een plaats in de volgorde.")
        )
    rank = {school_id: i for i, school_id in enumerate(current)}
    ordered = sorted(current, key=lambda s: (positions.get(s, len(current) + 1 + rank[s]), rank[s]))
    db.session.execute(delete(AnswerOrder).where(AnswerOrder.programme_id == programme_id))
    db.session.add_all(
        AnswerOrder(programme_id=programme_id, school_id=school_id, position=i)
        for i, school_id in enumerate(ordered, start=1)
    )
    db.session.flush()
    log_change(
        actor,
        "answer_order.saved",
        object_type="programme",
        object_id=programme_id,
        schools=",".join(str(s) for s in ordered),
    )
