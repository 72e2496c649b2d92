"""Randomised: assignments, planned FTE and hour entries are created, edited and deleted through
the services with known moments in between; at every moment the sources of netwerk.effort.known
give exactly what the test's own log says was saved then, and the entity tables always equal the
open versions."""

import copy
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from netwerk.auth.models import User
from netwerk.effort import hours, known, staff
from netwerk.effort.models import (
    Activity,
    FundingSource,
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    StaffAssignment,
    StaffAssignmentVersion,
    StaffMember,
    StaffRole,
)
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import Network, Programme
from netwerk.schools.models import School
from netwerk.versions import open_at
from tests.factories import make_network, make_programme, make_school, make_user

START = datetime(2025, 3, 1, 9, 0)
DAYS = [date(2024, 10, 7), date(2024, 10, 8), date(2025, 1, 13)]
YEARS = ["2023-2024", "2024-2025"]
FTES = [Decimal("0.1"), Decimal("0.25"), Decimal("0.5"), Decimal("0.875"), Decimal("1")]
KINDS = ("assignment", "planned", "hours")
SOURCES = {
    "assignment": known.assignment_source,
    "planned": known.planned_source,
    "hours": known.hour_source,
}
VERSIONS = {
    "assignment": StaffAssignmentVersion,
    "planned": PlannedEffortVersion,
    "hours": HourEntryVersion,
}


class Clock:
    """The moment every version write sees; the test moves it."""

    def __init__(self):
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Version writes read this clock instead of the wall clock."""
    fake = Clock()
    monkeypatch.setattr("netwerk.versions.utcnow", fake)
    monkeypatch.setattr("netwerk.effort.versioned.utcnow", fake)
    return fake


@pytest.fixture
def world(ctx):
    """An admin, a programme, two networks (one anchored by school S) and their ids."""
    admin = make_user(role="admin")
    school = make_school(name="Ankerschool S")
    programme = make_programme("Programma P")
    n1 = make_network(name="N1", anchor_ids=[school], programme_id=programme)
    n2 = make_network(name="N2", programme_id=programme)
    return {"admin": admin, "school": school, "programme": programme, "networks": [n1, n2]}


# One step: (what, which record (an index into the records of that kind), and random choices).
steps = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "assign",
                "reassign",
                "unassign",
                "plan",
                "unplan",
                "log",
                "relog",
                "unlog",
                "drop_staff",
            ]
        ),
        st.integers(0, 5),
        st.integers(0, 1000),
    ),
    min_size=1,
    max_size=14,
)


class Run:
    """One random sequence: performs the steps through the services and keeps the oracle, the
    test's own record of what each record's figures are after every step."""

    def __init__(self, world: dict, clock: Clock):
        self.world = world
        self.clock = clock
        self.admin = db.session.get(User, world["admin"])
        self.state: dict[str, dict[int, dict]] = {kind: {} for kind in KINDS}
        self.moments: list[tuple[datetime, dict]] = []
        self.staff_ids = [self._new_staff("Els"), self._new_staff("Bart")]

    def _new_staff(self, name: str) -> int:
        member = staff.create_staff_member(self.admin, name=name)
        db.session.commit()
        return member.id

    def _target(self, choice: int) -> dict:
        n1, n2 = self.world["networks"]
        return [
            {"network_id": n1, "anchor_school_id": None, "programme_id": None},
            {"network_id": n2, "anchor_school_id": None, "programme_id": None},
            {"network_id": None, "anchor_school_id": self.world["school"], "programme_id": None},
            {"network_id": None, "anchor_school_id": None, "programme_id": self.world["programme"]},
        ][choice % 4]

    def step(self, what: str, index: int, choice: int) -> None:
        """One write at a moment of its own, then two moments to read back: the write's own
        moment (a version counts from its recorded_at on) and one in between."""
        self.clock.now += timedelta(minutes=1)
        try:
            getattr(self, what)(index, choice)
        except DomainError:
            db.session.rollback()
        else:
            db.session.commit()
        self.moments.append((self.clock.now, copy.deepcopy(self.state)))
        self.moments.append((self.clock.now + timedelta(seconds=30), copy.deepcopy(self.state)))

    def _pick(self, kind: str, index: int) -> int | None:
        ids = sorted(self.state[kind])
        return ids[index % len(ids)] if ids else None

    # --- assignments ---------------------------------------------------------------------------

    def _assignment_data(self, choice: int) -> tuple[staff.AssignmentData, dict]:
        target = self._target(choice)
        starts = date(2024, 9, 1) + timedelta(days=choice % 40)
        ends = None if choice % 3 == 0 else starts + timedelta(days=100 + choice % 200)
        values = {
            **target,
            "role": list(StaffRole)[choice % len(StaffRole)],
            "fte": FTES[choice % len(FTES)],
            "funding_source": list(FundingSource)[choice % len(FundingSource)],
            "starts_on": starts,
            "ends_on": ends,
        }
        data = staff.AssignmentData(
            role=values["role"],
            fte=values["fte"],
            funding_source=values["funding_source"],
            starts_on=starts,
            ends_on=ends,
            network=db.session.get(Network, target["network_id"] or 0),
            anchor_school=db.session.get(School, target["anchor_school_id"] or 0),
            programme=db.session.get(Programme, target["programme_id"] or 0),
        )
        return data, values

    def assign(self, index: int, choice: int) -> None:
        member_id = self.staff_ids[index % 2]
        data, values = self._assignment_data(choice)
        member = db.session.get(StaffMember, member_id)
        row = staff.save_assignment(self.admin, member, data, confirm_overload=True)
        self.state["assignment"][row.id] = {"staff_member_id": member_id, **values}

    def reassign(self, index: int, choice: int) -> None:
        assignment_id = self._pick("assignment", index)
        if assignment_id is None:
            return
        row = db.session.get(StaffAssignment, assignment_id)
        data, values = self._assignment_data(choice)
        staff.save_assignment(self.admin, row.staff_member, data, row, confirm_overload=True)
        self.state["assignment"][assignment_id].update(values)

    def unassign(self, index: int, _choice: int) -> None:
        assignment_id = self._pick("assignment", index)
        if assignment_id is None:
            return
        staff.delete_assignment(self.admin, db.session.get(StaffAssignment, assignment_id))
        del self.state["assignment"][assignment_id]

    def drop_staff(self, _index: int, _choice: int) -> None:
        """The second person (who never logs hours) goes, with their assignments; a new one
        takes their place."""
        member_id = self.staff_ids[1]
        staff.delete_staff_member(self.admin, db.session.get(StaffMember, member_id))
        for assignment_id, values in list(self.state["assignment"].items()):
            if values["staff_member_id"] == member_id:
                del self.state["assignment"][assignment_id]
        db.session.commit()
        self.staff_ids[1] = self._new_staff("Bart")

    # --- planned FTE ---------------------------------------------------------------------------

    def plan(self, index: int, choice: int) -> None:
        target = self._target(choice)
        if target["anchor_school_id"] is not None:
            target = self._target(0)
        year = YEARS[index % 2]
        planned = FTES[choice % len(FTES)] * (1 + index)
        earmarked = (planned * Decimal("0.4")).quantize(Decimal("0.001"))
        row = staff.save_planned_effort(
            self.admin,
            year,
            planned,
            earmarked,
            network=db.session.get(Network, target["network_id"] or 0),
            programme=db.session.get(Programme, target["programme_id"] or 0),
        )
        self.state["planned"][row.id] = {
            "network_id": target["network_id"],
            "programme_id": target["programme_id"],
            "school_year": year,
            "planned_fte": planned,
            "earmarked_fte": earmarked,
        }

    def unplan(self, index: int, _choice: int) -> None:
        planned_id = self._pick("planned", index)
        if planned_id is None:
            return
        staff.delete_planned_effort(self.admin, db.session.get(PlannedEffort, planned_id))
        del self.state["planned"][planned_id]

    # --- hour entries --------------------------------------------------------------------------

    def _hour_data(self, choice: int) -> tuple[hours.HourData, dict]:
        network_id = self.world["networks"][choice % 2]
        values = {
            "worked_on": DAYS[choice % len(DAYS)],
            "minutes": [30, 45, 90, 240, 600][choice % 5],
            "activity": list(Activity)[choice % len(Activity)],
            "network_id": network_id,
            "meeting_id": None,
            "school_id": self.world["school"] if choice % 2 else None,
        }
        data = hours.HourData(
            worked_on=values["worked_on"],
            minutes=values["minutes"],
            activity=values["activity"],
            network=db.session.get(Network, network_id),
            school=db.session.get(School, values["school_id"] or 0),
            note=f"notitie {choice}",
        )
        return data, values

    def log(self, _index: int, choice: int) -> None:
        member = db.session.get(StaffMember, self.staff_ids[0])
        data, values = self._hour_data(choice)
        entry = hours.create_hour_entry(self.admin, member, data)
        self.state["hours"][entry.id] = {"staff_member_id": member.id, **values}

    def relog(self, index: int, choice: int) -> None:
        entry_id = self._pick("hours", index)
        if entry_id is None:
            return
        data, values = self._hour_data(choice)
        hours.update_hour_entry(self.admin, db.session.get(HourEntry, entry_id), data)
        self.state["hours"][entry_id].update(values)

    def unlog(self, index: int, _choice: int) -> None:
        entry_id = self._pick("hours", index)
        if entry_id is None:
            return
        hours.delete_hour_entry(self.admin, db.session.get(HourEntry, entry_id))
        del self.state["hours"][entry_id]


def _read(kind: str, known_at: datetime | None) -> dict[int, dict]:
    """What a source gives at a moment, by id, in the oracle's columns."""
    source = SOURCES[kind](known_at)
    names = VERSIONS[kind].COPIED
    return {
        row.id: {name: getattr(row, name) for name in names}
        for row in db.session.execute(select(source))
    }


