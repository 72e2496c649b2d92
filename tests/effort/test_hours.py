"""Hours: who may log, closed months, the 24-hour day, logging from a meeting, hours per FTE."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.effort import fte, hours, staff
from netwerk.effort.models import Activity, HourEntry, SchoolYearSetting, StaffMember
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.meetings.models import Meeting, MeetingStatus
from netwerk.networks.models import Network
from netwerk.timeutil import today
from tests.effort.factories import make_hours, make_meeting, make_staff
from tests.factories import make_network, make_user


@pytest.fixture
def people(ctx):
    """An admin, a coach running one network, another coach, and the coach's network."""
    coach = make_user(role="coach", name="Koen Coach", email="koen@test.be")
    other = make_user(role="coach", name="Charlotte Coach")
    network = make_network(coach_ids=[coach])
    foreign = make_network(coach_ids=[other])
    return {
        "admin": db.session.get(User, make_user(role="admin")),
        "coach": db.session.get(User, coach),
        "other": db.session.get(User, other),
        "network": db.session.get(Network, network),
        "foreign": db.session.get(Network, foreign),
    }


def _data(network, day=date(2024, 3, 5), minutes=90, **kw) -> hours.HourData:
    return hours.HourData(
        worked_on=day,
        minutes=minutes,
        activity=kw.pop("activity", Activity.voorbereiding),
        network=network,
        **kw,
    )


def _entries() -> int:
    return db.session.scalar(select(func.count(HourEntry.id)))


def test_coach_gets_a_staff_member_on_first_use(people):
    """A coach's staff member is created from the user's name, once."""
    coach = people["coach"]
    assert staff.staff_member_of(coach) is None
    member = staff.ensure_staff_member(coach)
    assert (member.name, member.email, member.user_id) == ("Koen Coach", "koen@test.be", coach.id)
    assert staff.ensure_staff_member(coach).id == member.id
    assert db.session.scalar(select(func.count(StaffMember.id))) == 1


@pytest.mark.parametrize(
    ("actor", "whose", "network", "allowed"),
    [
        ("coach", "coach", "network", True),
        ("coach", "coach", "foreign", False),  # not their network
        ("coach", "other", "foreign", False),  # someone else's hours
        ("other", "coach", "network", False),
        ("admin", "coach", "network", True),
        ("admin", "other", "network", True),  # admins log for anyone, on any network
    ],
)
def test_who_may_log_hours(people, actor, whose, network, allowed):
    """A coach logs only their own hours on networks they run; an admin logs for anyone."""
    member = staff.ensure_staff_member(people[whose])
    if allowed:
        hours.create_hour_entry(people[actor], member, _data(people[network]))
        assert _entries() == 1
    else:
        with pytest.raises(NotAllowed):
            hours.create_hour_entry(people[actor], member, _data(people[network]))
        assert _entries() == 0


def test_ministry_and_school_users_cannot_log(people):
    """Ministry and school users are refused by the service too."""
    member = staff.ensure_staff_member(people["coach"])
    for role in ("ministry", "school"):
        user = db.session.get(User, make_user(role=role))
        with pytest.raises(NotAllowed):
            hours.create_hour_entry(user, member, _data(people["network"]))


def test_closed_month_refuses_create_edit_and_delete(people):
    """After closing March 2024, no entry dated in March can be added, changed or removed."""
    admin, coach = people["admin"], people["coach"]
    member = staff.ensure_staff_member(coach)
    march = hours.create_hour_entry(coach, member, _data(people["network"], date(2024, 3, 5)))
    april = hours.create_hour_entry(coach, member, _data(people["network"], date(2024, 4, 2)))
    hours.close_month(admin, date(2024, 3, 17))
    db.session.commit()
    assert hours.is_month_closed(date(2024, 3, 31)) and not hours.is_month_closed(date(2024, 4, 1))
    with pytest.raises(DomainError, match="03/2024 is afgesloten"):
        hours.create_hour_entry(coach, member, _data(people["network"], date(2024, 3, 6)))
    with pytest.raises(DomainError, match="afgesloten"):
        hours.update_hour_entry(coach, march, _data(people["network"], date(2024, 3, 5), 30))
    with pytest.raises(DomainError, match="afgesloten"):  # moving an April entry into March
        hours.update_hour_entry(coach, april, _data(people["network"], date(2024, 3, 5)))
    with pytest.raises(DomainError, match="afgesloten"):
        hours.delete_hour_entry(admin, march)
    db.session.rollback()
    assert db.session.get(HourEntry, march.id).minutes == 90
    assert db.session.get(HourEntry, april.id).worked_on == date(2024, 4, 2)
    with pytest.raises(NotAllowed):
        hours.reopen_month(coach, date(2024, 3, 1))
    hours.reopen_month(admin, date(2024, 3, 1))
    hours.delete_hour_entry(coach, db.session.get(HourEntry, march.id))
    assert _entries() == 1


