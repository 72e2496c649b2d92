"""The effort roll-up as known at K, after random creates, edits and deletes through the services,
against figures the test computes from its own log of what it saved (tests/effort/oracle.py)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwerk.auth.models import User
from netwerk.effort import hours as hours_service
from netwerk.effort import staff as staff_service
from netwerk.effort.fte import hours_per_fte
from netwerk.effort.hours import HourData
from netwerk.effort.models import (
    FundingSource,
    HourEntry,
    PlannedEffort,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.effort.report import EffortParams, effort_report
from netwerk.effort.rollup import GROUP_BY, effort_rollup
from netwerk.effort.staff import AssignmentData
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import Network, Programme
from netwerk.schools.models import School
from netwerk.timeutil import SchoolYear, utcnow
from tests.conftest import _empty_all_tables
from tests.effort.oracle import expected_rollup, shape_of, shown_rollup
from tests.effort.worlds import (
    PROVINCES,
    YEAR,
    World,
    assignment_values,
    hour_values,
    planned_values,
    structure,
    worlds,
)
from tests.factories import make_user

SY = SchoolYear.parse(YEAR)


class Clock:
    """The moment the services record at: one second further at every write."""

    def __init__(self):
        self.now = utcnow() + timedelta(minutes=1)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Versions recorded at known, increasing moments (so a K between two writes is exact)."""
    clock = Clock()
    monkeypatch.setattr("netwerk.versions.utcnow", clock)
    monkeypatch.setattr("netwerk.effort.versioned.utcnow", clock)
    return clock


@dataclass
class Op:
    """One write: what, on which existing record (an index, modulo their number), which values."""

    kind: str  # assignment | planned | hours
    action: str  # save (create or, with an existing record, edit) | delete | create
    pick: int
    values: dict


@st.composite
def scenarios(draw) -> tuple[World, list[Op]]:
    """A world without figures of its own, then 1 to 14 writes."""
    world = draw(worlds())
    n_s, n_n = len(world.school_provinces), len(world.networks)
    ops = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.sampled_from(["assignment", "planned", "hours"]))
        action = draw(st.sampled_from(["create", "save", "delete"]))
        if kind == "assignment":
            values = assignment_values(draw, n_s, n_n, 2)
        elif kind == "planned":
            values = planned_values(draw, n_n, 2)
        else:
            values = hour_values(draw, n_n)
        ops.append(Op(kind, action, draw(st.integers(0, 20)), values))
    return world, ops


class Log:
    """What the test saved, by record id: the oracle's input at any moment."""

    def __init__(self):
        self.records = {"assignment": {}, "planned": {}, "hours": {}}

    def snapshot(self) -> tuple[list, list, list]:
        """Copies of the saved records: assignments, planned lines, hour entries."""
        return tuple(
            [dict(v) for v in self.records[k].values()] for k in ("assignment", "planned", "hours")
        )


def _assignment_data(ids, values) -> AssignmentData:
    """The service's input for drawn assignment values."""
    target = values["target"]
    index = target["index"]
    return AssignmentData(
        role=StaffRole.procescoach,
        fte=values["fte"],
        funding_source=values["funding"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
        network=db.session.get(Network, ids.networks[index])
        if target["kind"] == "network"
        else None,
        anchor_school=db.session.get(School, ids.schools[index])
        if target["kind"] == "school"
        else None,
        programme=db.session.get(Programme, ids.programmes[index])
        if target["kind"] == "programme"
        else None,
    )


def _existing(log: Log, kind: str, pick: int):
    """The id of a saved record of this kind (None when there is none)."""
    ids = sorted(log.records[kind])
    return ids[pick % len(ids)] if ids else None


def _apply(op: Op, ids, actor: User, log: Log) -> None:
    """Run one write through its service and note what it saved."""
    records = log.records[op.kind]
    existing = _existing(log, op.kind, op.pick) if op.action != "create" else None
    if op.action == "delete":
        if existing is None:
            return
        if op.kind == "assignment":
            staff_service.delete_assignment(actor, db.session.get(StaffAssignment, existing))
        elif op.kind == "planned":
            staff_service.delete_planned_effort(actor, db.session.get(PlannedEffort, existing))
        else:
            hours_service.delete_hour_entry(actor, db.session.get(HourEntry, existing))
        del records[existing]
        return
    v = op.values
    if op.kind == "assignment":
        row = staff_service.save_assignment(
            actor,
            db.session.get(StaffMember, ids.staff),
            _assignment_data(ids, v),
            db.session.get(StaffAssignment, existing) if existing else None,
            confirm_overload=True,
        )
        fields = ("network_id", "anchor_school_id", "programme_id", "fte", "funding_source")
        records[row.id] = {
            **{f: getattr(row, f) for f in fields},
            "starts_on": row.starts_on,
            "ends_on": row.ends_on,
        }
    elif op.kind == "planned":
        kind, index = v["target"]
        target = (
            {"network": db.session.get(Network, ids.networks[index])}
            if kind == "network"
            else {"programme": db.session.get(Programme, ids.programmes[index])}
        )
        row = staff_service.save_planned_effort(actor, YEAR, v["planned"], v["earmarked"], **target)
        records[row.id] = {
            "network_id": row.network_id,
            "programme_id": row.programme_id,
            "school_year": YEAR,
            "planned_fte": v["planned"],
            "earmarked_fte": v["earmarked"],
        }
    else:
        data = HourData(
            worked_on=v["worked_on"],
            minutes=v["minutes"],
            activity=v["activity"],
            network=db.session.get(Network, ids.networks[v["network"]]),
        )
        if existing:
            row = hours_service.update_hour_entry(actor, db.session.get(HourEntry, existing), data)
        else:
            row = hours_service.create_hour_entry(
                actor, db.session.get(StaffMember, ids.staff), data
            )
        records[row.id] = {
            "network_id": row.network_id,
            "worked_on": v["worked_on"],
            "minutes": v["minutes"],
            "activity": v["activity"],
        }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=scenarios(), group_by=st.sampled_from(GROUP_BY))
