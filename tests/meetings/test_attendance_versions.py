"""Attendance versions: every save, move and change of a held meeting keeps what was known before,
so taking part (and the reports on it) "as known at K" is what the test itself saved by K."""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bench.measure import statements_for
from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.attendance import PersonRow, record_attendance
from netwerk.meetings.attendance_versions import attendance_history
from netwerk.meetings.meetings import MeetingData, update_meeting
from netwerk.meetings.models import (
    AttendancePersonVersion,
    AttendanceStatus,
    AttendanceVersion,
    Meeting,
    MeetingStatus,
)
from netwerk.meetings.participation import participating_on
from netwerk.reports.params import PARTICIPATING, ReportParams, TrendsParams
from netwerk.reports.participation import participation_report
from netwerk.reports.reach import reach_report
from netwerk.reports.trends import trends_report
from netwerk.timeutil import SchoolYear, utcnow
from tests.conftest import _empty_all_tables
from tests.meetings.factories import make_meeting, make_scene
from tests.meetings.versions_check import assert_versions_agree, open_versions

P, A, E = AttendanceStatus.present, AttendanceStatus.absent, AttendanceStatus.excused
FIRST_DAY = date(2025, 10, 1)
AS_OF_DAYS = [date(2025, 10, 6), date(2025, 10, 13), date(2025, 10, 31)]


def _meeting(network_id: int, day: date, status="held") -> Meeting:
    meeting_id = make_meeting(
        network_id,
        starts_at=datetime.combine(day, datetime.min.time()).replace(hour=14),
        status=status,
    )
    return db.session.get(Meeting, meeting_id)


def _change(actor, meeting: Meeting, **changes) -> None:
    """update_meeting with some fields changed, committed."""
    update_meeting(actor, meeting, replace(MeetingData.of(meeting), **changes))
    db.session.commit()


# --- the writes, one by one --------------------------------------------------------------------


def test_a_save_replaces_the_set_at_one_moment_and_keeps_the_old_one(ctx):
    """Two saves: the first set is closed when the second opens, at the same moment, by the actor."""
    scene = make_scene()
    coach = db.session.get(User, scene.coach)
    s1, s2, _s3 = scene.accepted
    meeting = _meeting(scene.network, date(2025, 10, 14))
    record_attendance(coach, meeting, {s1: P, s2: E}, [PersonRow("An", P, "leerkracht", s1)])
    db.session.commit()
    assert_versions_agree()
    record_attendance(coach, meeting, {s1: A}, [])
    db.session.commit()
    assert_versions_agree()
    versions = db.session.scalars(select(AttendanceVersion).order_by(AttendanceVersion.id)).all()
    assert [(v.school_id, v.status) for v in versions] == [(s1, P), (s2, E), (s1, A)]
    first, second = versions[0], versions[2]
    assert versions[0].recorded_until == versions[1].recorded_until == second.recorded_at
    assert first.recorded_by_id == second.recorded_by_id == first.closed_by_id == coach.id
    person = db.session.scalar(select(AttendancePersonVersion))
    assert person.recorded_until == second.recorded_at
    assert (first.network_id, first.meeting_on) == (scene.network, date(2025, 10, 14))


def test_marking_held_while_saving_opens_the_set(ctx):
    """A past planned meeting marked held by the save: its set is open from then."""
    scene = make_scene()
    admin = db.session.get(User, scene.admin)
    meeting = _meeting(scene.network, date(2025, 10, 14), status="planned")
    record_attendance(admin, meeting, {scene.accepted[0]: P}, [], mark_held=True)
    db.session.commit()
    assert_versions_agree()
    assert sum(open_versions()[0].values()) == 1


