"""Staff members, their assignments in FTE (with the check on working above 1,0 FTE), and the
planned FTE of networks and programmes.

Services take the actor, flush but never commit, log one line per changed object, and raise
DomainError with a Dutch message. Every change here is an admin's.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from netwerk.auth.models import User
from netwerk.changelog import log_change, object_type_of
from netwerk.effort import versioned
from netwerk.effort.fte import as_school_year
from netwerk.effort.models import (
    FundingSource,
    HourEntry,
    PlannedEffort,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.effort.parsing import parse_fte
from netwerk.effort.permissions import require_admin
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.formatting import format_fte, round_half_up
from netwerk.networks.models import Network, Programme, network_anchor
from netwerk.schools.models import Organisation
from netwerk.timeutil import SchoolYear, utcnow

# --- staff members -----------------------------------------------------------------------------


def create_staff_member(actor: User, **data) -> StaffMember:
    """A new staff member (admin)."""
    require_admin(actor)
    member = StaffMember()
    _apply_staff_data(member, data)
    db.session.add(member)
    db.session.flush()
    log_change(actor, "staff_member.created", member, user_id=member.user_id)
    return member


def update_staff_member(actor: User, member: StaffMember, **data) -> StaffMember:
    """Change a staff member's details (admin)."""
    require_admin(actor)
    _apply_staff_data(member, data)
    db.session.flush()
    log_change(actor, "staff_member.updated", member, user_id=member.user_id)
    return member


def _apply_staff_data(member: StaffMember, data: dict) -> None:
    """Check and copy a form's or API body's fields onto the member."""
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
    require_admin(actor)
    has_hours = db.session.scalar(
        select(func.count(HourEntry.id)).where(HourEntry.staff_member_id == member.id)
    )
    if has_hours:
        raise DomainError(
            ngettext(
                "%(name)s heeft %(num)d urenregistratie: verwijder die eerst.",
                "%(name)s heeft %(num)d urenregistraties: verwijder die eerst.",
                has_hours,
                name=member.name,
            ),
            status_code=409,
            code="has_hours",
        )
    assignment_ids = db.session.scalars(
        select(StaffAssignment.id).where(StaffAssignment.staff_member_id == member.id)
    ).all()
    removed = db.session.execute(
        delete(StaffAssignment).where(StaffAssignment.staff_member_id == member.id)
    ).rowcount
    versioned.close(actor, StaffAssignment, assignment_ids)
    member_id = member.id
    db.session.delete(member)
    db.session.flush()
    log_change(
        actor, "staff_member.deleted", member, object_id=member_id, assignments_deleted=removed
    )


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
        log_change(user, "staff_member.created", member, user_id=user.id)
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
                "1,000 VTE. Bevestig dat dit klopt om op te slaan.",
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
    anchor_school: Organisation | None = None  # an anchor of any kind
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


def _checked_fte(data: AssignmentData) -> Decimal:
    """The assignment's FTE, once its target, period, role, funding and anchor school are valid."""
    targets = [t for t in (data.network, data.anchor_school, data.programme) if t is not None]
    if len(targets) != 1:
        raise DomainError(_("Kies precies één doel: een netwerk, een anker of een programma."))
    fte = parse_fte(data.fte)
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise DomainError(_("De einddatum ligt voor de begindatum."))
    if not isinstance(data.role, StaffRole):
        raise DomainError(_("Onbekende rol."))
    if not isinstance(data.funding_source, FundingSource):
        raise DomainError(_("Onbekende financieringsbron."))
    if data.anchor_school is not None and not db.session.scalar(
        select(func.count()).where(network_anchor.c.organisation_id == data.anchor_school.id)
    ):
        raise DomainError(
            _("%(name)s is van geen enkel netwerk het anker.", name=data.anchor_school.name)
        )
    return fte


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
    require_admin(actor)
    fte = _checked_fte(data)
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
    before = None if is_new else versioned.snapshot(assignment)
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
    assignment.overload_confirmed_by_id = actor.id if peak is not None else None
    assignment.overload_confirmed_at = utcnow() if peak is not None else None
    if is_new:
        db.session.add(assignment)
    db.session.flush()
    versioned.record(actor, assignment, before)
    log_change(
        actor,
        "staff_assignment.created" if is_new else "staff_assignment.updated",
        assignment,
        staff_member_id=staff_member.id,
        fte=fte,
        overload_confirmed=peak is not None,
    )
    return assignment


