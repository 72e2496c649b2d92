"""Every effort service that writes logs one change line per changed object (the import one line
for the whole file), with its actor, action, object type and object id."""

from datetime import date
from decimal import Decimal

import pytest

from netwerk.auth.models import User
from netwerk.effort import fte, hours, hours_import, staff
from netwerk.effort.models import (
    Activity,
    FundingSource,
    HourEntry,
    PlannedEffort,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from netwerk.networks.models import Network
from tests.changelog import reader
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.factories import make_network, make_user

WRITING_SERVICES = [
    "netwerk.effort.fte.set_hours_per_fte",
    "netwerk.effort.staff.create_staff_member",
    "netwerk.effort.staff.update_staff_member",
    "netwerk.effort.staff.delete_staff_member",
    "netwerk.effort.staff.ensure_staff_member",
    "netwerk.effort.staff.save_assignment",
    "netwerk.effort.staff.delete_assignment",
    "netwerk.effort.staff.save_planned_effort",
    "netwerk.effort.staff.delete_planned_effort",
    "netwerk.effort.hours.close_month",
    "netwerk.effort.hours.reopen_month",
    "netwerk.effort.hours.create_hour_entry",
    "netwerk.effort.hours.update_hour_entry",
    "netwerk.effort.hours.delete_hour_entry",
    "netwerk.effort.hours_import.import_hours_csv",
]


@pytest.fixture
def log(caplog):
    """The change log records of the test, as (actor_id, action, object_type, object_id)."""
    return reader(caplog)


@pytest.fixture
def scene(ctx):
    """An admin, a coach with a network and a staff member of their own, and a colleague."""
    coach = make_user(role="coach", name="Koen Coach", email="koen@test.be")
    network = make_network(name="Netwerk Kempen", coach_ids=[coach])
    return {
        "admin": db.session.get(User, make_user(role="admin")),
        "coach": db.session.get(User, coach),
        "network": db.session.get(Network, network),
        "colleague": db.session.get(StaffMember, make_staff("Els Peeters", email="els@test.be")),
    }


def _hours(network: Network, minutes: int = 90) -> hours.HourData:
    return hours.HourData(
        worked_on=date(2024, 3, 5), minutes=minutes, activity=Activity.bijeenkomst, network=network
    )


def test_hours_per_fte(scene, log):
    """The first setting of a school year is created, the next one updates that setting."""
    admin = scene["admin"]
    fte.set_hours_per_fte(admin, "2023-2024", Decimal("1600"))
    fte.set_hours_per_fte(admin, "2023-2024", Decimal("1500"))
    first, second = log()
    assert first[:3] == (admin.id, "school_year_setting.created", "school_year_setting")
    assert second == (admin.id, "school_year_setting.updated", "school_year_setting", first[3])


def test_staff_members(scene, log):
    """Create, update, delete (with its assignments), and a coach's own member on first use."""
    admin = scene["admin"]
    member = staff.create_staff_member(admin, name="Jan Janssens")
    staff.update_staff_member(admin, member, name="Jan Janssens-Peeters")
    make_assignment(member.id, "0.2", date(2023, 9, 1), network_id=scene["network"].id)
    member_id = member.id
    staff.delete_staff_member(admin, member)
    own = staff.ensure_staff_member(scene["coach"])
    staff.ensure_staff_member(scene["coach"])  # already there: no change, no line
    assert log() == [
        (admin.id, "staff_member.created", "staff_member", member_id),
        (admin.id, "staff_member.updated", "staff_member", member_id),
        (admin.id, "staff_member.deleted", "staff_member", member_id),
        (scene["coach"].id, "staff_member.created", "staff_member", own.id),
    ]


def test_assignments(scene, log):
    """Create, update and delete an assignment."""
    admin, member = scene["admin"], scene["colleague"]
    data = staff.AssignmentData(
        role=StaffRole.procescoach,
        fte=Decimal("0.5"),
        funding_source=FundingSource.projectsubsidie,
        starts_on=date(2023, 9, 1),
        network=scene["network"],
    )
    assignment = staff.save_assignment(admin, member, data)
    staff.save_assignment(admin, member, data, assignment)
    assignment_id = assignment.id
    staff.delete_assignment(admin, assignment)
    assert db.session.get(StaffAssignment, assignment_id) is None
    assert log() == [
        (admin.id, "staff_assignment.created", "staff_assignment", assignment_id),
        (admin.id, "staff_assignment.updated", "staff_assignment", assignment_id),
        (admin.id, "staff_assignment.deleted", "staff_assignment", assignment_id),
    ]


def test_planned_effort(scene, log):
    """Create, update and delete a planned-FTE line."""
    admin, network = scene["admin"], scene["network"]
    row = staff.save_planned_effort(admin, "2023-2024", Decimal("1"), Decimal("0"), network=network)
    staff.save_planned_effort(admin, "2023-2024", Decimal("2"), Decimal("1"), network=network)
    row_id = row.id
    staff.delete_planned_effort(admin, row)
    other = db.session.get(PlannedEffort, make_planned("2024-2025", "1", network_id=network.id))
    staff.delete_planned_effort(admin, other)
    assert log() == [
        (admin.id, "planned_effort.created", "planned_effort", row_id),
        (admin.id, "planned_effort.updated", "planned_effort", row_id),
        (admin.id, "planned_effort.deleted", "planned_effort", row_id),
        (admin.id, "planned_effort.deleted", "planned_effort", other.id),
    ]


def test_closed_months(scene, log):
    """Closing and reopening a month."""
    admin = scene["admin"]
    row = hours.close_month(admin, date(2024, 1, 15))
    row_id = row.id
    hours.reopen_month(admin, date(2024, 1, 1))
    assert log() == [
        (admin.id, "closed_month.created", "closed_month", row_id),
        (admin.id, "closed_month.deleted", "closed_month", row_id),
    ]


def test_hour_entries(scene, log):
    """A coach logs, changes and deletes their own hours; an admin changes someone else's."""
    coach, admin, network = scene["coach"], scene["admin"], scene["network"]
    member = staff.ensure_staff_member(coach)
    log()  # the member's own line is test_staff_members' business
    entry = hours.create_hour_entry(coach, member, _hours(network))
    hours.update_hour_entry(coach, entry, _hours(network, 60))
    other = db.session.get(
        HourEntry, make_hours(scene["colleague"].id, network.id, date(2024, 3, 6), 30)
    )
    hours.update_hour_entry(admin, other, _hours(network, 45))
    entry_id = entry.id
    hours.delete_hour_entry(coach, entry)
    assert log() == [
        (coach.id, "hour_entry.created", "hour_entry", entry_id),
        (coach.id, "hour_entry.updated", "hour_entry", entry_id),
        (admin.id, "hour_entry.updated", "hour_entry", other.id),
        (coach.id, "hour_entry.deleted", "hour_entry", entry_id),
    ]


def test_import_logs_one_line_for_the_file(scene, log):
    """Two lines imported: one change line, no object id, with the count."""
    admin, network = scene["admin"], scene["network"]
    text = (
        "medewerker;datum;duur;activiteit;netwerk\n"
        f"els@test.be;04/03/2024;1u30;bijeenkomst;{network.id}\n"
        f"els@test.be;05/03/2024;45;voorbereiding;{network.id}\n"
    )
    assert hours_import.import_hours_csv(admin, text.encode()) == 2
    assert log() == [(admin.id, "hour_entry.imported", "hour_entry", None)]


def test_refused_changes_log_nothing(scene, log):
    """A refused change (here: a coach on someone else's network) writes no line."""
    foreign = db.session.get(Network, make_network(name="Ander netwerk"))
    member = staff.ensure_staff_member(scene["coach"])
    log()
    with pytest.raises(NotAllowed):
        hours.create_hour_entry(scene["coach"], member, _hours(foreign))
    assert log() == []