def test_moving_or_unholding_a_meeting_moves_or_closes_its_set(ctx):
    """A held meeting moved to another day is recorded again on that day; a move within the day
    writes nothing; back to planned closes the set; held again opens it again."""
    scene = make_scene()
    admin = db.session.get(User, scene.admin)
    s1 = scene.accepted[0]
    meeting = _meeting(scene.network, date(2025, 10, 14))
    record_attendance(admin, meeting, {s1: P}, [PersonRow("An", P, "", s1)])
    db.session.commit()
    _change(admin, meeting, starts_at=datetime(2025, 10, 14, 9))
    assert db.session.query(AttendanceVersion).count() == 1
    _change(admin, meeting, starts_at=datetime(2025, 10, 21, 9))
    assert_versions_agree()
    assert [k[2] for k in open_versions()[0]] == [date(2025, 10, 21)]
    assert db.session.query(AttendanceVersion).count() == 2
    _change(admin, meeting, status=MeetingStatus.planned)
    assert_versions_agree()
    assert open_versions() == (Counter(), Counter())
    _change(admin, meeting, status=MeetingStatus.postponed, status_reason="Ziekte")
    _change(admin, meeting, status=MeetingStatus.held, status_reason="")
    assert_versions_agree()
    assert sum(open_versions()[0].values()) == 1
    _change(admin, meeting, status=MeetingStatus.cancelled, status_reason="Toch niet")
    assert_versions_agree()
    assert open_versions() == (Counter(), Counter())


def test_the_history_lists_each_write_with_what_changed(ctx):
    """Saved, changed, moved and cleared: newest first, with who and what per school and person."""
    scene = make_scene()
    coach = db.session.get(User, scene.coach)
    admin = db.session.get(User, scene.admin)
    s1, s2, _s3 = scene.accepted
    meeting = _meeting(scene.network, date(2025, 10, 14))
    record_attendance(coach, meeting, {s1: P}, [PersonRow("An", P, "leerkracht", s1)])
    db.session.commit()
    record_attendance(coach, meeting, {s1: P, s2: E}, [PersonRow("An", P, "directeur", s1)])
    db.session.commit()
    _change(admin, meeting, starts_at=datetime(2025, 10, 15, 14))
    record_attendance(coach, meeting, {}, [])
    db.session.commit()
    steps = attendance_history(meeting.id)
    assert [s.kind for s in steps] == ["closed", "saved", "saved", "saved"]
    cleared, moved, changed, created = steps
    assert cleared.actor.id == coach.id and moved.actor.id == admin.id
    assert [(c.school.id, c.old, c.new) for c in created.schools] == [(s1, None, P)]
    assert [(c.name, c.old, c.new) for c in created.persons] == [("An", None, ("leerkracht", P))]
    assert [(c.school.id, c.old, c.new) for c in changed.schools] == [(s2, None, E)]
    assert [(c.old, c.new) for c in changed.persons] == [(("leerkracht", P), ("directeur", P))]
    assert moved.moved and moved.meeting_on == date(2025, 10, 15) and moved.unchanged is False
    assert not moved.schools and not moved.persons
    assert sorted(c.school.id for c in cleared.schools) == [s1, s2]
    assert (cleared.schools_present, cleared.persons_present) == (0, 0)


# --- randomised: saves, clears, moves and status changes with moments in between ---------------


@dataclass
class Model:
    """The test's own log: what it saved, and each meeting's day and whether it is held."""

    networks: list[int]
    rows: dict = field(default_factory=dict)  # meeting index -> {school id: status}
    held: dict = field(default_factory=dict)  # meeting index -> bool
    day: dict = field(default_factory=dict)  # meeting index -> date

    def present(self, start: date | None, end: date):
        """(school id, network id) present at a held meeting on a day in [start, end]."""
        for m, statuses in self.rows.items():
            if self.held[m] and (start is None or start <= self.day[m]) and self.day[m] <= end:
                yield from ((s, self.networks[m % 2]) for s, st in statuses.items() if st is P)

    def pairs(self, as_of: date) -> set:
        return set(self.present(None, as_of))

    def copy(self) -> "Model":
        rows = {m: dict(r) for m, r in self.rows.items()}
        return Model(self.networks, rows, dict(self.held), dict(self.day))


STATUS = st.sampled_from([P, A, E, None])
SAVE = st.tuples(
    st.just("save"),
    st.integers(0, 2),
    st.lists(STATUS, min_size=3, max_size=3),
    st.lists(st.tuples(st.integers(0, 3), st.sampled_from([P, A, E])), max_size=3),
)
MOVE = st.tuples(st.just("move"), st.integers(0, 2), st.integers(0, 29))
STATUS_CHANGE = st.tuples(
    st.just("status"),
    st.integers(0, 2),
    st.sampled_from([MeetingStatus.planned, MeetingStatus.postponed, MeetingStatus.held]),
)
CLEAR = st.tuples(st.just("clear"), st.integers(0, 2))
OPERATIONS = st.lists(st.one_of(SAVE, SAVE, MOVE, STATUS_CHANGE, CLEAR), min_size=1, max_size=10)


