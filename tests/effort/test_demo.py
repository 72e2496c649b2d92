"""The effort demo data: only with networks, idempotent, quick, and a sensible roll-up."""

import random
import time
from datetime import datetime, timedelta

from sqlalchemy import func, select

from netwerk.demo import effort as demo
from netwerk.effort import staff
from netwerk.effort.models import ClosedMonth, HourEntry, StaffAssignment, StaffMember
from netwerk.effort.rollup import effort_rollup
from netwerk.extensions import db
from netwerk.timeutil import SchoolYear, today
from tests.effort.factories import make_meeting
from tests.factories import make_network, make_school, make_user


def test_demo_needs_networks_and_loads_once(ctx):
    """No networks: nothing; with networks: staff, assignments, hours, a closed month; then False."""
    assert demo.load(random.Random(1)) is False
    coach = make_user(role="coach", name="Koen Coach")
    schools = [make_school() for _ in range(6)]
    networks = [
        make_network(anchor_ids=[schools[0], schools[1]], coach_ids=[coach]),
        make_network(anchor_ids=[schools[2]]),
        make_network(anchor_ids=[schools[3]]),
        make_network(anchor_ids=[schools[4], schools[5]]),
    ]
    make_meeting(networks[0], datetime.combine(today() - timedelta(days=20), datetime.min.time()))
    started = time.monotonic()
    assert demo.load(random.Random(1)) is True
    db.session.commit()
    assert time.monotonic() - started < 10
    assert demo.load(random.Random(1)) is False

    count = lambda model: db.session.scalar(select(func.count(model.id)))  # noqa: E731
    assert count(StaffMember) >= 6 and count(StaffAssignment) >= 6
    assert 100 <= count(HourEntry) <= demo.MAX_ENTRIES
    assert count(ClosedMonth) == 1
    assert db.session.scalar(select(StaffMember.id).where(StaffMember.user_id == coach))
    # Nobody is above 1,0 FTE on any day: the demo respects its own warning.
    for member_id in db.session.scalars(select(StaffMember.id)):
        assert staff.peak_load(member_id, None, None) is None
    rollup = effort_rollup(SchoolYear.of(today()), "anchor_school")
    assert len(rollup.rows) >= 6
    assert rollup.total.realised_fte > 0 and rollup.total.planned_fte > 0
