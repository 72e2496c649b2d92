"""JSON API endpoints of the meetings feature, under /api/v1: meetings and series, attendance,
minutes and outputs (files too), read and written through the page's services, with the version
the caller read (a stale one is a 409).

One blueprint (`blp`, from netwerk.meetings.api_common); the route modules below register their
endpoints on it when imported. create_app takes `blp` from here.
"""

from netwerk.meetings import (  # noqa: F401 - imported for the routes they register
    api_meetings,
    api_outputs,
    api_records,
)
from netwerk.meetings.api_common import blp

__all__ = ["blp"]
