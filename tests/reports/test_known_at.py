"""Two dates on every report: the peildatum (as_of) and the stand van de gegevens (known_at)."""

import csv
import io
import random
import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import openpyxl
import pytest
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.history import accepted_on
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.reports.params import (
    ListParams,
    ReportFilters,
    ReportParams,
    TrendsParams,
    known_at_utc,
    parse_known_at,
    parse_params,
    resolved_known_at,
)
from netwerk.reports.participation import participation_report
from netwerk.reports.queries import filtered_pairs
from netwerk.reports.reach import reach_report
from netwerk.reports.school_lists import participation_list
from netwerk.reports.trends import accepted_over_time, trends_report
from netwerk.timeutil import BRUSSELS
from tests.factories import make_user
from tests.reports.conftest import P
from tests.reports.factories import add_network, add_programme, add_school, make_token

# The end of 19/11/2021 in Brussels (CET, +01:00).
END_OF_P = datetime(2021, 11, 19, 23, 59, 59, 999999, tzinfo=BRUSSELS)
END_UTC = datetime(2021, 11, 19, 22, 59, 59, 999999)


def add_history(school_id: int, network_id: int, *moves: tuple[str, date, datetime]) -> int:
    """A registration with [(status, effective_on, recorded_at naive UTC), ...] (flushed)."""
    registration = Registration(school_id=school_id, network_id=network_id)
    previous = None
    for status, effective_on, recorded_at in moves:
        status = RegistrationStatus(status)
        registration.status_changes.append(
            RegistrationStatusChange(
                from_status=previous,
                to_status=status,
                effective_on=effective_on,
                recorded_at=recorded_at,
            )
        )
        previous = status
    registration.status = previous
    db.session.add(registration)
    db.session.flush()
    return registration.id


def _user(role: str) -> User:
    return db.session.get(User, make_user(role=role))


# --- parsing -------------------------------------------------------------------------------------


def test_a_date_is_the_end_of_that_day_in_brussels(rctx):
    """2021-11-19 (or 19/11/2021) is 19/11/2021 23:59:59.999999 Brussels time."""
    assert parse_known_at("2021-11-19") == END_OF_P
    assert parse_known_at("19/11/2021") == END_OF_P
    assert parse_known_at("2021-11-19").utcoffset() == timedelta(hours=1)
    # Summer time: +02:00.
    assert parse_known_at("2021-06-30").utcoffset() == timedelta(hours=2)


def test_todays_date_means_now(rctx):
    """Today's date is not the end of today (in the future) but now."""
    before = datetime.now(BRUSSELS)
    moment = parse_known_at(before.date().isoformat())
    assert before <= moment <= datetime.now(BRUSSELS)


def test_a_date_time_keeps_its_offset(rctx):
    """An RFC 3339 date-time with an offset or Z, as given."""
    moment = parse_known_at("2021-11-19T12:00:00+01:00")
    assert moment == datetime(2021, 11, 19, 11, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(hours=1)
    assert parse_known_at("2021-11-19T11:00:00Z") == datetime(2021, 11, 19, 11, tzinfo=UTC)
    assert parse_known_at("2021-11-19t11:00:00.5z") == datetime(
        2021, 11, 19, 11, 0, 0, 500000, tzinfo=UTC
    )
    assert parse_known_at("2021-11-19 12:30+01:00") == datetime(2021, 11, 19, 11, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2021-11-19T12:00:00", "geen tijdzone"),
        ("2021-11-19 12:00", "geen tijdzone"),
        ("gisteren", "Ongeldige stand van de gegevens"),
        ("2021-11-19T25:00:00+01:00", "Ongeldige stand van de gegevens"),
        ("2021-11-19T12:00:00+01:00 extra", "Ongeldige stand van de gegevens"),
        ("2021-11-19T12:00:00+0100", "Ongeldige stand van de gegevens"),
        ("31/02/2021", "Ongeldige stand van de gegevens"),
    ],
)
def test_bad_known_at_is_a_400_with_a_dutch_message(rctx, value, words):
    """No offset, garbage or an impossible moment: 400 with what to type instead."""
    with pytest.raises(DomainError) as refused:
        parse_known_at(value)
    assert refused.value.status_code == 400
    assert words in refused.value.message


