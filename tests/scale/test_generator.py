"""flask demo scale at a tiny factor: proportional counts and a coherent history."""

from collections import defaultdict

import pytest
from sqlalchemy import func, inspect, select

from netwerk import create_app
from netwerk.demo.scale.context import BASE_COUNTS, scaled_counts
from netwerk.demo.scale.load import BIG_TABLES, ScaleRefused, load_scale
from netwerk.effort.models import HourEntry, StaffAssignment
from netwerk.extensions import db
from netwerk.meetings.models import Attendance, AttendanceVersion, Meeting, MeetingStatus
from netwerk.networks.models import (
    Network,
    NetworkAnchorPeriod,
    NetworkProfileChange,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
    network_anchor,
)
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.factories import make_school
from tests.scale.conftest import extra_database

FACTOR = 0.005


@pytest.fixture(scope="module")
def scaled_app(tmp_path_factory):
    """An app on a database of its own holding the scale data at factor 0.005, loaded once."""
    with extra_database(tmp_path_factory, "scaled") as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            db.create_all()
            app.extensions["scale_result"] = load_scale(FACTOR, seed=7, show_progress=False)
            db.session.remove()
        yield app
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def scaled(scaled_app):
    """An app context on the scaled database (read only); returns what load_scale wrote."""
    with scaled_app.app_context():
        yield scaled_app.extensions["scale_result"]
        db.session.rollback()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_row_counts_follow_the_factor(scaled):
    """The big tables hold the factor times their Flanders size; the written counts are true."""
    expected = scaled_counts(FACTOR)
    assert count(Registration) == expected["registration"] == round(30_000 * FACTOR)
    assert count(Meeting) == expected["meeting"] == round(30_000 * FACTOR)
    assert count(HourEntry) == expected["hour_entry"] == round(250_000 * FACTOR)
    assert count(StaffAssignment) == expected["staff_assignment"] == round(3_000 * FACTOR)
    # About 2.5 status changes per registration, about ten attendance rows per meeting.
    assert 2.2 <= count(RegistrationStatusChange) / count(Registration) <= 2.8
    assert 0.7 * BASE_COUNTS["attendance"] * FACTOR <= count(Attendance)
    assert count(Attendance) <= 1.05 * BASE_COUNTS["attendance"] * FACTOR
    assert count(School) == expected["school"]  # the floor: 80 schools
    assert count(Network) == expected["network"]
    for name, written in scaled.counts.items():
        table = db.metadata.tables[name]
        assert count(table) == written, name


def test_status_is_the_last_history_row_and_dates_run_forward(scaled):
    """Registration.status equals its newest change; effective dates never go back or ahead."""
    del scaled
    latest = (
        select(
            RegistrationStatusChange.registration_id,
            func.max(RegistrationStatusChange.id).label("change_id"),
        )
        .group_by(RegistrationStatusChange.registration_id)
        .subquery()
    )
    pairs = db.session.execute(
        select(Registration.status, RegistrationStatusChange.to_status)
        .join(latest, latest.c.registration_id == Registration.id)
        .join(RegistrationStatusChange, RegistrationStatusChange.id == latest.c.change_id)
    ).all()
    assert len(pairs) == count(Registration)
    assert all(status == last for status, last in pairs)

    history = db.session.execute(
        select(
            RegistrationStatusChange.registration_id,
            RegistrationStatusChange.from_status,
            RegistrationStatusChange.to_status,
            RegistrationStatusChange.effective_on,
        ).order_by(RegistrationStatusChange.registration_id, RegistrationStatusChange.id)
    ).all()
    by_registration = defaultdict(list)
    for reg_id, from_status, to_status, effective_on in history:
        by_registration[reg_id].append((from_status, to_status, effective_on))
    for changes in by_registration.values():
        assert changes[0][:2] == (None, RegistrationStatus.submitted)
        for before, after in zip(changes, changes[1:], strict=False):
            assert after[0] == before[1]  # from_status is the previous to_status
            assert after[2] >= before[2]
    assert max(row.effective_on for row in history) <= today()
    statuses = {changes[-1][1] for changes in by_registration.values()}
    assert {RegistrationStatus.accepted, RegistrationStatus.withdrawn} <= statuses


def test_attendance_only_for_schools_accepted_at_held_meetings(scaled):
    """Every attendance row is for a held meeting and a school accepted in it on that day."""
    del scaled
    history = defaultdict(list)
    for school_id, network_id, to_status, effective_on in db.session.execute(
        select(
            Registration.school_id,
            Registration.network_id,
            RegistrationStatusChange.to_status,
            RegistrationStatusChange.effective_on,
        )
        .join(RegistrationStatusChange.registration)
        .order_by(RegistrationStatusChange.id)
    ):
        history[(school_id, network_id)].append((effective_on, to_status))

    def status_on(key, day):
        current = None
        for effective_on, status in history.get(key, []):
            if effective_on <= day:
                current = status
        return current

    rows = db.session.execute(
        select(Attendance.school_id, Meeting.network_id, Meeting.starts_at, Meeting.status).join(
            Attendance.meeting
        )
    ).all()
    assert rows
    for school_id, network_id, starts_at, status in rows:
        assert status is MeetingStatus.held
        assert starts_at.date() < today()
        assert status_on((school_id, network_id), starts_at.date()) is RegistrationStatus.accepted


