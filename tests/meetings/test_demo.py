"""The meetings demo: quick, idempotent, and nothing without networks."""

import random
import time
from datetime import date

from sqlalchemy import func, select

from netwerk.demo import meetings as demo
from netwerk.extensions import db
from netwerk.meetings.attendance import schools_taking_part
from netwerk.meetings.models import Attendance, Meeting, MinutesRevision, Output, WorkPlan
from tests.factories import make_network, make_school, make_user
from tests.meetings.factories import accept
from tests.meetings.versions_check import assert_versions_agree, open_versions


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_needs_networks_and_loads_once(ctx):
    """No networks: False. With networks: meetings, attendance, minutes, outputs, plans; then False."""
    assert demo.load(random.Random(1)) is False
    coach = make_user(role="coach")
    for n in range(3):
        network = make_network(coach_ids=[coach], name=f"Demo {n}")
        for _ in range(4):
            accept(make_school(), network, on=date(2024, 6, 1))
    started = time.perf_counter()
    assert demo.load(random.Random(1)) is True
    db.session.commit()
    assert time.perf_counter() - started < 10
    assert _count(Meeting) > 60 and _count(Attendance) > 0
    assert _count(MinutesRevision) > 0 and _count(Output) > 0 and _count(WorkPlan) == 9
    assert schools_taking_part(as_of=date(2025, 6, 30))
    # The demo's attendance is also its first versions, recorded as each meeting ended.
    assert_versions_agree()
    assert sum(open_versions()[0].values()) > 0
    assert demo.load(random.Random(1)) is False
