"""FTE against hours: hours per FTE per school year, conversions, and pro-rating over a period.

FTE is kept at full precision (Decimal here, exact integers in SQL) and rounded only for display,
half up as formatting.round_half_up does: FTE to 3 places, hours to 1.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Date, Integer, and_, cast, func, literal, or_, select
from sqlalchemy.sql import FromClause

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.effort.models import SchoolYearSetting, StaffAssignment
from netwerk.effort.permissions import require_admin
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.formatting import round_half_up
from netwerk.locks import lock_name
from netwerk.timeutil import SchoolYear


def as_school_year(value: "SchoolYear | str") -> SchoolYear:
    """A SchoolYear as given, or parsed from '2024-2025' (DomainError 400 otherwise)."""
    return value if isinstance(value, SchoolYear) else SchoolYear.parse(value)


# --- hours per FTE -----------------------------------------------------------------------------


def hours_per_fte(school_year: "SchoolYear | str") -> Decimal:
    """Hours in one FTE for a school year: its setting, else DEFAULT_HOURS_PER_FTE."""
    year = as_school_year(school_year)
    value = db.session.scalar(
        select(SchoolYearSetting.hours_per_fte).where(SchoolYearSetting.school_year == str(year))
    )
    if value is None:
        value = current_app.config["DEFAULT_HOURS_PER_FTE"]
    return Decimal(str(value))


def set_hours_per_fte(actor: User, school_year: "SchoolYear | str", hours: Decimal) -> None:
    """Store the hours in one FTE for a school year (admin)."""
    require_admin(actor)
    year = as_school_year(school_year)
    hours = Decimal(str(hours))
    if not Decimal(1) <= hours <= Decimal(3000):
        raise DomainError(_("Het aantal uren per VTE moet tussen 1 en 3.000 liggen."))
    # Two first saves for a year at once would both insert: the second waits and then updates.
    lock_name("school_year_setting", str(year))
    setting = db.session.scalar(
        select(SchoolYearSetting).where(SchoolYearSetting.school_year == str(year))
    )
    is_new = setting is None
    if is_new:
        setting = SchoolYearSetting(school_year=str(year))
        db.session.add(setting)
    setting.hours_per_fte = round_half_up(hours, 2)
    db.session.flush()
    verb = "created" if is_new else "updated"
    log_change(actor, f"school_year_setting.{verb}", setting, hours=setting.hours_per_fte)


def school_year_settings() -> list[SchoolYearSetting]:
    """Every stored hours-per-FTE setting, newest school year first."""
    return list(
        db.session.scalars(select(SchoolYearSetting).order_by(SchoolYearSetting.school_year.desc()))
    )


def hours_to_fte(minutes: int | Decimal | Fraction, school_year: "SchoolYear | str") -> Decimal:
    """Minutes of work as an FTE-equivalent of that school year (full precision)."""
    return Decimal(minutes) / 60 / hours_per_fte(school_year)


def fte_to_hours(fte: Decimal, school_year: "SchoolYear | str") -> Decimal:
    """The hours an FTE stands for in that school year."""
    return Decimal(fte) * hours_per_fte(school_year)


# --- pro-rating --------------------------------------------------------------------------------


def covered_days(starts_on: date, ends_on: date | None, start: date, end: date) -> int:
    """Days of [start, end] (both included) that an assignment from starts_on to ends_on covers."""
    first = max(starts_on, start)
    last = min(ends_on or end, end)
    return max(0, (last - first).days + 1)


def fte_in_period(assignment: StaffAssignment, start: date, end: date) -> Decimal:
    """FTE of an assignment over a period: fte x days covered / days in the period.

    Exact division at Decimal's 28 digits; round with round_half_up(..., 3) only for display.
    """
    if end < start:
        raise DomainError(_("Het einde van de periode ligt voor het begin."))
    days = covered_days(assignment.starts_on, assignment.ends_on, start, end)
    return Decimal(assignment.fte) * days / ((end - start).days + 1)


def _days_between(later, earlier):
    """SQL: later - earlier in days, on SQLite (julianday) and PostgreSQL (date subtraction)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return later - earlier
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def _greatest(a, b):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.greatest(a, b)
    return func.max(a, b)  # SQLite's two-argument max() is a scalar function


def _least(a, b):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.least(a, b)
    return func.min(a, b)


def milli_fte_days(start: date, end: date, source: FromClause | None = None):
    """SQL: a row's FTE in thousandths times the days it covers in [start, end] (an integer).

    Thousandths are exact because fte has three decimals, so sums stay exact on both databases.
    source: the assignments read (a FromClause with StaffAssignment's columns; None: the table).
    """
    a = (StaffAssignment.__table__ if source is None else source).c
    start_lit = literal(start, Date)
    end_lit = literal(end, Date)
    first = _greatest(a.starts_on, start_lit)
    last = _least(func.coalesce(a.ends_on, end_lit), end_lit)
    days = _days_between(last, first) + 1
    return cast(func.round(a.fte * 1000), Integer) * days


def overlaps_period(start: date, end: date, source: FromClause | None = None):
    """SQL: the assignment runs on at least one day of [start, end] (source as milli_fte_days)."""
    a = (StaffAssignment.__table__ if source is None else source).c
    return and_(a.starts_on <= end, or_(a.ends_on.is_(None), a.ends_on >= start))