def test_closing_rules(people):
    """Only admins close; a future month or a closed month cannot be closed (again)."""
    admin = people["admin"]
    with pytest.raises(NotAllowed):
        hours.close_month(people["coach"], date(2024, 1, 1))
    hours.close_month(admin, date(2024, 1, 1))
    with pytest.raises(DomainError, match="al afgesloten"):
        hours.close_month(admin, date(2024, 1, 31))
    with pytest.raises(DomainError, match="toekomst"):
        hours.close_month(admin, today() + timedelta(days=40))
    assert hours.parse_month("11/2024") == date(2024, 11, 1)
    assert hours.parse_month("2024-11") == date(2024, 11, 1)
    with pytest.raises(DomainError, match="Ongeldige maand"):
        hours.parse_month("november")


def test_absurd_hours_are_refused(people):
    """More than 24 hours on one day, a future date, a meeting of another network."""
    coach = people["coach"]
    member = staff.ensure_staff_member(coach)
    hours.create_hour_entry(coach, member, _data(people["network"], minutes=1000))
    with pytest.raises(DomainError, match="meer dan 24 uur"):
        hours.create_hour_entry(coach, member, _data(people["network"], minutes=500))
    with pytest.raises(DomainError, match="toekomst"):
        hours.create_hour_entry(
            coach, member, _data(people["network"], today() + timedelta(days=1))
        )
    meeting = db.session.get(Meeting, make_meeting(people["foreign"].id, datetime(2024, 3, 5, 14)))
    with pytest.raises(DomainError, match="hoort niet bij dit netwerk"):
        hours.create_hour_entry(coach, member, _data(people["network"], meeting=meeting))
    assert _entries() == 1


def test_log_from_a_held_meeting(people):
    """A held meeting pre-fills date, duration, network and meeting; only for its coaches."""
    held = db.session.get(
        Meeting, make_meeting(people["network"].id, datetime(2024, 3, 12, 19, 30), 150)
    )
    prefill = hours.prefill_from_meeting(people["coach"], held)
    assert prefill == {
        "worked_on": date(2024, 3, 12),
        "minutes": 150,
        "network_id": people["network"].id,
        "meeting_id": held.id,
        "activity": Activity.bijeenkomst,
    }
    with pytest.raises(NotAllowed):
        hours.prefill_from_meeting(people["other"], held)
    cancelled = db.session.get(
        Meeting,
        make_meeting(
            people["network"].id, datetime(2024, 3, 19, 19), status=MeetingStatus.cancelled
        ),
    )
    with pytest.raises(DomainError, match="gehouden bijeenkomst"):
        hours.prefill_from_meeting(people["coach"], cancelled)


def test_week_totals(people):
    """The week runs Monday to Sunday; totals per day and week come from SQL."""
    member = db.session.get(StaffMember, make_staff("Els", user_id=people["coach"].id))
    network = people["network"].id
    make_hours(member.id, network, date(2024, 3, 4), 60)  # Monday
    make_hours(member.id, network, date(2024, 3, 4), 45)
    make_hours(member.id, network, date(2024, 3, 10), 30)  # Sunday
    make_hours(member.id, network, date(2024, 3, 11), 999)  # next Monday
    week = hours.week_of(member, date(2024, 3, 7))
    assert week.monday == date(2024, 3, 4) and week.days[-1] == date(2024, 3, 10)
    assert week.per_day[date(2024, 3, 4)] == 105 and week.per_day[date(2024, 3, 10)] == 30
    assert week.total == 135 and len(week.entries) == 3


def test_hours_per_fte_per_school_year(people, app):
    """The setting per school year, the default otherwise, and the conversions."""
    admin = people["admin"]
    assert fte.hours_per_fte("2023-2024") == Decimal(app.config["DEFAULT_HOURS_PER_FTE"])
    fte.set_hours_per_fte(admin, "2023-2024", Decimal("1500"))
    fte.set_hours_per_fte(admin, "2024-2025", Decimal("1560,5".replace(",", ".")))
    fte.set_hours_per_fte(admin, "2023-2024", Decimal("1400"))  # overwrite, not a second row
    db.session.commit()
    assert db.session.scalar(select(func.count(SchoolYearSetting.id))) == 2
    assert fte.hours_per_fte("2023-2024") == Decimal("1400")
    assert fte.hours_per_fte("2024-2025") == Decimal("1560.5")
    assert fte.hours_per_fte("2025-2026") == Decimal("1600")
    assert fte.hours_to_fte(700 * 60, "2023-2024") == Decimal("0.5")
    assert fte.fte_to_hours(Decimal("0.5"), "2024-2025") == Decimal("780.25")
    with pytest.raises(NotAllowed):
        fte.set_hours_per_fte(people["coach"], "2023-2024", Decimal("1"))
    with pytest.raises(DomainError, match="tussen 1 en 3.000"):
        fte.set_hours_per_fte(admin, "2023-2024", Decimal("0"))
