"""The status periods never disagree with the history they are cut from (issue 19, part 1).

Random moves through the services (decisions, withdrawals with waiting-list promotions, re-joins,
backdated moves): after every move the stored periods equal a rebuild from the history, and on
many days the registrations in each status, and the reports known now (periods) and known at a
moment after every recording (history), give the same figures.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, insert, literal_column, select
from sqlalchemy.exc import IntegrityError

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import registrations
from netwerk.networks.history import history_with_status_on, periods_with_status_on
from netwerk.networks.models import (
    Network,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
    RegistrationStatusPeriod,
)
from netwerk.networks.status_periods import periods_from_history, rebuild_periods
from netwerk.reports.params import ReportFilters, ReportParams
from netwerk.reports.participation import participation_report
from netwerk.reports.reach import reach_report
from netwerk.reports.trends import accepted_over_time
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.factories import make_network, make_school, make_user

S = RegistrationStatus
# Known at a moment after every recording: the history path, with every change in it.
AFTER_ALL = datetime(2999, 1, 1, tzinfo=UTC)
MOVES = ("register", S.accepted, S.waitlisted, S.declined, S.withdrawn, S.accepted)
# (what, which school, days after the previous move it takes effect: 0 = the same day). The moves
# start 40 days ago, so most are backdated; now and then one goes back further (refused when it
# is before the registration's previous change, taken for a new registration).
MOVE = st.tuples(st.sampled_from(MOVES), st.integers(0, 3), st.sampled_from((0, 0, 1, 3, 7, -20)))
START_BACK = 40
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _plain(rows) -> list[tuple]:
    """Rows as tuples with the status's value, sorted (enums do not order)."""
    return sorted((r[0], r[1], r[2], r[3].value, *r[4:]) for r in rows)


def stored_periods() -> list[tuple]:
    """Every stored period, as plain tuples in a fixed order."""
    p = RegistrationStatusPeriod
    rows = db.session.execute(
        select(p.registration_id, p.school_id, p.network_id, p.status, p.valid_from, p.valid_until)
    )
    return _plain(rows)


def rebuilt_periods() -> list[tuple]:
    """The periods the history gives now, in the same order."""
    return _plain(db.session.execute(periods_from_history()))


def _latest(school_id: int, network_id: int) -> Registration | None:
    rid = registrations.latest_registration_id(school_id, network_id)
    return db.session.get(Registration, rid) if rid is not None else None


def _move(admin: User, network: Network, school: School, what, day: date) -> None:
    """One move as an admin would make it; a refused one (DomainError) is rolled back."""
    reason = "op papier ingediend" if day < today() else ""
    try:
        if what == "register":
            registrations.register_school(admin, network, school, effective_on=day, reason=reason)
        else:
            registration = _latest(school.id, network.id)
            if registration is None:
                return
            registrations.transition(admin, registration, what, effective_on=day, reason=reason)
    except DomainError:
        db.session.rollback()
    else:
        db.session.commit()


def _play(admin: User, network_id: int, school_ids: list[int], moves, check=None) -> None:
    """Register every school 40 days ago, then make the moves one after the other in time."""
    day = today() - timedelta(days=START_BACK)
    for what, which, step in [("register", i, 0) for i in range(len(school_ids))] + moves:
        day = min(day + timedelta(days=step), today())
        network = db.session.get(Network, network_id)
        _move(admin, network, db.session.get(School, school_ids[which]), what, day)
        if check is not None:
            check()


def _same_on_every_day(network_id: int) -> None:
    """Per day and status: the registrations from the periods are those from the history."""
    for back in range(0, 45, 2):
        day = today() - timedelta(days=back)
        for status in S:
            held = periods_with_status_on(day, status).where(
                RegistrationStatusPeriod.network_id == network_id
            )
            known = history_with_status_on(day, status, known_at=AFTER_ALL.replace(tzinfo=None))
            known = known.where(Registration.network_id == network_id)
            from_periods = sorted(tuple(r) for r in db.session.execute(held))
            from_history = sorted(tuple(r) for r in db.session.execute(known))
            assert from_periods == from_history, (day, status)


@SETTINGS
@given(moves=st.lists(MOVE, min_size=1, max_size=10))
def test_after_random_moves_the_periods_are_the_history(ctx, moves):
    """Random moves, re-joins and backdated moves: periods == rebuild after each; same rows on
    every day in every status."""
    admin = db.session.get(User, make_user(role="admin"))
    network_id = make_network(capacity=2)
    school_ids = [make_school() for _ in range(4)]

    def check() -> None:
        assert stored_periods() == rebuilt_periods()

    _play(admin, network_id, school_ids, moves, check)
    held = {p[3] for p in stored_periods() if p[2] == network_id}
    event(f"statuses held: {', '.join(sorted(held)) or 'none'}")  # --hypothesis-show-statistics
    _same_on_every_day(network_id)


