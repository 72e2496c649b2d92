"""Effort: staff, assignments in FTE, planned FTE, logged hours, closed months and roll-ups.

Services take the actor, flush but never commit, and raise DomainError with a Dutch message.

Rounding: FTE and hours are kept at full precision internally (exact integers over one common
denominator in the roll-up, Decimal in fte_in_period) and rounded once, half up as
formatting.round_half_up does, where they are shown or returned: FTE to 3 places, hours to 1 place.
"""

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, getcontext
from fractions import Fraction
from operator import add

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Date, Integer, and_, case, cast, delete, func, literal, or_, select

from netwerk.auth.models import Role, User
from netwerk.csvfiles import decode
from netwerk.effort.models import (
    Activity,
    ClosedMonth,
    FundingSource,
    HourEntry,
    PlannedEffort,
    SchoolYearSetting,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.effort.parsing import MAX_MINUTES, parse_duration, parse_fte
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.formatting import enum_label, format_fte, round_half_up
from netwerk.meetings.models import Meeting, MeetingStatus
from netwerk.networks.models import Network, Programme, network_anchor, network_coach
from netwerk.schools.models import Province, School
from netwerk.timeutil import SchoolYear, parse_date, today, utcnow

__all__ = [
    "parse_duration",
    "parse_fte",
    "effort_rollup",
    "hours_per_fte",
    "hours_to_fte",
    "fte_to_hours",
    "fte_in_period",
]

GROUP_BY = ("anchor_school", "network", "programme", "province")
# Public money (the project subsidy, earmarked funds, the province) against the school's own hours.
SUBSIDISED = (
    FundingSource.projectsubsidie,
    FundingSource.gekleurde_middelen,
    FundingSource.provincie,
)
OWN = (FundingSource.eigen_middelen,)


def _require_admin(actor: User) -> None:
    if actor.role is not Role.admin:
        raise NotAllowed(_("Enkel een beheerder kan dit doen."))


def _school_year(value: "SchoolYear | str") -> SchoolYear:
    return value if isinstance(value, SchoolYear) else SchoolYear.parse(value)


# --- hours per FTE -----------------------------------------------------------------------------


def hours_per_fte(school_year: "SchoolYear | str") -> Decimal:
    """Hours in one FTE for a school year: its setting, else DEFAULT_HOURS_PER_FTE."""
    year = _school_year(school_year)
    value = db.session.scalar(
        select(SchoolYearSetting.hours_per_fte).where(SchoolYearSetting.school_year == str(year))
    )
    if value is None:
        value = current_app.config["DEFAULT_HOURS_PER_FTE"]
    return Decimal(str(value))


def set_hours_per_fte(actor: User, school_year: "SchoolYear | str", hours: Decimal) -> None:
    """Store the hours in one FTE for a school year (admin)."""
    _require_admin(actor)
    year = _school_year(school_year)
    hours = Decimal(str(hours))
    if not Decimal(1) <= hours <= Decimal(3000):
        raise DomainError(_("Het aantal uren per VTE moet tussen 1 en 3.000 liggen."))
    setting = db.session.scalar(
        select(SchoolYearSetting).where(SchoolYearSetting.school_year == str(year))
    )
    if setting is None:
        setting = SchoolYearSetting(school_year=str(year))
        db.session.add(setting)
    setting.hours_per_fte = round_half_up(hours, 2)
    db.session.flush()


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


def _milli_fte_days(start: date, end: date):
    """SQL: a row's FTE in thousandths times the days it covers in [start, end] (an integer).

    Thousandths are exact because fte has three decimals, so sums stay exact on both databases.
    """
    start_lit = literal(start, Date)
    end_lit = literal(end, Date)
    first = _greatest(StaffAssignment.starts_on, start_lit)
    last = _least(func.coalesce(StaffAssignment.ends_on, end_lit), end_lit)
    days = _days_between(last, first) + 1
    return cast(func.round(StaffAssignment.fte * 1000), Integer) * days


def overlaps_period(start: date, end: date):
    """SQL: the assignment runs on at least one day of [start, end]."""
    return and_(
        StaffAssignment.starts_on <= end,
        or_(StaffAssignment.ends_on.is_(None), StaffAssignment.ends_on >= start),
    )


# --- staff members -----------------------------------------------------------------------------


def create_staff_member(actor: User, **data) -> StaffMember:
    """A new staff member (admin)."""
    _require_admin(actor)
    member = StaffMember()
    _apply_staff_data(member, data)
    db.session.add(member)
    db.session.flush()
    return member


def update_staff_member(actor: User, member: StaffMember, **data) -> StaffMember:
    """Change a staff member's details (admin)."""
    _require_admin(actor)
    _apply_staff_data(member, data)
    db.session.flush()
    return member


def _apply_staff_data(member: StaffMember, data: dict) -> None:
    name = (data.get("name") or "").strip()
    if not name:
        raise DomainError(_("Vul de naam van de medewerker in."))
    email = (data.get("email") or "").strip().lower()
    user_id = data.get("user_id") or None
    if user_id is not None:
        taken = db.session.scalar(
            select(StaffMember.id).where(
                StaffMember.user_id == user_id, StaffMember.id != member.id
            )
        )
        if taken:
            raise DomainError(_("Deze gebruiker is al aan een andere medewerker gekoppeld."))
        if db.session.get(User, user_id) is None:
            raise DomainError(_("Deze gebruiker bestaat niet."))
    seniority = data.get("seniority_years")
    if seniority is not None and not 0 <= seniority <= 60:
        raise DomainError(_("Anciënniteit ligt tussen 0 en 60 jaar."))
    member.name = name[:200]
    member.email = email[:254]
    member.user_id = user_id
    member.employer_school_id = data.get("employer_school_id") or None
    member.employer_name = (data.get("employer_name") or "").strip()[:200]
    member.seniority_years = seniority
    member.diploma_level = (data.get("diploma_level") or "").strip()[:100]


def delete_staff_member(actor: User, member: StaffMember) -> None:
    """Delete a staff member and their assignments; refused once hours were logged (admin)."""
    _require_admin(actor)
    has_hours = db.session.scalar(
        select(func.count(HourEntry.id)).where(HourEntry.staff_member_id == member.id)
    )
    if has_hours:
        raise DomainError(
            _(
                "%(name)s heeft %(n)s urenregistraties: verwijder die eerst.",
                name=member.name,
                n=has_hours,
            )
        )
    db.session.execute(delete(StaffAssignment).where(StaffAssignment.staff_member_id == member.id))
    db.session.delete(member)
    db.session.flush()


def staff_member_of(user: User) -> StaffMember | None:
    """The staff member linked to this user, if any."""
    return db.session.scalar(select(StaffMember).where(StaffMember.user_id == user.id))


def ensure_staff_member(user: User) -> StaffMember:
    """The user's own staff member, created from the user's name on first use."""
    member = staff_member_of(user)
    if member is None:
        member = StaffMember(name=user.name, email=user.email.lower(), user_id=user.id)
        db.session.add(member)
        db.session.flush()
    return member


# --- assignments -------------------------------------------------------------------------------


class OverloadWarning(DomainError):
    """Saving would put a person above 1,0 FTE on some day; an admin must confirm it."""

    status_code = 409
    code = "overload"

    def __init__(self, day: date, total: Decimal):
        self.day = day
        self.total = total
        super().__init__(
            _(
                "Met deze opdracht werkt deze medewerker op %(day)s samen %(total)s VTE, meer dan "
                "1,0 VTE. Bevestig dat dit klopt om op te slaan.",
                day=day.strftime("%d/%m/%Y"),
                total=format_fte(total),
            )
        )


@dataclass
class AssignmentData:
    """What an assignment form or API body says; the target is exactly one of three."""

    role: StaffRole
    fte: Decimal
    funding_source: FundingSource
    starts_on: date
    ends_on: date | None = None
    network: Network | None = None
    anchor_school: School | None = None
    programme: Programme | None = None


def peak_load(
    staff_member_id: int, replacing_id: int | None, extra: tuple[Decimal, date, date | None] | None
) -> tuple[date, Decimal] | None:
    """The first day on which a person's FTE adds up to the most, when that is above 1,0.

    Runs over this one person's few assignments (an edited assignment counts with its new values).
    """
    rows = db.session.execute(
        select(StaffAssignment.fte, StaffAssignment.starts_on, StaffAssignment.ends_on).where(
            StaffAssignment.staff_member_id == staff_member_id,
            StaffAssignment.id != (replacing_id or 0),
        )
    ).all()
    periods = [(Decimal(r.fte), r.starts_on, r.ends_on) for r in rows]
    if extra is not None:
        periods.append(extra)
    events: list[tuple[date, Decimal]] = []
    for fte, start, end in periods:
        events.append((start, fte))
        if end is not None:
            events.append((end + timedelta(days=1), -fte))
    # On one day, ends (negative) are applied before starts so back-to-back periods do not add up.
    events.sort(key=lambda e: (e[0], e[1]))
    load = Decimal(0)
    worst: tuple[date, Decimal] | None = None
    for index, (day, delta) in enumerate(events):
        load += delta
        last_of_day = index + 1 == len(events) or events[index + 1][0] != day
        if last_of_day and load > 1 and (worst is None or load > worst[1]):
            worst = (day, load)
    return worst


def save_assignment(
    actor: User,
    staff_member: StaffMember,
    data: AssignmentData,
    assignment: StaffAssignment | None = None,
    *,
    confirm_overload: bool = False,
) -> StaffAssignment:
    """Create or change an assignment (admin).

    Above 1,0 FTE on some day raises OverloadWarning unless confirm_overload is given; then the
    confirmation (who, when) is stored on the assignment.
    """
    _require_admin(actor)
    targets = [t for t in (data.network, data.anchor_school, data.programme) if t is not None]
    if len(targets) != 1:
        raise DomainError(
            _("Kies precies één doel: een netwerk, een ankerschool of een programma.")
        )
    fte = parse_fte(data.fte)
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise DomainError(_("De einddatum ligt voor de begindatum."))
    if not isinstance(data.role, StaffRole):
        raise DomainError(_("Onbekende rol."))
    if not isinstance(data.funding_source, FundingSource):
        raise DomainError(_("Onbekende financieringsbron."))
    if data.anchor_school is not None and not db.session.scalar(
        select(func.count()).where(network_anchor.c.school_id == data.anchor_school.id)
    ):
        raise DomainError(
            _("%(name)s is van geen enkel netwerk de ankerschool.", name=data.anchor_school.name)
        )
    peak = peak_load(
        staff_member.id, assignment.id if assignment else None, (fte, data.starts_on, data.ends_on)
    )
    if peak is not None and not confirm_overload:
        raise OverloadWarning(*peak)
    # Read every id before the new row joins the session: a lazy load would flush it half-filled.
    network_id = data.network.id if data.network else None
    school_id = data.anchor_school.id if data.anchor_school else None
    programme_id = data.programme.id if data.programme else None
    is_new = assignment is None
    if is_new:
        assignment = StaffAssignment(staff_member_id=staff_member.id)
    assignment.role = data.role
    assignment.fte = fte
    assignment.funding_source = data.funding_source
    assignment.starts_on = data.starts_on
    assignment.ends_on = data.ends_on
    assignment.network_id = network_id
    assignment.anchor_school_id = school_id
    assignment.programme_id = programme_id
    if peak is not None:
        assignment.overload_confirmed_by_id = actor.id
        assignment.overload_confirmed_at = utcnow()
    else:
        assignment.overload_confirmed_by_id = None
        assignment.overload_confirmed_at = None
    if is_new:
        db.session.add(assignment)
    db.session.flush()
    return assignment


def delete_assignment(actor: User, assignment: StaffAssignment) -> None:
    """Remove an assignment (admin)."""
    _require_admin(actor)
    db.session.delete(assignment)
    db.session.flush()


def assignment_targets() -> dict[str, list[tuple[int, str]]]:
    """The possible targets of an assignment: networks, anchor schools, programmes (id, name)."""
    networks = db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all()
    schools = db.session.execute(
        select(School.id, School.name)
        .where(School.id.in_(select(network_anchor.c.school_id)))
        .order_by(School.name)
    ).all()
    programmes = db.session.execute(
        select(Programme.id, Programme.name).order_by(Programme.name)
    ).all()
    return {
        "network": [tuple(r) for r in networks],
        "school": [tuple(r) for r in schools],
        "programme": [tuple(r) for r in programmes],
    }


# --- planned FTE -------------------------------------------------------------------------------


def save_planned_effort(
    actor: User,
    school_year: "SchoolYear | str",
    planned_fte: Decimal,
    earmarked_fte: Decimal,
    *,
    network: Network | None = None,
    programme: Programme | None = None,
) -> PlannedEffort:
    """Set the planned and earmarked FTE of a network or programme for a school year (admin)."""
    _require_admin(actor)
    year = _school_year(school_year)
    if (network is None) == (programme is None):
        raise DomainError(_("Kies een netwerk of een programma."))
    planned = Decimal(str(planned_fte))
    earmarked = Decimal(str(earmarked_fte or 0))
    if planned < 0 or earmarked < 0:
        raise DomainError(_("Geplande en gekleurde VTE kunnen niet negatief zijn."))
    if planned > 9999:
        raise DomainError(_("Meer dan 9.999 VTE gepland: controleer het getal."))
    if earmarked > planned:
        raise DomainError(_("Het gekleurde deel kan niet groter zijn dan de geplande VTE."))
    # The unique constraint does not hold with NULLs, so the service looks the row up itself.
    query = select(PlannedEffort).where(PlannedEffort.school_year == str(year))
    if network is not None:
        query = query.where(PlannedEffort.network_id == network.id)
    else:
        query = query.where(
            PlannedEffort.programme_id == programme.id, PlannedEffort.network_id.is_(None)
        )
    row = db.session.scalar(query)
    if row is None:
        row = PlannedEffort(
            school_year=str(year),
            network_id=network.id if network else None,
            programme_id=programme.id if programme else None,
        )
        db.session.add(row)
    row.planned_fte = round_half_up(planned, 3)
    row.earmarked_fte = round_half_up(earmarked, 3)
    db.session.flush()
    return row


def delete_planned_effort(actor: User, row: PlannedEffort) -> None:
    """Remove a planned-FTE line (admin)."""
    _require_admin(actor)
    db.session.delete(row)
    db.session.flush()


def planned_efforts(school_year: "SchoolYear | str") -> list[PlannedEffort]:
    """The planned-FTE lines of a school year, with their network or programme loaded."""
    from sqlalchemy.orm import joinedload

    year = _school_year(school_year)
    return list(
        db.session.scalars(
            select(PlannedEffort)
            .where(PlannedEffort.school_year == str(year))
            .options(joinedload(PlannedEffort.network), joinedload(PlannedEffort.programme))
            .order_by(PlannedEffort.programme_id, PlannedEffort.network_id)
        )
    )


# --- closed months -----------------------------------------------------------------------------


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def parse_month(text: str) -> date:
    """'11/2024', '2024-11' or any day in the month -> the month's first day."""
    value = (text or "").strip()
    for pattern in ("%m/%Y", "%Y-%m", "%m-%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    try:
        return month_start(parse_date(value))
    except DomainError:
        raise DomainError(
            _("Ongeldige maand '%(value)s': gebruik mm/jjjj, bv. 11/2024.", value=value[:20]),
            status_code=400,
        ) from None


def is_month_closed(day: date) -> bool:
    """Whether hour entries dated in this day's month are frozen."""
    return bool(
        db.session.scalar(select(ClosedMonth.id).where(ClosedMonth.month == month_start(day)))
    )


def _refuse_closed(day: date) -> None:
    if is_month_closed(day):
        raise DomainError(
            _(
                "De maand %(month)s is afgesloten: uren van die maand kunnen niet meer wijzigen.",
                month=day.strftime("%m/%Y"),
            )
        )


def close_month(actor: User, month: date) -> ClosedMonth:
    """Freeze the hour entries of a month (admin)."""
    _require_admin(actor)
    month = month_start(month)
    if month > month_start(today()):
        raise DomainError(_("Een maand in de toekomst kan nog niet afgesloten worden."))
    if is_month_closed(month):
        raise DomainError(
            _("De maand %(month)s is al afgesloten.", month=month.strftime("%m/%Y")),
            status_code=409,
        )
    row = ClosedMonth(month=month, closed_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    return row


def reopen_month(actor: User, month: date) -> None:
    """Unfreeze a closed month (admin)."""
    _require_admin(actor)
    row = db.session.scalar(select(ClosedMonth).where(ClosedMonth.month == month_start(month)))
    if row is None:
        raise DomainError(_("Deze maand is niet afgesloten."), status_code=409)
    db.session.delete(row)
    db.session.flush()


def closed_months() -> list[ClosedMonth]:
    """Every closed month, newest first."""
    return list(db.session.scalars(select(ClosedMonth).order_by(ClosedMonth.month.desc())))


# --- hour entries ------------------------------------------------------------------------------


def _is_coach_of(user: User, network_id: int) -> bool:
    return user.role is Role.coach and bool(
        db.session.scalar(
            select(func.count()).where(
                network_coach.c.network_id == network_id, network_coach.c.user_id == user.id
            )
        )
    )


def _check_may_log(actor: User, staff_member: StaffMember, network: Network) -> None:
    if actor.role is Role.admin:
        return
    if actor.role is not Role.coach or staff_member.user_id != actor.id:
        raise NotAllowed(_("U kunt enkel uw eigen uren registreren."))
    if not _is_coach_of(actor, network.id):
        raise NotAllowed(
            _(
                "U bent geen procescoach van %(name)s: u kunt er geen uren op schrijven.",
                name=network.name,
            )
        )


@dataclass
class HourData:
    """What an hour-entry form, API body or CSV line says."""

    worked_on: date
    minutes: int
    activity: Activity
    network: Network
    meeting: Meeting | None = None
    school: School | None = None
    note: str = ""


def _validate_hours(data: HourData) -> None:
    if not isinstance(data.activity, Activity):
        raise DomainError(_("Onbekende activiteit."))
    if not 0 < data.minutes <= MAX_MINUTES:
        raise DomainError(_("Een duur ligt tussen 1 minuut en 24 uur."))
    if data.worked_on > today():
        raise DomainError(_("Uren in de toekomst kunnen nog niet geregistreerd worden."))
    if data.meeting is not None and data.meeting.network_id != data.network.id:
        raise DomainError(_("Deze bijeenkomst hoort niet bij dit netwerk."))
    if len(data.note or "") > 500:
        raise DomainError(_("De notitie is te lang (hoogstens 500 tekens)."))


def _check_day_total(staff_member_id: int, day: date, minutes: int, except_id: int | None) -> None:
    """A person cannot log more than 24 hours on one day (summed in SQL)."""
    logged = db.session.scalar(
        select(func.coalesce(func.sum(HourEntry.minutes), 0)).where(
            HourEntry.staff_member_id == staff_member_id,
            HourEntry.worked_on == day,
            HourEntry.id != (except_id or 0),
        )
    )
    if logged + minutes > MAX_MINUTES:
        raise DomainError(
            _(
                "Op %(day)s staan dan meer dan 24 uur geregistreerd voor deze medewerker.",
                day=day.strftime("%d/%m/%Y"),
            )
        )


def create_hour_entry(actor: User, staff_member: StaffMember, data: HourData) -> HourEntry:
    """Log hours: a coach for themselves on a network they run, an admin for anyone."""
    _check_may_log(actor, staff_member, data.network)
    _validate_hours(data)
    _refuse_closed(data.worked_on)
    _check_day_total(staff_member.id, data.worked_on, data.minutes, None)
    entry = HourEntry(staff_member_id=staff_member.id, created_by_id=actor.id)
    _apply_hours(entry, data)
    db.session.add(entry)
    db.session.flush()
    return entry


def update_hour_entry(actor: User, entry: HourEntry, data: HourData) -> HourEntry:
    """Change an entry; refused when its old or new date lies in a closed month."""
    _check_may_log(actor, entry.staff_member, data.network)
    _validate_hours(data)
    _refuse_closed(entry.worked_on)
    _refuse_closed(data.worked_on)
    _check_day_total(entry.staff_member_id, data.worked_on, data.minutes, entry.id)
    _apply_hours(entry, data)
    db.session.flush()
    return entry


def delete_hour_entry(actor: User, entry: HourEntry) -> None:
    """Remove an entry; refused in a closed month."""
    if actor.role is not Role.admin and (
        actor.role is not Role.coach or entry.staff_member.user_id != actor.id
    ):
        raise NotAllowed(_("U kunt enkel uw eigen uren verwijderen."))
    _refuse_closed(entry.worked_on)
    db.session.delete(entry)
    db.session.flush()


def _apply_hours(entry: HourEntry, data: HourData) -> None:
    entry.worked_on = data.worked_on
    entry.minutes = data.minutes
    entry.activity = data.activity
    entry.network_id = data.network.id
    entry.meeting_id = data.meeting.id if data.meeting else None
    entry.school_id = data.school.id if data.school else None
    entry.note = (data.note or "").strip()


def prefill_from_meeting(actor: User, meeting: Meeting) -> dict:
    """Date, duration, network and meeting of a held meeting, for a new hour entry.

    Only the network's coaches (and admins) may log from it. A planned meeting whose time has
    passed counts as held: coaches do not always mark meetings held.
    """
    if actor.role is not Role.admin and not _is_coach_of(actor, meeting.network_id):
        raise NotAllowed(_("U bent geen procescoach van het netwerk van deze bijeenkomst."))
    held = meeting.status is MeetingStatus.held or (
        meeting.status is MeetingStatus.planned and meeting.starts_at.date() <= today()
    )
    if not held:
        raise DomainError(_("Uren registreren kan enkel voor een gehouden bijeenkomst."))
    return {
        "worked_on": meeting.starts_at.date(),
        "minutes": meeting.duration_minutes,
        "network_id": meeting.network_id,
        "meeting_id": meeting.id,
        "activity": Activity.bijeenkomst,
    }


def networks_for_logging(actor: User) -> list[Network]:
    """The networks the actor may log hours on: all for an admin, their own for a coach."""
    query = select(Network).order_by(Network.name)
    if actor.role is not Role.admin:
        query = query.join(network_coach, network_coach.c.network_id == Network.id).where(
            network_coach.c.user_id == actor.id
        )
    return list(db.session.scalars(query))


@dataclass
class Week:
    """A person's hour entries of one week (Monday to Sunday) with totals per day."""

    monday: date
    days: list[date]
    entries: list[HourEntry]
    per_day: dict[date, int]
    total: int
    closed: dict[date, bool]

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)


def week_of(staff_member: StaffMember | None, day: date) -> Week:
    """The entries of the week around a day; totals per day are summed in SQL."""
    from sqlalchemy.orm import joinedload

    monday = day - timedelta(days=day.weekday())
    days = [monday + timedelta(days=i) for i in range(7)]
    entries: list[HourEntry] = []
    per_day = dict.fromkeys(days, 0)
    if staff_member is not None and staff_member.id is not None:
        in_week = (
            HourEntry.staff_member_id == staff_member.id,
            HourEntry.worked_on.between(days[0], days[-1]),
        )
        entries = list(
            db.session.scalars(
                select(HourEntry)
                .where(*in_week)
                .options(
                    joinedload(HourEntry.network),
                    joinedload(HourEntry.meeting),
                    joinedload(HourEntry.school),
                )
                .order_by(HourEntry.worked_on, HourEntry.id)
            )
        )
        for worked_on, minutes in db.session.execute(
            select(HourEntry.worked_on, func.sum(HourEntry.minutes))
            .where(*in_week)
            .group_by(HourEntry.worked_on)
        ):
            per_day[worked_on] = int(minutes)
    months = {month_start(d) for d in days}
    closed_set = set(
        db.session.scalars(select(ClosedMonth.month).where(ClosedMonth.month.in_(months)))
    )
    return Week(
        monday=monday,
        days=days,
        entries=entries,
        per_day=per_day,
        total=sum(per_day.values()),
        closed={d: month_start(d) in closed_set for d in days},
    )


# --- CSV import --------------------------------------------------------------------------------


class ImportFailed(DomainError):
    """The file has errors; nothing was stored. `errors` lists (line number, message)."""

    status_code = 422
    code = "import_failed"

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__(
            _("Het bestand bevat %(n)s fouten; er is niets opgeslagen.", n=len(errors))
        )


HOUR_COLUMNS = {
    "staff": ("medewerker", "e-mail", "email", "naam", "staff", "name"),
    "date": ("datum", "date", "dag"),
    "duration": ("duur", "uren", "duration", "minuten", "tijd"),
    "activity": ("activiteit", "activity"),
    "network": ("netwerk", "network", "netwerk-id", "netwerk_id"),
    "school": ("school", "instellingsnummer", "institution_number"),
    "note": ("notitie", "opmerking", "note"),
}
REQUIRED_COLUMNS = ("staff", "date", "duration", "activity", "network")
MAX_IMPORT_LINES = 20000


def decode_csv(data: bytes) -> list[list[str]]:
    """Rows of a CSV file: UTF-8 (with or without BOM) or Windows-1252, ',' or ';' separated."""
    text, _encoding = decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:  # an unclosed quote running past csv's field size limit, ...
        raise ImportFailed(
            [
                (
                    reader.line_num or 1,
                    _("Deze regel is onleesbaar (%(reason)s).", reason=str(exc)[:100]),
                )
            ]
        ) from exc


def _activity_from_text(text: str) -> Activity | None:
    wanted = text.strip().lower()
    for member in Activity:
        if wanted in (member.value, enum_label(member).lower()):
            return member
    return None


def import_hours_csv(actor: User, data: bytes) -> int:
    """Import hour entries from CSV, all or nothing; returns how many were stored (admin).

    Columns (header row, Dutch or English names): medewerker (e-mail or name), datum, duur,
    activiteit, netwerk (id or name), optional school (institution number) and notitie.
    Raises ImportFailed listing every bad line with its line number.
    """
    _require_admin(actor)
    rows = decode_csv(data)
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise ImportFailed([(1, _("Het bestand is leeg."))])
    header = [cell.strip().lower() for cell in rows[0]]
    columns: dict[str, int] = {}
    for key, names in HOUR_COLUMNS.items():
        for index, name in enumerate(header):
            if name in names:
                columns[key] = index
                break
    missing = [HOUR_COLUMNS[k][0] for k in REQUIRED_COLUMNS if k not in columns]
    if missing:
        raise ImportFailed([(1, _("Ontbrekende kolommen: %(cols)s.", cols=", ".join(missing)))])
    if len(rows) - 1 > MAX_IMPORT_LINES:
        raise ImportFailed(
            [
                (
                    1,
                    _(
                        "Hoogstens %(n)s regels per bestand.",
                        n=f"{MAX_IMPORT_LINES:,}".replace(",", "."),
                    ),
                )
            ]
        )

    # Lookups in a constant number of queries, whatever the size of the file.
    staff = db.session.execute(select(StaffMember.id, StaffMember.name, StaffMember.email)).all()
    by_email = {s.email.lower(): s.id for s in staff if s.email}
    by_name: dict[str, list[int]] = {}
    for s in staff:
        by_name.setdefault(s.name.strip().lower(), []).append(s.id)
    networks = db.session.execute(select(Network.id, Network.name)).all()
    network_ids = {n.id for n in networks}
    by_network_name: dict[str, list[int]] = {}
    for n in networks:
        by_network_name.setdefault(n.name.strip().lower(), []).append(n.id)
    numbers = {
        row[columns["school"]].strip()
        for row in rows[1:]
        if "school" in columns and len(row) > columns["school"] and row[columns["school"]].strip()
    }
    schools = (
        dict(
            db.session.execute(
                select(School.institution_number, School.id).where(
                    School.institution_number.in_(numbers)
                )
            ).all()
        )
        if numbers
        else {}
    )
    closed = set(db.session.scalars(select(ClosedMonth.month)))

    errors: list[tuple[int, str]] = []
    values: list[dict] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row=row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        try:
            values.append(
                _import_line(
                    cell, by_email, by_name, network_ids, by_network_name, schools, closed, actor
                )
            )
            values[-1]["_line"] = line_no
        except DomainError as exc:
            errors.append((line_no, exc.message))
    if not values and not errors:
        raise ImportFailed([(2, _("Het bestand bevat geen regels met uren."))])
    errors.extend(_day_total_errors(values))
    if errors:
        raise ImportFailed(sorted(errors))
    for value in values:
        value.pop("_line")
    db.session.execute(HourEntry.__table__.insert(), values)
    db.session.flush()
    return len(values)


def _import_line(cell, by_email, by_name, network_ids, by_network_name, schools, closed, actor):
    """One CSV line as the values of an HourEntry, or a DomainError saying what is wrong."""
    who = cell("staff")
    if not who:
        raise DomainError(_("Geen medewerker opgegeven."))
    staff_id = by_email.get(who.lower())
    if staff_id is None:
        matches = by_name.get(who.lower(), [])
        if len(matches) > 1:
            raise DomainError(
                _("Meerdere medewerkers heten '%(who)s': gebruik het e-mailadres.", who=who[:60])
            )
        if not matches:
            raise DomainError(_("Onbekende medewerker '%(who)s'.", who=who[:60]))
        staff_id = matches[0]
    worked_on = parse_date(cell("date"))
    if worked_on > today():
        raise DomainError(_("Uren in de toekomst kunnen nog niet geregistreerd worden."))
    if month_start(worked_on) in closed:
        raise DomainError(_("De maand %(month)s is afgesloten.", month=worked_on.strftime("%m/%Y")))
    minutes = parse_duration(cell("duration"))
    activity = _activity_from_text(cell("activity"))
    if activity is None:
        raise DomainError(
            _(
                "Onbekende activiteit '%(value)s': kies uit %(choices)s.",
                value=cell("activity")[:40],
                choices=", ".join(a.value for a in Activity),
            )
        )
    net = cell("network")
    # isdecimal, not isdigit: '²' is a digit that int() refuses.
    if net.isdecimal() and int(net) in network_ids:
        network_id = int(net)
    else:
        matches = by_network_name.get(net.lower(), [])
        if len(matches) != 1:
            raise DomainError(
                _("Onbekend netwerk '%(value)s'.", value=net[:60])
                if not matches
                else _("Meerdere netwerken heten '%(value)s': gebruik het id.", value=net[:60])
            )
        network_id = matches[0]
    school_id = None
    if cell("school"):
        school_id = schools.get(cell("school"))
        if school_id is None:
            raise DomainError(
                _("Onbekend instellingsnummer '%(value)s'.", value=cell("school")[:20])
            )
    note = cell("note")
    if len(note) > 500:
        raise DomainError(_("De notitie is te lang (hoogstens 500 tekens)."))
    return {
        "staff_member_id": staff_id,
        "worked_on": worked_on,
        "minutes": minutes,
        "activity": activity,
        "network_id": network_id,
        "school_id": school_id,
        "note": note,
        "created_by_id": actor.id,
        "created_at": utcnow(),
    }


def _day_total_errors(values: list[dict]) -> list[tuple[int, str]]:
    """Lines that would put a person above 24 hours on a day (file plus what is stored)."""
    if not values:
        return []
    staff_ids = {v["staff_member_id"] for v in values}
    first = min(v["worked_on"] for v in values)
    last = max(v["worked_on"] for v in values)
    totals: dict[tuple[int, date], int] = {
        (row.staff_member_id, row.worked_on): int(row.total)
        for row in db.session.execute(
            select(
                HourEntry.staff_member_id,
                HourEntry.worked_on,
                func.sum(HourEntry.minutes).label("total"),
            )
            .where(
                HourEntry.staff_member_id.in_(staff_ids), HourEntry.worked_on.between(first, last)
            )
            .group_by(HourEntry.staff_member_id, HourEntry.worked_on)
        )
    }
    errors = []
    for value in values:
        key = (value["staff_member_id"], value["worked_on"])
        totals[key] = totals.get(key, 0) + value["minutes"]
        if totals[key] > MAX_MINUTES:
            errors.append(
                (
                    value["_line"],
                    _(
                        "Op %(day)s staan dan meer dan 24 uur voor deze medewerker.",
                        day=value["worked_on"].strftime("%d/%m/%Y"),
                    ),
                )
            )
    return errors


# --- roll-ups ----------------------------------------------------------------------------------


@dataclass
class RollupRow:
    """One line of the effort roll-up. FTE rounded to 3 places, hours to 1 (round half up)."""

    key: str
    label: str
    kind: str
    id: int | str | None
    planned_fte: Decimal
    earmarked_fte: Decimal
    realised_fte: Decimal
    subsidised_fte: Decimal
    own_fte: Decimal
    other_fte: Decimal
    difference_fte: Decimal
    realised_by_funding: dict[str, Decimal]
    hours: Decimal
    hours_fte: Decimal
    hours_by_activity: dict[str, Decimal]


@dataclass
class EffortRollup:
    """The roll-up of one school year, grouped one way, with a totals row."""

    school_year: str
    group_by: str
    hours_per_fte: Decimal
    rows: list[RollupRow]
    total: RollupRow
    filters: dict = field(default_factory=dict)


MEASURES = (
    ["planned", "earmarked"]
    + [f"fte:{f.value}" for f in FundingSource]
    + [f"min:{a.value}" for a in Activity]
)
# A roll-up vector is a list of integer numerators in MEASURES order; these are its positions.
_PLANNED = MEASURES.index("planned")
_EARMARKED = MEASURES.index("earmarked")
_FUNDING_AT = {f: MEASURES.index(f"fte:{f.value}") for f in FundingSource}
_ACTIVITY_AT = {a: MEASURES.index(f"min:{a.value}") for a in Activity}
_FUNDING = slice(min(_FUNDING_AT.values()), max(_FUNDING_AT.values()) + 1)
_ACTIVITY = slice(min(_ACTIVITY_AT.values()), max(_ACTIVITY_AT.values()) + 1)
_FUNDING_KEYS = tuple(f.value for f in FundingSource)
_ACTIVITY_KEYS = tuple(a.value for a in Activity)
_SUBSIDISED_AT = tuple(_FUNDING_AT[f] for f in SUBSIDISED)
_OWN_AT = tuple(_FUNDING_AT[f] for f in OWN)


def effort_rollup(
    school_year: "SchoolYear | str",
    group_by: str = "anchor_school",
    filters: dict | None = None,
) -> EffortRollup:
    """Planned, earmarked and realised FTE and logged hours of a school year, grouped.

    group_by: anchor_school, network, programme or province (of the anchor school).
    filters: programme_id, province (Province or its value), network_ids (a coach's networks).

    Attribution, so that totals never count anything twice: a figure on a network (planned FTE,
    an assignment to the network, logged hours) is split equally over the network's anchor
    schools; an assignment to an anchor school is split equally over the networks that school
    anchors when grouping by network or programme; figures on a whole programme appear on a
    'programmabreed' line. Realised FTE = sum of fte x days covered in the school year / days in
    the school year. Hours are aggregated in SQL (never loaded one by one).

    Every figure is exact (an integer numerator over one denominator common to the whole
    roll-up) until it is rounded once per row; the total is rounded from its own exact sums.
    """
    year = _school_year(school_year)
    if group_by not in GROUP_BY:
        raise DomainError(
            _(
                "Ongeldige groepering '%(value)s': kies uit %(choices)s.",
                value=str(group_by)[:30],
                choices=", ".join(GROUP_BY),
            ),
            status_code=400,
        )
    filters = dict(filters or {})
    province_filter = filters.get("province")
    if province_filter is not None and not isinstance(province_filter, Province):
        try:
            province_filter = Province(province_filter)
        except ValueError:
            raise DomainError(_("Onbekende provincie."), status_code=400) from None
    start, end = year.starts_on, year.ends_on
    period_days = year.days

    # 1. Aggregate per target in SQL (three GROUP BY queries).
    planned_rows = [
        (
            network_id,
            programme_id,
            Decimal(planned).as_integer_ratio(),
            Decimal(earmarked).as_integer_ratio(),
        )
        for network_id, programme_id, planned, earmarked in db.session.execute(
            select(
                PlannedEffort.network_id,
                PlannedEffort.programme_id,
                func.sum(PlannedEffort.planned_fte),
                func.sum(PlannedEffort.earmarked_fte),
            )
            .where(PlannedEffort.school_year == str(year))
            .group_by(PlannedEffort.network_id, PlannedEffort.programme_id)
        )
    ]
    # Integers over one common base instead of Fractions: Fraction normalises (gcd) on every
    # addition, which was most of the roll-up's time. Planned sums are Decimals (thousandths),
    # assignments are milli-FTE-days over the days of the year, minutes are whole.
    fte_days = 1000 * period_days
    base = math.lcm(fte_days, *(row[i][1] for row in planned_rows for i in (2, 3)))
    per_target: dict[tuple[str, int], list[int]] = {}

    def vector(target: tuple[str, int]) -> list[int]:
        found = per_target.get(target)
        if found is None:
            found = per_target[target] = [0] * len(MEASURES)
        return found

    for network_id, programme_id, (planned, p_den), (earmarked, e_den) in planned_rows:
        v = vector(("network", network_id) if network_id else ("programme", programme_id))
        v[_PLANNED] += planned * (base // p_den)
        v[_EARMARKED] += earmarked * (base // e_den)

    per_milli_day = base // fte_days
    for network_id, school_id, programme_id, source, total in db.session.execute(
        select(
            StaffAssignment.network_id,
            StaffAssignment.anchor_school_id,
            StaffAssignment.programme_id,
            StaffAssignment.funding_source,
            func.sum(_milli_fte_days(start, end)),
        )
        .where(overlaps_period(start, end))
        .group_by(
            StaffAssignment.network_id,
            StaffAssignment.anchor_school_id,
            StaffAssignment.programme_id,
            StaffAssignment.funding_source,
        )
    ):
        if network_id:
            target = ("network", network_id)
        elif school_id:
            target = ("school", school_id)
        else:
            target = ("programme", programme_id)
        vector(target)[_FUNDING_AT[source]] += int(total) * per_milli_day

    # One row per network with a column per activity (in MEASURES order), not one per pair:
    # a fifth of the rows to fetch and build.
    activity_at = range(_ACTIVITY.start, _ACTIVITY.stop)
    for network_id, *minutes_by_activity in db.session.execute(
        select(
            HourEntry.network_id,
            *(
                func.sum(case((HourEntry.activity == activity, HourEntry.minutes)))
                for activity in Activity
            ),
        )
        .where(HourEntry.worked_on.between(start, end))
        .group_by(HourEntry.network_id)
    ):
        v = vector(("network", network_id))
        for i, minutes in zip(activity_at, minutes_by_activity, strict=True):
            if minutes:  # NULL: no hours of that activity
                v[i] += int(minutes) * base

    # 2. The structure: networks, their anchors, schools and programmes (four queries).
    networks = {
        row.id: row
        for row in db.session.execute(
            select(Network.id, Network.name, Network.programme_id, Network.province)
        )
    }
    anchors_of: dict[int, list[int]] = {}
    networks_of: dict[int, list[int]] = {}
    for network_id, school_id in db.session.execute(
        select(network_anchor.c.network_id, network_anchor.c.school_id).order_by(
            network_anchor.c.network_id, network_anchor.c.school_id
        )
    ):
        anchors_of.setdefault(network_id, []).append(school_id)
        networks_of.setdefault(school_id, []).append(network_id)
    school_ids = set(networks_of) | {t[1] for t in per_target if t[0] == "school"}
    schools = (
        {
            row.id: row
            for row in db.session.execute(
                select(School.id, School.name, School.province).where(School.id.in_(school_ids))
            )
        }
        if school_ids
        else {}
    )
    programmes = dict(db.session.execute(select(Programme.id, Programme.name)).all())

    # 3. Split every target's figures equally into atoms (network, school, programme).
    def atoms(target: tuple[str, int]) -> tuple[int, list[tuple[int | None, ...]]]:
        """The number of equal shares and the atoms of one target."""
        kind, ident = target
        if kind == "network":
            programme_id = networks[ident].programme_id if ident in networks else None
            anchors = anchors_of.get(ident)
            if not anchors:
                return 1, [(ident, None, programme_id)]
            return len(anchors), [(ident, s, programme_id) for s in anchors]
        if kind == "school":
            nets = networks_of.get(ident)
            if not nets:
                return 1, [(None, ident, None)]
            return len(nets), [(n, ident, networks[n].programme_id) for n in nets]
        return 1, [(None, None, ident)]

    splits = [(v, *atoms(target)) for target, v in per_target.items()]
    # A multiple of every share count: a share of 1/count is share_lcm // count over share_lcm,
    # so every weighted figure is an integer over base x share_lcm.
    share_lcm = math.lcm(*{split[1] for split in splits})
    denominator = base * share_lcm

    programme_filter = filters.get("programme_id")
    network_filter = filters.get("network_ids")
    if network_filter is not None:
        network_filter = set(network_filter)  # tested once per atom

    def keep(network_id, school_id, programme_id) -> bool:
        if programme_filter and programme_id != programme_filter:
            return False
        if network_filter is not None and network_id not in network_filter:
            return False
        if province_filter is not None:
            province = (
                schools[school_id].province
                if school_id in schools
                else (networks[network_id].province if network_id in networks else None)
            )
            if province is not province_filter:
                return False
        return True

    def row_key(network_id, school_id, programme_id) -> tuple[str, int | str | None]:
        if group_by == "anchor_school":
            if school_id is not None:
                return ("anchor_school", school_id)
        elif group_by == "province":
            if school_id is not None:
                return ("province", schools[school_id].province.value)
            if network_id is not None and networks[network_id].province is not None:
                return ("province", networks[network_id].province.value)
        elif group_by == "network":
            if network_id is not None:
                return ("network", network_id)
        elif programme_id is not None:
            return ("programme", programme_id)
        if network_id is None and school_id is None and programme_id is not None:
            return ("programme_wide", programme_id)
        return ("unattributed", None)

    grouped: dict[tuple[str, int | str | None], list[int]] = {}
    for v, count, target_atoms in splits:
        share = share_lcm // count
        weighted = [value * share for value in v] if share != 1 else v  # once per target
        for network_id, school_id, programme_id in target_atoms:
            if not keep(network_id, school_id, programme_id):
                continue
            key = row_key(network_id, school_id, programme_id)
            bucket = grouped.get(key)
            if bucket is None:
                grouped[key] = weighted.copy()  # a copy: v and weighted are shared by atoms
            else:
                bucket[:] = map(add, bucket, weighted)
    # The exact sum of the groups (every kept atom is in one group), rounded by itself below.
    total = [sum(column) for column in zip([0] * len(MEASURES), *grouped.values(), strict=True)]

    hpf = hours_per_fte(year)
    hpf_num, hpf_den = hpf.as_integer_ratio()
    rounding = (
        _half_up(denominator, 3),  # FTE
        _half_up(60 * denominator, 1),  # minutes as hours
        _half_up(60 * denominator * hpf_num, 3, hpf_den),  # minutes / 60 / hours per FTE
    )

    def label(kind: str, ident) -> str:
        if kind == "anchor_school":
            return schools[ident].name
        if kind == "network":
            return networks[ident].name if ident in networks else f"#{ident}"
        if kind == "programme":
            return programmes.get(ident, f"#{ident}")
        if kind == "province":
            return enum_label(Province(ident))
        if kind == "programme_wide":
            return _("Programmabreed: %(name)s", name=programmes.get(ident, f"#{ident}"))
        return _("Niet toe te wijzen (zonder ankerschool of netwerk)")

    rows = [
        _make_row(kind, ident, label(kind, ident), v, rounding)
        for (kind, ident), v in grouped.items()
    ]
    # Real groups by name first, then programme-wide lines, then what could not be attributed.
    order = {"programme_wide": 1, "unattributed": 2}
    rows.sort(key=lambda r: (order.get(r.kind, 0), r.label.lower(), str(r.id)))
    serialisable = {
        k: (v.value if isinstance(v, Province) else v)
        for k, v in {**filters, "province": province_filter}.items()
        if v is not None
    }
    return EffortRollup(
        school_year=str(year),
        group_by=group_by,
        hours_per_fte=hpf,
        rows=rows,
        total=_make_row("total", None, _("Totaal"), total, rounding),
        filters=serialisable,
    )


def _half_up(denominator: int, places: int, factor: int = 1) -> Callable[[int], Decimal]:
    """A function: numerator x factor / denominator rounded half away from zero to places."""
    unit = 10**places
    # The figures are those of round_half_up(Decimal(n) / Decimal(d), places), whose quotient
    # Decimal first rounds to its precision. Below limit that quotient lies nearer n / d than any
    # tie does (a tie is at least 1 / (2 x unit x d) away), so exact integer rounding gives the
    # same Decimal; at or above it (never at Flemish scale) divide as Decimal does.
    limit = 10 ** (getcontext().prec - 1 - places)
    zero = Decimal(0).scaleb(-places)
    minus_zero = zero.copy_negate()  # what quantize gives for -0.0004: keep it
    made: dict[int, Decimal] = {}  # groups share many figures: build each Decimal once

    def rounded(numerator: int) -> Decimal:
        if not numerator:
            return zero
        numerator *= factor
        if not -limit < numerator < limit:
            return round_half_up(Decimal(numerator) / Decimal(denominator), places)
        quotient, remainder = divmod(abs(numerator) * unit, denominator)
        if 2 * remainder >= denominator:
            quotient += 1
        if numerator < 0:
            if not quotient:
                return minus_zero
            quotient = -quotient
        value = made.get(quotient)
        if value is None:
            value = made[quotient] = Decimal(quotient).scaleb(-places)
        return value

    return rounded


def _make_row(
    kind: str,
    ident,
    label: str,
    v: list[int],
    rounding: tuple[Callable[[int], Decimal], Callable[[int], Decimal], Callable[[int], Decimal]],
) -> RollupRow:
    """Round the exact figures of one group once, for display and for the API."""
    fte, hours, hours_fte = rounding
    by_funding = v[_FUNDING]
    realised = sum(by_funding)
    subsidised = sum([v[i] for i in _SUBSIDISED_AT])
    own = sum([v[i] for i in _OWN_AT])
    minutes_by_activity = v[_ACTIVITY]
    minutes = sum(minutes_by_activity)
    planned = v[_PLANNED]
    return RollupRow(
        key=f"{kind}:{ident}" if ident is not None else kind,
        label=label,
        kind=kind,
        id=ident,
        planned_fte=fte(planned),
        earmarked_fte=fte(v[_EARMARKED]),
        realised_fte=fte(realised),
        subsidised_fte=fte(subsidised),
        own_fte=fte(own),
        other_fte=fte(realised - subsidised - own),
        difference_fte=fte(realised - planned),
        realised_by_funding=dict(zip(_FUNDING_KEYS, map(fte, by_funding), strict=True)),
        hours=hours(minutes),
        hours_fte=hours_fte(minutes),
        hours_by_activity=dict(zip(_ACTIVITY_KEYS, map(hours, minutes_by_activity), strict=True)),
    )
