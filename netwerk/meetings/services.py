"""The process coach's workspace: meetings and series, attendance, minutes, outputs, work plans and
calendar feeds. Plain functions: they take the actor, flush but never commit, raise DomainError."""

import hashlib
import os
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from typing import BinaryIO

import markdown as md
import nh3
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import Select, case, delete, exists, func, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import Role, User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
    AttendanceStatus,
    CalendarFeed,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MeetingType,
    MinutesRevision,
    Output,
    OutputStatus,
    OutputType,
    WorkPlan,
    WorkPlanTheme,
)
from netwerk.meetings.participation import participating_on
from netwerk.meetings.permissions import can_manage_feed
from netwerk.meetings.recurrence import SeriesPlan, SeriesRule, plan_series
from netwerk.meetings.uploads import (
    check_upload,
    new_stored_name,
    read_limited,
    remove_after_commit,
    safe_original_name,
    written_in_transaction,
)
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.networks.permissions import (
    can_manage_network,
    can_view_network_details,
    visible_network_ids,
)
from netwerk.schools.models import School
from netwerk.timeutil import BRUSSELS, SchoolYear, utcnow

OPEN_STATUSES = (MeetingStatus.planned, MeetingStatus.postponed)
MINUTES_MAX_CHARS = 100_000


def now_local() -> datetime:
    """The current time in Brussels, naive: the way meeting times are stored."""
    return datetime.now(BRUSSELS).replace(tzinfo=None)


def _require_manager(actor: User, network: Network) -> None:
    if not can_manage_network(actor, network):
        raise NotAllowed(_("U beheert dit netwerk niet."))


# --------------------------------------------------------------------------- registrations


def accepted_registrations(network_ids=None) -> Select:
    """(school_id, network_id) of registrations whose current status is accepted."""
    query = select(Registration.school_id, Registration.network_id).where(
        Registration.status == RegistrationStatus.accepted
    )
    if network_ids is not None:
        query = query.where(Registration.network_id.in_(network_ids))
    return query


def accepted_schools(network: Network) -> list[School]:
    """The schools accepted in the network now, by name."""
    ids = accepted_registrations([network.id]).with_only_columns(Registration.school_id)
    return list(db.session.scalars(select(School).where(School.id.in_(ids)).order_by(School.name)))


def _accepted_school_ids(network: Network) -> set[int]:
    ids = accepted_registrations([network.id]).with_only_columns(Registration.school_id)
    return set(db.session.scalars(ids))


# --------------------------------------------------------------------------- meetings


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


# Date, time and place: what an imposed meeting keeps whatever the coach wants.
PLACE_FIELDS = ("starts_at", "duration_minutes", "location", "host_school_id", "online_url")
# What "this and the following ones" copies onto the later meetings of a series.
SERIES_FIELDS = ("type", "title", "duration_minutes", "location", "host_school_id", "online_url")
SERIES_FIELDS += ("agenda",)


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if url and not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        raise DomainError(_("Een link moet beginnen met http:// of https://."))
    return url


def _validate_meeting(network: Network, data: MeetingData) -> None:
    """The rules every meeting obeys, with a message a coach understands."""
    if not 1 <= (data.duration_minutes or 0) <= 1440:
        raise DomainError(_("De duur moet tussen 1 minuut en 24 uur liggen."))
    if not 2000 <= data.starts_at.year <= 2100:
        raise DomainError(_("Het jaar van de bijeenkomst is onmogelijk."))
    data.online_url = _check_url(data.online_url)
    data.title = (data.title or "").strip()
    if len(data.title) > 200 or len(data.location or "") > 300:
        raise DomainError(_("De titel of de plaats is te lang."))
    if (
        data.status in (MeetingStatus.cancelled, MeetingStatus.postponed)
        and not (data.status_reason or "").strip()
    ):
        raise DomainError(
            _("Geef een reden op wanneer een bijeenkomst afgelast of uitgesteld wordt.")
        )
    if data.status is MeetingStatus.held and data.starts_at > now_local():
        raise DomainError(_("Een bijeenkomst in de toekomst kan nog niet gehouden zijn."))
    if data.host_school_id is not None:
        allowed = _accepted_school_ids(network) | {s.id for s in network.anchors}
        if data.host_school_id not in allowed:
            raise DomainError(
                _(
                    "De gastschool moet een ankerschool of een aanvaarde school van het netwerk zijn."
                )
            )


