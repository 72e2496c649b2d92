"""Demo data of the effort feature: staff, assignments over three school years, planned FTE,
a few thousand hour entries and one closed month."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import exists, func, insert, literal, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import Role, User
from netwerk.effort.models import (
    Activity,
    ClosedMonth,
    FundingSource,
    HourEntry,
    PlannedEffort,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.effort.versioned import VERSIONS
from netwerk.extensions import db
from netwerk.meetings.models import Meeting, MeetingStatus
from netwerk.networks.models import Network, Programme
from netwerk.timeutil import SchoolYear, today, utcnow

FIRST_NAMES = ["An", "Bart", "Els", "Griet", "Hanne", "Jeroen", "Karen", "Lien", "Pieter", "Wim"]
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"]
# The real FTE of a "half-time" post depends on seniority and diploma.
HALF_TIME = ["0.5", "0.5", "0.5", "0.45", "0.55", "0.6"]
ACTIVITY_WEIGHTS = {
    Activity.voorbereiding: 30,
    Activity.schoolbezoek: 25,
    Activity.verplaatsing: 12,
    Activity.administratie: 15,
    Activity.opleiding: 8,
    Activity.other: 10,
}
MAX_ENTRIES = 3000
# The kinds of post in the demo: the role, and the budget that pays it.
COORDINATOR = (StaffRole.netwerkcoordinator, FundingSource.projectsubsidie)
EXTRA_HOURS = (StaffRole.projectmedewerker, FundingSource.eigen_middelen)
COACH = (StaffRole.procescoach, FundingSource.projectsubsidie)
PROGRAMME = (StaffRole.projectcoordinator, FundingSource.gekleurde_middelen)


def load(rng: random.Random) -> bool:
    """Add the effort demo data; False when it is already there or there are no networks yet."""
    if db.session.scalar(select(func.count(StaffMember.id))):
        return False
    networks = list(
        db.session.scalars(
            select(Network)
            .options(selectinload(Network.anchors), selectinload(Network.coaches))
            .order_by(Network.id)
        )
    )
    if not networks:
        return False
    now = today()
    current = SchoolYear.of(now)
    years = [SchoolYear(current.start_year - 2), SchoolYear(current.start_year - 1), current]
    # Who works where: staff member -> the networks their hours go to.
    works_on: dict[int, list[int]] = {}
    _anchor_staff(rng, networks, years, works_on)
    _coach_staff(networks, years, works_on)
    programme_ids = sorted({n.programme_id for n in networks})
    _programme_coordinators(rng, programme_ids, years[0].starts_on)
    _planned_effort(networks, programme_ids, years)
    rows = _hour_rows(rng, works_on, years[0].starts_on, now)
    if rows:
        db.session.execute(HourEntry.__table__.insert(), rows)
    last_month = (now.replace(day=1) - timedelta(days=1)).replace(day=1)
    db.session.add(ClosedMonth(month=last_month))
    db.session.flush()
    first_versions()
    return True


def _anchor_staff(rng, networks, years: list[SchoolYear], works_on: dict[int, list[int]]) -> None:
    """A staff member per anchor school on its networks; some leave mid-year for a successor,
    some get extra hours paid by the school."""
    start = years[0].starts_on
    anchors = {s.id: s for n in networks for s in n.anchors}
    networks_of = {
        sid: [n.id for n in networks if any(a.id == sid for a in n.anchors)] for sid in anchors
    }
    for index, school in enumerate(sorted(anchors.values(), key=lambda s: s.id)):
        member = _staff(rng, school)
        fte = rng.choice(HALF_TIME)
        if index % 5 == 3:
            # Leaves mid-year (31 January of last school year); a successor takes over.
            leave = date(years[1].start_year + 1, 1, 31)
            _assign(member, COORDINATOR, fte, start, anchor_school_id=school.id, ends_on=leave)
            successor = _staff(rng, school)
            _assign(successor, COORDINATOR, "0.5", leave + timedelta(1), anchor_school_id=school.id)
            works_on[successor.id] = networks_of[school.id]
        else:
            _assign(member, COORDINATOR, fte, start, anchor_school_id=school.id)
        works_on[member.id] = networks_of[school.id]
        if index % 4 == 1:
            # The school adds hours of its own (eigen urenpakket) from the second year on.
            _assign(member, EXTRA_HOURS, "0.1", years[1].starts_on, anchor_school_id=school.id)


def _coach_staff(networks, years: list[SchoolYear], works_on: dict[int, list[int]]) -> None:
    """The demo coaches get a staff member of their own, on the networks they run."""
    coaches = db.session.scalars(
        select(User).where(User.role == Role.coach).order_by(User.id).limit(5)
    ).all()
    for coach in coaches:
        member = _new_staff(name=coach.name, email=coach.email, user_id=coach.id)
        run = [n for n in networks if any(c.id == coach.id for c in n.coaches)] or networks[:2]
        for network in run[:3]:
            _assign(member, COACH, "0.2", years[1].starts_on, network_id=network.id)
        works_on[member.id] = [n.id for n in run[:3]]


def _programme_coordinators(rng, programme_ids: list[int], start: date) -> None:
    """A programme coordinator per programme, paid from earmarked funds."""
    for programme_id in programme_ids:
        member = _new_staff(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            employer_name="Expertisecentrum",
        )
        _assign(member, PROGRAMME, "0.3", start, programme_id=programme_id)


def _planned_effort(networks, programme_ids: list[int], years: list[SchoolYear]) -> None:
    """Planned FTE every year: half-time per anchor school of a network, 0.3 per programme."""
    for year in years:
        for network in networks:
            planned = Decimal("0.5") * max(1, len(network.anchors))
            db.session.add(
                PlannedEffort(
                    network_id=network.id,
                    school_year=str(year),
                    planned_fte=planned,
                    earmarked_fte=planned * Decimal("0.4"),
                )
            )
        for programme_id in programme_ids:
            db.session.add(
                PlannedEffort(
                    programme_id=programme_id,
                    school_year=str(year),
                    planned_fte=Decimal("0.3"),
                    earmarked_fte=Decimal("0.3"),
                )
            )


def _staff(rng: random.Random, school) -> StaffMember:
    """A staff member employed by an anchor school."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return _new_staff(
        name=f"{first} {last}",
        email=f"{first.lower()}.{last.lower()}.{rng.randint(10, 999)}@school.example",
        employer_school_id=school.id,
        employer_name=school.name,
        seniority_years=rng.randint(2, 30),
        diploma_level=rng.choice(["bachelor", "master"]),
    )