def test_known_at_in_the_future_is_a_400(rctx):
    """Tomorrow or a moment an hour ahead: 400 (code future_date)."""
    tomorrow = (datetime.now(BRUSSELS) + timedelta(days=1)).date()
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    for value in (tomorrow.isoformat(), later):
        with pytest.raises(DomainError) as refused:
            parse_known_at(value)
        assert refused.value.status_code == 400
        assert refused.value.code == "future_date"
        assert "in de toekomst" in refused.value.message


def test_known_at_before_the_peildatum_is_allowed_and_round_trips(rctx):
    """known_at before as_of is fine; query_args carries it and parses back to the same."""
    params = parse_params({"as_of": "2021-11-19", "known_at": "2021-06-01"})
    assert params.known_at == datetime(2021, 6, 1, 23, 59, 59, 999999, tzinfo=BRUSSELS)
    args = params.query_args()
    assert args["known_at"] == "2021-06-01T23:59:59.999999+02:00"
    assert parse_params(args) == params
    assert "known_at" not in parse_params({"as_of": "2021-11-19"}).query_args()


def test_bad_known_at_is_kept_at_its_field(rctx):
    """parse_params refuses with the message at the field known_at."""
    with pytest.raises(DomainError) as refused:
        parse_params({"as_of": "2021-11-19", "known_at": "2021-11-19T12:00"})
    assert refused.value.status_code == 400
    assert list(refused.value.fields) == ["known_at"]


def test_known_at_utc_and_resolved(rctx):
    """known_at_utc is naive UTC (as recorded_at); resolved_known_at is now when none was asked."""
    params = ReportParams(P, known_at=END_OF_P)
    assert known_at_utc(params) == datetime(2021, 11, 19, 22, 59, 59, 999999)
    assert resolved_known_at(params) is END_OF_P
    assert known_at_utc(ReportParams(P)) is None
    now = resolved_known_at(ReportParams(P))
    assert now.tzinfo is not None
    assert abs(datetime.now(UTC) - now) < timedelta(minutes=1)


# --- counting ------------------------------------------------------------------------------------


def build_backdated() -> SimpleNamespace:
    """One network: S1 accepted long ago; S2 accepted effective 12/11/2021 but recorded 20/11
    (09:30 UTC, 10:30 in Brussels): a paper registration entered late (flushed); its ids."""
    ns = SimpleNamespace()
    anchor = add_school(name="Ankerschool Known")
    programme = add_programme()
    ns.network = add_network(name="Netwerk Known", programme_id=programme, anchor_ids=[anchor])
    ns.S1, ns.S2 = add_school(name="Known S1"), add_school(name="Known S2")
    add_history(
        ns.S1,
        ns.network,
        ("submitted", date(2021, 6, 1), datetime(2021, 6, 1, 8)),
        ("accepted", date(2021, 6, 15), datetime(2021, 6, 15, 8)),
    )
    add_history(
        ns.S2,
        ns.network,
        ("submitted", date(2021, 11, 1), datetime(2021, 11, 1, 8)),
        ("accepted", date(2021, 11, 12), datetime(2021, 11, 20, 9, 30)),
    )
    db.session.flush()
    return ns


@pytest.fixture
def backdated(rctx):
    """The backdated scene inside a request context (service tests)."""
    return build_backdated()


def test_a_backdated_acceptance_counts_only_once_it_was_recorded(backdated):
    """As of 19/11 known at 19/11: one school; known now: two (the paper registration of 20/11)."""
    ministry = _user("ministry")
    then = participation_report(ministry, ReportParams(P, known_at=END_OF_P))
    now = participation_report(ministry, ReportParams(P))
    assert then.registrations == 1
    assert now.registrations == 2
    assert then.known_at == END_OF_P
    assert now.known_at.tzinfo is not None
    assert then.source.startswith(
        "bron: gegevens 19/11/2021, stand van de gegevens 19/11/2021 23:59"
    )
    # Known at the moment it was recorded (10:30 Brussels), it counts.
    recorded = datetime(2021, 11, 20, 10, 30, tzinfo=BRUSSELS)
    assert participation_report(ministry, ReportParams(P, known_at=recorded)).registrations == 2
    just_before = recorded - timedelta(microseconds=1)
    assert participation_report(ministry, ReportParams(P, known_at=just_before)).registrations == 1