def create_meeting(actor: User, network: Network, data: MeetingData) -> Meeting:
    """Plan one meeting of a network."""
    _require_manager(actor, network)
    _validate_meeting(network, data)
    if data.is_imposed and actor.role is not Role.admin:
        raise NotAllowed(_("Enkel een beheerder kan datum en plaats opleggen."))
    meeting = Meeting(network=network)
    for f in fields(MeetingData):
        value = getattr(data, f.name)
        if f.name == "is_imposed":
            value = bool(value)
        setattr(meeting, f.name, value)
    db.session.add(meeting)
    db.session.flush()
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


def update_meeting(
    actor: User, meeting: Meeting, data: MeetingData, *, following: bool = False
) -> list[Meeting]:
    """Change a meeting (and, with following, the later open meetings of its series).

    The later meetings move by the same time shift and take the changed type, title, duration,
    place and agenda. Returns the meetings that changed. Nothing changes when one of them refuses.
    """
    _require_manager(actor, meeting.network)
    _validate_meeting(meeting.network, data)
    before = MeetingData.of(meeting)
    changes = {f.name: getattr(data, f.name) for f in fields(MeetingData)}
    if data.is_imposed is None:
        changes.pop("is_imposed")
    later = later_in_series(meeting) if following else []
    shift = data.starts_at - before.starts_at
    copied = {k: getattr(data, k) for k in SERIES_FIELDS if getattr(data, k) != getattr(before, k)}
    plans = [(meeting, _changes(meeting, changes))]
    for other in later:
        wanted = dict(copied)
        if shift:
            wanted["starts_at"] = other.starts_at + shift
        plans.append((other, _changes(other, wanted)))
    # Check every meeting first, so that a refusal halfway leaves nothing changed.
    for target, target_changes in plans:
        _check_changes(actor, target, target_changes)
    changed = []
    for target, target_changes in plans:
        if target_changes:
            for key, value in target_changes.items():
                setattr(target, key, value)
            # iCalendar SEQUENCE: calendar programs take the change only when it goes up.
            target.sequence += 1
            changed.append(target)
    db.session.flush()
    return changed


def cancel_meeting(
    actor: User, meeting: Meeting, reason: str, *, following: bool = False
) -> list[Meeting]:
    """Cancel a meeting (and the later open ones of its series); they stay, marked cancelled."""
    _require_manager(actor, meeting.network)
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
    return targets


# --------------------------------------------------------------------------- series


def holidays() -> list[tuple[date, date]]:
    """The school holidays from the configuration."""
    return list(current_app.config.get("SCHOOL_HOLIDAYS") or [])


def preview_series(rule: SeriesRule) -> SeriesPlan:
    """The dates a rule would give, holidays skipped; DomainError for impossible rules."""
    return plan_series(rule, holidays(), current_app.config.get("SERIES_MAX_MEETINGS", 60))


def create_series(
    actor: User, network: Network, rule: SeriesRule, template: MeetingData
) -> MeetingSeries:
    """Plan every meeting of a rule at once (all or nothing)."""
    _require_manager(actor, network)
    plan = preview_series(rule)
    template.status = MeetingStatus.planned
    template.status_reason = ""
    template.starts_at = plan.starts[0]
    _validate_meeting(network, template)
    if template.is_imposed and actor.role is not Role.admin:
        raise NotAllowed(_("Enkel een beheerder kan datum en plaats opleggen."))
    # Stored text is data that everyone reads later: always Dutch, whatever the actor's language.
    with force_locale("nl"):
        described = rule.describe()[:200]
    series = MeetingSeries(network_id=network.id, rule=described, created_by_id=actor.id)
    db.session.add(series)
    for start in plan.starts:
        meeting = Meeting(network=network, series=series)
        for f in fields(MeetingData):
            setattr(meeting, f.name, getattr(template, f.name))
        meeting.is_imposed = bool(template.is_imposed)
        meeting.starts_at = start
        db.session.add(meeting)
    db.session.flush()
    return series


# --------------------------------------------------------------------------- attendance


