"""Backdating against publications: a registration move that changes a published figure.

A planned move (networks.guards.PlannedMove) conflicts with a publication P (not withdrawn) when
P's filters cover the network and the school, the move takes effect on or before P's peildatum,
and the school's state on that peildatum differs before and after the move. The state is
"accepted" for the registered basis. The participating basis counts attendance at held meetings,
which no registration move changes: such a publication never conflicts with one.

The move services ask this guard (registered in create_app) before they write anything, so a
refusal leaves nothing half-written, logs no move and sends no mail.
"""

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.guards import PlannedMove
from netwerk.networks.history import status_as_of
from netwerk.networks.models import RegistrationStatus
from netwerk.publications.models import Publication
from netwerk.publications.services import publications_covering, stored_basis
from netwerk.reports.params import PARTICIPATING


def _accepted_on(move: PlannedMove, publication: Publication) -> bool:
    """Whether the moving registration was accepted on the publication's peildatum (a new
    registration was not: the school's earlier one had ended by the day the new one starts)."""
    if move.registration is None or move.registration.id is None:
        return False
    status = status_as_of(publication.as_of).subquery("status_on")
    found = db.session.scalar(
        select(status.c.status).where(status.c.registration_id == move.registration.id)
    )
    return found is RegistrationStatus.accepted


def _changes(move: PlannedMove, publication: Publication) -> bool:
    """The school's state on the peildatum differs before and after the move. After it, the
    move's own status holds on the peildatum: it is the registration's newest change on or
    before that day (moves never go back before a registration's last one)."""
    if stored_basis(publication) == PARTICIPATING:
        return False
    after = move.to is RegistrationStatus.accepted
    return _accepted_on(move, publication) != after


def conflicting_publications(moves: Sequence[PlannedMove]) -> list[Publication]:
    """The publications (not withdrawn) whose figures these moves would change, oldest first."""
    found: dict[int, Publication] = {}
    for move in moves:
        for publication in publications_covering(move.network, move.school, move.effective_on):
            if publication.id not in found and _changes(move, publication):
                found[publication.id] = publication
    return [found[i] for i in sorted(found)]


def guard_moves(moves: Sequence[PlannedMove], acknowledged: bool) -> list[int]:
    """Refuse moves that change a published figure unless the user confirmed it (a 409 naming
    the publications); the ids of the confirmed publications otherwise."""
    conflicts = conflicting_publications(moves)
    if conflicts and not acknowledged:
        titles = "; ".join(f"“{p.title}”" for p in conflicts)
        raise DomainError(
            _(
                "Deze wijziging verandert een gepubliceerd cijfer (%(titles)s). Bevestig dat u "
                "dit weet en geef een reden om ze toch te bewaren.",
                titles=titles,
            ),
            status_code=409,
            code="changes_publication",
            details={"publications": [{"id": p.id, "title": p.title} for p in conflicts]},
        )
    return [p.id for p in conflicts]
