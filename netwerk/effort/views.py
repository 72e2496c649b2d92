"""Pages of the effort feature, one module per area, all on the blueprint `bp`:

- staff_views: staff members and their assignments (admin);
- planning_views: planned FTE and hours per FTE (admin);
- hours_views: one's hours per week, changing them, the CSV import and closed months;
- history_views: the history of an assignment, a planned-FTE line or an hour entry.

create_app takes `bp` and `MENU` from here; importing the modules registers their routes.
"""

from netwerk.effort import history_views, hours_views, planning_views, staff_views
from netwerk.effort.blueprint import MENU, bp

__all__ = ["MENU", "bp", "history_views", "hours_views", "planning_views", "staff_views"]
