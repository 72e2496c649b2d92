"""The networks part of the scale data: networks with their anchors and coaches, one call per
programme and school year, and registrations that move on through a believable history."""

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Table

from netwerk.demo.scale.context import YEARS, ScaleContext, Step, allocate, at
from netwerk.demo.scale.registry import Registry
from netwerk.demo.schools import LEVEL_WEIGHTS
from netwerk.networks.models import (
    NETWORK_SEARCH_FIELDS,
    Call,
    Network,
    NetworkAnchorPeriod,
    NetworkProfileChange,
    NetworkType,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
    call_network,
    network_anchor,
    network_coach,
)
from netwerk.schools.models import SchoolLevel
from netwerk.searchtext import search_name_of

THEMES = [
    "differentiatie",
    "verrijking",
    "onderpresteren",
    "spijbelen",
    "feedback geven",
    "co-teaching",
    "leesmotivatie",
    "begrijpend lezen",
    "breed evalueren",
    "klasmanagement",
    "ouderbetrokkenheid",
    "executieve functies",
    "leerlingenparticipatie",
    "computationeel denken",
    "meertaligheid",
]
MOTIVATIONS = [
    "We willen ons zorgbeleid versterken.",
    "Ons team zoekt uitwisseling met andere scholen.",
    "Een collega volgt dit thema al en wil het schoolbreed maken.",
    "",
]
# (weight, the moves after the submission)
OUTCOMES = [
    (36, ("accepted",)),
    (18, ("waitlisted", "accepted")),
    (5, ("waitlisted",)),
    (7, ("declined",)),
    (22, ("accepted", "withdrawn")),
    (9, ("waitlisted", "accepted", "withdrawn")),
    (3, ()),
]
OUTCOME_WEIGHTS = [weight for weight, _moves in OUTCOMES]
# Days from the previous move to this one: (minimum, maximum).
MOVE_DELAY = {
    "accepted": (2, 40),
    "waitlisted": (2, 30),
    "declined": (2, 30),
    "withdrawn": (60, 800),
}
REASONS = {
    "declined": ["Het netwerk is volzet.", "De school valt buiten de doelgroep.", ""],
    "withdrawn": ["Te weinig tijd dit schooljaar.", "Personeelswissel in het team.", ""],
    "waitlisted": ["", "Wachtlijst: het netwerk is volzet."],
    "accepted": [""],
}


@dataclass
class NetworkPlan:
    """What the generator decided about one network before writing it."""

    id: int
    programme_index: int
    level: SchoolLevel
    start_year: int  # index into the school years
    anchors: list[int]
    coaches: list[int]
    # (school, accepted on, withdrawn on) of every registration that was ever accepted
    registrations: list[tuple[int, date, date | None]] = field(default_factory=list)
    held: list[tuple[date, int, int]] = field(default_factory=list)  # (day, meeting id, minutes)


