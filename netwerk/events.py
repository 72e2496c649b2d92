"""Domain events other systems may hear about (the webhooks of issue 27).

A service that makes one of EVENTS happen calls `emit(event, obj)` after its flush, in its own
transaction, beside its change line (netwerk.changelog). The listeners (the webhooks feature
registers one in create_app) write what they need in the same transaction: an event is kept if
and only if the change is committed. This module knows no feature; the features above it listen.
"""

from collections.abc import Callable
from typing import Any

EVENTS = (
    "registration.created",
    "registration.moved",
    "meeting.created",
    "meeting.changed",
    "meeting.cancelled",
    "attendance.saved",
    "publication.created",
)

Listener = Callable[..., None]
# By name, so that a second app in one process (the tests) does not listen twice.
_listeners: dict[str, Listener] = {}


def listen(name: str, listener: Listener) -> None:
    """Call listener(event, obj, **details) for every event emitted from now on."""
    _listeners[name] = listener


def emit(event: str, obj: Any, **details: Any) -> None:
    """Tell the listeners that `event` happened to `obj` (a flushed model instance)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    for listener in list(_listeners.values()):
        listener(event, obj, **details)