def test_anchors_meetings_and_hours_are_believable(scaled):
    """One or two anchors per network; no held meeting or hour entry in the future."""
    del scaled
    anchors = db.session.execute(
        select(network_anchor.c.network_id, func.count()).group_by(network_anchor.c.network_id)
    ).all()
    assert len(anchors) == count(Network)
    assert {n for _network, n in anchors} <= {1, 2}
    meetings = db.session.execute(select(Meeting.starts_at, Meeting.status)).all()
    assert all(
        status is not MeetingStatus.held or starts_at.date() < today()
        for starts_at, status in meetings
    )
    assert all(
        status not in (MeetingStatus.planned,) or starts_at.date() >= today()
        for starts_at, status in meetings
    )
    assert db.session.scalar(select(func.max(HourEntry.worked_on))) <= today()
    assert db.session.scalar(select(func.min(StaffAssignment.fte))) > 0


def test_refuses_a_database_with_data_unless_forced(ctx):
    """A non-empty database is refused; --force adds the data beside it, ids past the old ones."""
    school_id = make_school()
    with pytest.raises(ScaleRefused, match="bevat al gegevens"):
        load_scale(FACTOR, show_progress=False)
    assert count(School) == 1
    load_scale(FACTOR, show_progress=False, force=True)
    assert count(School) == 1 + scaled_counts(FACTOR)["school"]
    assert db.session.scalar(select(func.min(School.id)).where(School.id != school_id)) > school_id
    # The sequences were moved past the generated ids: the ORM can add rows again.
    highest = db.session.scalar(select(func.max(School.id)))
    assert make_school() == highest + 1


def test_command_prints_counts_and_refuses_a_second_run(app):
    """flask demo scale prints the rows per table and the time; a second run is refused."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "scale", "--factor", str(FACTOR), "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "registration_status_change" in result.output
    assert "Duur:" in result.output
    again = runner.invoke(args=["demo", "scale", "--factor", str(FACTOR)])
    assert again.exit_code == 1
    assert "bevat al gegevens" in again.output
    wrong = runner.invoke(args=["demo", "scale", "--factor", "0"])
    assert wrong.exit_code == 2


def test_generated_rows_are_searchable(scaled):
    """Every generated school, user and network carries its search text (COPY on PostgreSQL
    applies no Python default, so the generator gives it)."""
    from netwerk.auth.models import User
    from netwerk.searchtext import search_name_of

    for model, fields in (
        (School, ("name", "institution_number", "postcode", "municipality")),
        (User, ("name", "email")),
        (Network, ("name", "theme")),
    ):
        rows = db.session.execute(select(model.search_name, *(getattr(model, f) for f in fields)))
        for row in rows:
            assert row[0] == search_name_of(*row[1:]) != "", model


def test_every_network_has_its_opening_history(scaled):
    """The dated anchors, level and programme (issue 17) start with the network's current ones."""
    periods = db.session.execute(
        select(NetworkAnchorPeriod.network_id, NetworkAnchorPeriod.organisation_id)
    ).all()
    assert sorted(periods) == sorted(db.session.execute(select(network_anchor)).all())
    profiles = db.session.execute(
        select(NetworkProfileChange.network_id, NetworkProfileChange.level)
    ).all()
    assert sorted(profiles) == sorted(db.session.execute(select(Network.id, Network.level)).all())


def test_attendance_versions_are_the_attendance_of_held_meetings(scaled):
    """Every attendance row of a held meeting is one open version, on the meeting's day and
    network, recorded at the meeting's creation; there is no other version."""
    assert scaled.counts["attendance_version"] == scaled.counts["attendance"]
    rows = db.session.execute(
        select(
            Attendance.meeting_id,
            Meeting.network_id,
            Meeting.starts_at,
            Meeting.created_at,
            Attendance.school_id,
            Attendance.status,
        )
        .join(Attendance.meeting)
        .where(Meeting.status == MeetingStatus.held)
    ).all()
    versions = db.session.execute(
        select(
            AttendanceVersion.meeting_id,
            AttendanceVersion.network_id,
            AttendanceVersion.meeting_on,
            AttendanceVersion.recorded_at,
            AttendanceVersion.school_id,
            AttendanceVersion.status,
            AttendanceVersion.recorded_until,
        )
    ).all()
    expected = sorted((m, n, s.date(), c, sc, st, None) for m, n, s, c, sc, st in rows)
    assert rows
    assert sorted(tuple(v) for v in versions) == expected


def test_the_big_tables_keep_every_index_after_the_load(scaled):
    """load_scale builds the plain indexes of its big tables after the load (on PostgreSQL):
    every index of the models is there again, and the periods' GiST index too."""
    inspector = inspect(db.session.connection())
    for name in BIG_TABLES:
        table = db.metadata.tables[name]
        found = {index["name"] for index in inspector.get_indexes(name)}
        assert {index.name for index in table.indexes} <= found, name
    if db.session.get_bind().dialect.name == "postgresql":
        periods = {index["name"] for index in inspector.get_indexes("registration_status_period")}
        assert "ix_registration_status_period_period" in periods
