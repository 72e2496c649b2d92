"""The meetings part of the scale data: about monthly meetings in every school year a network
runs (held, planned, cancelled or postponed) and the attendance of the schools accepted then."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as dtime

from sqlalchemy import Date, cast, func, insert, select

from netwerk.demo.scale.context import YEARS, ScaleContext, Step, allocate, weekday_between
from netwerk.demo.scale.networks import NetworkPlan
from netwerk.demo.scale.registry import Registry
from netwerk.extensions import db
from netwerk.meetings.models import (
    Attendance,
    AttendanceStatus,
    AttendanceVersion,
    Meeting,
    MeetingStatus,
    MeetingType,
)

START_TIMES = [dtime(9, 0), dtime(13, 30), dtime(14, 0), dtime(15, 45), dtime(19, 0)]


class Meetings:
    """Writes the meetings, noting the held ones on their network plans, then the attendance."""

    def __init__(self, ctx: ScaleContext, registry: Registry, networks: list[NetworkPlan]):
        self.ctx = ctx
        self.registry = registry
        self.networks = networks
        # (meeting id, network plan, day, status) of every meeting written
        self.meeting_info: list[tuple[int, NetworkPlan, date, MeetingStatus]] = []

    def meeting_rows(self) -> Step:
        """About monthly meetings in every school year a network runs; held, planned or cancelled."""
        weights = [YEARS - plan.start_year for plan in self.networks]
        per_network = allocate(self.ctx.counts["meeting"], weights)
        plans = []
        for plan, k in zip(self.networks, per_network, strict=True):
            years = list(range(plan.start_year, YEARS))
            for y, k_year in zip(years, allocate(k, [1] * len(years)), strict=True):
                plans.append((plan, y, k_year))
        return Meeting.__table__, sum(per_network), self._meetings(plans)

    def _meetings(self, plans: list[tuple[NetworkPlan, int, int]]) -> Iterator[dict]:
        """k meetings of each (network, school year, k), spread over the months; ids rising."""
        rng = self.ctx.rng
        meeting_id = self.ctx.first_ids["meeting"]
        for plan, y, k_year in plans:
            # Sept..June; more than ten meetings a year double up within months.
            months = (
                sorted(rng.choices(range(10), k=k_year))
                if k_year > 10
                else sorted(rng.sample(range(10), k_year))
            )
            for n, month_index in enumerate(months):
                last = n == len(months) - 1 and n > 0
                yield self._meeting(meeting_id, plan, y, n, month_index, last)
                meeting_id += 1

    def _meeting(
        self, meeting_id: int, plan: NetworkPlan, y: int, n: int, month_index: int, last: bool
    ) -> dict:
        """The n-th meeting of a network in school year y, in the month month_index (0 = Sept)."""
        rng = self.ctx.rng
        year = self.ctx.years[y]
        month_start = date(year.start_year + (month_index + 8) // 12, (month_index + 8) % 12 + 1, 1)
        day = weekday_between(rng, month_start, month_start + timedelta(days=27))
        starts_at = datetime.combine(day, rng.choice(START_TIMES))
        if n == 0 and y == plan.start_year:
            kind = MeetingType.infosessie
        elif last:
            kind = MeetingType.toonmoment
        else:
            kind = rng.choice([MeetingType.werksessie, MeetingType.bijeenkomst])
        status = self._status(day)
        minutes = rng.choice([90, 120, 120, 150, 180, 240])
        online = rng.random() < 0.1
        host = rng.choice(plan.anchors)
        if status is MeetingStatus.held:
            plan.held.append((day, meeting_id, minutes))
        self.meeting_info.append((meeting_id, plan, day, status))
        created = min(starts_at - timedelta(days=40), self.ctx.now)
        return {
            "id": meeting_id,
            "network_id": plan.id,
            "series_id": None,
            "type": kind,
            "title": f"{kind.value.capitalize()} {n + 1} ({year})",
            "starts_at": starts_at,
            "duration_minutes": minutes,
            "location": "" if online else self.registry.school_name[host],
            "host_school_id": None if online else host,
            "online_url": f"https://meet.example.be/n{plan.id}" if online else "",
            "agenda": "",
            "status": status,
            "status_reason": "Te weinig inschrijvingen."
            if status is MeetingStatus.cancelled
            else "",
            "is_imposed": rng.random() < 0.05,
            "sequence": 0,
            "created_at": created,
            "updated_at": created,
        }

    def _status(self, day: date) -> MeetingStatus:
        """Mostly held in the past and planned in the future; a few cancelled or postponed."""
        draw = self.ctx.rng.random()
        if day < self.ctx.today:
            if draw < 0.94:
                return MeetingStatus.held
            return MeetingStatus.cancelled if draw < 0.98 else MeetingStatus.postponed
        return MeetingStatus.planned if draw < 0.95 else MeetingStatus.cancelled

    def _accepted_at(self, plan: NetworkPlan, day: date) -> list[int]:
        """The schools whose registration for the network was accepted on that day."""
        return [
            school_id
            for school_id, accepted_on, until in plan.registrations
            if accepted_on <= day and (until is None or day < until)
        ]

    def attendance_rows(self) -> Step:
        """Present, absent or excused, for the schools accepted on the day of a held meeting.

        When that gives more rows than the target, attendance is taken at only part of the held
        meetings (as in life: not every coach records it), chosen at random.
        """
        rng = self.ctx.rng
        held = [
            (meeting_id, plan, day)
            for meeting_id, plan, day, status in self.meeting_info
            if status is MeetingStatus.held
        ]
        sizes = [len(self._accepted_at(plan, day)) for _m, plan, day in held]
        eligible = sum(sizes)
        share = min(1.0, self.ctx.counts["attendance"] / eligible) if eligible else 0.0
        recorded = [i for i in range(len(held)) if rng.random() < share]
        total = sum(sizes[i] for i in recorded)
        first = self.ctx.first_ids["attendance"]
        statuses = [AttendanceStatus.present, AttendanceStatus.excused, AttendanceStatus.absent]

        def rows():
            attendance_id = first
            for i in recorded:
                meeting_id, plan, day = held[i]
                for school_id in self._accepted_at(plan, day):
                    yield {
                        "id": attendance_id,
                        "meeting_id": meeting_id,
                        "school_id": school_id,
                        "status": rng.choices(statuses, weights=[82, 10, 8])[0],
                    }
                    attendance_id += 1

        self.attendance_total = total
        return Attendance.__table__, total, rows()


def attendance_versions(first_id: int) -> int:
    """The attendance the scale data wrote (ids from first_id on, all of held meetings) as its
    first, open versions, recorded at the meeting's creation, as the migration 99ed2128140c
    makes them: one INSERT ... SELECT, whatever the number of rows. Rows written."""
    # Meetings store a naive local datetime: its date is the day (SQLite keeps text, where a
    # CAST to DATE would give the year alone).
    if db.session.connection().dialect.name == "sqlite":
        meeting_on = func.date(Meeting.starts_at)
    else:
        meeting_on = cast(Meeting.starts_at, Date)
    written = (
        select(
            Attendance.meeting_id,
            Meeting.network_id,
            meeting_on,
            Meeting.created_at,
            Attendance.school_id,
            Attendance.status,
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.id >= first_id, Meeting.status == MeetingStatus.held)
    )
    columns = ["meeting_id", "network_id", "meeting_on", "recorded_at", "school_id", "status"]
    # rowcount of an INSERT ... SELECT is kept only when asked (SQLAlchemy's preserve_rowcount).
    statement = insert(AttendanceVersion.__table__).from_select(columns, written)
    result = db.session.execute(statement.execution_options(preserve_rowcount=True))
    return result.rowcount