class Networks:
    """Plans the networks, calls and registrations up front, then writes them table by table."""

    def __init__(self, ctx: ScaleContext, registry: Registry):
        self.ctx = ctx
        self.registry = registry
        self._plan_networks()
        self._plan_calls()
        self._plan_registrations()

    def _plan_networks(self) -> None:
        """Level, start year, anchors (1 or 2, some anchors lead several) and coaches per network."""
        rng = self.ctx.rng
        first = self.ctx.first_ids["network"]
        levels = list(LEVEL_WEIGHTS)
        weights = [45, 38, 5, 5, 4, 3]
        count = self.ctx.counts["network"]
        coach_ids = self.registry.coach_ids
        anchors_by_level: dict[SchoolLevel, list[int]] = defaultdict(list)
        self.plans: list[NetworkPlan] = []
        for i in range(count):
            level = rng.choices(levels, weights=weights)[0]
            pool = self.registry.schools_by_level.get(level) or self.registry.school_ids
            used = anchors_by_level[level]
            # Some anchor schools run several networks.
            if used and rng.random() < 0.35:
                anchor = rng.choice(used)
            else:
                anchor = rng.choice(pool)
                used.append(anchor)
            anchors = [anchor]
            if rng.random() < 0.25 and len(pool) > 1:
                second = anchor
                while second == anchor:
                    second = rng.choice(pool)
                anchors.append(second)
            # The coaches take turns over the networks; one network in ten has a second coach.
            coaches = [coach_ids[i * len(coach_ids) // count]]
            if rng.random() < 0.1 and len(coach_ids) > 1:
                other = rng.choice(coach_ids)
                if other != coaches[0]:
                    coaches.append(other)
            self.plans.append(
                NetworkPlan(
                    id=first + i,
                    programme_index=rng.randrange(len(self.registry.programme_ids)),
                    level=level,
                    start_year=rng.choices(range(YEARS), weights=[3, 2, 2, 1.5, 1, 1])[0],
                    anchors=anchors,
                    coaches=coaches,
                )
            )

    def network_rows(self) -> Step:
        """Networks; the capacity follows the number of registrations planned for them."""
        rng = self.ctx.rng
        rows = []
        for plan in self.plans:
            anchor = plan.anchors[0]
            town = self.registry.school_name[anchor].rsplit(" ", 1)[-1]
            programme = self.registry.programme_names[plan.programme_index]
            kind = rng.choice([NetworkType.lerend_netwerk, NetworkType.leergemeenschap])
            theme = rng.choice(THEMES)
            accepted = sum(1 for _s, _a, until in plan.registrations if until is None)
            capacity = None if rng.random() < 0.3 else max(5, math.ceil(accepted / 5) * 5 + 5)
            rows.append(
                {
                    "id": plan.id,
                    "name": f"{programme} {town} {plan.id}",
                    "type": kind,
                    "programme_id": self.registry.programme_ids[plan.programme_index],
                    "theme": theme,
                    "level": plan.level,
                    "province": self.registry.school_province[anchor],
                    "region": town,
                    "capacity": capacity,
                    "description": f"Een {kind.value.replace('_', ' ')} over {theme}.",
                    "rhythm": rng.choice(["maandelijks", "tweemaandelijks", "vier keer per jaar"]),
                    "is_active": True,
                    "auto_accept": rng.random() < 0.1,
                    "created_at": self._created_at(plan),
                    # As the migration sets it: the day its opening history rows hold from.
                    "starts_on": self._created_at(plan).date(),
                }
            )
        for row in rows:  # given here, so PostgreSQL's COPY can carry the rows
            row["search_name"] = search_name_of(*(row[f] for f in NETWORK_SEARCH_FIELDS))
        return Network.__table__, len(rows), iter(rows)

    def anchor_rows(self) -> Step:
        """network_anchor."""
        return self._link_rows(network_anchor, "organisation_id", lambda plan: plan.anchors)

    def _created_at(self, plan: NetworkPlan):
        """When a network was entered: five months before its first school year."""
        return at(self.ctx.years[plan.start_year].starts_on - timedelta(days=150))

    def anchor_period_rows(self) -> Step:
        """network_anchor_period: every network keeps its anchors from the day it was entered."""
        rows = [
            {
                "network_id": plan.id,
                "organisation_id": school_id,
                "valid_from": self._created_at(plan).date(),
                "valid_until": None,
                "opening": True,
                "recorded_at": self._created_at(plan),
                "recorded_until": None,
                "actor_id": None,
                "reason": "",
            }
            for plan in self.plans
            for school_id in plan.anchors
        ]
        return NetworkAnchorPeriod.__table__, len(rows), iter(rows)

    def profile_rows(self) -> Step:
        """network_profile_change: every network keeps its level and programme throughout."""
        rows = [
            {
                "network_id": plan.id,
                "level": plan.level,
                "programme_id": self.registry.programme_ids[plan.programme_index],
                "effective_on": self._created_at(plan).date(),
                "opening": True,
                "recorded_at": self._created_at(plan),
                "actor_id": None,
                "reason": "",
            }
            for plan in self.plans
        ]
        return NetworkProfileChange.__table__, len(rows), iter(rows)

    def coach_rows(self) -> Step:
        """network_coach."""
        return self._link_rows(network_coach, "user_id", lambda plan: plan.coaches)

    def _link_rows(
        self, table: Table, column: str, linked: Callable[[NetworkPlan], list[int]]
    ) -> Step:
        """The rows of a table that links every network to some of its plan's ids."""
        rows = [
            {"network_id": plan.id, column: other_id}
            for plan in self.plans
            for other_id in linked(plan)
        ]
        return table, len(rows), iter(rows)

    # -- calls and registrations --------------------------------------------------------------

    def _plan_calls(self) -> None:
        """One call per programme per school year, in the spring before it."""
        rng = self.ctx.rng
        first = self.ctx.first_ids["call"]
        self.calls = []
        self.call_id: dict[tuple[int, int], int] = {}
        self.call_window: dict[int, tuple[date, date]] = {}
        for p_index, programme_id in enumerate(self.registry.programme_ids):
            for y_index, year in enumerate(self.ctx.years):
                call_id = first + len(self.calls)
                opens = date(year.start_year, 4, 15) + timedelta(days=rng.randint(0, 20))
                closes = date(year.start_year, 6, 10) + timedelta(days=rng.randint(0, 20))
                self.call_id[(p_index, y_index)] = call_id
                self.call_window[call_id] = (opens, closes)
                self.calls.append(
                    {
                        "id": call_id,
                        "title": f"Oproep {self.registry.programme_names[p_index]} {year}",
                        "programme_id": programme_id,
                        "opens_on": opens,
                        "closes_on": closes,
                        "starts_on": year.starts_on,
                        "text": "Scholen kunnen zich inschrijven voor de netwerken van dit "
                        f"programma in het schooljaar {year}.",
                        "created_at": at(opens - timedelta(days=14)),
                    }
                )

    def call_rows(self) -> Step:
        """The planned calls."""
        return Call.__table__, len(self.calls), iter(self.calls)

    def call_network_rows(self) -> Step:
        """A network is offered in the call of its first year and in every later one."""
        rows = [
            {"call_id": self.call_id[(plan.programme_index, y)], "network_id": plan.id}
            for plan in self.plans
            for y in range(plan.start_year, YEARS)
        ]
        return call_network, len(rows), iter(rows)

    def _plan_registrations(self) -> None:
        """Who registers where, in which call, and how each registration moves on."""
        rng = self.ctx.rng
        weights = [
            rng.uniform(0.5, 1.5) * (1 + 0.3 * (YEARS - 1 - plan.start_year)) for plan in self.plans
        ]
        caps = [len(self.registry.school_ids) - len(plan.anchors) for plan in self.plans]
        per_network = allocate(self.ctx.counts["registration"], weights, caps)
        first = self.ctx.first_ids["registration"]
        self.registrations = []  # (id, school, network plan, call, [(status, day)])
        for plan, k in zip(self.plans, per_network, strict=True):
            year_weights = [3 if y == plan.start_year else 1 for y in range(plan.start_year, YEARS)]
            for school_id in self._registrants(plan, k):
                y = rng.choices(range(plan.start_year, YEARS), weights=year_weights)[0]
                call_id = self.call_id[(plan.programme_index, y)]
                opens, closes = self.call_window[call_id]
                day = min(
                    opens + timedelta(days=rng.randint(0, (closes - opens).days)), self.ctx.today
                )
                moves = self._moves(day)
                self.registrations.append(
                    (first + len(self.registrations), school_id, plan, call_id, moves)
                )
                _note_acceptance(plan, school_id, moves)

    def _registrants(self, plan: NetworkPlan, k: int) -> list[int]:
        """k schools for a network: nine in ten of its level where there are enough, never its
        anchors."""
        rng = self.ctx.rng
        same = [
            s for s in self.registry.schools_by_level.get(plan.level, []) if s not in plan.anchors
        ]
        chosen = rng.sample(same, min(len(same), round(k * 0.9)))
        if len(chosen) < k:
            taken = set(chosen) | set(plan.anchors)
            others = [s for s in self.registry.school_ids if s not in taken]
            chosen += rng.sample(others, k - len(chosen))
        return chosen

    def _moves(self, submitted_on: date) -> list[tuple[RegistrationStatus, date]]:
        """The history of a registration submitted that day: an outcome, up to today."""
        rng = self.ctx.rng
        day = submitted_on
        moves = [(RegistrationStatus.submitted, day)]
        for status in rng.choices([m for _w, m in OUTCOMES], weights=OUTCOME_WEIGHTS)[0]:
            low, high = MOVE_DELAY[status]
            day = day + timedelta(days=rng.randint(low, high))
            if day > self.ctx.today:
                break  # that move has not happened yet
            moves.append((RegistrationStatus(status), day))
        return moves

    def registration_rows(self) -> Step:
        """Registrations; status is the last move, as the app expects."""
        rng = self.ctx.rng

        def rows():
            for reg_id, school_id, plan, call_id, moves in self.registrations:
                first_day, last_day = moves[0][1], moves[-1][1]
                yield {
                    "id": reg_id,
                    "school_id": school_id,
                    "network_id": plan.id,
                    "call_id": call_id,
                    "status": moves[-1][0],
                    "contact_name": self.ctx.person_name(),
                    "contact_email": f"directie{school_id}@school.example.be",
                    "motivation": rng.choice(MOTIVATIONS),
                    "commitment": rng.random() < 0.85,
                    "created_by_id": None,
                    "created_at": at(first_day, rng.randint(8, 17), rng.randint(0, 59)),
                    "updated_at": at(last_day, 16),
                }

        return Registration.__table__, len(self.registrations), rows()

    def history_rows(self) -> Step:
        """Status changes in order of date within each registration, ids rising with them."""
        rng = self.ctx.rng
        total = sum(len(moves) for *_rest, moves in self.registrations)
        first = self.ctx.first_ids["registration_status_change"]

        def rows():
            change_id = first
            for reg_id, _school_id, plan, _call_id, moves in self.registrations:
                previous = None
                for status, day in moves:
                    yield {
                        "id": change_id,
                        "registration_id": reg_id,
                        "from_status": previous,
                        "to_status": status,
                        "effective_on": day,
                        "recorded_at": at(day, rng.randint(8, 18), rng.randint(0, 59)),
                        "actor_id": None if previous is None else plan.coaches[0],
                        "reason": rng.choice(REASONS.get(status.value, [""])),
                    }
                    change_id += 1
                    previous = status

        return RegistrationStatusChange.__table__, total, rows()


def _note_acceptance(
    plan: NetworkPlan, school_id: int, moves: list[tuple[RegistrationStatus, date]]
) -> None:
    """Remember on the plan when a school was accepted (and withdrew): meetings need it."""
    accepted_on = until = None
    for status, day in moves:
        if status is RegistrationStatus.accepted:
            accepted_on = day
        elif status is RegistrationStatus.withdrawn:
            until = day
    if accepted_on is not None:
        plan.registrations.append((school_id, accepted_on, until))
