"""Checks a registration move must pass before anything is written, registered by the features
above networks (create_app wires them): networks knows no publication, yet a move that changes a
published figure is refused until the user confirms it (issue 17).

A move service lists its planned moves (the move itself and the waiting-list promotions it
triggers), each with the status it leads to and the day it takes effect, and asks every guard.
A guard raises a DomainError to refuse, or returns the ids of what the user confirmed (logged).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.schools.models import School


@dataclass(frozen=True)
class PlannedMove:
    """A status change about to be written (nothing is written yet)."""

    registration: Registration | None  # None: a new registration (the school had none counting)
    school: School
    network: Network
    to: RegistrationStatus
    effective_on: date


# A guard: (the planned moves, whether the user confirmed) -> ids of what was confirmed.
MoveGuard = Callable[[Sequence[PlannedMove], bool], list[int]]
_guards: list[MoveGuard] = []


def register_move_guard(guard: MoveGuard) -> None:
    """Ask this guard before every move (once, however many apps are created)."""
    if guard not in _guards:
        _guards.append(guard)


def check_moves(moves: Sequence[PlannedMove], acknowledged: bool) -> list[int]:
    """Ask every guard; a refusal raises. The ids every guard says were confirmed."""
    confirmed: list[int] = []
    for guard in _guards:
        confirmed += guard(moves, acknowledged)
    return confirmed
