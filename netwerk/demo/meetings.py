"""Demo data of the meetings feature: a few school years of monthly meetings per network, with
attendance of the accepted schools, minutes, outputs (links only) and work plans."""

import random
from datetime import UTC, date, datetime, time

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import Role, User
from netwerk.config import Config
from netwerk.extensions import db
from netwerk.meetings.attendance_versions import PERSON_FIELDS, SCHOOL_FIELDS
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
    AttendancePersonVersion,
    AttendanceStatus,
    AttendanceVersion,
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
from netwerk.meetings.recurrence import Frequency, SeriesRule, plan_series
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.timeutil import BRUSSELS, SchoolYear, utcnow

FIRST_NAMES = ["An", "Bart", "Charlotte", "Dirk", "Els", "Femke", "Geert", "Hanne", "Ilse", "Jan",
               "Karen", "Lies", "Marc", "Nele", "Pieter", "Sofie", "Tom", "Veerle", "Wim", "Zoë"]  # fmt: skip
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
              "Wouters", "De Smet", "Dubois", "Hermans", "Aerts", "Lambrechts", "Vermeulen"]  # fmt: skip
ROLES = ["leerkracht", "directeur", "zorgcoördinator", "vakgroepvoorzitter", "beleidsmedewerker"]
THEMES = [
    ("Differentiatie in de klas", "Leerkrachten differentiëren bewust voor sterke leerlingen."),
    ("Evalueren en feedback", "Een gedeelde visie op breed evalueren."),
    ("Vroegtijdig signaleren", "Signalen van schooluitval vroeg opvangen."),
    ("Leerlingen met een ontwikkelingsvoorsprong", "Verrijking en compacting in de praktijk."),
    ("Samenwerken met ouders", "Ouders betrekken als partner."),
]
OUTPUT_TITLES = [
    (OutputType.lesmateriaal, "Verrijkingsmap"),
    (OutputType.fiche, "Fiche signaleren"),
    (OutputType.servicedocument, "Stappenplan compacting"),
    (OutputType.planningsdocument, "Jaarplanning leergemeenschap"),
]


def load(rng: random.Random) -> bool:
    """Load meetings for the networks that exist; False when there are none or meetings exist."""
    if db.session.scalar(select(exists().select_from(Meeting))):
        return False
    networks = db.session.scalars(
        select(Network).options(selectinload(Network.coaches)).order_by(Network.id)
    ).all()
    if not networks:
        return False
    admin = db.session.scalar(select(User).where(User.role == Role.admin).order_by(User.id))
    now = datetime.now(BRUSSELS).replace(tzinfo=None)
    this_year = SchoolYear.of(now.date())
    years = [SchoolYear(this_year.start_year - 2), SchoolYear(this_year.start_year - 1), this_year]
    for index, network in enumerate(networks):
        author = network.coaches[0] if network.coaches else admin
        for year in years:
            _load_year(rng, network, year, index, author, now)
    db.session.flush()
    return True


def _load_year(rng, network, year: SchoolYear, index: int, author, now: datetime) -> None:
    """One school year of one network: meetings, attendance, minutes, outputs and a work plan."""
    meetings = _meetings(rng, network, year, index, author, now)
    held = [m for m in meetings if m.status is MeetingStatus.held]
    _attendances(rng, network, held, year, now)
    db.session.flush()
    # Attendance taken as the meeting ended: its version is recorded then (naive UTC).
    ended = {m.id: m.ends_at.replace(tzinfo=BRUSSELS).astimezone(UTC) for m in held}
    first_versions(held, {i: min(e.replace(tzinfo=None), utcnow()) for i, e in ended.items()})
    _minutes(held, author)
    _outputs(network, held, year, now, author)
    _work_plan(rng, network, year, meetings)


def _meetings(rng, network, year: SchoolYear, index: int, author, now: datetime) -> list[Meeting]:
    """A monthly series over the school year; the past ones held, a few of them cancelled."""
    rule = SeriesRule(
        frequency=Frequency.monthly,
        starts_on=date(year.start_year, 9, 1),
        until=date(year.start_year + 1, 6, 30),
        at=time(13, 30) if index % 2 else time(9, 0),
        weekday=1 + index % 4,
        nth=1 + index % 4,
    )
    plan = plan_series(rule, Config.SCHOOL_HOLIDAYS, 60)
    series = MeetingSeries(
        network_id=network.id, rule=rule.describe()[:200], created_by_id=getattr(author, "id", None)
    )
    db.session.add(series)
    starts = plan.starts
    meetings = []
    for number, start in enumerate(starts):
        if number == 0:
            kind, title = MeetingType.bijeenkomst, "Startbijeenkomst: noden en thema's"
        elif number == len(starts) - 1:
            kind, title = MeetingType.toonmoment, "Toonmoment"
        elif number % 2 == 0:
            kind, title = MeetingType.werksessie, f"Werksessie {number // 2}"
        else:
            kind, title = MeetingType.bijeenkomst, f"Netwerkmoment {number}"
        meeting = Meeting(
            network_id=network.id,
            series=series,
            type=kind,
            title=title,
            starts_at=start,
            duration_minutes=150,
            location=rng.choice(["Vergaderzaal 1", "Refter", "Mediatheek", "Lokaal 0.12"]),
            host_school_id=rng.choice(network.anchors).id if network.anchors else None,
            agenda="1. Welkom\n2. Terugblik\n3. Aan de slag\n4. Afspraken",
            is_imposed=kind is MeetingType.toonmoment,
        )
        if start < now:
            if rng.random() < 0.06:
                meeting.status = MeetingStatus.cancelled
                meeting.status_reason = "Te weinig inschrijvingen"
                meeting.sequence = 1
            else:
                meeting.status = MeetingStatus.held
        db.session.add(meeting)
        meetings.append(meeting)
    db.session.flush()
    return meetings


