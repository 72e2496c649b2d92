"""Two dates on every report: the peildatum (as_of) and the stand van de gegevens (known_at)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.history import accepted_on
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.reports.params import (
    ReportParams,
    known_at_utc,
    parse_known_at,
    parse_params,
    resolved_known_at,
)
from netwerk.reports.participation import participation_report
from netwerk.timeutil import BRUSSELS
from tests.factories import make_user
from tests.reports.conftest import P
from tests.reports.factories import add_network, add_programme, add_school

# The end of 19/11/2021 in Brussels (CET, +01:00).
END_OF_P = datetime(2021, 11, 19, 23, 59, 59, 999999, tzinfo=BRUSSELS)


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


@pytest.fixture
def backdated(rctx):
    """One network: S1 accepted long ago; S2 accepted effective 12/11/2021 but recorded 20/11."""
    ns = type("NS", (), {})()
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
