"""One meeting of a network: its data, the rules it obeys, and planning, changing and cancelling
it (with the later meetings of its series when asked). Plain functions: they take the actor,
flush but never commit, raise DomainError."""

from dataclasses import dataclass, fields
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed, check_version
from netwerk.events import emit
from netwerk.extensions import db
from netwerk.locks import lock_row
from netwerk.meetings.attendance_versions import attendance_key, follow_meeting_change
from netwerk.meetings.models import Meeting, MeetingStatus, MeetingType
from netwerk.meetings.notices import mail_cancelled, mail_moved
from netwerk.meetings.roster import host_schools
from netwerk.networks.life import MEETING, refuse_after_end
from netwerk.networks.models import Network
from netwerk.networks.permissions import require_manager
from netwerk.timeutil import BRUSSELS
from netwerk.urls import web_link

OPEN_STATUSES = (MeetingStatus.planned, MeetingStatus.postponed)


def now_local() -> datetime:
    """The current time in Brussels, naive: the way meeting times are stored."""
    return datetime.now(BRUSSELS).replace(tzinfo=None)


@dataclass
class MeetingData:
    """The fields of a meeting as a form or the API gives them."""

    type: MeetingType
    starts_at: datetime
    duration_minutes: int = 120
    title: str = ""
    location: str = ""
    host_school_id: int | None = None
    online_url: str = ""
    agenda: str = ""
    status: MeetingStatus = MeetingStatus.planned
    status_reason: str = ""
    is_imposed: bool | None = None  # None: leave as it is (forms of coaches do not show it)

    @classmethod
    def of(cls, meeting: Meeting) -> "MeetingData":
        """The current values of a meeting."""
        return cls(**{f.name: getattr(meeting, f.name) for f in fields(cls)})

    def fill(self, meeting: Meeting) -> Meeting:
        """Give a new meeting these values (not imposed unless said so)."""
        for f in fields(self):
            setattr(meeting, f.name, getattr(self, f.name))
        meeting.is_imposed = bool(self.is_imposed)
        return meeting


# Date, time and place: what an imposed meeting keeps whatever the coach wants.
PLACE_FIELDS = ("starts_at", "duration_minutes", "location", "host_school_id", "online_url")
# What "this and the following ones" copies onto the later meetings of a series.
SERIES_FIELDS = ("type", "title", "duration_minutes", "location", "host_school_id", "online_url")
SERIES_FIELDS += ("agenda",)


def _check_status(data: MeetingData) -> None:
    """A cancelled or postponed meeting says why; a held one lies in the past."""
    if (
        data.status in (MeetingStatus.cancelled, MeetingStatus.postponed)
        and not (data.status_reason or "").strip()
    ):
        raise DomainError(
            _("Geef een reden op wanneer een bijeenkomst afgelast of uitgesteld wordt.")
        )
    if data.status is MeetingStatus.held and data.starts_at > now_local():
        raise DomainError(
            _("Een bijeenkomst in de toekomst kan nog niet gehouden zijn."), field="status"
        )


def _check_host(network: Network, host_school_id: int | None) -> None:
    """A meeting is hosted by no school, an anchor school or an accepted school."""
    if host_school_id is None or host_school_id in {s.id for s in host_schools(network)}:
        return
    raise DomainError(
        _("De gastschool moet een ankerschool of een aanvaarde school van het netwerk zijn.")
    )


def validate_meeting(network: Network, data: MeetingData) -> None:
    """The rules every meeting obeys, with a message a coach understands."""
    if not 1 <= (data.duration_minutes or 0) <= 1440:
        raise DomainError(_("De duur moet tussen 1 minuut en 24 uur liggen."))
    if not 2000 <= data.starts_at.year <= 2100:
        raise DomainError(_("Het jaar van de bijeenkomst is onmogelijk."))
    data.online_url = web_link(data.online_url)
    data.title = (data.title or "").strip()
    if len(data.title) > 200 or len(data.location or "") > 300:
        raise DomainError(_("De titel of de plaats is te lang."))
    _check_status(data)
    _check_host(network, data.host_school_id)


def check_may_impose(actor: User, data: MeetingData) -> None:
    """Only an admin imposes date and place."""
    if data.is_imposed and actor.role is not Role.admin:
        raise NotAllowed(_("Enkel een beheerder kan datum en plaats opleggen."))


def create_meeting(actor: User, network: Network, data: MeetingData) -> Meeting:
    """Plan one meeting of a network."""
    require_manager(actor, network)
    validate_meeting(network, data)
    refuse_after_end(network, data.starts_at.date(), MEETING)
    check_may_impose(actor, data)
    meeting = data.fill(Meeting(network=network))
    db.session.add(meeting)
    db.session.flush()
    log_change(actor, "meeting.created", meeting, network_id=network.id, type=meeting.type)
    emit("meeting.created", meeting)
    return meeting


def _changes(meeting: Meeting, wanted: dict) -> dict:
    """The fields whose value differs from the meeting's."""
    return {k: v for k, v in wanted.items() if getattr(meeting, k) != v}