def _expected_save(statuses: dict, persons: list) -> dict | None:
    """The school statuses a save stores (a present person makes the school present), or None
    when the service must refuse it (a present person of a school noted otherwise)."""
    result = {s: status for s, status in statuses.items() if status is not None}
    for school, status in persons:
        if school is None or status is not P:
            continue
        if result.get(school, P) is not P:
            return None
        result[school] = P
    return result


def _save(op, meeting: Meeting, eligible: list[int], admin: User) -> dict | None:
    """A save (or a clear) through the service; the statuses stored, None when refused."""
    statuses = dict(zip(eligible, op[2], strict=False)) if op[0] == "save" else {}
    persons = [
        (eligible[s] if s < len(eligible) else None, status)
        for s, status in (op[3] if op[0] == "save" else [])
    ]
    expected = _expected_save(statuses, persons)
    rows = [PersonRow(f"Persoon {i}", st, "", s) for i, (s, st) in enumerate(persons)]
    try:
        record_attendance(admin, meeting, statuses, rows, mark_held=True)
    except DomainError:
        db.session.rollback()
        assert expected is None
        return None
    assert expected is not None
    return expected


def _apply(op, meeting: Meeting, m: int, model: Model, eligible: list[int], admin: User):
    """Run one operation through the services and note its effect in the model."""
    if op[0] in ("save", "clear"):
        stored = _save(op, meeting, eligible, admin)
        if stored is not None:
            model.rows[m], model.held[m] = stored, True
    elif op[0] == "move":
        day = FIRST_DAY + timedelta(days=op[2])
        _change(admin, meeting, starts_at=datetime.combine(day, meeting.starts_at.time()))
        model.day[m] = day
    else:
        status = op[2]
        reason = "Verplaatst" if status is MeetingStatus.postponed else ""
        _change(admin, meeting, status=status, status_reason=reason)
        model.held[m] = status is MeetingStatus.held
    db.session.commit()