@dataclass
class PersonRow:
    """One person on the attendance form."""

    name: str
    status: AttendanceStatus
    role: str = ""
    school_id: int | None = None


@dataclass
class AttendanceCounts:
    """Counts of one meeting."""

    schools_present: int = 0
    schools_recorded: int = 0
    persons_present: int = 0
    persons_recorded: int = 0


def record_attendance(
    actor: User,
    meeting: Meeting,
    schools: dict[int, AttendanceStatus | None],
    persons: list[PersonRow],
    *,
    mark_held: bool = False,
) -> AttendanceCounts:
    """Replace the attendance of a held meeting (or mark it held now) with the given one."""
    _require_manager(actor, meeting.network)
    if meeting.status is not MeetingStatus.held:
        if not mark_held:
            raise DomainError(
                _("Aanwezigheden kunnen enkel voor een gehouden bijeenkomst genoteerd worden.")
            )
        if meeting.status is MeetingStatus.cancelled:
            raise DomainError(_("Deze bijeenkomst is afgelast."))
        if meeting.starts_at > now_local():
            raise DomainError(_("Een bijeenkomst in de toekomst kan nog niet gehouden zijn."))
    accepted = _accepted_school_ids(meeting.network)
    statuses = {sid: st for sid, st in schools.items() if st is not None}
    # A person without a school may come in as 0 (the form's "no school" choice): that is None.
    persons = [replace(p, school_id=p.school_id or None) for p in persons if (p.name or "").strip()]
    wrong = (set(statuses) | {p.school_id for p in persons if p.school_id}) - accepted
    if wrong:
        names = db.session.scalars(select(School.name).where(School.id.in_(wrong))).all()
        raise DomainError(
            _(
                "Deze scholen zijn niet aanvaard in het netwerk: %(names)s. Er is niets bewaard.",
                names=", ".join(sorted(names)) or ", ".join(str(i) for i in sorted(wrong)),
            )
        )
    for person in persons:
        if len(person.name.strip()) > 200 or len(person.role or "") > 100:
            raise DomainError(_("Een naam of rol is te lang."))
        if person.status is AttendanceStatus.present and person.school_id:
            school_status = statuses.get(person.school_id)
            if school_status is None:
                statuses[person.school_id] = AttendanceStatus.present
            elif school_status is not AttendanceStatus.present:
                raise DomainError(
                    _(
                        "%(name)s is aanwezig, maar de school staat als niet aanwezig genoteerd.",
                        name=person.name.strip(),
                    )
                )
    if mark_held and meeting.status is not MeetingStatus.held:
        meeting.status = MeetingStatus.held
        meeting.status_reason = ""
        meeting.sequence += 1
    db.session.execute(delete(Attendance).where(Attendance.meeting_id == meeting.id))
    db.session.execute(delete(AttendancePerson).where(AttendancePerson.meeting_id == meeting.id))
    db.session.expire(meeting, ["attendances", "persons"])
    for school_id, status in sorted(statuses.items()):
        db.session.add(Attendance(meeting_id=meeting.id, school_id=school_id, status=status))
    for person in persons:
        db.session.add(
            AttendancePerson(
                meeting_id=meeting.id,
                school_id=person.school_id,
                name=person.name.strip(),
                role=(person.role or "").strip(),
                status=person.status,
            )
        )
    db.session.flush()
    return attendance_counts([meeting.id]).get(meeting.id, AttendanceCounts())


def attendance_counts(meeting_ids) -> dict[int, AttendanceCounts]:
    """Schools represented and persons present per meeting, in two grouped queries."""
    ids = list(meeting_ids)
    result: dict[int, AttendanceCounts] = {i: AttendanceCounts() for i in ids}
    if not ids:
        return result
    present = AttendanceStatus.present
    for meeting_id, recorded, here in db.session.execute(
        select(
            Attendance.meeting_id,
            func.count(),
            func.sum(case((Attendance.status == present, 1), else_=0)),
        )
        .where(Attendance.meeting_id.in_(ids))
        .group_by(Attendance.meeting_id)
    ):
        result[meeting_id].schools_recorded = recorded
        result[meeting_id].schools_present = int(here or 0)
    for meeting_id, recorded, here in db.session.execute(
        select(
            AttendancePerson.meeting_id,
            func.count(),
            func.sum(case((AttendancePerson.status == present, 1), else_=0)),
        )
        .where(AttendancePerson.meeting_id.in_(ids))
        .group_by(AttendancePerson.meeting_id)
    ):
        result[meeting_id].persons_recorded = recorded
        result[meeting_id].persons_present = int(here or 0)
    return result