def test_history_selects_take_known_at_in_naive_utc(backdated):
    """accepted_on(D, K): only changes recorded at or before K (naive UTC) count."""

    def schools(known_at: datetime | None) -> set[int]:
        accepted = accepted_on(P, known_at).subquery()
        return set(db.session.scalars(select(accepted.c.school_id)))

    assert schools(None) == {backdated.S1, backdated.S2}
    assert schools(datetime(2021, 11, 20, 9, 29)) == {backdated.S1}
    assert schools(datetime(2021, 11, 20, 9, 30)) == {backdated.S1, backdated.S2}
    assert schools(datetime(2021, 6, 1, 9)) == set()


def test_lists_reach_and_trends_take_the_same_known_at(backdated):
    """The list behind the count, reach and every trend point read the history known at K."""
    admin = _user("admin")
    then, now = ReportParams(P, known_at=END_OF_P), ReportParams(P)
    as_list = lambda params: ListParams(  # noqa: E731
        params.as_of, params.basis, params.filters, page=None, known_at=params.known_at
    )
    assert [s.id for s in participation_list(admin, as_list(then)).items] == [backdated.S1]
    assert participation_list(admin, as_list(now)).total == 2
    assert participation_list(admin, as_list(then)).known_at == END_OF_P
    assert reach_report(admin, then).cumulative.numerator == 1
    assert reach_report(admin, now).cumulative.numerator == 2
    trend_then = trends_report(admin, TrendsParams(P, known_at=END_OF_P))
    trend_now = trends_report(admin, TrendsParams(P))
    assert trend_then.points[-1].registrations == 1
    assert trend_now.points[-1].registrations == 2
    # The month end of October: S2 was submitted then (accepted only from 12/11) in both.
    october = {p.on: p.registrations for p in trend_now.points}[date(2021, 10, 31)]
    assert october == 1


def test_without_known_at_the_sql_has_no_extra_condition(rctx):
    """known_at None: no recorded_at in the statement (today's reports stay as fast)."""
    for basis in ("registered", "participating"):
        sql = str(filtered_pairs(basis, P, ReportFilters(), with_since=True))
        assert "recorded_at" not in sql
    assert "recorded_at" in str(filtered_pairs("registered", P, ReportFilters(), known_at=END_UTC))
    assert "recorded_at" not in str(accepted_over_time([P], ReportFilters(), None))
    assert "recorded_at" in str(accepted_over_time([P], ReportFilters(), None, END_UTC))


# --- the front doors -----------------------------------------------------------------------------


@pytest.fixture
def backdated_data(app):
    """The backdated scene, committed (page and API tests); its ids."""
    with app.test_request_context():
        ns = build_backdated()
        db.session.commit()
        return ns


def _token(app, role: str = "ministry") -> dict:
    with app.app_context():
        return {"Authorization": f"Bearer {make_token(make_user(role=role))}"}


