"""Logged hours: closed months, hour entries with their rules, the week view and the pre-fill
from a held meeting.

Services take the actor, flush but never commit, log one line per changed object, and raise
DomainError with a Dutch message.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change
from netwerk.effort import versioned
from netwerk.effort.models import Activity, ClosedMonth, HourEntry, StaffMember
from netwerk.effort.parsing import MAX_MINUTES
from netwerk.effort.permissions import require_admin
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.formatting import format_moment
from netwerk.locks import lock_name, lock_row
from netwerk.meetings.models import Meeting, MeetingStatus
from netwerk.networks.life import HOURS, refuse_after_end
from netwerk.networks.models import Network, network_coach
from netwerk.networks.permissions import is_network_coach
from netwerk.schools.models import School
from netwerk.timeutil import parse_date, today

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


def _lock_month(day: date) -> None:
    """Serialise closing a month with the hour entries of that month: an entry saved while the
    month closes is either in before it closes or refused after."""
    lock_name("closed_month", month_start(day).isoformat())


def closed_month_note(day: date) -> str | None:
    """Why hours of this day's month cannot change, in words (since when, by whom, and who can
    change that), or None while the month is open. Pages say it before a form would be refused."""
    row = db.session.scalar(select(ClosedMonth).where(ClosedMonth.month == month_start(day)))
    if row is None:
        return None
    closer = db.session.get(User, row.closed_by_id) if row.closed_by_id else None
    return _(
        "De maand %(month)s is afgesloten sinds %(day)s (door %(name)s): uren van die maand "
        "kunnen niet meer wijzigen. Enkel een beheerder kan de maand heropenen.",
        month=day.strftime("%m/%Y"),
        day=format_moment(row.closed_at),
        name=closer.name if closer else _("een beheerder"),
    )


def _refuse_closed(day: date) -> None:
    """Refuse a change to an hour entry dated in a closed month."""
    _lock_month(day)
    note = closed_month_note(day)
    if note is not None:
        raise DomainError(note, field="worked_on")


def close_month(actor: User, month: date) -> ClosedMonth:
    """Freeze the hour entries of a month (admin)."""
    require_admin(actor)
    month = month_start(month)
    if month > month_start(today()):
        raise DomainError(_("Een maand in de toekomst kan nog niet afgesloten worden."))
    # Two admins closing the same month at once: the second waits here, then finds it closed.
    _lock_month(month)
    if is_month_closed(month):
        raise DomainError(
            _("De maand %(month)s is al afgesloten.", month=month.strftime("%m/%Y")),
            status_code=409,
        )
    row = ClosedMonth(month=month, closed_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    log_change(actor, "closed_month.created", row, month=month.isoformat())
    return row


def reopen_month(actor: User, month: date) -> None:
    """Unfreeze a closed month (admin)."""
    require_admin(actor)
    row = db.session.scalar(select(ClosedMonth).where(ClosedMonth.month == month_start(month)))
    if row is None:
        raise DomainError(_("Deze maand is niet afgesloten."), status_code=409)
    row_id = row.id
    db.session.delete(row)
    db.session.flush()
    log_change(actor, "closed_month.deleted", row, object_id=row_id, month=row.month.isoformat())


def closed_months() -> list[ClosedMonth]:
    """Every closed month, newest first."""
    return list(db.session.scalars(select(ClosedMonth).order_by(ClosedMonth.month.desc())))


# --- hour entries ------------------------------------------------------------------------------


def _check_may_log(actor: User, staff_member: StaffMember, network: Network) -> None:
    """An admin logs for anyone; a coach only their own hours, on a network they run."""
    if actor.role is Role.admin:
        return
    if actor.role is not Role.coach or staff_member.user_id != actor.id:
        raise NotAllowed(_("U kunt enkel uw eigen uren registreren."))
    if not is_network_coach(actor, network):
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
    """Activity, duration, date, meeting and note of one entry."""
    if not isinstance(data.activity, Activity):
        raise DomainError(_("Onbekende activiteit."))
    if not 0 < data.minutes <= MAX_MINUTES:
        raise DomainError(_("Een duur ligt tussen 1 minuut en 24 uur."))
    if data.worked_on > today():
        raise DomainError(_("Uren in de toekomst kunnen nog niet geregistreerd worden."))
    refuse_after_end(data.network, data.worked_on, HOURS)
    if data.meeting is not None and data.meeting.network_id != data.network.id:
        raise DomainError(_("Deze bijeenkomst hoort niet bij dit netwerk."))
    if len(data.note or "") > 500:
        raise DomainError(_("De notitie is te lang (hoogstens 500 tekens)."))


def _check_day_total(staff_member_id: int, day: date, minutes: int, except_id: int | None) -> None:
    """A person cannot log more than 24 hours on one day (summed in SQL, after locking the staff
    member, so that entries saved at once are counted one after the other)."""
    lock_row(StaffMember, staff_member_id)
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


def _apply_hours(entry: HourEntry, data: HourData) -> None:
    """Copy checked hour data onto the entry."""
    entry.worked_on = data.worked_on
    entry.minutes = data.minutes
    entry.activity = data.activity
    entry.network_id = data.network.id
    entry.meeting_id = data.meeting.id if data.meeting else None
    entry.school_id = data.school.id if data.school else None
    entry.note = (data.note or "").strip()


def _log_entry(actor: User, action: str, entry: HourEntry, **details) -> None:
    """The change log line of an hour entry: whose hours, on which day, how many minutes."""
    log_change(
        actor,
        action,
        entry,
        staff_member_id=entry.staff_member_id,
        worked_on=entry.worked_on.isoformat(),
        minutes=entry.minutes,
        **details,
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
    versioned.record(actor, entry)
    _log_entry(actor, "hour_entry.created", entry)
    return entry


def update_hour_entry(actor: User, entry: HourEntry, data: HourData) -> HourEntry:
    """Change an entry; refused when its old or new date lies in a closed month."""
    _check_may_log(actor, entry.staff_member, data.network)
    _validate_hours(data)
    # Both months locked in one order: two entries moved in opposite directions cannot deadlock.
    for day in sorted({month_start(entry.worked_on), month_start(data.worked_on)}):
        _lock_month(day)
    _refuse_closed(entry.worked_on)
    _refuse_closed(data.worked_on)
    _check_day_total(entry.staff_member_id, data.worked_on, data.minutes, entry.id)
    before = versioned.snapshot(entry)
    _apply_hours(entry, data)
    db.session.flush()
    versioned.record(actor, entry, before)
    _log_entry(actor, "hour_entry.updated", entry)
    return entry


def delete_hour_entry(actor: User, entry: HourEntry) -> None:
    """Remove an entry; refused in a closed month."""
    if actor.role is not Role.admin and (
        actor.role is not Role.coach or entry.staff_member.user_id != actor.id
    ):
        raise NotAllowed(_("U kunt enkel uw eigen uren verwijderen."))
    _refuse_closed(entry.worked_on)
    entry_id = entry.id
    db.session.delete(entry)
    db.session.flush()
    versioned.close(actor, HourEntry, [entry_id])
    _log_entry(actor, "hour_entry.deleted", entry, object_id=entry_id)


def prefill_from_meeting(actor: User, meeting: Meeting) -> dict:
    """Date, duration, network and meeting of a held meeting, for a new hour entry.

    Only the network's coaches (and admins) may log from it. A planned meeting whose time has
    passed counts as held: coaches do not always mark meetings held.
    """
    if actor.role is not Role.admin and not is_network_coach(actor, meeting.network):
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


# --- the week view -----------------------------------------------------------------------------


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