def schools_taking_part(network_ids=None, as_of: date | None = None) -> set[tuple[int, int]]:
    """{(school_id, network_id)} taking part on as_of (default: today in Brussels)."""
    as_of = as_of or now_local().date()
    return {
        (row.school_id, row.network_id)
        for row in db.session.execute(participating_on(as_of, network_ids))
    }


# --------------------------------------------------------------------------- minutes

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render_markdown(text: str) -> Markup:
    """Markdown to HTML, then sanitised: no script, style, event handlers or javascript: links."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


def save_minutes(actor: User, meeting: Meeting, body: str) -> MinutesRevision | None:
    """Store a new revision of the minutes; None when the text did not change."""
    _require_manager(actor, meeting.network)
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > MINUTES_MAX_CHARS:
        raise DomainError(_("Het verslag is te lang (hoogstens 100.000 tekens)."))
    current = current_minutes(meeting)
    if (current.body_markdown if current else "") == body:
        return None
    revision = MinutesRevision(meeting_id=meeting.id, body_markdown=body, author_id=actor.id)
    db.session.add(revision)
    db.session.flush()
    return revision


def current_minutes(meeting: Meeting) -> MinutesRevision | None:
    """The newest revision of the minutes."""
    return db.session.scalar(
        select(MinutesRevision)
        .where(MinutesRevision.meeting_id == meeting.id)
        .order_by(MinutesRevision.id.desc())
        .limit(1)
    )


def minutes_history(meeting: Meeting) -> list[MinutesRevision]:
    """Every revision, newest first, with its author."""
    return list(
        db.session.scalars(
            select(MinutesRevision)
            .where(MinutesRevision.meeting_id == meeting.id)
            .options(selectinload(MinutesRevision.author))
            .order_by(MinutesRevision.id.desc())
        )
    )


# --------------------------------------------------------------------------- outputs


@dataclass
class OutputData:
    """The fields of an output."""

    type: OutputType
    title: str
    description: str = ""
    status: OutputStatus = OutputStatus.draft
    url: str = ""
    meeting_id: int | None = None


def _validate_output(network: Network, data: OutputData) -> None:
    data.title = (data.title or "").strip()
    if not data.title:
        raise DomainError(_("Geef de output een titel."))
    if len(data.title) > 200:
        raise DomainError(_("De titel is te lang."))
    data.url = _check_url(data.url)
    if len(data.url) > 500:
        raise DomainError(_("De link is te lang."))
    if data.meeting_id is not None:
        meeting = db.session.get(Meeting, data.meeting_id)
        if meeting is None or meeting.network_id != network.id:
            raise DomainError(_("Die bijeenkomst hoort niet bij dit netwerk."))


def upload_dir() -> str:
    """Where uploaded files live (instance/uploads unless configured)."""
    return current_app.config["UPLOAD_DIR"]


def output_path(output: Output) -> str:
    """The file of an output on disk."""
    return os.path.join(upload_dir(), output.stored_name or "")


def stored_file(output: Output) -> str | None:
    """The path of an output's uploaded file, or None when it has none on disk (a link)."""
    if not output.stored_name:
        return None
    path = output_path(output)
    return path if os.path.isfile(path) else None