def test_api_echoes_known_at_with_offset_and_microseconds(app, client, backdated_data):
    """known_at=2021-11-19 → "2021-11-19T23:59:59.999999+01:00", and the count known then."""
    headers = _token(app)
    base = "/api/v1/reports/participation?as_of=2021-11-19"
    then = client.get(f"{base}&known_at=2021-11-19", headers=headers).get_json()
    assert then["known_at"] == "2021-11-19T23:59:59.999999+01:00"
    assert then["totals"]["secundair"]["registrations"] == 1
    assert then["source"].startswith(
        "bron: gegevens 19/11/2021, stand van de gegevens 19/11/2021 23:59 - "
    )
    now = client.get(base, headers=headers).get_json()
    assert now["totals"]["secundair"]["registrations"] == 2
    echoed = datetime.fromisoformat(now["known_at"])
    assert echoed.utcoffset() is not None and abs(datetime.now(UTC) - echoed) < timedelta(hours=1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d", now["known_at"])
    # A moment given with Z keeps its offset in the echo.
    reach = client.get(
        "/api/v1/reports/reach?as_of=2021-11-19&known_at=2021-11-20T09:30:00Z", headers=headers
    ).get_json()
    assert reach["known_at"] == "2021-11-20T09:30:00.000000+00:00"
    assert reach["cumulative"]["numerator"] == 2
    effort = client.get("/api/v1/reports/effort?school_year=2021-2022", headers=headers)
    assert effort.status_code == 200
    assert datetime.fromisoformat(effort.get_json()["known_at"]).utcoffset() is not None


@pytest.mark.parametrize(
    ("known_at", "code"),
    [("2021-11-19T12:00:00", "invalid_filter"), ("2100-01-01", "future_date"), ("x", None)],
)
def test_api_refuses_a_bad_known_at_with_400(app, client, backdated_data, known_at, code):
    """No offset, in the future, garbage: JSON 400 with the Dutch message."""
    response = client.get(
        f"/api/v1/reports/participation?as_of=2021-11-19&known_at={known_at}",
        headers=_token(app),
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "stand van de gegevens" in error["message"].lower()
    if code:
        assert error["code"] == code


def test_page_shows_both_dates_and_keeps_known_at_in_links(client, backdated_data, login_as):
    """Peildatum and stand van de gegevens side by side; the list links carry known_at."""
    login_as("admin")
    html = client.get("/rapporten/deelname?as_of=19/11/2021&known_at=19/11/2021").get_data(
        as_text=True
    )
    assert '<time datetime="2021-11-19">19/11/2021</time>' in html
    assert "Stand van de gegevens</dt>" in html
    assert '<time datetime="2021-11-19T23:59:59.999999+01:00">19/11/2021 23:59</time>' in html
    assert "bron: gegevens 19/11/2021, stand van de gegevens 19/11/2021 23:59 - " in html
    # The downloads and the lists behind the counts: the same moment, resolved.
    assert html.count("known_at=2021-11-19T23:59:59.999999%2B01:00") >= 5
    assert "leeg = nu" in html.lower()


def test_page_refuses_a_bad_known_at_at_its_field(client, backdated_data, login_as):
    """A moment without a time zone: 400, the filters again, the message at the field."""
    login_as("ministry")
    response = client.get("/rapporten/deelname?as_of=19/11/2021&known_at=2021-11-19T12:00")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "heeft geen tijdzone" in html
    assert 'id="known_at-fout"' in html


def test_csv_and_xlsx_headers_carry_known_at(client, backdated_data, login_as):
    """Under the peildatum: the stand van de gegevens; the source line carries it too."""
    login_as("admin")
    url = "/rapporten/deelname?as_of=19/11/2021&known_at=2021-11-19"
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"{url}&format=csv").data.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[1] == ["Peildatum", "19/11/2021"]
    assert rows[2] == ["Stand van de gegevens", "19/11/2021 23:59"]
    assert rows[3][0].startswith(
        "bron: gegevens 19/11/2021, stand van de gegevens 19/11/2021 23:59"
    )
    assert rows[-1][-1] == "1"  # the total of distinct schools known then
    wb = openpyxl.load_workbook(io.BytesIO(client.get(f"{url}&format=xlsx").data))
    ws = wb.active
    assert ws["A3"].value == "Stand van de gegevens"
    # To the second: Excel would round 23:59:59.999999 up to the next day.
    assert ws["B3"].value == datetime(2021, 11, 19, 23, 59, 59)
    assert ws["A4"].value.startswith("bron: gegevens 19/11/2021, stand van de gegevens 19/11/2021")
    wb.close()


# --- randomised: as of D known at K against the full history --------------------------------------

STATUSES = ("submitted", "waitlisted", "accepted", "declined", "withdrawn", "accepted")
START = date(2021, 6, 1)


def _random_history(rng: random.Random, network_ids: list[int], school_ids: list[int]) -> list:
    """Registrations with many moves: effective dates non-decreasing, recorded anywhere from the
    same day to two months later (backdated), not in the order of the moves. Returns for each
    registration (school_id, network_id, [(change_id, status, effective_on, recorded_at)])."""
    histories = []
    for network_id in network_ids:
        for school_id in rng.sample(school_ids, rng.randint(2, len(school_ids))):
            effective = START + timedelta(days=rng.randint(0, 60))
            moves = []
            for i in range(rng.randint(1, 7)):
                effective += timedelta(days=rng.choice((0, 0, 1, 5, 20)))
                lag = timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 24 * 60))
                recorded = datetime.combine(effective, datetime.min.time()) + lag
                status = "submitted" if i == 0 else rng.choice(STATUSES)
                moves.append((status, effective, recorded))
            rid = add_history(school_id, network_id, *moves)
            changes = db.session.scalars(
                select(RegistrationStatusChange)
                .where(RegistrationStatusChange.registration_id == rid)
                .order_by(RegistrationStatusChange.id)
            ).all()
            histories.append(
                (
                    school_id,
                    network_id,
                    [(c.id, c.to_status.value, c.effective_on, c.recorded_at) for c in changes],
                )
            )
    return histories


