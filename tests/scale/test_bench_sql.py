"""The bench's hand-written SQL gives the reports' figures, on generated data and on edge cases.

bench/reports.py times every report against one raw query; these tests make sure each query
computes what the app computes (on SQLite and on PostgreSQL), and that a wrong one is caught.
"""

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from bench.measure import bench_app, login
from bench.report_checks import (
    Disagreement,
    check_effort,
    check_participation,
    check_reach,
    compare,
    participation_from_api,
    participation_from_report,
    participation_from_sql,
)
from bench.report_sql import PARTICIPATION_SQL, participation_sql_params, run_sql
from bench.reports import report_timings, to_row
from netwerk.auth.models import User
from netwerk.auth.services import create_api_token
from netwerk.demo.scale.context import SCALE_MINISTRY_EMAIL
from netwerk.demo.scale.load import load_scale
from netwerk.demo.users import DEMO_PASSWORD
from netwerk.extensions import db
from netwerk.networks.models import (
    Network,
    NetworkAnchorPeriod,
    RegistrationStatusPeriod,
    network_anchor,
)
from netwerk.networks.status_periods import periods_from_history
from netwerk.reports.params import REGISTERED, ReportFilters, ReportParams
from netwerk.reports.participation import participation_report
from netwerk.timeutil import SchoolYear, today
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.factories import (
    make_network,
    make_programme,
    make_registration,
    make_school,
    make_user,
)
from tests.scale.conftest import extra_database

FACTOR = 0.02


@pytest.fixture(scope="module")
def scaled_app(tmp_path_factory):
    """An app (as the bench makes one) on a database of its own with factor 0.02, loaded once."""
    with extra_database(tmp_path_factory, "benchsql") as url:
        app = bench_app(url)
        with app.app_context():
            db.create_all()
            load_scale(FACTOR, seed=11, show_progress=False)
            db.session.remove()
        yield app
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def ministry(scaled_app):
    """The scale data's ministry user, in an app context on the scaled database."""
    with scaled_app.app_context():
        yield db.session.scalar(select(User).where(User.email == SCALE_MINISTRY_EMAIL))
        db.session.rollback()


def test_the_generated_data_has_what_the_rules_are_about(ministry):
    """Two-anchor networks and schools in several networks, so the checks below mean something."""
    anchors = func.count(network_anchor.c.organisation_id)
    shared = db.session.scalars(
        select(network_anchor.c.network_id)
        .group_by(network_anchor.c.network_id)
        .having(anchors > 1)
    ).all()
    assert shared
    figures = check_participation(ministry, today())
    assert any(key[0] == "count" and key[2] in shared for key in figures)
    assert figures[("registrations", "all")] > figures[("distinct_schools", "all")] > 0


def test_the_scale_loader_writes_the_periods_of_its_history(ministry):
    """The loader's COPY bypasses the flush that keeps the status periods: it builds them itself,
    equal to a rebuild from the history it wrote."""
    period = RegistrationStatusPeriod
    stored = db.session.execute(
        select(
            period.registration_id,
            period.school_id,
            period.network_id,
            period.status,
            period.valid_from,
            period.valid_until,
        ).order_by(period.registration_id, period.valid_from)
    ).all()
    rebuilt = sorted(db.session.execute(periods_from_history()).all(), key=lambda r: (r[0], r[4]))
    assert stored and [tuple(r) for r in stored] == [tuple(r) for r in rebuilt]


@pytest.mark.parametrize("days_ago", [0, 200, 700, 1500])
def test_participation_sql_gives_the_report(ministry, days_ago):
    """Per anchor school x network x level and the level totals, today and on past dates."""
    check_participation(ministry, today() - timedelta(days=days_ago))


@pytest.mark.parametrize("days_ago", [0, 200, 1500, 5000])
def test_reach_sql_gives_the_report(ministry, days_ago):
    """Population, cumulative and per school year; also before the first acceptance."""
    figures = check_reach(ministry, today() - timedelta(days=days_ago))
    assert figures[("population",)] > 0


@pytest.mark.parametrize("years_back", [0, 1, 3, 8])
def test_effort_sql_gives_the_report(ministry, years_back):
    """Planned, earmarked, realised FTE and hours per anchor school and in total."""
    year = SchoolYear(SchoolYear.of(today()).start_year - years_back)
    figures = check_effort(ministry, year)
    if years_back <= 3:
        assert figures[("realised_fte", "total", None)] > 0
        assert figures[("hours", "total", None)] > 0


def test_a_wrong_query_is_caught(ministry):
    """Figures of another peildatum do not pass for today's: the message names a difference."""
    report = participation_report(ministry, ReportParams(today(), REGISTERED, ReportFilters()))
    earlier = participation_sql_params(today() - timedelta(days=700))
    with pytest.raises(Disagreement, match="participation: the app and the hand-written SQL"):
        compare(
            "participation",
            participation_from_report(report),
            participation_from_sql(run_sql(PARTICIPATION_SQL, earlier)),
        )