def test_rollup_known_at_every_moment_equals_the_log(app, clock, scenario, group_by):
    """After every write, the roll-up as known at the moment before the next one equals the
    oracle on the log then; later, every one of those moments still gives the same figures, and
    the moment after the last write gives the tables' figures (entity table = open versions)."""
    world, ops = scenario
    with app.test_request_context():
        try:
            ids = structure(world)
            actor = db.session.get(User, make_user(role="admin"))
            shape = shape_of(ids)
            hpf = hours_per_fte(YEAR)  # a setting, not versioned: the same at every moment
            log = Log()
            moments = []
            for op in ops:
                try:
                    _apply(op, ids, actor, log)
                except DomainError:
                    db.session.rollback()  # refused (e.g. a school that anchors nothing): no write
                    continue
                db.session.commit()
                moment = clock() + timedelta(microseconds=500_000)
                moments.append((moment, log.snapshot()))
            for moment, records in moments:
                expected = expected_rollup(shape, SY, group_by, records, hours_per_fte=hpf)
                assert shown_rollup(effort_rollup(YEAR, group_by, known_at=moment)) == expected
            now = shown_rollup(effort_rollup(YEAR, group_by))
            assert now == expected_rollup(shape, SY, group_by, log.snapshot(), hours_per_fte=hpf)
            assert shown_rollup(effort_rollup(YEAR, group_by, known_at=clock())) == now
        finally:
            _empty_all_tables()


def test_report_known_at_before_an_edit_shows_the_old_figures(app, clock):
    """Through the report service: an assignment of 0,5 FTE edited to 0,2 FTE and then deleted;
    the report known at each moment in between shows that moment's figure."""
    with app.test_request_context():
        ids = structure(World([PROVINCES[0]], [(0, [0], None)], [], [], []))
        actor = db.session.get(User, make_user(role="admin"))
        values = {
            "target": {"kind": "network", "index": 0},
            "fte": Decimal("0.5"),
            "starts_on": SY.starts_on,
            "ends_on": None,
            "funding": FundingSource.projectsubsidie,
        }
        member = db.session.get(StaffMember, ids.staff)
        row = staff_service.save_assignment(actor, member, _assignment_data(ids, values))
        db.session.commit()
        k1 = clock()
        staff_service.save_assignment(
            actor, member, _assignment_data(ids, {**values, "fte": Decimal("0.2")}), row
        )
        db.session.commit()
        k2 = clock()
        staff_service.delete_assignment(actor, db.session.get(StaffAssignment, row.id))
        db.session.commit()
        k3 = clock()
        admin = db.session.get(User, actor.id)

        def realised(moment):
            aware = moment.replace(tzinfo=UTC)
            report = effort_report(admin, EffortParams(SY, known_at=aware))
            assert report.known_at == aware
            return report.rollup.total.realised_fte

        assert [realised(k) for k in (k1, k2, k3)] == [Decimal("0.5"), Decimal("0.2"), 0]
        assert effort_report(admin, EffortParams(SY)).rollup.total.realised_fte == 0