def delete_assignment(actor: User, assignment: StaffAssignment) -> None:
    """Remove an assignment (admin)."""
    require_admin(actor)
    _delete(actor, assignment, staff_member_id=assignment.staff_member_id)


def _delete(actor: User, row, **details) -> None:
    """Delete a row, close its versions and log '<its type>.deleted' with its id (read before
    the delete)."""
    row_id = row.id
    db.session.delete(row)
    db.session.flush()
    versioned.close(actor, type(row), [row_id])
    log_change(actor, f"{object_type_of(row)}.deleted", row, object_id=row_id, **details)


def assignment_targets() -> dict[str, list[tuple[int, str]]]:
    """The possible targets of an assignment: networks, anchors of any kind, programmes (id,
    name)."""
    networks = db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all()
    schools = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.id.in_(select(network_anchor.c.organisation_id)))
        .order_by(Organisation.name)
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


def _checked_plan(planned_fte: Decimal, earmarked_fte: Decimal) -> tuple[Decimal, Decimal]:
    """Planned and earmarked FTE as Decimals, refused when negative, absurd or inconsistent."""
    planned = Decimal(str(planned_fte))
    earmarked = Decimal(str(earmarked_fte or 0))
    if planned < 0 or earmarked < 0:
        raise DomainError(_("Geplande en gekleurde VTE kunnen niet negatief zijn."))
    if planned > 9999:
        raise DomainError(_("Meer dan 9.999 VTE gepland: controleer het getal."))
    if earmarked > planned:
        raise DomainError(_("Het gekleurde deel kan niet groter zijn dan de geplande VTE."))
    return planned, earmarked


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
    require_admin(actor)
    year = as_school_year(school_year)
    if (network is None) == (programme is None):
        raise DomainError(_("Kies een netwerk of een programma."))
    planned, earmarked = _checked_plan(planned_fte, earmarked_fte)
    # The unique constraint does not hold with NULLs, so the service looks the row up itself.
    query = select(PlannedEffort).where(PlannedEffort.school_year == str(year))
    if network is not None:
        query = query.where(PlannedEffort.network_id == network.id)
    else:
        query = query.where(
            PlannedEffort.programme_id == programme.id, PlannedEffort.network_id.is_(None)
        )
    row = db.session.scalar(query)
    is_new = row is None
    before = None if is_new else versioned.snapshot(row)
    if is_new:
        row = PlannedEffort(
            school_year=str(year),
            network_id=network.id if network else None,
            programme_id=programme.id if programme else None,
        )
        db.session.add(row)
    row.planned_fte = round_half_up(planned, 3)
    row.earmarked_fte = round_half_up(earmarked, 3)
    db.session.flush()
    versioned.record(actor, row, before)
    log_change(
        actor,
        "planned_effort.created" if is_new else "planned_effort.updated",
        row,
        school_year=str(year),
        planned_fte=row.planned_fte,
        earmarked_fte=row.earmarked_fte,
    )
    return row


def delete_planned_effort(actor: User, row: PlannedEffort) -> None:
    """Remove a planned-FTE line (admin)."""
    require_admin(actor)
    _delete(actor, row, school_year=row.school_year)


def planned_efforts(school_year: "SchoolYear | str") -> list[PlannedEffort]:
    """The planned-FTE lines of a school year, with their network or programme loaded."""
    year = as_school_year(school_year)
    return list(
        db.session.scalars(
            select(PlannedEffort)
            .where(PlannedEffort.school_year == str(year))
            .options(joinedload(PlannedEffort.network), joinedload(PlannedEffort.programme))
            .order_by(PlannedEffort.programme_id, PlannedEffort.network_id)
        )
    )
