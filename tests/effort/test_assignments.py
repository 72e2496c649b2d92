"""Assignments: pro-rating over school years and periods, the rules, the over-1,0 warning."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.effort import fte, parsing, staff
from netwerk.effort.models import FundingSource, HourEntry, StaffAssignment, StaffRole
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.formatting import round_half_up
from netwerk.networks.models import Network
from netwerk.schools.models import School
from netwerk.timeutil import SchoolYear
from tests.effort.factories import make_assignment, make_hours
from tests.factories import make_network, make_school, make_user


def _assignment(fte, starts_on, ends_on=None) -> StaffAssignment:
    return StaffAssignment(fte=Decimal(fte), starts_on=starts_on, ends_on=ends_on)


def test_pro_rating_across_two_school_years():
    """An assignment from June 2023 to January 2024 counts in both school years by days."""
    a = _assignment("0.5", date(2023, 6, 1), date(2024, 1, 31))
    y1 = SchoolYear(2022)  # 2022-2023: 365 days, covered 1/6 - 31/8 = 92 days
    y2 = SchoolYear(2023)  # 2023-2024: 366 days (leap year), covered 1/9 - 31/1 = 153
    first = fte.fte_in_period(a, y1.starts_on, y1.ends_on)
    second = fte.fte_in_period(a, y2.starts_on, y2.ends_on)
    assert first == Decimal("0.5") * 92 / 365
    assert second == Decimal("0.5") * 153 / 366
    assert round_half_up(first, 3) == Decimal("0.126")
    assert round_half_up(second, 3) == Decimal("0.209")


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "period", "expected"),
    [
        # The whole of November: half-time all month.
        (date(2023, 9, 1), None, (date(2023, 11, 1), date(2023, 11, 30)), Decimal("0.5")),
        # Starts on 16 November: 15 of 30 days.
        (date(2023, 11, 16), None, (date(2023, 11, 1), date(2023, 11, 30)), Decimal("0.25")),
        # Ends mid-year: 1/9 - 31/12 is 122 of 366 days.
        (
            date(2023, 9, 1),
            date(2023, 12, 31),
            (date(2023, 9, 1), date(2024, 8, 31)),
            Decimal("0.5") * 122 / 366,
        ),
        # Not in the period at all.
        (date(2022, 9, 1), date(2023, 6, 30), (date(2023, 9, 1), date(2024, 8, 31)), 0),
        # One day.
        (
            date(2023, 11, 5),
            date(2023, 11, 5),
            (date(2023, 11, 5), date(2023, 11, 5)),
            1 / Decimal(2),
        ),
    ],
)
def test_pro_rating_of_partial_periods(starts_on, ends_on, period, expected):
    """fte x covered days / days in the period, exactly."""
    a = _assignment("0.5", starts_on, ends_on)
    assert fte.fte_in_period(a, *period) == expected


def _setup():
    admin = db.session.get(User, make_user(role="admin"))
    school = make_school()
    network = db.session.get(Network, make_network(anchor_ids=[school]))
    member = staff.ensure_staff_member(make_coach_user())
    return admin, network, db.session.get(School, school), member


def make_coach_user() -> User:
    """A coach user."""
    return db.session.get(User, make_user(role="coach", name="Koen Coach"))


def _data(network, fte="0,5", starts=date(2023, 9, 1), ends=None, **kw):
    return staff.AssignmentData(
        role=StaffRole.procescoach,
        fte=parsing.parse_fte(fte),
        funding_source=kw.pop("funding", FundingSource.projectsubsidie),
        starts_on=starts,
        ends_on=ends,
        network=network,
        **kw,
    )


def _count() -> int:
    return db.session.scalar(select(func.count(StaffAssignment.id)))


def test_save_assignment_and_the_rules(ctx):
    """An admin saves an assignment; end before start, two targets and non-admins are refused."""
    admin, network, school, member = _setup()
    saved = staff.save_assignment(admin, member, _data(network))
    assert saved.fte == Decimal("0.500") and saved.overload_confirmed_at is None
    with pytest.raises(DomainError, match="einddatum ligt voor de begindatum"):
        staff.save_assignment(
            admin, member, _data(network, starts=date(2024, 1, 1), ends=date(2023, 12, 31))
        )
    with pytest.raises(DomainError, match="precies één doel"):
        staff.save_assignment(admin, member, _data(network, anchor_school=school))
    with pytest.raises(NotAllowed):
        staff.save_assignment(member.user, member, _data(network))
    db.session.commit()
    assert _count() == 1


def test_over_one_fte_needs_a_confirmation(ctx):
    """0,6 + 0,5 on the same days warns; nothing is stored until an admin confirms."""
    admin, network, _school, member = _setup()
    make_assignment(member.id, "0.6", date(2023, 9, 1), network_id=network.id)
    data = _data(network, "0,5", date(2024, 1, 1), date(2024, 3, 31))
    with pytest.raises(staff.OverloadWarning) as info:
        staff.save_assignment(admin, member, data)
    assert info.value.day == date(2024, 1, 1)
    assert info.value.total == Decimal("1.1")
    assert "1,100 VTE" in info.value.message and "01/01/2024" in info.value.message
    db.session.rollback()
    assert _count() == 1
    saved = staff.save_assignment(admin, member, data, confirm_overload=True)
    db.session.commit()
    assert _count() == 2
    assert saved.overload_confirmed_by_id == admin.id
    assert saved.overload_confirmed_at is not None


def test_back_to_back_and_edited_assignments_do_not_warn(ctx):
    """An assignment ending the day before another starts, or an edit of itself, is not overload."""
    admin, network, _school, member = _setup()
    first = make_assignment(
        member.id, "0.8", date(2023, 9, 1), date(2023, 12, 31), network_id=network.id
    )
    staff.save_assignment(admin, member, _data(network, "0,8", date(2024, 1, 1)))
    edited = db.session.get(StaffAssignment, first)
    staff.save_assignment(
        admin, member, _data(network, "1", date(2023, 9, 1), date(2023, 12, 31)), edited
    )
    db.session.commit()
    assert db.session.get(StaffAssignment, first).fte == Decimal("1.000")


def test_peak_load_finds_the_worst_day(ctx):
    """Three overlapping assignments: the peak is where all three run."""
    _admin, network, _school, member = _setup()
    make_assignment(member.id, "0.5", date(2023, 9, 1), network_id=network.id)
    make_assignment(member.id, "0.4", date(2023, 10, 1), date(2023, 10, 31), network_id=network.id)
    make_assignment(member.id, "0.3", date(2023, 10, 15), date(2023, 11, 30), network_id=network.id)
    assert staff.peak_load(member.id, None, None) == (date(2023, 10, 15), Decimal("1.2"))


def test_anchor_school_target_must_anchor_a_network(ctx):
    """An assignment 'to an anchor' needs an organisation that anchors a network."""
    admin, network, _school, member = _setup()
    other = db.session.get(School, make_school())
    with pytest.raises(DomainError, match="van geen enkel netwerk het anker"):
        staff.save_assignment(admin, member, _data(None, anchor_school=other))
    del network


def test_planned_effort_upserts_and_checks_earmarked(ctx):
    """Planned FTE per network and year is one line; earmarked above planned is refused."""
    admin, network, _school, _member = _setup()
    staff.save_planned_effort(admin, "2023-2024", Decimal("1"), Decimal("0.4"), network=network)
    row = staff.save_planned_effort(
        admin, "2023-2024", Decimal("2.275"), Decimal("1"), network=network
    )
    db.session.commit()
    assert [r.id for r in staff.planned_efforts("2023-2024")] == [row.id]
    assert row.planned_fte == Decimal("2.275")
    with pytest.raises(DomainError, match="gekleurde deel"):
        staff.save_planned_effort(admin, "2023-2024", Decimal("1"), Decimal("2"), network=network)
    with pytest.raises(DomainError, match="Ongeldig schooljaar"):
        staff.save_planned_effort(admin, "2023", Decimal("1"), Decimal("0"), network=network)


def test_delete_staff_member_only_without_hours(ctx):
    """A staff member with logged hours stays; without hours they go with their assignments."""
    admin, network, _school, member = _setup()
    make_assignment(member.id, "0.5", date(2023, 9, 1), network_id=network.id)
    entry = make_hours(member.id, network.id, date(2023, 10, 2), 60)
    with pytest.raises(DomainError, match="1 urenregistratie:"):
        staff.delete_staff_member(admin, member)
    db.session.delete(db.session.get(HourEntry, entry))
    staff.delete_staff_member(admin, member)
    db.session.commit()
    assert _count() == 0
