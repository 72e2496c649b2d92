"""Next year's copy logs a line per object it creates and one for the copy as a whole."""

from collections import Counter

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Programme
from netwerk.nextyear.services import copy_to_next_year, plan_next_year
from tests.changelog import changes, start
from tests.nextyear.test_copy import YEAR, _build

WRITING_SERVICES = ["netwerk.nextyear.services.copy_to_next_year"]


def test_the_copy_logs_each_object_and_then_itself(app, caplog):
    """The admin's lines: two networks, one call, two planned-FTE lines, a work plan and its two
    themes, and last programme.copied_to_next_year with the two school years."""
    with app.app_context():
        scene = _build()
        admin = db.session.get(User, scene["admin"])
        programme = db.session.get(Programme, scene["programme"])
        fingerprint = plan_next_year(admin, programme, YEAR).fingerprint
        start(caplog)
        copy_to_next_year(admin, programme, YEAR, fingerprint)
        db.session.commit()
    lines = changes(caplog)
    assert {actor for actor, *_ in lines} == {scene["admin"]}
    kinds = Counter(action for _actor, action, *_ in lines)
    assert kinds == {
        "network.created": 2,
        "call.created": 1,
        "planned_effort.created": 2,
        "work_plan.created": 1,
        "work_plan_theme.created": 2,
        "programme.copied_to_next_year": 1,
    }
    assert lines[-1] == (
        scene["admin"],
        "programme.copied_to_next_year",
        "programme",
        scene["programme"],
    )
    record = [r for r in caplog.records if getattr(r, "action", "") == lines[-1][1]][0]
    assert record.details == {
        "from_year": "2026-2027",
        "to_year": "2027-2028",
        "networks": 2,
        "calls": 1,
    }