def create_output(
    actor: User,
    network: Network,
    data: OutputData,
    *,
    stream: BinaryIO | None = None,
    filename: str | None = None,
) -> Output:
    """Record an output with a link or an uploaded file (checked before anything is stored)."""
    _require_manager(actor, network)
    _validate_output(network, data)
    has_file = stream is not None and bool(filename)
    if has_file and data.url:
        raise DomainError(_("Geef een link of een bestand, niet allebei."))
    if not has_file and not data.url:
        raise DomainError(_("Geef een link of voeg een bestand toe."))
    output = Output(network_id=network.id, created_by_id=actor.id, **data.__dict__)
    if has_file:
        content = read_limited(stream, current_app.config["UPLOAD_MAX_BYTES"])
        ext, content_type = check_upload(filename, content)
        output.stored_name = new_stored_name(ext)
        output.original_name = safe_original_name(filename)
        output.content_type = content_type
        output.size_bytes = len(content)
        os.makedirs(upload_dir(), exist_ok=True)
        # O_EXCL: a random name never overwrites an existing file.
        fd = os.open(output_path(output), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        written_in_transaction(output_path(output))
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
    db.session.add(output)
    db.session.flush()
    return output


def update_output(actor: User, output: Output, data: OutputData) -> Output:
    """Change the description of an output (a file stays; a link may change)."""
    _require_manager(actor, output.network)
    _validate_output(output.network, data)
    if output.stored_name and data.url:
        raise DomainError(_("Deze output heeft al een bestand: een link kan er niet bij."))
    if not output.stored_name and not data.url:
        raise DomainError(_("Geef een link."))
    for key, value in data.__dict__.items():
        setattr(output, key, value)
    db.session.flush()
    return output


def delete_output(actor: User, output: Output) -> None:
    """Delete an output and its file."""
    _require_manager(actor, output.network)
    if output.stored_name:
        remove_after_commit(output_path(output))
    db.session.delete(output)
    db.session.flush()


def werksessies_without_output(network_ids=None) -> Select:
    """Held work sessions that have no output: flagged on the dashboard and the meeting page."""
    query = select(Meeting).where(
        Meeting.type == MeetingType.werksessie,
        Meeting.status == MeetingStatus.held,
        ~exists().where(Output.meeting_id == Meeting.id),
    )
    if network_ids is not None:
        query = query.where(Meeting.network_id.in_(network_ids))
    return query.order_by(Meeting.starts_at.desc())


def lacks_output(meeting: Meeting) -> bool:
    """This meeting is a held work session without an output."""
    return (
        meeting.type is MeetingType.werksessie
        and meeting.status is MeetingStatus.held
        and not (db.session.scalar(select(exists().where(Output.meeting_id == meeting.id))))
    )


# --------------------------------------------------------------------------- work plans


def find_work_plan(network: Network, school_year: SchoolYear) -> WorkPlan | None:
    """The work plan of a network for a school year, with its themes and their meetings."""
    return db.session.scalar(
        select(WorkPlan)
        .where(WorkPlan.network_id == network.id, WorkPlan.school_year == str(school_year))
        .options(selectinload(WorkPlan.themes).selectinload(WorkPlanTheme.meetings))
    )


def save_work_plan(actor: User, network: Network, school_year: SchoolYear, needs: str) -> WorkPlan:
    """Create or update the needs of a network's work plan for a school year."""
    _require_manager(actor, network)
    plan = find_work_plan(network, school_year)
    if plan is None:
        plan = WorkPlan(network_id=network.id, school_year=str(school_year))
        db.session.add(plan)
    plan.needs = (needs or "").strip()
    db.session.flush()
    return plan


def meetings_in_year(network: Network, school_year: SchoolYear) -> list[Meeting]:
    """The meetings of a network in a school year, by date."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.network_id == network.id,
                Meeting.starts_at >= datetime.combine(school_year.starts_on, datetime.min.time()),
                Meeting.starts_at
                < datetime.combine(school_year.ends_on + timedelta(days=1), datetime.min.time()),
            )
            .order_by(Meeting.starts_at)
        )
    )


def save_theme(
    actor: User,
    plan: WorkPlan,
    *,
    title: str,
    goals: str = "",
    realisations: str = "",
    meeting_ids=(),
    theme: WorkPlanTheme | None = None,
) -> WorkPlanTheme:
    """Add a theme to a work plan or change one, with the meetings that serve it."""
    _require_manager(actor, plan.network)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Geef het thema een titel."))
    if len(title) > 200:
        raise DomainError(_("De titel is te lang."))
    ids = set(meeting_ids or ())
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.id.in_(ids)))) if ids else []
    if len(meetings) != len(ids) or any(m.network_id != plan.network_id for m in meetings):
        raise DomainError(_("Die bijeenkomsten horen niet bij dit netwerk."))
    if theme is None:
        theme = WorkPlanTheme(work_plan=plan, title=title)
        db.session.add(theme)
    elif theme.work_plan_id != plan.id:
        raise DomainError(_("Dit thema hoort niet bij dit werkplan."), status_code=404)
    theme.title = title
    theme.goals = (goals or "").strip()
    theme.realisations = (realisations or "").strip()
    theme.meetings = sorted(meetings, key=lambda m: m.starts_at)
    plan.updated_at = utcnow()
    db.session.flush()
    return theme


def delete_theme(actor: User, theme: WorkPlanTheme) -> None:
    """Remove a theme from its work plan."""
    _require_manager(actor, theme.work_plan.network)
    db.session.delete(theme)
    db.session.flush()


# --------------------------------------------------------------------------- lists


def meetings_query(
    user: User,
    *,
    network_id: int | None = None,
    starts_from: date | None = None,
    starts_until: date | None = None,
) -> Select:
    """The meetings a user may read, filtered; newest first is up to the caller."""
    query = select(Meeting).options(
        selectinload(Meeting.network), selectinload(Meeting.host_school)
    )
    visible = visible_network_ids(user)
    if visible is not None:
        query = query.where(Meeting.network_id.in_(visible))
    if network_id is not None:
        query = query.where(Meeting.network_id == network_id)
    if starts_from is not None:
        query = query.where(Meeting.starts_at >= datetime.combine(starts_from, datetime.min.time()))
    if starts_until is not None:
        query = query.where(
            Meeting.starts_at
            < datetime.combine(starts_until + timedelta(days=1), datetime.min.time())
        )
    return query


def outputs_query(user: User, *, network_id: int | None = None) -> Select:
    """The outputs a user may read."""
    query = select(Output).options(selectinload(Output.network), selectinload(Output.meeting))
    visible = visible_network_ids(user)
    if visible is not None:
        query = query.where(Output.network_id.in_(visible))
    if network_id is not None:
        query = query.where(Output.network_id == network_id)
    return query


@dataclass
class Dashboard:
    """What the coach (or admin, or school user) sees first."""

    upcoming: list[Meeting] = field(default_factory=list)
    without_attendance: list[Meeting] = field(default_factory=list)
    without_output: list[Meeting] = field(default_factory=list)
    recent: list[Meeting] = field(default_factory=list)


def dashboard(user: User, *, limit: int = 20) -> Dashboard:
    """Next meetings, held meetings without attendance, werksessies without output."""
    visible = visible_network_ids(user)
    now = now_local()

    def scoped(query):
        return query if visible is None else query.where(Meeting.network_id.in_(visible))

    load = (selectinload(Meeting.network),)
    board = Dashboard()
    board.upcoming = list(
        db.session.scalars(
            scoped(select(Meeting))
            .where(Meeting.starts_at >= now, Meeting.status.in_(OPEN_STATUSES))
            .options(*load)
            .order_by(Meeting.starts_at)
            .limit(limit)
        )
    )
    if user.role is Role.school:
        board.recent = list(
            db.session.scalars(
                scoped(select(Meeting))
                .where(Meeting.starts_at < now)
                .options(*load)
                .order_by(Meeting.starts_at.desc())
                .limit(limit)
            )
        )
        return board
    board.without_attendance = list(
        db.session.scalars(
            scoped(select(Meeting))
            .where(
                Meeting.status == MeetingStatus.held,
                ~exists().where(Attendance.meeting_id == Meeting.id),
            )
            .options(*load)
            .order_by(Meeting.starts_at.desc())
            .limit(limit)
        )
    )
    board.without_output = list(
        db.session.scalars(werksessies_without_output(visible).options(*load).limit(limit))
    )
    return board


def networks_of(user: User) -> Select:
    """The networks on a user's dashboard, by name."""
    visible = visible_network_ids(user)
    query = select(Network).order_by(Network.name)
    if visible is not None:
        query = query.where(Network.id.in_(visible))
    return query


@dataclass
class TimelineYear:
    """One school year of a network's timeline."""

    school_year: SchoolYear
    meetings: list[Meeting] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)


