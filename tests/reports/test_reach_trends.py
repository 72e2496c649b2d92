"""Reach and trends against counts made by hand over the dataset (see conftest)."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.reports import queries
from netwerk.reports.params import ReportFilters, ReportParams, TrendsParams
from netwerk.reports.reach import reach_report
from netwerk.reports.trends import accepted_over_time, trends_report
from netwerk.schools.models import SchoolLevel
from netwerk.timeutil import SchoolYear
from tests.factories import make_user
from tests.reports.conftest import P


def _ministry() -> User:
    return db.session.get(User, make_user(role="ministry"))


def _lines(report) -> list[tuple]:
    return [
        (line.label, line.numerator, line.denominator, line.percentage) for line in report.years
    ]


def test_reach_of_secondary_schools_by_hand(ns):
    """Population: 12 secondary schools (3 anchors, S1..S9).

    2020-2021: accepted at some moment: S1, S2, S6, S8, S9 = 5 (S9 withdrew in August).
    2021-2022 up to P: S1, S2, S6, S8 were accepted on 1/9; S7 joined 15/9 and left 1/10 = 5.
    Cumulative up to P: S1, S2, S6, S7, S8, S9 = 6 (S3 only after P).
    """
    report = reach_report(
        _ministry(), ReportParams(P, "registered", ReportFilters(level=SchoolLevel.secundair))
    )
    assert report.population == 12
    assert _lines(report) == [
        ("2020-2021", 5, 12, Decimal("41.7")),
        ("2021-2022", 5, 12, Decimal("41.7")),
    ]
    assert report.years[1].ends_on == P  # the running year stops at the peildatum
    c = report.cumulative
    assert (c.numerator, c.denominator, c.percentage) == (6, 12, Decimal("50.0"))


def test_reach_of_primary_schools_and_participating_basis(ns):
    """Basis: 6 schools; B1 and B2 in 2020-2021, B1-B3 in 2021-2022. Participating: S1, S6, S8."""
    ministry = _ministry()
    basis = reach_report(
        ministry, ReportParams(P, "registered", ReportFilters(level=SchoolLevel.basis))
    )
    assert _lines(basis) == [
        ("2020-2021", 2, 6, Decimal("33.3")),
        ("2021-2022", 3, 6, Decimal("50.0")),
    ]
    part = reach_report(
        ministry, ReportParams(P, "participating", ReportFilters(level=SchoolLevel.secundair))
    )
    assert _lines(part) == [
        ("2020-2021", 0, 12, Decimal("0.0")),
        ("2021-2022", 3, 12, Decimal("25.0")),
    ]
    assert part.cumulative.numerator == 3


def test_reach_of_a_province_and_an_empty_population(ns):
    """Limburg has one school (S8), reached; an empty population has no percentage."""
    ministry = _ministry()
    from netwerk.schools.models import Province, Umbrella

    limburg = reach_report(
        ministry, ReportParams(P, "registered", ReportFilters(province=Province.limburg))
    )
    assert (limburg.cumulative.numerator, limburg.cumulative.denominator) == (1, 1)
    assert limburg.cumulative.percentage == Decimal("100.0")
    empty = reach_report(
        ministry,
        ReportParams(
            P, "registered", ReportFilters(province=Province.limburg, umbrella=Umbrella.ovsg)
        ),
    )
    assert empty.population == 0 and empty.cumulative.percentage is None


def test_trend_per_month_by_hand(ns):
    """Accepted registrations / distinct schools at month ends, from the first acceptance to P."""
    report = trends_report(_ministry(), TrendsParams(P, "registered", ReportFilters(), "month"))
    points = {p.on: (p.registrations, p.distinct_schools) for p in report.points}
    assert len(report.points) == 15 and report.points[0].on == date(2020, 9, 30)
    assert report.points[-1].on == P
    assert points[date(2020, 9, 30)] == (1, 1)  # B1 in N5
    # 30/6: N1 S1 S2, N2 S1 S6 S9, N4 B1 B2, N5 B1.
    assert points[date(2021, 6, 30)] == (8, 6)
    # 31/7: + N3 S6 S8.
    assert points[date(2021, 7, 31)] == (10, 7)
    # 30/9: S9 left (15/8), S7 joined (15/9), B1 left N5 on 30/9.
    assert points[date(2021, 9, 30)] == (9, 7)
    assert points[date(2021, 10, 31)] == (8, 6)  # S7 left on 1/10
    assert points[P] == (9, 7)  # B3 accepted 1/11: the participation report's totals


def test_trend_per_school_year_anchors_and_hours(ns):
    """End of each school year; schools per anchor on P; hours per school year up to P."""
    report = trends_report(_ministry(), TrendsParams(P, "registered", ReportFilters(), "year"))
    assert [(p.on, p.registrations, p.distinct_schools) for p in report.points] == [
        (date(2021, 8, 31), 9, 6),
        (P, 9, 7),
    ]
    assert {a.anchor_name: a.schools for a in report.anchors} == {
        "Sint-Jozef Humaniora Brugge": 3,  # S1, S2, S6 over N1 and N2
        "GO! Atheneum Geraardsbergen": 2,
        "Scholengemeenschap SO Leuven": 2,
        "VBS De Ark Heverlee": 3,
    }
    # 90 minutes in 2020-2021; 120 + 60 in 2021-2022; the 30 minutes of 20/11 are after P.
    assert [(h.school_year, h.minutes, h.hours) for h in report.hours] == [
        (SchoolYear(2020), 90, Decimal("1.5")),
        (SchoolYear(2021), 180, Decimal("3.0")),
    ]


def test_trends_for_a_coach_hold_own_networks_only(ns):
    """Coach 1 runs N1: S1, S2 on P; 90 minutes of hours."""
    coach = db.session.get(User, ns.coach1)
    report = trends_report(coach, TrendsParams(P, "registered", ReportFilters(), "year"))
    assert report.points[-1].registrations == 2
    assert [a.anchor_name for a in report.anchors] == ["Sint-Jozef Humaniora Brugge"]
    assert [h.minutes for h in report.hours] == [90]


def test_the_time_series_agrees_with_the_as_of_count_on_every_day(ns):
    """One pass over the history (the time series) gives, for every day from the first
    acceptance to P, the figures of that day's own as-of count (same-day moves included)."""
    first = db.session.scalar(queries.first_acceptance_on())
    days = [first + timedelta(days=n) for n in range((P - first).days + 1)]
    for filters in (ReportFilters(), ReportFilters(level=SchoolLevel.secundair)):
        series = {
            r.position: (r.registrations, r.distinct_schools)
            for r in db.session.execute(accepted_over_time(days, filters, None))
        }
        for i, day in enumerate(days):
            pairs = queries.filtered_pairs("registered", day, filters).subquery()
            expected = db.session.execute(
                select(func.count(), func.count(pairs.c.school_id.distinct()))
            ).one()
            assert series[i] == tuple(expected), day
