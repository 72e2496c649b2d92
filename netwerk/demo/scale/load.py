"""load_scale: generate the scale data part by part and write it in one transaction."""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from netwerk.bulkload import (
    database_is_empty,
    foreign_keys_set_aside,
    indexes_set_aside,
    reset_sequences,
)
from netwerk.demo.effort import first_versions
from netwerk.demo.scale.bulk import write_rows
from netwerk.demo.scale.context import ScaleContext, Step
from netwerk.demo.scale.effort import Effort
from netwerk.demo.scale.meetings import Meetings, attendance_versions
from netwerk.demo.scale.networks import Networks
from netwerk.demo.scale.registry import Registry
from netwerk.extensions import db
from netwerk.networks.status_periods import rebuild_periods
from netwerk.timeutil import today as brussels_today


@dataclass
class ScaleResult:
    """What load_scale wrote: rows per table, the total seconds and the seconds per table."""

    counts: dict[str, int]
    seconds: float
    table_seconds: dict[str, float]


# The tables of millions of rows at factor 10: their plain indexes are built after the load.
BIG_TABLES = [
    "hour_entry",
    "hour_entry_version",
    "attendance",
    "attendance_version",
    "meeting",
    "registration",
    "registration_status_change",
    "registration_status_period",
]


class ScaleRefused(Exception):
    """The database already holds data and --force was not given."""


def steps(ctx: ScaleContext) -> Iterator[Callable[[], Step]]:
    """The tables in the order they must be written (parents first).

    A part is made only when the tables before it are written: each draws from the one random
    source in this order, so the same seed gives the same data.
    """
    registry = Registry(ctx)
    yield registry.school_organisations
    yield registry.schools
    yield registry.users
    yield registry.programmes
    networks = Networks(ctx, registry)
    yield networks.network_rows
    yield networks.anchor_rows
    yield networks.anchor_period_rows
    yield networks.profile_rows
    yield networks.coach_rows
    yield networks.call_rows
    yield networks.call_network_rows
    yield networks.registration_rows
    yield networks.history_rows
    meetings = Meetings(ctx, registry, networks.plans)
    yield meetings.meeting_rows
    yield meetings.attendance_rows
    effort = Effort(ctx, registry, networks.plans)
    yield effort.staff_rows
    yield effort.assignment_rows
    yield effort.planned_effort_rows
    yield effort.school_year_setting_rows
    yield effort.hour_entry_rows


def load_scale(
    factor: float,
    seed: int = 2021,
    *,
    force: bool = False,
    today: date | None = None,
    show_progress: bool = True,
) -> ScaleResult:
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
    ctx = ScaleContext.start(factor, seed, today or brussels_today())
    written: dict[str, int] = {}
    seconds: dict[str, float] = {}
    try:
        connection = db.session.connection()
        with foreign_keys_set_aside(connection), indexes_set_aside(connection, BIG_TABLES):
            for step in steps(ctx):
                step_started = time.perf_counter()
                table, length, rows = step()
                written[table.name] = written.get(table.name, 0) + write_rows(
                    table, length, rows, show_progress
                )
                seconds[table.name] = time.perf_counter() - step_started
            # The records' first versions, in SQL: "as known at" reads have data.
            step_started = time.perf_counter()
            written["attendance_version"] = attendance_versions(ctx.first_ids["attendance"])
            seconds["attendance_version"] = time.perf_counter() - step_started
            step_started = time.perf_counter()
            for name, count in first_versions(ctx.now).items():
                written[name] = written.get(name, 0) + count
            seconds["effort versions"] = time.perf_counter() - step_started
            # COPY bypasses the ORM flush that keeps the status periods: build them all in SQL
            # (before the foreign keys come back: they check the periods in one pass too).
            step_started = time.perf_counter()
            written["registration_status_period"] = rebuild_periods(connection)
            seconds["registration_status_period"] = time.perf_counter() - step_started
        reset_sequences(db.session.connection())
        # Fresh statistics, or the planner guesses from an empty table (both databases know ANALYZE).
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return ScaleResult(written, time.perf_counter() - started, seconds)