def _reports_agree(admin: User, model: Model, known_at: datetime) -> None:
    """The participation, reach and trends reports as known at the moment equal the model of
    then."""
    for as_of in AS_OF_DAYS:
        pairs = model.pairs(as_of)
        params = ReportParams(as_of, PARTICIPATING, known_at=known_at.replace(tzinfo=UTC))
        report = participation_report(admin, params)
        assert report.registrations == len(pairs)
        assert report.distinct_schools == len({s for s, _n in pairs})
        reach = reach_report(admin, params)
        assert reach.cumulative.numerator == len({s for s, _n in pairs})
        year = SchoolYear.of(as_of)
        per_year = {line.label: line.numerator for line in reach.years}
        reached = {s for s, _n in model.present(year.starts_on, as_of)}
        assert per_year.get(str(year), 0) == len(reached)
        # Trends: schools per anchor school (each network here has an anchor of its own).
        trends = trends_report(admin, TrendsParams(as_of, PARTICIPATING, known_at=params.known_at))
        per_anchor = sorted(a.schools for a in trends.anchors if a.schools)
        assert per_anchor == sorted(Counter(n for _s, n in pairs).values())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_taking_part_as_known_at_each_moment_is_what_was_saved_by_then(app, operations):
    """Random saves, clears, moves and status changes of three meetings in two networks: after
    each, the attendance table and the open versions agree; at the end, taking part (and the
    participation and reach reports) as known at each moment in between is what the test's own
    log held then, and taking part now reads the same with and without known_at."""
    with app.test_request_context():
        _empty_all_tables()
        scene = make_scene()
        admin = db.session.get(User, scene.admin)
        networks = [scene.network, scene.other_network]
        # Meetings 0 and 2 in the first network, 1 in the other (which accepted the outsider).
        eligible = [scene.accepted, [scene.outsider], scene.accepted]
        meetings = [
            _meeting(networks[i % 2], FIRST_DAY + timedelta(days=7 * i), "planned")
            for i in range(3)
        ]
        model = Model(networks, {}, dict.fromkeys(range(3), False))
        model.day = {i: m.starts_at.date() for i, m in enumerate(meetings)}
        moments = [(utcnow(), model.copy())]
        for op in operations:
            m = op[1]
            _apply(op, meetings[m], m, model, eligible[m], admin)
            assert_versions_agree()
            moments.append((utcnow(), model.copy()))
        for known_at, then in moments:
            for as_of in AS_OF_DAYS:
                got = set(db.session.execute(participating_on(as_of, known_at=known_at)))
                assert got == then.pairs(as_of), (known_at, as_of)
        for as_of in AS_OF_DAYS:
            now = set(db.session.execute(participating_on(as_of)))
            assert now == set(db.session.execute(participating_on(as_of, known_at=utcnow())))
            assert now == model.pairs(as_of)
        for known_at, then in moments[:: max(1, len(moments) // 3)]:
            _reports_agree(admin, then, known_at)
        db.session.rollback()


# --- the history page -----------------------------------------------------------------------------


def _saved_twice(app) -> tuple:
    """A held meeting whose attendance a coach saved twice; (scene, meeting id)."""
    with app.app_context():
        scene = make_scene()
        coach = db.session.get(User, scene.coach)
        s1, s2, _s3 = scene.accepted
        meeting = _meeting(scene.network, date(2025, 10, 14))
        record_attendance(coach, meeting, {s1: P}, [PersonRow("Anneke Aerts", P, "", s1)])
        db.session.commit()
        record_attendance(coach, meeting, {s1: P, s2: E}, [])
        db.session.commit()
        return scene, meeting.id


def test_the_history_page_shows_who_saved_what(app, client, log_in):
    """The coach sees both saves, newest first, with names; the meeting page links to it."""
    scene, meeting_id = _saved_twice(app)
    log_in(scene.coach)
    detail = client.get(f"/bijeenkomsten/{meeting_id}").get_data(as_text=True)
    assert f"/bijeenkomsten/{meeting_id}/aanwezigheden/geschiedenis" in detail
    page = client.get(f"/bijeenkomsten/{meeting_id}/aanwezigheden/geschiedenis")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("Koen Coach: opgeslagen") == 2
    assert "Aanvaarde school 2" in html and "Anneke Aerts" in html
    assert html.index("verontschuldigd") < html.index("Anneke Aerts")  # newest first


def test_the_ministry_reads_the_history_with_codes_only(app, client, log_in):
    """Ministry staff read it as they read the meeting page: school codes, no person names."""
    scene, meeting_id = _saved_twice(app)
    log_in(scene.ministry)
    html = client.get(f"/bijeenkomsten/{meeting_id}/aanwezigheden/geschiedenis").get_data(
        as_text=True
    )
    assert "Aanvaarde school" not in html and "Anneke Aerts" not in html
    assert "school-code" in html


@pytest.mark.parametrize("who", ["other_coach", "school_user", "outsider_user"])
def test_others_get_403_and_no_link(app, client, log_in, who):
    """A coach of another network and school users may not read it, nor see a link to it."""
    scene, meeting_id = _saved_twice(app)
    log_in(getattr(scene, who))
    url = f"/bijeenkomsten/{meeting_id}/aanwezigheden/geschiedenis"
    assert client.get(url).status_code == 403
    detail = client.get(f"/bijeenkomsten/{meeting_id}")
    assert url not in detail.get_data(as_text=True)


def test_the_history_page_in_english(app, client, log_in):
    """Every word of the page is translated."""
    scene, meeting_id = _saved_twice(app)
    log_in(scene.admin)
    client.post("/taal", data={"lang": "en", "next": "/"})
    html = client.get(f"/bijeenkomsten/{meeting_id}/aanwezigheden/geschiedenis").get_data(
        as_text=True
    )
    assert "History of the attendance" in html and "saved" in html


def test_the_history_page_reads_the_same_statements_for_two_or_twelve_saves(app, client, log_in):
    """Its statements do not grow with the number of saves, schools or persons."""
    scene, meeting_id = _saved_twice(app)
    log_in(scene.coach)
    url = f"/bijeenkomsten/{meeting_id}/aanwezigheden/geschiedenis"
    status, few = statements_for(app, client, url)
    assert status == 200
    with app.app_context():
        coach = db.session.get(User, scene.coach)
        meeting = db.session.get(Meeting, meeting_id)
        for n in range(10):
            persons = [PersonRow(f"Persoon {i}", E, "", scene.accepted[i % 3]) for i in range(n)]
            record_attendance(coach, meeting, {scene.accepted[n % 3]: E if n % 2 else P}, persons)
            db.session.commit()
    assert statements_for(app, client, url) == (200, few)
