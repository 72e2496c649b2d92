"""flask demo scale: a believable Flanders-sized dataset, generated in Python and written in bulk.

Factor 1 is "Flanders": 3,600 schools, 20 programmes, 800 networks, six school years, 30,000
registrations with about 75,000 status changes, 30,000 meetings, about 300,000 attendance rows,
3,000 staff assignments and 250,000 hour entries. Every other factor scales those numbers (the
smallest tables keep a floor, so that a tiny factor still gives a coherent dataset).

The rows go in in chunks, with COPY on PostgreSQL and SQLAlchemy Core executemany on SQLite; ids
are chosen here (above the current maximum), so no statement needs RETURNING, and PostgreSQL
sequences are moved past them afterwards.
The six school years are the current one and the five before it, so that the data always has a
past (held meetings, decided registrations) and a little future (planned meetings).
"""

import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

import click
from sqlalchemy import Table, func, insert, select, text
from werkzeug.security import generate_password_hash

from netwerk.auth.models import Role, User
from netwerk.datasafety import database_is_empty, foreign_keys_set_aside, reset_sequences
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
from netwerk.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    MeetingType,
)
from netwerk.networks.models import (
    Call,
    Network,
    NetworkType,
    Programme,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
    call_network,
    network_anchor,
    network_coach,
)
from netwerk.schools.demo import LEVEL_WEIGHTS, demo_school_rows
from netwerk.schools.models import School, SchoolLevel
from netwerk.schools.services import CODE_ALPHABET
from netwerk.timeutil import SchoolYear, utcnow
from netwerk.timeutil import today as brussels_today

# Row counts at factor 1.
BASE_COUNTS = {
    "school": 3600,
    "programme": 20,
    "network": 800,
    "registration": 30_000,
    "meeting": 30_000,
    "attendance": 300_000,
    "staff_member": 1_000,
    "staff_assignment": 3_000,
    "hour_entry": 250_000,
}
# The smallest coherent dataset: enough schools that a network can fill up at any factor.
FLOORS = {"school": 80, "programme": 2, "network": 4, "staff_member": 3}
YEARS = 6
CHUNK = 5000
SCALE_PASSWORD = "demo-wachtwoord"
SCALE_ADMIN_EMAIL = "beheer@scale.netwerk.test"
SCALE_MINISTRY_EMAIL = "ministerie@scale.netwerk.test"

PROGRAMMES = [
    "Hoogbegaafdheid",
    "Samen tegen Schooluitval",
    "STEM-leergemeenschappen",
    "Leesbevordering",
    "Taalbeleid en Nederlands",
    "Wiskunde in de basisschool",
    "Digitale didactiek",
    "Welzijn en leerlingenbegeleiding",
    "Duaal leren",
    "Onthaalonderwijs anderstalige nieuwkomers",
    "Inclusief onderwijs",
    "Startende leraren",
    "Evaluatiebeleid",
    "Schoolleiderschap",
    "Burgerschap",
    "Frans als vreemde taal",
    "Kleuterparticipatie",
    "Zorgbeleid en remediëring",
    "Techniek en technologie",
    "Leerpunt: begeleidingstrajecten",
]
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
FIRST_NAMES = [
    "An",
    "Bart",
    "Els",
    "Jan",
    "Lies",
    "Pieter",
    "Sofie",
    "Tom",
    "Katrien",
    "Wim",
    "Anaïs",
    "Zoë",
    "Mohamed",
    "Fatima",
    "Jef",
    "Griet",
    "Lieve",
    "Koen",
    "Nele",
    "Hanne",
]
LAST_NAMES = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Vermeulen",
    "Hermans",
    "Aerts",
    "Pauwels",
    "Van den Broeck",
    "De Clercq",
    "El Amrani",
    "Vandewalle",
    "D'Hondt",
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
FTE_CHOICES = [
    (Decimal("0.500"), 40),
    (Decimal("0.200"), 20),
    (Decimal("1.000"), 10),
    (Decimal("0.300"), 10),
    (Decimal("0.100"), 12),
    (Decimal("0.400"), 8),
]
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
START_TIMES = [dtime(9, 0), dtime(13, 30), dtime(14, 0), dtime(15, 45), dtime(19, 0)]


@dataclass
class ScaleResult:
    """What load_scale wrote: rows per table, the total seconds and the seconds per table."""

    counts: dict[str, int]
    seconds: float
    table_seconds: dict[str, float]