def timeline(network: Network) -> list[TimelineYear]:
    """Meetings and outputs of a network grouped by school year, newest year first."""
    years: dict[SchoolYear, TimelineYear] = {}
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.network_id == network.id).order_by(Meeting.starts_at)
    )
    for meeting in meetings:
        year = SchoolYear.of(meeting.starts_at.date())
        years.setdefault(year, TimelineYear(year)).meetings.append(meeting)
    outputs = db.session.scalars(
        select(Output)
        .where(Output.network_id == network.id)
        .options(selectinload(Output.meeting))
        .order_by(Output.created_at)
    )
    for output in outputs:
        when = output.meeting.starts_at if output.meeting else output.created_at
        year = SchoolYear.of(when.date())
        years.setdefault(year, TimelineYear(year)).outputs.append(output)
    return [years[y] for y in sorted(years, reverse=True)]


def attendance_list(meeting: Meeting) -> tuple[list[Attendance], list[AttendancePerson]]:
    """The attendance of a meeting with the schools loaded, schools by name."""
    schools = list(
        db.session.scalars(
            select(Attendance)
            .join(School, School.id == Attendance.school_id)
            .where(Attendance.meeting_id == meeting.id)
            .options(selectinload(Attendance.school))
            .order_by(School.name)
        )
    )
    persons = list(
        db.session.scalars(
            select(AttendancePerson)
            .where(AttendancePerson.meeting_id == meeting.id)
            .options(selectinload(AttendancePerson.school))
            .order_by(AttendancePerson.name)
        )
    )
    return schools, persons