def _check_changes(actor: User, meeting: Meeting, changes: dict) -> None:
    """Only admins impose, and only admins move an imposed meeting."""
    if "is_imposed" in changes and actor.role is not Role.admin:
        raise NotAllowed(_("Enkel een beheerder kan datum en plaats opleggen."))
    if meeting.is_imposed and actor.role is not Role.admin and set(changes) & set(PLACE_FIELDS):
        raise DomainError(
            _(
                "De datum, het uur en de plaats van de bijeenkomst van %(day)s zijn opgelegd: "
                "enkel een beheerder kan ze wijzigen.",
                day=meeting.starts_at.strftime("%d/%m/%Y"),
            ),
            status_code=403,
            code="imposed",
        )


def later_in_series(meeting: Meeting) -> list[Meeting]:
    """The open meetings of the same series after this one."""
    if meeting.series_id is None:
        return []
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.series_id == meeting.series_id,
                Meeting.starts_at > meeting.starts_at,
                Meeting.id != meeting.id,
                Meeting.status.in_(OPEN_STATUSES),
            )
            .order_by(Meeting.starts_at)
        )
    )


def _planned_changes(meeting: Meeting, data: MeetingData, following: bool) -> list:
    """(meeting, its changes) for the meeting and, with following, the later ones of its series:
    they move by the same time shift and take the changed type, title, duration, place, agenda."""
    before = MeetingData.of(meeting)
    changes = {f.name: getattr(data, f.name) for f in fields(MeetingData)}
    if data.is_imposed is None:
        changes.pop("is_imposed")
    shift = data.starts_at - before.starts_at
    copied = {k: getattr(data, k) for k in SERIES_FIELDS if getattr(data, k) != getattr(before, k)}
    plans = [(meeting, _changes(meeting, changes))]
    for other in later_in_series(meeting) if following else []:
        wanted = dict(copied)
        if shift:
            wanted["starts_at"] = other.starts_at + shift
        plans.append((other, _changes(other, wanted)))
    return plans


def lock_meeting(meeting: Meeting, version: int | None = None) -> None:
    """Lock the meeting's row and re-read it; refuse when the caller saw another version."""
    lock_row(Meeting, meeting.id)
    db.session.refresh(meeting)
    check_version(meeting.version, version)


def update_meeting(
    actor: User,
    meeting: Meeting,
    data: MeetingData,
    *,
    following: bool = False,
    version: int | None = None,
) -> list[Meeting]:
    """Change a meeting (and, with following, the later open meetings of its series).

    Returns the meetings that changed. Nothing changes when one of them refuses, or when the
    caller saw another version of the meeting than the stored one (a 409).
    """
    require_manager(actor, meeting.network)
    lock_meeting(meeting, version)
    validate_meeting(meeting.network, data)
    plans = _planned_changes(meeting, data, following)
    # Check every meeting first, so that a refusal halfway leaves nothing changed.
    for target, target_changes in plans:
        _check_changes(actor, target, target_changes)
        # A meeting already after the network's end may still be cancelled, not moved there.
        if "starts_at" in target_changes:
            refuse_after_end(target.network, target_changes["starts_at"].date(), MEETING)
    changed = []
    was = {target.id: target.starts_at for target, __ in plans}
    was_key = {target.id: attendance_key(target) for target, __ in plans}
    for target, target_changes in plans:
        if target_changes:
            for key, value in target_changes.items():
                setattr(target, key, value)
            # iCalendar SEQUENCE: calendar programs take the change only when it goes up.
            target.sequence += 1
            changed.append((target, target_changes))
    db.session.flush()
    for target, target_changes in changed:
        # A held meeting's attendance moves with its day; it stops counting when it is not held.
        follow_meeting_change(target, was_key[target.id], actor)
        log_change(actor, "meeting.changed", target, fields=",".join(sorted(target_changes)))
        emit("meeting.changed", target, fields=sorted(target_changes))
    _tell_schools(changed, was)
    return [target for target, __ in changed]


def _tell_schools(changed: list, was: dict[int, datetime]) -> None:
    """Mail the accepted schools about the coming meetings that were cancelled, or that moved
    (date, time or place) or were postponed; other edits (title, agenda) mail nobody."""
    coming = [(t, c) for t, c in changed if t.ends_at >= now_local()]
    mail_cancelled([t for t, c in coming if c.get("status") is MeetingStatus.cancelled])
    mail_moved(
        [
            t
            for t, c in coming
            if t.status is not MeetingStatus.cancelled
            and (set(c) & set(PLACE_FIELDS) or c.get("status") is MeetingStatus.postponed)
        ],
        was,
    )


def cancel_meeting(
    actor: User,
    meeting: Meeting,
    reason: str,
    *,
    following: bool = False,
    version: int | None = None,
) -> list[Meeting]:
    """Cancel a meeting (and the later open ones of its series); they stay, marked cancelled.
    Refused (409) when the caller saw another version of the meeting than the stored one."""
    require_manager(actor, meeting.network)
    lock_meeting(meeting, version)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Geef een reden op wanneer een bijeenkomst afgelast wordt."))
    if meeting.status is MeetingStatus.held:
        raise DomainError(_("Een gehouden bijeenkomst kan niet meer afgelast worden."))
    targets = [meeting] + (later_in_series(meeting) if following else [])
    for target in targets:
        target.status = MeetingStatus.cancelled
        target.status_reason = reason[:500]
        target.sequence += 1
    db.session.flush()
    for target in targets:
        log_change(actor, "meeting.cancelled", target)
        emit("meeting.cancelled", target)
    mail_cancelled([t for t in targets if t.ends_at >= now_local()])
    return targets
