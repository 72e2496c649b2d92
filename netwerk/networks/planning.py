"""What a move will do, known before it is written: the automatic decision on a new
registration, the promotions from the waiting list a freed place triggers, and the guards
(networks.guards) that may refuse the whole plan, e.g. because it changes a published figure.

The move services compute the plan under the network's lock, ask the guards, and only then
write; promote_from_waiting_list writes the same promotions the plan listed.
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.capacity import accepted_count, places_left, waiting_list_select
from netwerk.networks.guards import PlannedMove, check_moves
from netwerk.networks.life import REGISTRATION, has_ended_by, refuse_after_end
from netwerk.networks.models import (
    Network,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.networks.permissions import can_manage_network

S = RegistrationStatus


def last_effective_on(registration: Registration) -> date | None:
    """The effective date of a registration's newest move (a new one never goes before it)."""
    return db.session.scalar(
        select(func.max(RegistrationStatusChange.effective_on)).where(
            RegistrationStatusChange.registration_id == registration.id
        )
    )


def automatic_decision(network: Network) -> RegistrationStatus:
    """First come, first served: accepted while places are left, else on the waiting list."""
    left = places_left(network)
    return S.accepted if left is None or left > 0 else S.waitlisted


def promotions(network: Network, effective_on: date, freed: int = 0) -> list[PlannedMove]:
    """The waitlisted registrations accepted when places are left (all of them without a
    capacity), first come first served, each never before its own previous move. freed: the
    places a planned move will free (1 for an accepted registration withdrawn), so the plan
    sees the same places as promote_from_waiting_list after the move. The caller holds the
    network's lock. After the network's last day the waiting list no longer moves
    (networks.life): a place freed then lets no one in."""
    if has_ended_by(network, effective_on):
        return []
    query = waiting_list_select(network.id)
    if network.capacity is not None:
        left = network.capacity - accepted_count(network.id) + freed
        if left <= 0:
            return []
        query = query.limit(left)
    planned = []
    for registration in db.session.scalars(query):
        last = last_effective_on(registration)
        day = max(effective_on, last) if last else effective_on
        planned.append(PlannedMove(registration, registration.school, network, S.accepted, day))
    return planned


def check_plan(
    actor: User, network: Network, moves: list[PlannedMove], acknowledged: bool, reason: str
) -> list[int]:
    """Ask the guards about a manager's moves; the ids of what the user confirmed (for the log).

    A school's own move takes effect today and is never backdated: no guard is asked (the
    school could not give the reason a confirmation needs). Confirming needs a reason.
    Nobody's move makes a registration count after the network's last day (networks.life); a
    withdrawal or a decline still may, it ends one.
    """
    for move in moves:
        if move.to in (S.submitted, S.waitlisted, S.accepted):
            refuse_after_end(network, move.effective_on, REGISTRATION, field="effective_on")
    if not can_manage_network(actor, network):
        return []
    if acknowledged and not reason:
        message = _(
            "Geef een reden: u bevestigt dat deze wijziging een gepubliceerd cijfer wijzigt."
        )
        raise DomainError(message, fields={"reason": [message]})
    return check_moves(moves, acknowledged)
