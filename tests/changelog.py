"""Reading the change log (netwerk.changelog) in tests."""

import logging

import pytest

LOGGER = "netwerk.changes"


def start(caplog: pytest.LogCaptureFixture) -> None:
    """Capture the change lines from here on (and forget what came before)."""
    caplog.set_level(logging.INFO, logger=LOGGER)
    caplog.clear()


def changes(caplog: pytest.LogCaptureFixture) -> list[tuple]:
    """(actor_id, action, object_type, object_id) of every change line captured."""
    return [
        (r.actor_id, r.action, r.object_type, r.object_id)
        for r in caplog.records
        if r.name == LOGGER
    ]


def reader(caplog: pytest.LogCaptureFixture):
    """A function that returns the change lines captured since its last call, as changes() does,
    and forgets them."""
    caplog.set_level(logging.INFO, logger=LOGGER)

    def read() -> list[tuple]:
        found = changes(caplog)
        caplog.clear()
        return found

    return read