def _new_staff(**columns) -> StaffMember:
    """A staff member, flushed: the assignments need its id."""
    member = StaffMember(**columns)
    db.session.add(member)
    db.session.flush()
    return member


def _assign(
    member: StaffMember, post: tuple[StaffRole, FundingSource], fte: str, starts_on: date, **target
) -> None:
    """An assignment of a kind of post (COORDINATOR, ...) to a network, an anchor school or a
    programme (`target`: its id column, and ends_on when the post ends)."""
    role, funding_source = post
    db.session.add(
        StaffAssignment(
            staff_member_id=member.id,
            role=role,
            funding_source=funding_source,
            fte=Decimal(fte),
            starts_on=starts_on,
            **target,
        )
    )


def _hour_rows(rng: random.Random, works_on: dict[int, list[int]], start: date, end: date) -> list:
    """Hour entries: held meetings of the networks, and preparation, visits and the rest."""
    meetings = db.session.execute(
        select(Meeting.id, Meeting.network_id, Meeting.starts_at, Meeting.duration_minutes).where(
            Meeting.status == MeetingStatus.held,
            Meeting.starts_at >= start,
            Meeting.starts_at < datetime.combine(end + timedelta(days=1), time()),
        )
    ).all()
    rows = []
    staff_of: dict[int, list[int]] = {}
    for staff_id, network_ids in works_on.items():
        for network_id in network_ids:
            staff_of.setdefault(network_id, []).append(staff_id)
    for meeting in meetings:
        for staff_id in staff_of.get(meeting.network_id, [])[:2]:
            rows.append(
                _row(
                    staff_id, meeting.network_id, meeting.starts_at.date(), meeting.duration_minutes
                )
                | {"activity": Activity.bijeenkomst, "meeting_id": meeting.id}
            )
    days = (end - start).days
    pairs = [(s, n) for s, ns in works_on.items() for n in ns]
    budget = max(0, MAX_ENTRIES - len(rows))
    per_pair = max(1, budget // max(1, len(pairs)))
    activities = list(ACTIVITY_WEIGHTS)
    weights = list(ACTIVITY_WEIGHTS.values())
    for staff_id, network_id in pairs:
        for _ in range(per_pair):
            if len(rows) >= MAX_ENTRIES:
                return rows
            day = start + timedelta(days=rng.randrange(days + 1))
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
            rows.append(
                _row(staff_id, network_id, day, rng.choice([30, 45, 60, 90, 120, 150, 180, 240]))
                | {"activity": rng.choices(activities, weights)[0]}
            )
    return rows


def _row(staff_id: int, network_id: int, day: date, minutes: int) -> dict:
    """The columns of an hour entry that every entry sets."""
    return {
        "staff_member_id": staff_id,
        "network_id": network_id,
        "worked_on": day,
        "minutes": minutes,
        "activity": Activity.other,
        "meeting_id": None,
        "school_id": None,
        "note": "",
        "created_by_id": None,
    }


def first_versions(now: datetime | None = None) -> dict[str, int]:
    """A first, open version of every record that has none yet, in SQL (the demo and scale
    loaders): recorded at the record's creation (a planned-FTE line: its network's or its
    programme's), as the migration dates them. Rows written per table."""
    now = now or utcnow()
    written = {}
    for entity, (version, key) in VERSIONS.items():
        source = entity.__table__
        created = source.c.get("created_at")
        moment = func.coalesce(created, literal(now)) if created is not None else None
        query = select(source.c.id, *(source.c[name] for name in version.COPIED))
        if moment is None:
            # A planned-FTE line has no creation time of its own.
            moment = func.coalesce(Network.created_at, Programme.created_at, literal(now))
            query = query.outerjoin(Network, Network.id == source.c.network_id).outerjoin(
                Programme, Programme.id == source.c.programme_id
            )
        has_version = exists().where(getattr(version, key) == source.c.id)
        query = query.add_columns(moment).where(~has_version)
        # rowcount of an INSERT ... SELECT is kept only when asked (SQLAlchemy's
        # preserve_rowcount), as meetings' attendance_versions does: no id comes back per row
        # (millions at the scale loader's factor 10).
        added = db.session.execute(
            insert(version.__table__)
            .from_select([key, *version.COPIED, "recorded_at"], query)
            .execution_options(preserve_rowcount=True)
        )
        written[version.__tablename__] = added.rowcount
    return written