# --------------------------------------------------------------------------- calendar feeds


def hash_feed_token(token: str) -> str:
    """Only the SHA-256 of a feed token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(actor: User, network: Network | None = None) -> tuple[CalendarFeed, str]:
    """A new private feed (of one network, or of all the actor's networks); returns the token."""
    if network is not None and not can_view_network_details(actor, network):
        raise NotAllowed(_("U hebt geen toegang tot dit netwerk."))
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        token_hash=hash_feed_token(token),
        owner_id=actor.id,
        network_id=network.id if network else None,
        user_id=None if network else actor.id,
    )
    db.session.add(feed)
    db.session.flush()
    return feed, token


def revoke_feed(actor: User, feed: CalendarFeed) -> None:
    """Revoke a feed: its URL answers 404 from now on."""
    if not can_manage_feed(actor, feed):
        raise NotAllowed(_("Dit is niet uw agenda-link."))
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
    db.session.flush()


def feeds_of(user: User) -> list[CalendarFeed]:
    """The user's active feeds, newest first."""
    return list(
        db.session.scalars(
            select(CalendarFeed)
            .where(CalendarFeed.owner_id == user.id, CalendarFeed.revoked_at.is_(None))
            .order_by(CalendarFeed.id.desc())
        )
    )


def feed_by_token(token: str) -> CalendarFeed | None:
    """The active feed of a token, when its owner is still active and may still see it."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.token_hash == hash_feed_token(token), CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None:
        return None
    owner = db.session.get(User, feed.owner_id)
    if owner is None or not owner.is_active:
        return None
    if feed.network_id is not None:
        network = db.session.get(Network, feed.network_id)
        if network is None or not can_view_network_details(owner, network):
            return None
    return feed


FEED_PAST_DAYS = 400


def feed_content(feed: CalendarFeed) -> tuple[str, list[Meeting]]:
    """The calendar name and the meetings of a feed (from about a year back)."""
    owner = db.session.get(User, feed.owner_id)
    since = now_local() - timedelta(days=FEED_PAST_DAYS)
    query = (
        select(Meeting)
        .where(Meeting.starts_at >= since)
        .options(selectinload(Meeting.network), selectinload(Meeting.host_school))
        .order_by(Meeting.starts_at)
    )
    if feed.network_id is not None:
        network = db.session.get(Network, feed.network_id)
        name = network.name
        query = query.where(Meeting.network_id == network.id)
    else:
        name = _("Bijeenkomsten van %(name)s", name=owner.name)
        visible = visible_network_ids(owner)
        if visible is not None:
            query = query.where(Meeting.network_id.in_(visible))
    return name, list(db.session.scalars(query))


def group_by_network(meetings: list[Meeting]) -> dict[int, list[Meeting]]:
    """Meetings per network id, in the order given."""
    grouped: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        grouped[meeting.network_id].append(meeting)
    return grouped
