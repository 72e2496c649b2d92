"""The effort part of the scale data: staff members (the coaches among them), their assignments
of at most 1 FTE a year, planned FTE, hours per FTE and the hour entries."""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import NamedTuple

from sqlalchemy import select

from netwerk.demo.scale.context import (
    YEARS,
    ScaleContext,
    Step,
    allocate,
    at,
    next_id,
    weekday_between,
)
from netwerk.demo.scale.networks import NetworkPlan
from netwerk.demo.scale.registry import Registry
from netwerk.effort.models import (
    Activity,
    FundingSource,
    HourEntry,
    PlannedEffort,
    SchoolYearSetting,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.extensions import db

FTE_CHOICES = [
    (Decimal("0.500"), 40),
    (Decimal("0.200"), 20),
    (Decimal("1.000"), 10),
    (Decimal("0.300"), 10),
    (Decimal("0.100"), 12),
    (Decimal("0.400"), 8),
]
FTES = [fte for fte, _weight in FTE_CHOICES]
FTE_WEIGHTS = [weight for _fte, weight in FTE_CHOICES]
FUNDING_WEIGHTS = {
    FundingSource.projectsubsidie: 75,
    FundingSource.eigen_middelen: 12,
    FundingSource.gekleurde_middelen: 8,
    FundingSource.provincie: 5,
}
ACTIVITY_WEIGHTS = {
    Activity.bijeenkomst: 30,
    Activity.voorbereiding: 25,
    Activity.schoolbezoek: 15,
    Activity.verplaatsing: 10,
    Activity.administratie: 12,
    Activity.opleiding: 5,
    Activity.other: 3,
}


class Assignment(NamedTuple):
    """What the hour entries need of a staff assignment."""

    id: int
    staff_id: int
    networks: list[NetworkPlan]  # the networks it may log hours on
    starts: date
    ends: date
    fte: Decimal


class Effort:
    """Writes staff, assignments, planned FTE, hours per FTE and hour entries, in that order."""

    def __init__(self, ctx: ScaleContext, registry: Registry, networks: list[NetworkPlan]):
        self.ctx = ctx
        self.registry = registry
        self.networks = networks
        self.assignments: list[Assignment] = []
        # FTE already given to (staff member, school year index)
        self.budget: dict[tuple[int, int], Decimal] = defaultdict(Decimal)

    def staff_rows(self) -> Step:
        """Staff members, employed by anchor schools; the coach users are staff too."""
        rng = self.ctx.rng
        first = self.ctx.first_ids["staff_member"]
        anchors = sorted({s for plan in self.networks for s in plan.anchors})
        rows = []
        for i in range(self.ctx.counts["staff_member"]):
            employer = rng.choice(anchors)
            name = self.ctx.person_name()
            user_id = self.registry.coach_ids[i] if i < len(self.registry.coach_ids) else None
            if user_id is not None:
                name = self.registry.user_name[user_id]
            rows.append(
                {
                    "id": first + i,
                    "name": name,
                    "email": f"medewerker{first + i}@school.example.be",
                    "user_id": user_id,
                    "employer_school_id": employer,
                    "employer_name": self.registry.school_name[employer],
                    "seniority_years": rng.randint(0, 35) if rng.random() < 0.9 else None,
                    "diploma_level": rng.choice(
                        ["bachelor", "master", "master + lerarenopleiding"]
                    ),
                    "created_at": at(self.ctx.years[0].starts_on - timedelta(days=60)),
                }
            )
        self.staff_ids = [row["id"] for row in rows]
        self.staff_user = {row["id"]: row["user_id"] for row in rows}
        return StaffMember.__table__, len(rows), iter(rows)

    def assignment_rows(self) -> Step:
        """Mostly per network and year, some per anchor school or programme; at most 1 FTE a year."""
        rng = self.ctx.rng
        total = self.ctx.counts["staff_assignment"]
        self.network_years = [
            (plan, y) for plan in self.networks for y in range(plan.start_year, YEARS)
        ]
        n_network = min(len(self.network_years), round(total * 0.8))
        chosen = sorted(rng.sample(range(len(self.network_years)), n_network))
        home = {plan.id: rng.choice(self.staff_ids) for plan in self.networks}
        rows = []
        for index in chosen:
            plan, y = self.network_years[index]
            role = rng.choices(
                [StaffRole.procescoach, StaffRole.netwerkcoordinator, StaffRole.projectmedewerker],
                weights=[50, 30, 20],
            )[0]
            rows.append(self._assignment(home[plan.id], y, {"network_id": plan.id}, role, [plan]))
        rows.extend(self._shared_assignments(total - len(rows)))
        return StaffAssignment.__table__, len(rows), iter(rows)

    def _shared_assignments(self, count: int) -> Iterator[dict]:
        """Assignments to an anchor school (seven in ten) or a whole programme for one year."""
        rng = self.ctx.rng
        by_anchor_year = defaultdict(list)
        by_programme_year = defaultdict(list)
        for plan, y in self.network_years:
            for school_id in plan.anchors:
                by_anchor_year[(school_id, y)].append(plan)
            by_programme_year[(plan.programme_index, y)].append(plan)
        anchor_keys = sorted(by_anchor_year)
        programme_keys = sorted(by_programme_year)
        for _ in range(count):
            if rng.random() < 0.7:
                school_id, y = rng.choice(anchor_keys)
                yield self._assignment(
                    rng.choice(self.staff_ids),
                    y,
                    {"anchor_school_id": school_id},
                    StaffRole.projectmedewerker,
                    by_anchor_year[(school_id, y)],
                )
            else:
                p_index, y = rng.choice(programme_keys)
                yield self._assignment(
                    rng.choice(self.staff_ids),
                    y,
                    {"programme_id": self.registry.programme_ids[p_index]},
                    rng.choice(
                        [StaffRole.projectcoordinator, StaffRole.professionaliseringsmedewerker]
                    ),
                    by_programme_year[(p_index, y)],
                )

    def _assignment(
        self, staff_id: int, y: int, target: dict, role: StaffRole, networks: list[NetworkPlan]
    ) -> dict:
        """One assignment in school year y; another staff member when this one has no FTE left."""
        rng = self.ctx.rng
        fte = rng.choices(FTES, weights=FTE_WEIGHTS)[0]
        for _try in range(20):
            room = Decimal(1) - self.budget[(staff_id, y)]
            fitting = [f for f in FTES if f <= room]
            if fitting:
                fte = fte if fte <= room else max(fitting)
                break
            staff_id = rng.choice(self.staff_ids)
        self.budget[(staff_id, y)] += fte
        year = self.ctx.years[y]
        if rng.random() < 0.65:
            starts, ends = year.starts_on, year.ends_on
        else:
            starts = year.starts_on + timedelta(days=rng.randint(0, 90))
            ends = min(starts + timedelta(days=rng.randint(90, 300)), year.ends_on)
        assignment_id = self.ctx.first_ids["staff_assignment"] + len(self.assignments)
        self.assignments.append(Assignment(assignment_id, staff_id, networks, starts, ends, fte))
        return {
            "id": assignment_id,
            "staff_member_id": staff_id,
            "network_id": target.get("network_id"),
            "anchor_school_id": target.get("anchor_school_id"),
            "programme_id": target.get("programme_id"),
            "role": role,
            "fte": fte,
            "funding_source": rng.choices(
                list(FUNDING_WEIGHTS), weights=list(FUNDING_WEIGHTS.values())
            )[0],
            "starts_on": starts,
            "ends_on": ends,
            "overload_confirmed_by_id": None,
            "overload_confirmed_at": None,
            "created_at": min(at(starts - timedelta(days=10)), self.ctx.now),
        }

    def planned_effort_rows(self) -> Step:
        """Planned FTE per network and school year (about a half-time per network)."""
        rng = self.ctx.rng
        first = self.ctx.first_ids["planned_effort"]
        taken = set(
            db.session.execute(select(PlannedEffort.network_id, PlannedEffort.school_year)).all()
        )
        rows = []
        for plan, y in self.network_years:
            if (plan.id, str(self.ctx.years[y])) in taken:
                continue
            planned = rng.choice(
                [Decimal("0.500"), Decimal("0.500"), Decimal("1.000"), Decimal("0.300")]
            )
            rows.append(
                {
                    "id": first + len(rows),
                    "network_id": plan.id,
                    "programme_id": None,
                    "school_year": str(self.ctx.years[y]),
                    "planned_fte": planned,
                    "earmarked_fte": planned if rng.random() < 0.6 else Decimal("0.000"),
                }
            )
        return PlannedEffort.__table__, len(rows), iter(rows)

    def school_year_setting_rows(self) -> Step:
        """1,600 hours per FTE for every generated school year not set yet."""
        taken = set(db.session.scalars(select(SchoolYearSetting.school_year)))
        first = next_id(SchoolYearSetting)
        rows = [
            {"id": first + i, "school_year": year, "hours_per_fte": Decimal("1600.00")}
            for i, year in enumerate(y for y in map(str, self.ctx.years) if y not in taken)
        ]
        return SchoolYearSetting.__table__, len(rows), iter(rows)

    def hour_entry_rows(self) -> Step:
        """Hours spread over the assignments by FTE and elapsed days, never in the future."""
        rng = self.ctx.rng
        today = self.ctx.today
        past = [
            (a, min(a.ends, today)) for a in self.assignments if a.starts <= today and a.networks
        ]
        weights = [float(a.fte) * ((end - a.starts).days + 1) for a, end in past]
        parts = allocate(self.ctx.counts["hour_entry"], weights)
        first = self.ctx.first_ids["hour_entry"]
        activities = list(ACTIVITY_WEIGHTS)
        # rng.choices(activities, weights=...)[0] written out as random.choices does it (the
        # same draw, so the same data): its cumulative weights summed once, not per entry.
        cumulative = list(accumulate(ACTIVITY_WEIGHTS.values()))
        total, last = cumulative[-1] + 0.0, len(cumulative) - 1
        minute_choices = [30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 420, 480]

        def rows():
            entry_id = first
            for (assignment, end), k in zip(past, parts, strict=True):
                staff_id, networks, starts = (
                    assignment.staff_id,
                    assignment.networks,
                    assignment.starts,
                )
                user_id = self.staff_user.get(staff_id)
                # The held meetings of a network within the assignment, per network: made once
                # per assignment, not once per entry.
                held_in: dict[int, list] = {}
                for _ in range(k):
                    plan = rng.choice(networks)
                    activity = activities[bisect_right(cumulative, rng.random() * total, 0, last)]
                    day = weekday_between(rng, starts, end)
                    meeting_id = school_id = None
                    minutes = rng.choice(minute_choices)
                    if activity is Activity.bijeenkomst:
                        in_period = held_in.get(plan.id)
                        if in_period is None:
                            in_period = held_in[plan.id] = [
                                h for h in plan.held if starts <= h[0] <= end
                            ]
                        if in_period:
                            day, meeting_id, minutes = rng.choice(in_period)
                    elif activity is Activity.schoolbezoek and plan.registrations:
                        school_id = rng.choice(plan.registrations)[0]
                    yield {
                        "id": entry_id,
                        "staff_member_id": staff_id,
                        "worked_on": day,
                        "minutes": minutes,
                        "activity": activity,
                        "network_id": plan.id,
                        "meeting_id": meeting_id,
                        "school_id": school_id,
                        "note": "",
                        "created_by_id": user_id,
                        "created_at": min(
                            at(day, 17) + timedelta(days=rng.randint(0, 7)), self.ctx.now
                        ),
                    }
                    entry_id += 1

        return HourEntry.__table__, sum(parts), rows()
