"""The bulk and side paths write versions too: the CSV import, the demo loader, deleting a staff
member with assignments; a save that moves no figure adds none."""

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.demo import effort as demo
from netwerk.effort import hours, hours_import, staff
from netwerk.effort.models import (
    Activity,
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    StaffAssignment,
    StaffAssignmentVersion,
    StaffMember,
)
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.timeutil import today
from netwerk.versions import open_at
from tests.effort.factories import make_assignment, make_meeting, make_staff
from tests.factories import make_network, make_school, make_user

PAIRS = (
    (StaffAssignment, StaffAssignmentVersion, "assignment_id"),
    (PlannedEffort, PlannedEffortVersion, "planned_effort_id"),
    (HourEntry, HourEntryVersion, "hour_entry_id"),
)


def _entities_equal_open_versions() -> None:
    """Every record has exactly one open version, with the record's own values, and no open
    version is left of a deleted record."""
    for entity, version, key in PAIRS:
        names = version.COPIED
        current = {
            row.id: tuple(getattr(row, n) for n in names)
            for row in db.session.scalars(select(entity))
        }
        opened = [
            (getattr(v, key), tuple(getattr(v, n) for n in names))
            for v in db.session.scalars(select(version).where(*open_at(version, None)))
        ]
        assert len(opened) == len(dict(opened))
        assert dict(opened) == current, entity.__name__


def test_the_import_writes_every_entry_s_first_version(ctx):
    """Three lines: three entries and three open versions by the importing admin."""
    admin = db.session.get(User, make_user(role="admin"))
    make_staff("Els Peeters", email="els@school.be")
    network = make_network(name="Wiskunde Kempen")
    text = (
        "medewerker,datum,duur,activiteit,netwerk\n"
        f"els@school.be,05/03/2024,1u30,bijeenkomst,{network}\n"
        f"els@school.be,06/03/2024,45,voorbereiding,{network}\n"
        f"els@school.be,07/03/2024,2u,andere,{network}\n"
    )
    assert hours_import.import_hours_csv(admin, text.encode()) == 3
    db.session.commit()
    _entities_equal_open_versions()
    versions = db.session.scalars(select(HourEntryVersion)).all()
    assert {v.recorded_by_id for v in versions} == {admin.id}
    assert sorted(v.minutes for v in versions) == [45, 90, 120]


def test_the_demo_loader_writes_first_versions(ctx):
    """After the demo data, each assignment, planned line and hour entry has its version."""
    coach = make_user(role="coach", name="Koen Coach")
    schools = [make_school() for _ in range(3)]
    networks = [
        make_network(anchor_ids=[schools[0]], coach_ids=[coach]),
        make_network(anchor_ids=[schools[1], schools[2]]),
    ]
    make_meeting(networks[0], datetime.combine(today() - timedelta(days=20), datetime.min.time()))
    assert demo.load(random.Random(3)) is True
    db.session.commit()
    for entity, _version, _key in PAIRS:
        assert db.session.scalars(select(entity)).first() is not None
    _entities_equal_open_versions()
    # A second pass finds nothing left to version.
    assert set(demo.first_versions().values()) == {0}


def test_first_versions_are_dated_at_creation(ctx):
    """Bulk first versions: an assignment's at its created_at, a planned line's at its network's."""
    network_id = make_network()
    staff_id = make_staff()
    created = datetime(2022, 5, 6, 7, 8)
    assignment = StaffAssignment(
        staff_member_id=staff_id,
        network_id=network_id,
        role="procescoach",
        fte=1,
        funding_source="projectsubsidie",
        starts_on=date(2022, 9, 1),
        created_at=created,
    )
    planned = PlannedEffort(network_id=network_id, school_year="2022-2023", planned_fte=1)
    db.session.add_all([assignment, planned])
    db.session.flush()
    assert demo.first_versions() == {
        "staff_assignment_version": 1,
        "planned_effort_version": 1,
        "hour_entry_version": 0,
    }
    assert db.session.scalar(select(StaffAssignmentVersion.recorded_at)) == created
    network_created = db.session.get(Network, network_id).created_at
    assert db.session.scalar(select(PlannedEffortVersion.recorded_at)) == network_created


def test_deleting_a_staff_member_closes_their_assignments(ctx):
    """The assignments go with the person: their versions close, by the admin."""
    admin = db.session.get(User, make_user(role="admin"))
    member_id = make_staff("Bart")
    network = make_network()
    for start in (date(2023, 9, 1), date(2024, 9, 1)):
        make_assignment(
            member_id, "0.5", start, start.replace(year=start.year + 1), network_id=network
        )
    staff.delete_staff_member(admin, db.session.get(StaffMember, member_id))
    db.session.commit()
    _entities_equal_open_versions()
    versions = db.session.scalars(select(StaffAssignmentVersion)).all()
    assert len(versions) == 2
    assert all(v.recorded_until is not None and v.closed_by_id == admin.id for v in versions)


def test_a_note_only_edit_adds_no_version(ctx):
    """The note is no figure: changing only it keeps the one version; the minutes add one."""
    admin = db.session.get(User, make_user(role="admin"))
    network = db.session.get(Network, make_network())
    member = db.session.get(StaffMember, make_staff())
    data = hours.HourData(
        worked_on=date(2024, 10, 7), minutes=60, activity=Activity.other, network=network
    )
    entry = hours.create_hour_entry(admin, member, data)
    db.session.commit()
    data.note = "anders verwoord"
    hours.update_hour_entry(admin, entry, data)
    db.session.commit()
    assert len(db.session.scalars(select(HourEntryVersion)).all()) == 1
    data.minutes = 75
    hours.update_hour_entry(admin, entry, data)
    db.session.commit()
    assert len(db.session.scalars(select(HourEntryVersion)).all()) == 2
    _entities_equal_open_versions()
