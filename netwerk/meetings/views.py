"""Pages of the meetings feature: the coach's workspace.

One blueprint (`bp`, with its menu item `MENU`, from netwerk.meetings.blueprint); the route
modules below register their pages on it when imported, one module per part of the workspace.
create_app takes `bp` and `MENU` from here.
"""

from netwerk.meetings import (  # noqa: F401 - imported for the routes they register
    views_attendance,
    views_dashboard,
    views_feeds,
    views_meetings,
    views_minutes,
    views_outputs,
    views_workplan,
)
from netwerk.meetings.blueprint import MENU, bp

__all__ = ["MENU", "bp"]