def _expected(histories: list, day: date, known: datetime) -> tuple[int, int]:
    """(registrations, distinct schools) accepted on day as known at known (naive UTC), counted
    from the full history: the newest change (by id) effective by day and recorded by known."""
    pairs = set()
    for school_id, network_id, changes in histories:
        seen = [c for c in changes if c[2] <= day and c[3] <= known]
        if seen and max(seen)[1] == "accepted":
            pairs.add((school_id, network_id))
    return len(pairs), len({school for school, _network in pairs})


def _ever_accepted(histories: list, day: date, known: datetime) -> int:
    """Distinct schools with an acceptance effective by day and recorded by known."""
    return len(
        {
            school
            for school, _network, changes in histories
            if any(c[1] == "accepted" and c[2] <= day and c[3] <= known for c in changes)
        }
    )


@pytest.mark.parametrize("seed", [17, 1711, 2021])
def test_as_of_d_known_at_k_matches_the_full_history(rctx, seed):
    """For many (D, K): participation totals, reach and the trend points equal counts made here."""
    rng = random.Random(seed)
    programme = add_programme()
    anchor = add_school(name=f"Anker {seed}")
    networks = [
        add_network(name=f"Netwerk {seed}-{i}", programme_id=programme, anchor_ids=[anchor])
        for i in range(3)
    ]
    schools = [add_school(name=f"School {seed}-{i}") for i in range(6)]
    histories = _random_history(rng, networks, schools)
    ministry = _user("ministry")
    recorded = sorted({c[3] for _s, _n, changes in histories for c in changes})
    days = [START + timedelta(days=rng.randint(0, 150)) for _ in range(6)]
    moments = [*rng.sample(recorded, 6)]  # K exactly at a recorded change: it counts
    moments += [START_MOMENT + timedelta(minutes=rng.randint(0, 200 * 24 * 60)) for _ in range(6)]
    for known in moments:
        aware = known.replace(tzinfo=UTC)
        for day in days:
            report = participation_report(ministry, ReportParams(day, known_at=aware))
            assert (report.registrations, report.distinct_schools) == _expected(
                histories, day, known
            ), (seed, day, known)
        reach = reach_report(ministry, ReportParams(max(days), known_at=aware))
        assert reach.cumulative.numerator == _ever_accepted(histories, max(days), known)
        points = sorted(days)
        rows = db.session.execute(accepted_over_time(points, ReportFilters(), None, known)).all()
        assert [(r.registrations, r.distinct_schools) for r in rows] == [
            _expected(histories, day, known) for day in points
        ], (seed, known)


START_MOMENT = datetime(2021, 6, 1)