def _open_versions(kind: str) -> dict[int, dict]:
    """The open versions, by their record's id."""
    model = VERSIONS[kind]
    key = {"assignment": "assignment_id", "planned": "planned_effort_id"}.get(kind, "hour_entry_id")
    rows = db.session.scalars(select(model).where(*open_at(model, None))).all()
    ids = [getattr(row, key) for row in rows]
    assert len(ids) == len(set(ids)), "one open version per record"
    return {getattr(row, key): {n: getattr(row, n) for n in model.COPIED} for row in rows}


def _clean() -> None:
    """Empty what one sequence wrote, for the next."""
    for model in (*VERSIONS.values(), HourEntry, StaffAssignment, PlannedEffort, StaffMember):
        db.session.execute(delete(model))
    db.session.commit()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_every_moment_reads_what_was_saved_then(world, clock, sequence):
    """After a random sequence of saves and deletes, each source at each moment equals the
    oracle's state at that moment; before the first write it is empty; now, the entity table,
    the open versions and the oracle agree."""
    clock.now = START
    run = Run(world, clock)
    try:
        for what, index, choice in sequence:
            run.step(what, index, choice)
            for kind in KINDS:
                assert _read(kind, None) == _open_versions(kind) == run.state[kind]
        for kind in KINDS:
            assert _read(kind, START - timedelta(seconds=1)) == {}
            for moment, state in run.moments:
                assert _read(kind, moment) == state[kind], (kind, moment)
    finally:
        db.session.rollback()
        _clean()