def _attendances(rng, network, held: list[Meeting], year: SchoolYear, now: datetime) -> None:
    """Attendance of the schools accepted on the day of each held meeting; this school year's
    newest held meeting keeps none, so that the dashboard shows its reminder."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.network_id == network.id)
        .options(selectinload(Registration.status_changes))
        .order_by(Registration.school_id)
    ).all()
    recent = held and year == SchoolYear.of(now.date())
    for meeting in held[:-1] if recent else held:
        _attendance(rng, meeting, _accepted_on(registrations, meeting.starts_at.date()))


def _minutes(held: list[Meeting], author) -> None:
    """Minutes of every held meeting, written when it ended."""
    for meeting in held:
        db.session.add(
            MinutesRevision(
                meeting_id=meeting.id,
                author_id=getattr(author, "id", None),
                body_markdown=(
                    f"## {meeting.title}\n\n**Aanwezig:** zie de lijst.\n\n"
                    "- Terugblik op de vorige bijeenkomst\n- Uitwisseling van praktijkvoorbeelden\n"
                    "- Afspraken voor de volgende keer\n"
                ),
                created_at=meeting.ends_at,
            )
        )


def _outputs(network, held: list[Meeting], year: SchoolYear, now: datetime, author) -> None:
    """An output (a link) of the held werksessies; in the last two school years the newest one
    keeps none, so that the dashboard shows its reminder."""
    sessions = [m for m in held if m.type is MeetingType.werksessie]
    for number, meeting in enumerate(
        sessions[:-1] if year.start_year >= SchoolYear.of(now.date()).start_year - 1 else sessions
    ):
        kind, title = OUTPUT_TITLES[number % len(OUTPUT_TITLES)]
        db.session.add(
            Output(
                network_id=network.id,
                meeting_id=meeting.id,
                type=kind,
                title=f"{title} ({year})",
                description="Resultaat van de werksessie.",
                status=OutputStatus.final if number % 3 else OutputStatus.draft,
                url=f"https://example.org/netwerk/{network.id}/{year}/{number + 1}",
                created_by_id=getattr(author, "id", None),
                created_at=meeting.ends_at,
            )
        )


def _work_plan(rng, network, year: SchoolYear, meetings: list[Meeting]) -> None:
    """The network's work plan of the year: its needs and two themes over the werksessies."""
    work_plan = WorkPlan(
        network_id=network.id,
        school_year=str(year),
        needs="Noden bij de start: meer uitwisseling tussen scholen, concrete materialen, "
        "tijd om samen voor te bereiden.",
    )
    db.session.add(work_plan)
    chosen = rng.sample(THEMES, 2)
    werk = [m for m in meetings if m.type is MeetingType.werksessie]
    for number, (title, goal) in enumerate(chosen):
        work_plan.themes.append(
            WorkPlanTheme(
                title=title,
                goals=goal,
                realisations="Een gedeelde fiche en een toonmoment op het einde van het jaar.",
                meetings=werk[number::2],
            )
        )


def _accepted_on(registrations, day: date) -> list[int]:
    """Schools whose registration was accepted on that day (the newest change on or before it)."""
    ids = []
    for registration in registrations:
        changes = [c for c in registration.status_changes if c.effective_on <= day]
        if changes and changes[-1].to_status is RegistrationStatus.accepted:
            ids.append(registration.school_id)
    return ids


def _attendance(rng, meeting: Meeting, school_ids: list[int]) -> None:
    """The accepted schools on the meeting day, most of them present, with one or two persons."""
    for school_id in school_ids:
        roll = rng.random()
        status = (
            AttendanceStatus.present
            if roll < 0.8
            else AttendanceStatus.excused
            if roll < 0.9
            else AttendanceStatus.absent
        )
        db.session.add(Attendance(meeting_id=meeting.id, school_id=school_id, status=status))
        if status is AttendanceStatus.present:
            for _ in range(rng.choice((1, 1, 2))):
                db.session.add(
                    AttendancePerson(
                        meeting_id=meeting.id,
                        school_id=school_id,
                        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        role=rng.choice(ROLES),
                        status=AttendanceStatus.present,
                    )
                )


def first_versions(meetings: list[Meeting], recorded_at: dict[int, datetime]) -> None:
    """Bulk-built versions (the demo, test factories): the attendance rows of these held meetings
    as their first, open versions, recorded at recorded_at[meeting id]; two selects whatever the
    number of meetings."""
    held = {m.id: m for m in meetings if m.status is MeetingStatus.held}
    if not held:
        return
    for model, version_model, fields in (
        (Attendance, AttendanceVersion, SCHOOL_FIELDS),
        (AttendancePerson, AttendancePersonVersion, PERSON_FIELDS),
    ):
        columns = [getattr(model, name) for name in fields]
        rows = db.session.execute(
            select(model.meeting_id, *columns).where(model.meeting_id.in_(list(held)))
        )
        db.session.add_all(
            version_model(
                meeting_id=meeting_id,
                network_id=held[meeting_id].network_id,
                meeting_on=held[meeting_id].starts_at.date(),
                recorded_at=recorded_at[meeting_id],
                **dict(zip(fields, values, strict=True)),
            )
            for meeting_id, *values in rows
        )