def test_the_api_gives_the_sql_figures(scaled_app):
    """GET /api/v1/reports/participation as the ministry: the same figures as the raw SQL."""
    with scaled_app.app_context():
        user = db.session.scalar(select(User).where(User.email == SCALE_MINISTRY_EMAIL))
        token = create_api_token(user)
        db.session.commit()
        expected = participation_from_sql(
            run_sql(PARTICIPATION_SQL, participation_sql_params(today()))
        )
    client = scaled_app.test_client()
    response = client.get(
        "/api/v1/reports/participation", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    compare("API", participation_from_api(response.get_json()), expected)


def test_report_timings_run_end_to_end(scaled_app):
    """The bench's measurement runs on this database: five lines, each with its ratio."""
    client = scaled_app.test_client()
    login(client, SCALE_MINISTRY_EMAIL, DEMO_PASSWORD)
    rows = [to_row(t) for t in report_timings(scaled_app, client, repeat=1, warmup=0)]
    assert [r.measurement.split(" (")[0] for r in rows] == [
        "Participation report, page",
        "Participation report, API",
        "Effort report, page",
        "Effort report, API",
        "Reach report, page",
    ]
    assert all("x" in r.value and "service alone" in r.note for r in rows)
    assert rows[0].target.startswith("within 2x of raw SQL")


def test_edge_cases_by_hand(ctx):
    """Two anchors, a school in two networks, same-day moves, half-way rounding, no anchors."""
    as_of = today()
    past = as_of - timedelta(days=400)
    year = SchoolYear.of(as_of)
    ministry = db.session.get(User, make_user(role="ministry"))
    a1, a2 = make_school(level="basis"), make_school(level="basis")
    programme = make_programme()
    shared = make_network(anchor_ids=[a1, a2], programme_id=programme, level="basis")
    single = make_network(anchor_ids=[a1], programme_id=programme, level="basis")
    orphan = make_network(programme_id=programme)
    # A network that never had an anchor: neither now nor in its dated history.
    db.session.get(Network, orphan).anchors = []
    db.session.execute(delete(NetworkAnchorPeriod).where(NetworkAnchorPeriod.network_id == orphan))
    db.session.commit()
    s1, s2, s3 = make_school(level="basis"), make_school(), make_school(level="basis")
    both = [("submitted", past), ("accepted", past)]
    make_registration(school_id=s1, network_id=shared, history=both)
    make_registration(school_id=s1, network_id=single, history=both)
    make_registration(school_id=s2, network_id=shared, history=[*both, ("withdrawn", as_of)])
    make_registration(
        school_id=s3,
        network_id=single,
        history=[("submitted", past), ("accepted", past), ("withdrawn", past)],
    )
    # Counted in the level totals, under no anchor school.
    make_registration(school_id=s3, network_id=orphan, history=both)
    # Withdrawn on the first day of the school year: not reached in it.
    s4, s5 = make_school(level="basis"), make_school(level="basis")
    make_registration(
        school_id=s4, network_id=single, history=[*both, ("withdrawn", year.starts_on)]
    )
    # Accepted and withdrawn on that first day: reached in it (a change to accepted in the year).
    make_registration(
        school_id=s5,
        network_id=single,
        history=[("submitted", past), ("accepted", year.starts_on), ("withdrawn", year.starts_on)],
    )
    staff = make_staff()
    make_planned(str(year), "0.125", "0.125", network_id=shared)  # 0,0625 per anchor
    make_planned(str(year), "0.5", "0.25", programme_id=programme)
    make_planned(str(year), "0.3", network_id=orphan)
    make_assignment(
        staff, "0.333", year.starts_on, year.starts_on + timedelta(days=99), network_id=shared
    )
    make_assignment(staff, "0.2", year.starts_on - timedelta(days=30), anchor_school_id=a1)
    make_assignment(staff, "0.1", year.starts_on, programme_id=programme)
    make_assignment(staff, "0.05", year.starts_on, network_id=orphan)
    make_hours(staff, shared, year.starts_on, 45)  # 22,5 minutes per anchor
    make_hours(staff, single, year.starts_on - timedelta(days=1), 60)  # the year before
    make_hours(staff, orphan, year.starts_on + timedelta(days=3), 30)

    today_figures = check_participation(ministry, as_of)
    # s1 twice, s3 in the network without anchors; s2 withdrew today.
    assert today_figures[("registrations", "basis")] == 3
    assert today_figures[("distinct_schools", "basis")] == 2
    past_figures = check_participation(ministry, past)
    assert past_figures[("registrations", "secundair")] == 1  # s2, before it withdrew
    reach = check_reach(ministry, as_of)
    # s1, s2, s3 (through the network without anchors) and s5; not s4.
    assert reach[("year", year.starts_on)] == 4
    check_reach(ministry, past)
    effort = check_effort(ministry, year)
    assert ("planned_fte", "unattributed", None) in effort
    assert ("planned_fte", "programme_wide", programme) in effort
