"""What every part of the scale generator shares: the target counts, the school years, the first
free id of every table, the random source, and the small helpers the parts draw with."""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime

from sqlalchemy import Table, func, select

from netwerk.auth.models import User
from netwerk.effort.models import HourEntry, PlannedEffort, StaffAssignment, StaffMember
from netwerk.extensions import db
from netwerk.meetings.models import Attendance, Meeting
from netwerk.networks.models import (
    Call,
    Network,
    Programme,
    Registration,
    RegistrationStatusChange,
)
from netwerk.schools.models import Organisation, School
from netwerk.timeutil import SchoolYear, utcnow

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
SCALE_ADMIN_EMAIL = "beheer@scale.netwerk.example"
SCALE_MINISTRY_EMAIL = "ministerie@scale.netwerk.example"
# The tables whose ids the generator chooses, above what the database holds already.
ID_MODELS = (
    Organisation,
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

# What a part hands the writer for one table: the table, its number of rows and the rows.
Step = tuple[Table, int, Iterator[dict]]


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


def next_id(model) -> int:
    """One above the highest id of a table (1 when it is empty)."""
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


@dataclass
class ScaleContext:
    """The random source, the dates and the targets of one run of the generator."""

    rng: random.Random
    today: date
    now: datetime
    counts: dict[str, int]
    years: list[SchoolYear]  # the current school year and the five before it, oldest first
    first_ids: dict[str, int]  # table name -> the first id the generator may use

    @classmethod
    def start(cls, factor: float, seed: int, today: date) -> "ScaleContext":
        """The context of a run at this factor and seed, with today's date as given."""
        current = SchoolYear.of(today)
        return cls(
            rng=random.Random(seed),
            today=today,
            now=min(utcnow(), at(today, 23, 59)),
            counts=scaled_counts(factor),
            years=[SchoolYear(current.start_year - YEARS + 1 + i) for i in range(YEARS)],
            first_ids={model.__tablename__: next_id(model) for model in ID_MODELS},
        )

    def person_name(self) -> str:
        """A believable Flemish first and last name."""
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
