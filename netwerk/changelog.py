"""One structured log line per change, with its actor, so an operator can follow what happened.

Every service that writes calls `log_change` once per object it changed, after a flush (so a new
row has its id). The record carries `actor_id`, `action`, `object_type` and `object_id` as
attributes, for a JSON log handler, and the same facts as `key=value` text in the message, for
a plain one:

    change action=registration.accepted actor_id=7 object_type=registration object_id=123 to=accepted

Bulk writes (an import of thousands of rows) log one line for the whole import, with its counts:
one line per row would drown the log, and the import's own report already names the rows.
"""

import logging
import re
from typing import Any

logger = logging.getLogger("netwerk.changes")

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def object_type_of(obj: Any) -> str:
    """The snake_case name of a model instance's class: `RegistrationStatusChange` ->
    `registration_status_change`."""
    return _CAMEL.sub("_", type(obj).__name__).lower()


def _text(value: Any) -> str:
    value = getattr(value, "value", value)  # an enum member logs its value
    text = str(value)
    return repr(text) if (not text or any(c.isspace() for c in text)) else text


def log_change(
    actor: Any,
    action: str,
    obj: Any = None,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    **details: Any,
) -> None:
    """Log one change: who (the actor, None for the system), what (`action`, e.g.
    "meeting.created"), on which object (a model instance, or object_type and object_id), and
    the details that matter to an operator (never a secret or free text of a person)."""
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
    actor_id = getattr(actor, "id", actor)
    fields = {
        "action": action,
        "actor_id": actor_id,
        "object_type": object_type,
        "object_id": object_id,
        **details,
    }
    message = "change " + " ".join(f"{key}={_text(value)}" for key, value in fields.items())
    logger.info(
        message,
        extra={
            "actor_id": actor_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "details": details,
        },
    )