def _figures(day: date, ministry: User, known_at: datetime | None) -> tuple:
    """The figures of the participation and reach reports and the trend on day."""
    params = ReportParams(day, known_at=known_at)
    report = participation_report(ministry, params)
    rows = sorted((r.network_id, r.count) for r in report.rows)
    reach = reach_report(ministry, params)
    points = [day - timedelta(days=n) for n in (40, 20, 5, 0)]
    naive = known_at.astimezone(UTC).replace(tzinfo=None) if known_at else None
    trend = db.session.execute(accepted_over_time(points, ReportFilters(), None, naive)).all()
    return (
        report.registrations,
        report.distinct_schools,
        rows,
        [(line.numerator, line.denominator) for line in reach.years],
        reach.cumulative.numerator,
        [tuple(r) for r in trend],
    )


@SETTINGS
@given(moves=st.lists(MOVE, min_size=1, max_size=10))
def test_reports_known_now_equal_the_history_known_after_every_change(ctx, moves):
    """Participation, reach and the trend known now (periods) equal the same reports known at a
    moment after every recording (history), figure for figure."""
    admin = db.session.get(User, make_user(role="admin"))
    ministry = db.session.get(User, make_user(role="ministry"))
    network_id = make_network(capacity=2)
    school_ids = [make_school() for _ in range(4)]
    _play(admin, network_id, school_ids, moves)
    for back in (0, 2, 11, 31):
        day = today() - timedelta(days=back)
        assert _figures(day, ministry, None) == _figures(day, ministry, AFTER_ALL), day


def _registration_with(*moves: tuple[S, date]) -> int:
    """A registration with these (status, effective_on) moves, written through the ORM."""
    registration = Registration(school_id=make_school(), network_id=make_network())
    for status, day in moves:
        registration.status_changes.append(
            RegistrationStatusChange(to_status=status, effective_on=day)
        )
    registration.status = moves[-1][0]
    db.session.add(registration)
    db.session.commit()
    return registration.id


def test_a_change_superseded_on_its_own_day_has_no_period(ctx):
    """Submitted and accepted on one day, withdrawn later: two periods, the last one open."""
    rid = _registration_with(
        (S.submitted, date(2021, 9, 1)),
        (S.accepted, date(2021, 9, 1)),
        (S.withdrawn, date(2022, 1, 15)),
    )
    periods = [p for p in stored_periods() if p[0] == rid]
    assert [(p[3], p[4], p[5]) for p in periods] == [
        ("accepted", date(2021, 9, 1), date(2022, 1, 15)),
        ("withdrawn", date(2022, 1, 15), None),
    ]


def test_deleting_a_registration_takes_its_periods(ctx):
    """The periods go with their registration (and its history)."""
    rid = _registration_with((S.submitted, date(2021, 9, 1)), (S.accepted, date(2021, 9, 3)))
    db.session.delete(db.session.get(Registration, rid))
    db.session.commit()
    assert [p for p in stored_periods() if p[0] == rid] == []


def test_the_database_refuses_an_empty_or_overlapping_period(ctx):
    """No empty period on either backend; on PostgreSQL no two overlapping periods of one
    registration (the exclusion constraint over the daterange)."""
    rid = _registration_with((S.submitted, date(2021, 9, 1)))
    reg = db.session.get(Registration, rid)
    row = {"registration_id": rid, "school_id": reg.school_id, "network_id": reg.network_id}
    period = RegistrationStatusPeriod.__table__
    with pytest.raises(IntegrityError):
        db.session.execute(
            insert(period).values(
                **row, status="accepted", valid_from=date(2021, 9, 5), valid_until=date(2021, 9, 5)
            )
        )
    db.session.rollback()
    overlapping = insert(period).values(**row, status="accepted", valid_from=date(2021, 10, 1))
    if db.engine.dialect.name == "postgresql":
        with pytest.raises(IntegrityError):
            db.session.execute(overlapping)
        db.session.rollback()
        # The generated daterange answers "held on D" with the period it was built from.
        held = db.session.scalar(
            select(func.count())
            .select_from(period)
            .where(
                period.c.registration_id == rid,
                literal_column("period").op("@>")(date(2021, 12, 1)),
            )
        )
        assert held == 1


def test_rebuild_periods_repairs_a_table_that_drifted(ctx, app):
    """`flask reports rebuild-periods` puts back what the history says, whatever the table held."""
    _registration_with((S.submitted, date(2021, 9, 1)), (S.accepted, date(2021, 9, 3)))
    rid = _registration_with((S.submitted, date(2021, 9, 2)), (S.declined, date(2021, 9, 9)))
    expected = rebuilt_periods()
    period = RegistrationStatusPeriod.__table__
    db.session.execute(delete(period).where(period.c.registration_id == rid))
    db.session.commit()
    assert stored_periods() != expected
    result = app.test_cli_runner().invoke(args=["reports", "rebuild-periods"])
    assert result.exit_code == 0, result.output
    assert f"{len(expected)} statusperiode(s)" in result.output
    db.session.expire_all()
    assert stored_periods() == expected
    # And the function the loaders call gives the same, for some registrations or all.
    assert rebuild_periods(db.session.connection(), [rid]) == 2  # submitted, declined
    assert stored_periods() == expected