class ScaleRefused(Exception):
    """The database already holds data and --force was not given."""


def scaled_counts(factor: float) -> dict[str, int]:
    """The target number of rows of every generated table at this factor."""
    return {
        name: max(FLOORS.get(name, 0), round(base * factor)) for name, base in BASE_COUNTS.items()
    }


def allocate(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split total over the weights (largest remainder), never above a cap; returns the parts."""
    parts = [0] * len(weights)
    open_ = [i for i, w in enumerate(weights) if w > 0 and (caps is None or caps[i] > 0)]
    left = total
    while left > 0 and open_:
        weight_sum = sum(weights[i] for i in open_)
        shares = {i: left * weights[i] / weight_sum for i in open_}
        given = {i: int(shares[i]) for i in open_}
        rest = left - sum(given.values())
        for i in sorted(open_, key=lambda i: shares[i] - given[i], reverse=True)[:rest]:
            given[i] += 1
        left = 0
        for i in open_:
            room = caps[i] - parts[i] if caps else given[i]
            take = min(given[i], room)
            parts[i] += take
            left += given[i] - take
        open_ = [i for i in open_ if caps is None or parts[i] < caps[i]]
    return parts


def weekday_between(rng: random.Random, start: date, end: date) -> date:
    """A random working day from start to end (a weekend day only when nothing else fits)."""
    span = (end - start).days
    day = start + timedelta(days=rng.randint(0, max(span, 0)))
    while day.weekday() >= 5 and day > start:
        day -= timedelta(days=1)
    return day


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A naive datetime on a day."""
    return datetime.combine(day, dtime(hour, minute))


def chunked(rows: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    """Lists of at most size rows."""
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def next_id(model) -> int:
    """One above the highest id of a table (1 when it is empty)."""
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


@dataclass
class NetworkPlan:
    """What the generator decided about one network before writing it."""

    id: int
    programme_index: int
    level: SchoolLevel
    start_year: int  # index into the school years
    anchors: list[int]
    coaches: list[int]
    registrations: list[tuple[int, date, date | None]] = field(default_factory=list)
    held: list[tuple[date, int, int]] = field(default_factory=list)  # (day, meeting id, minutes)


class ScaleGenerator:
    """Plans the dataset table by table; each table comes out as (table, row count, rows)."""

    def __init__(self, factor: float, seed: int, today: date):
        self.factor = factor
        self.rng = random.Random(seed)
        self.today = today
        self.now = min(utcnow(), at(today, 23, 59))
        self.counts = scaled_counts(factor)
        current = SchoolYear.of(today)
        self.years = [SchoolYear(current.start_year - YEARS + 1 + i) for i in range(YEARS)]
        self.first_ids = {
            model.__tablename__: next_id(model)
            for model in (
                School,
                User,
                Programme,
                Network,
                Call,
                Registration,
                RegistrationStatusChange,
                Meeting,
                Attendance,
                StaffMember,
                StaffAssignment,
                PlannedEffort,
                HourEntry,
            )
        }

    # -- schools, users, programmes ------------------------------------------------------------

    def schools(self) -> tuple[Table, int, Iterator[dict]]:
        """Schools from the demo generator, with campuses (parent_id) and scholengemeenschappen."""
        rng = self.rng
        first = self.first_ids["school"]
        count = self.counts["school"]
        rows = demo_school_rows(rng, count, start_number=200000 + first * 7)
        taken = set(db.session.scalars(select(School.public_code)))
        created = at(self.years[0].starts_on - timedelta(days=200))
        self.school_ids = list(range(first, first + count))
        self.school_level = {}
        self.school_name = {}
        self.school_province = {}
        by_town: dict[str, int] = {}
        for offset, row in enumerate(rows):
            school_id = first + offset
            code = None
            while code is None or code in taken:
                code = "S-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(6))
            taken.add(code)
            town = row["municipality"]
            # About one school in twenty is a campus of an earlier school in the same town.
            parent = by_town.get(town) if rng.random() < 0.05 else None
            by_town.setdefault(town, school_id)
            row.update(
                id=school_id,
                public_code=code,
                parent_id=parent,
                scholengemeenschap=(f"Scholengemeenschap {town}" if rng.random() < 0.4 else None),
                created_at=created,
                updated_at=created,
            )
            self.school_level[school_id] = row["level"]
            self.school_name[school_id] = row["name"]
            self.school_province[school_id] = row["province"]
        self.schools_by_level: dict[SchoolLevel, list[int]] = defaultdict(list)
        for school_id, level in self.school_level.items():
            self.schools_by_level[level].append(school_id)
        return School.__table__, count, iter(rows)

    def users(self) -> tuple[Table, int, Iterator[dict]]:
        """An admin, a ministry user and a coach per ten networks (password demo-wachtwoord)."""
        first = self.first_ids["user"]
        n_coaches = max(1, round(self.counts["network"] / 10))
        # scrypt is slow on purpose: hash once for every generated user.
        password_hash = generate_password_hash(SCALE_PASSWORD, method="scrypt")
        taken = set(db.session.scalars(select(User.email)))
        created = at(self.years[0].starts_on - timedelta(days=100))
        rows = []
        specials = [(SCALE_ADMIN_EMAIL, Role.admin), (SCALE_MINISTRY_EMAIL, Role.ministry)]
        for email, role in specials:
            if email not in taken:
                rows.append((email, role))
        for _ in range(n_coaches):
            rows.append((f"coach{first + len(rows)}@scale.netwerk.test", Role.coach))
        self.coach_ids = [first + i for i, (_email, role) in enumerate(rows) if role is Role.coach]
        out = [
            {
                "id": first + i,
                "email": email,
                "name": self._person_name(),
                "password_hash": password_hash,
                "role": role,
                "is_active_account": True,
                "locale": None,
                "created_at": created,
                "last_login_at": None,
            }
            for i, (email, role) in enumerate(rows)
        ]
        self.user_name = {row["id"]: row["name"] for row in out}
        return User.__table__, len(out), iter(out)

    def _person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def programmes(self) -> tuple[Table, int, Iterator[dict]]:
        """Programmes with Flemish names, unique also beside the ones already there."""
        first = self.first_ids["programme"]
        taken = set(db.session.scalars(select(Programme.name)))
        rows = []
        self.programme_names = []
        for i in range(self.counts["programme"]):
            base = PROGRAMMES[i % len(PROGRAMMES)]
            round_ = i // len(PROGRAMMES) + 1
            name = base if round_ == 1 else f"{base} ({round_})"
            while name in taken:
                round_ += 1
                name = f"{base} ({round_})"
            taken.add(name)
            self.programme_names.append(name)
            rows.append(
                {
                    "id": first + i,
                    "name": name,
                    "description": f"Lerende netwerken rond {base.lower()}.",
                    "is_active": True,
                    "created_at": at(self.years[0].starts_on - timedelta(days=300)),
                }
            )
        self.programme_ids = [row["id"] for row in rows]
        return Programme.__table__, len(rows), iter(rows)

    # -- networks with anchors and coaches ---------------------------------------------------

    def plan_networks(self) -> None:
        """Level, start year, anchors (1 or 2, some anchors lead several) and coaches per network."""
        rng = self.rng
        first = self.first_ids["network"]
        levels = list(LEVEL_WEIGHTS)
        weights = [45, 38, 5, 5, 4, 3]
        anchors_by_level: dict[SchoolLevel, list[int]] = defaultdict(list)
        self.networks: list[NetworkPlan] = []
        for i in range(self.counts["network"]):
            level = rng.choices(levels, weights=weights)[0]
            pool = self.schools_by_level.get(level) or self.school_ids
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
            coaches = [self.coach_ids[i * len(self.coach_ids) // self.counts["network"]]]
            if rng.random() < 0.1 and len(self.coach_ids) > 1:
                other = rng.choice(self.coach_ids)
                if other != coaches[0]:
                    coaches.append(other)
            self.networks.append(
                NetworkPlan(
                    id=first + i,
                    programme_index=rng.randrange(len(self.programme_ids)),
                    level=level,
                    start_year=rng.choices(range(YEARS), weights=[3, 2, 2, 1.5, 1, 1])[0],
                    anchors=anchors,
                    coaches=coaches,
                )
            )

    def network_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """Networks; the capacity follows the number of registrations planned for them."""
        rng = self.rng
        rows = []
        for plan in self.networks:
            anchor = plan.anchors[0]
            town = self.school_name[anchor].rsplit(" ", 1)[-1]
            programme = self.programme_names[plan.programme_index]
            kind = rng.choice([NetworkType.lerend_netwerk, NetworkType.leergemeenschap])
            theme = rng.choice(THEMES)
            accepted = sum(1 for _s, _a, until in plan.registrations if until is None)
            capacity = None if rng.random() < 0.3 else max(5, math.ceil(accepted / 5) * 5 + 5)
            rows.append(
                {
                    "id": plan.id,
                    "name": f"{programme} {town} {plan.id}",
                    "type": kind,
                    "programme_id": self.programme_ids[plan.programme_index],
                    "theme": theme,
                    "level": plan.level,
                    "province": self.school_province[anchor],
                    "region": town,
                    "capacity": capacity,
                    "description": f"Een {kind.value.replace('_', ' ')} over {theme}.",
                    "rhythm": rng.choice(["maandelijks", "tweemaandelijks", "vier keer per jaar"]),
                    "is_active": True,
                    "auto_accept": rng.random() < 0.1,
                    "created_at": at(self.years[plan.start_year].starts_on - timedelta(days=150)),
                }
            )
        return Network.__table__, len(rows), iter(rows)

    def anchor_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """network_anchor."""
        rows = [
            {"network_id": plan.id, "school_id": school_id}
            for plan in self.networks
            for school_id in plan.anchors
        ]
        return network_anchor, len(rows), iter(rows)

    def coach_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """network_coach."""
        rows = [
            {"network_id": plan.id, "user_id": user_id}
            for plan in self.networks
            for user_id in plan.coaches
        ]
        return network_coach, len(rows), iter(rows)

    # -- calls and registrations --------------------------------------------------------------

    def plan_calls(self) -> None:
        """One call per programme per school year, in the spring before it."""
        rng = self.rng
        first = self.first_ids["call"]
        self.calls = []
        self.call_id: dict[tuple[int, int], int] = {}
        self.call_window: dict[int, tuple[date, date]] = {}
        for p_index, programme_id in enumerate(self.programme_ids):
            for y_index, year in enumerate(self.years):
                call_id = first + len(self.calls)
                opens = date(year.start_year, 4, 15) + timedelta(days=rng.randint(0, 20))
                closes = date(year.start_year, 6, 10) + timedelta(days=rng.randint(0, 20))
                self.call_id[(p_index, y_index)] = call_id
                self.call_window[call_id] = (opens, closes)
                self.calls.append(
                    {
                        "id": call_id,
                        "title": f"Oproep {self.programme_names[p_index]} {year}",
                        "programme_id": programme_id,
                        "opens_on": opens,
                        "closes_on": closes,
                        "starts_on": year.starts_on,
                        "text": "Scholen kunnen zich aanmelden voor de netwerken van dit "
                        f"programma in het schooljaar {year}.",
                        "created_at": at(opens - timedelta(days=14)),
                    }
                )

    def call_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """The planned calls."""
        return Call.__table__, len(self.calls), iter(self.calls)

    def call_network_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """A network is offered in the call of its first year and in every later one."""
        rows = [
            {"call_id": self.call_id[(plan.programme_index, y)], "network_id": plan.id}
            for plan in self.networks
            for y in range(plan.start_year, YEARS)
        ]
        return call_network, len(rows), iter(rows)

    def plan_registrations(self) -> None:
        """Who registers where, in which call, and how each registration moves on."""
        rng = self.rng
        weights = [
            rng.uniform(0.5, 1.5) * (1 + 0.3 * (YEARS - 1 - plan.start_year))
            for plan in self.networks
        ]
        caps = [len(self.school_ids) - len(plan.anchors) for plan in self.networks]
        per_network = allocate(self.counts["registration"], weights, caps)
        outcome_weights = [w for w, _moves in OUTCOMES]
        first = self.first_ids["registration"]
        self.registrations = []  # (id, school, network plan, call, [(status, day)])
        for plan, k in zip(self.networks, per_network, strict=True):
            same = [s for s in self.schools_by_level.get(plan.level, []) if s not in plan.anchors]
            k_same = min(len(same), round(k * 0.9))
            chosen = rng.sample(same, k_same)
            if len(chosen) < k:
                taken = set(chosen) | set(plan.anchors)
                others = [s for s in self.school_ids if s not in taken]
                chosen += rng.sample(others, k - len(chosen))
            year_weights = [3 if y == plan.start_year else 1 for y in range(plan.start_year, YEARS)]
            for school_id in chosen:
                y = rng.choices(range(plan.start_year, YEARS), weights=year_weights)[0]
                call_id = self.call_id[(plan.programme_index, y)]
                opens, closes = self.call_window[call_id]
                day = min(opens + timedelta(days=rng.randint(0, (closes - opens).days)), self.today)
                moves = [(RegistrationStatus.submitted, day)]
                for status in rng.choices([m for _w, m in OUTCOMES], weights=outcome_weights)[0]:
                    low, high = MOVE_DELAY[status]
                    day = day + timedelta(days=rng.randint(low, high))
                    if day > self.today:
                        break  # that move has not happened yet
                    moves.append((RegistrationStatus(status), day))
                self.registrations.append(
                    (first + len(self.registrations), school_id, plan, call_id, moves)
                )
                accepted_on = until = None
                for status, day in moves:
                    if status is RegistrationStatus.accepted:
                        accepted_on = day
                    elif status is RegistrationStatus.withdrawn:
                        until = day
                if accepted_on is not None:
                    plan.registrations.append((school_id, accepted_on, until))

    def registration_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """Registrations; status is the last move, as the app expects."""
        rng = self.rng

        def rows():
            for reg_id, school_id, plan, call_id, moves in self.registrations:
                first_day, last_day = moves[0][1], moves[-1][1]
                yield {
                    "id": reg_id,
                    "school_id": school_id,
                    "network_id": plan.id,
                    "call_id": call_id,
                    "status": moves[-1][0],
                    "contact_name": self._person_name(),
                    "contact_email": f"directie{school_id}@school.example.be",
                    "motivation": rng.choice(MOTIVATIONS),
                    "commitment": rng.random() < 0.85,
                    "created_by_id": None,
                    "created_at": at(first_day, rng.randint(8, 17), rng.randint(0, 59)),
                    "updated_at": at(last_day, 16),
                }

        return Registration.__table__, len(self.registrations), rows()

    def history_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """Status changes in order of date within each registration, ids rising with them."""
        rng = self.rng
        total = sum(len(moves) for *_rest, moves in self.registrations)
        first = self.first_ids["registration_status_change"]

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

    # -- meetings and attendance --------------------------------------------------------------

    def meeting_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """About monthly meetings in every school year a network runs; held, planned or cancelled."""
        rng = self.rng
        weights = [YEARS - plan.start_year for plan in self.networks]
        per_network = allocate(self.counts["meeting"], weights)
        first = self.first_ids["meeting"]
        plans = []
        for plan, k in zip(self.networks, per_network, strict=True):
            years = list(range(plan.start_year, YEARS))
            for y, k_year in zip(years, allocate(k, [1] * len(years)), strict=True):
                plans.append((plan, y, k_year))
        self.meeting_info: list[tuple[int, NetworkPlan, date, MeetingStatus]] = []

        def rows():
            meeting_id = first
            for plan, y, k_year in plans:
                year = self.years[y]
                # Sept..June; more than ten meetings a year double up within months.
                months = (
                    sorted(rng.choices(range(10), k=k_year))
                    if k_year > 10
                    else sorted(rng.sample(range(10), k_year))
                )
                for n, month_index in enumerate(months):
                    month_start = date(
                        year.start_year + (month_index + 8) // 12, (month_index + 8) % 12 + 1, 1
                    )
                    day = weekday_between(rng, month_start, month_start + timedelta(days=27))
                    starts_at = datetime.combine(day, rng.choice(START_TIMES))
                    if n == 0 and y == plan.start_year:
                        kind = MeetingType.infosessie
                    elif n == len(months) - 1 and n > 0:
                        kind = MeetingType.toonmoment
                    else:
                        kind = rng.choice([MeetingType.werksessie, MeetingType.bijeenkomst])
                    draw = rng.random()
                    if day < self.today:
                        status = (
                            MeetingStatus.held
                            if draw < 0.94
                            else MeetingStatus.cancelled
                            if draw < 0.98
                            else MeetingStatus.postponed
                        )
                    else:
                        status = MeetingStatus.planned if draw < 0.95 else MeetingStatus.cancelled
                    minutes = rng.choice([90, 120, 120, 150, 180, 240])
                    online = rng.random() < 0.1
                    host = rng.choice(plan.anchors)
                    if status is MeetingStatus.held:
                        plan.held.append((day, meeting_id, minutes))
                    self.meeting_info.append((meeting_id, plan, day, status))
                    created = min(starts_at - timedelta(days=40), self.now)
                    yield {
                        "id": meeting_id,
                        "network_id": plan.id,
                        "series_id": None,
                        "type": kind,
                        "title": f"{kind.value.capitalize()} {n + 1} ({year})",
                        "starts_at": starts_at,
                        "duration_minutes": minutes,
                        "location": "" if online else self.school_name[host],
                        "host_school_id": None if online else host,
                        "online_url": f"https://meet.example.be/n{plan.id}" if online else "",
                        "agenda": "",
                        "status": status,
                        "status_reason": (
                            "Te weinig aanmeldingen." if status is MeetingStatus.cancelled else ""
                        ),
                        "is_imposed": rng.random() < 0.05,
                        "sequence": 0,
                        "created_at": created,
                        "updated_at": created,
                    }
                    meeting_id += 1

        return Meeting.__table__, sum(per_network), rows()

    def _accepted_at(self, plan: NetworkPlan, day: date) -> list[int]:
        return [
            school_id
            for school_id, accepted_on, until in plan.registrations
            if accepted_on <= day and (until is None or day < until)
        ]

    def attendance_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """Present, absent or excused, for the schools accepted on the day of a held meeting.

        When that gives more rows than the target, attendance is taken at only part of the held
        meetings (as in life: not every coach records it), chosen at random.
        """
        rng = self.rng
        held = [
            (meeting_id, plan, day)
            for meeting_id, plan, day, status in self.meeting_info
            if status is MeetingStatus.held
        ]
        sizes = [len(self._accepted_at(plan, day)) for _m, plan, day in held]
        eligible = sum(sizes)
        share = min(1.0, self.counts["attendance"] / eligible) if eligible else 0.0
        recorded = [i for i in range(len(held)) if rng.random() < share]
        total = sum(sizes[i] for i in recorded)
        first = self.first_ids["attendance"]
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

        return Attendance.__table__, total, rows()

    # -- effort -------------------------------------------------------------------------------

    def staff_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """Staff members, employed by anchor schools; the coach users are staff too."""
        rng = self.rng
        first = self.first_ids["staff_member"]
        anchors = sorted({s for plan in self.networks for s in plan.anchors})
        rows = []
        for i in range(self.counts["staff_member"]):
            employer = rng.choice(anchors)
            name = self._person_name()
            user_id = self.coach_ids[i] if i < len(self.coach_ids) else None
            if user_id is not None:
                name = self.user_name[user_id]
            rows.append(
                {
                    "id": first + i,
                    "name": name,
                    "email": f"medewerker{first + i}@school.example.be",
                    "user_id": user_id,
                    "employer_school_id": employer,
                    "employer_name": self.school_name[employer],
                    "seniority_years": rng.randint(0, 35) if rng.random() < 0.9 else None,
                    "diploma_level": rng.choice(
                        ["bachelor", "master", "master + lerarenopleiding"]
                    ),
                    "created_at": at(self.years[0].starts_on - timedelta(days=60)),
                }
            )
        self.staff_ids = [row["id"] for row in rows]
        self.staff_user = {row["id"]: row["user_id"] for row in rows}
        return StaffMember.__table__, len(rows), iter(rows)

    def assignment_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """Mostly per network and year, some per anchor school or programme; at most 1 FTE a year."""
        rng = self.rng
        total = self.counts["staff_assignment"]
        network_years = [(plan, y) for plan in self.networks for y in range(plan.start_year, YEARS)]
        n_network = min(len(network_years), round(total * 0.8))
        chosen = sorted(rng.sample(range(len(network_years)), n_network))
        home = {plan.id: rng.choice(self.staff_ids) for plan in self.networks}
        budget: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        ftes = [f for f, _w in FTE_CHOICES]
        fte_weights = [w for _f, w in FTE_CHOICES]
        first = self.first_ids["staff_assignment"]
        self.assignments = []  # (id, staff, network plans it may log hours on, start, end, fte)
        rows = []

        def add(staff_id, y, target, role, networks):
            fte = rng.choices(ftes, weights=fte_weights)[0]
            for _try in range(20):
                room = Decimal(1) - budget[(staff_id, y)]
                fitting = [f for f in ftes if f <= room]
                if fitting:
                    fte = fte if fte <= room else max(fitting)
                    break
                staff_id = rng.choice(self.staff_ids)
            budget[(staff_id, y)] += fte
            year = self.years[y]
            if rng.random() < 0.65:
                starts, ends = year.starts_on, year.ends_on
            else:
                starts = year.starts_on + timedelta(days=rng.randint(0, 90))
                ends = min(starts + timedelta(days=rng.randint(90, 300)), year.ends_on)
            assignment_id = first + len(rows)
            rows.append(
                {
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
                    "created_at": min(at(starts - timedelta(days=10)), self.now),
                }
            )
            self.assignments.append((assignment_id, staff_id, networks, starts, ends, fte))

        for index in chosen:
            plan, y = network_years[index]
            role = rng.choices(
                [StaffRole.procescoach, StaffRole.netwerkcoordinator, StaffRole.projectmedewerker],
                weights=[50, 30, 20],
            )[0]
            add(home[plan.id], y, {"network_id": plan.id}, role, [plan])
        by_anchor_year = defaultdict(list)
        by_programme_year = defaultdict(list)
        for plan, y in network_years:
            for school_id in plan.anchors:
                by_anchor_year[(school_id, y)].append(plan)
            by_programme_year[(plan.programme_index, y)].append(plan)
        anchor_keys = sorted(by_anchor_year)
        programme_keys = sorted(by_programme_year)
        while len(rows) < total:
            if rng.random() < 0.7:
                school_id, y = rng.choice(anchor_keys)
                add(
                    rng.choice(self.staff_ids),
                    y,
                    {"anchor_school_id": school_id},
                    StaffRole.projectmedewerker,
                    by_anchor_year[(school_id, y)],
                )
            else:
                p_index, y = rng.choice(programme_keys)
                add(
                    rng.choice(self.staff_ids),
                    y,
                    {"programme_id": self.programme_ids[p_index]},
                    rng.choice(
                        [StaffRole.projectcoordinator, StaffRole.professionaliseringsmedewerker]
                    ),
                    by_programme_year[(p_index, y)],
                )
        self.network_years = network_years
        return StaffAssignment.__table__, len(rows), iter(rows)

    def planned_effort_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """Planned FTE per network and school year (about a half-time per network)."""
        rng = self.rng
        first = self.first_ids["planned_effort"]
        taken = set(
            db.session.execute(select(PlannedEffort.network_id, PlannedEffort.school_year)).all()
        )
        rows = []
        for plan, y in self.network_years:
            if (plan.id, str(self.years[y])) in taken:
                continue
            planned = rng.choice(
                [Decimal("0.500"), Decimal("0.500"), Decimal("1.000"), Decimal("0.300")]
            )
            rows.append(
                {
                    "id": first + len(rows),
                    "network_id": plan.id,
                    "programme_id": None,
                    "school_year": str(self.years[y]),
                    "planned_fte": planned,
                    "earmarked_fte": planned if rng.random() < 0.6 else Decimal("0.000"),
                }
            )
        return PlannedEffort.__table__, len(rows), iter(rows)

    def school_year_setting_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """1,600 hours per FTE for every generated school year not set yet."""
        taken = set(db.session.scalars(select(SchoolYearSetting.school_year)))
        first = next_id(SchoolYearSetting)
        rows = [
            {"id": first + i, "school_year": year, "hours_per_fte": Decimal("1600.00")}
            for i, year in enumerate(y for y in map(str, self.years) if y not in taken)
        ]
        return SchoolYearSetting.__table__, len(rows), iter(rows)

    def hour_entry_rows(self) -> tuple[Table, int, Iterator[dict]]:
        """Hours spread over the assignments by FTE and elapsed days, never in the future."""
        rng = self.rng
        past = [(a, min(a[4], self.today)) for a in self.assignments if a[3] <= self.today and a[2]]
        weights = [float(a[5]) * ((end - a[3]).days + 1) for a, end in past]
        parts = allocate(self.counts["hour_entry"], weights)
        first = self.first_ids["hour_entry"]
        activities = list(ACTIVITY_WEIGHTS)
        activity_weights = list(ACTIVITY_WEIGHTS.values())
        minute_choices = [30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 420, 480]

        def rows():
            entry_id = first
            for (assignment, end), k in zip(past, parts, strict=True):
                _aid, staff_id, networks, starts, _ends, _fte = assignment
                user_id = self.staff_user.get(staff_id)
                for _ in range(k):
                    plan = rng.choice(networks)
                    activity = rng.choices(activities, weights=activity_weights)[0]
                    day = weekday_between(rng, starts, end)
                    meeting_id = school_id = None
                    minutes = rng.choice(minute_choices)
                    if activity is Activity.bijeenkomst:
                        in_period = [h for h in plan.held if starts <= h[0] <= end]
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
                            at(day, 17) + timedelta(days=rng.randint(0, 7)), self.now
                        ),
                    }
                    entry_id += 1

        return HourEntry.__table__, sum(parts), rows()

    # -- the order of writing ------------------------------------------------------------------

    def steps(self) -> Iterator[Callable[[], tuple[Table, int, Iterator[dict]]]]:
        """The tables in the order they must be written (parents first)."""
        yield self.schools
        yield self.users
        yield self.programmes
        self.plan_networks()
        self.plan_calls()
        self.plan_registrations()
        yield self.network_rows
        yield self.anchor_rows
        yield self.coach_rows
        yield self.call_rows
        yield self.call_network_rows
        yield self.registration_rows
        yield self.history_rows
        yield self.meeting_rows
        yield self.attendance_rows
        yield self.staff_rows
        yield self.assignment_rows
        yield self.planned_effort_rows
        yield self.school_year_setting_rows
        yield self.hour_entry_rows


def load_scale(
    factor: float,
    seed: int = 2021,
    *,
    force: bool = False,
    today: date | None = None,
    show_progress: bool = True,
) -> "ScaleResult":
    """Generate and write the dataset in one transaction; returns rows and seconds per table.

    Refuses a database that already holds data unless force is given (then it adds to it).
    """
    if factor <= 0:
        raise ValueError("factor must be positive")
    if not force and not database_is_empty():
        raise ScaleRefused(
            "De database bevat al gegevens. Gebruik een lege database (flask db upgrade op een "
            "nieuwe database) of voeg --force toe om de schaalgegevens erbij te zetten."
        )
    started = time.perf_counter()
    generator = ScaleGenerator(factor, seed, today or brussels_today())
    written: dict[str, int] = {}
    seconds: dict[str, float] = {}
    try:
        with foreign_keys_set_aside(db.session.connection()):
            for step in generator.steps():
                step_started = time.perf_counter()
                table, length, rows = step()
                written[table.name] = written.get(table.name, 0) + _write(
                    table, length, rows, show_progress
                )
                seconds[table.name] = time.perf_counter() - step_started
        reset_sequences(db.session.connection())
        # Fresh statistics, or the planner guesses from an empty table (both databases know ANALYZE).
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return ScaleResult(written, time.perf_counter() - started, seconds)


def _write(table: Table, length: int, rows: Iterator[dict], show_progress: bool) -> int:
    """Write rows in chunks (COPY on PostgreSQL, executemany elsewhere), with a progress bar."""
    write = _writer(table)
    count = 0
    if not show_progress:
        for batch in chunked(rows):
            write(batch)
            count += len(batch)
        return count
    with click.progressbar(length=length, label=f"{table.name:28}", show_pos=True) as bar:
        for batch in chunked(rows):
            write(batch)
            count += len(batch)
            bar.update(len(batch))
    return count


def _writer(table: Table) -> Callable[[list[dict]], None]:
    """How a chunk goes in: COPY on PostgreSQL (several times faster), executemany elsewhere."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        return lambda batch: db.session.execute(insert(table), batch)
    dialect = connection.dialect
    preparer = dialect.identifier_preparer

    def copy_batch(batch: list[dict]) -> None:
        columns = list(batch[0])
        missing = [c for c in table.columns if c.name not in batch[0] and c.default is not None]
        if missing:
            # A Python-side default is applied by executemany, not by COPY: keep it simple.
            db.session.execute(insert(table), batch)
            return
        # The column types' own bind processing (enums to names, type decorators) as insert() does.
        processors = [table.c[name].type.bind_processor(dialect) for name in columns]
        names = ", ".join(preparer.quote(name) for name in columns)
        statement = f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in batch:
                copy.write_row(
                    [
                        process(row[name]) if process else row[name]
                        for name, process in zip(columns, processors, strict=True)
                    ]
                )

    return copy_batch
