"""What changed since a publication: the same report asked now, compared figure by figure, and
the recorded registration moves behind the difference.

Participation: per row (anchor school x network x level; a row on one side only counts 0 on the
other) and per level total (registrations: each school-network pair once, the "Totaal" of the
minister's answers). Reach: per school year, with the cumulative line as its total. The moves
behind a difference are those of registrations in the row's network (schools of the row's level
within the publication's school filters) that took effect on or before the peildatum but were
recorded after the publication's moment.

Effort: per row of the roll-up (by its key: anchor school, network, programme or province) the
planned, earmarked and realised FTE and the hours, published and now (0 on the side without the
row), and the same four figures of the total. Its changes are edits of assignments, planned FTE and
hours recorded since (their history pages show them), not registration moves.

Page and API call changes_since, so they always show the same differences.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from netwerk.auth.models import Role, User
from netwerk.effort.report import EffortParams
from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.publications.models import Publication, ReportKind
from netwerk.publications.services import stored_basis, stored_effort_params, stored_filters
from netwerk.reports.bodies import report_json
from netwerk.reports.params import ReportParams
from netwerk.reports.queries import in_scope, school_conditions
from netwerk.schools.models import School


@dataclass
class Move:
    """One registration move recorded after the publication, effective on or before its peildatum.

    school_name and institution_number are None for readers who see codes only (the ministry).
    """

    school_code: str
    school_name: str | None
    institution_number: str | None
    network_id: int
    level: str
    from_status: RegistrationStatus | None
    to_status: RegistrationStatus
    effective_on: date
    recorded_at: datetime
    actor_role: Role | None
    reason: str


@dataclass
class RowChange:
    """A published figure that reads differently now, with the moves behind it.

    Participation: one anchor school x network x level. Reach: one school year (no anchor, no
    network; its moves are all moves behind the report).
    """

    key: tuple
    label: str
    published: int
    current: int
    anchor_institution_number: str | None = None
    network_id: int | None = None
    network_name: str | None = None
    level: str | None = None
    moves: list[Move] = field(default_factory=list)


# The effort figures a publication compares: FTE planned, earmarked, realised, and hours.
EFFORT_FIGURES = ("planned_fte", "earmarked_fte", "realised_fte", "hours")


@dataclass
class EffortChange:
    """A row of a published effort report whose FTE or hours read differently now: each of
    EFFORT_FIGURES as published and as now (0 on the side without the row)."""

    key: str
    kind: str
    id: int | str | None
    label: str
    published: dict[str, Decimal]
    current: dict[str, Decimal]


@dataclass
class Changes:
    """The differences between a publication and its report now."""

    rows: list[RowChange] | list[EffortChange]
    # Per level (participation), "cumulative" (reach) or per figure (effort): (published,
    # current), every one shown.
    totals: dict[str, tuple]
    moves: list[Move]

    @property
    def changed(self) -> bool:
        """Some figure of the publication reads differently now."""
        return bool(self.rows) or any(p != c for p, c in self.totals.values())


def current_params(publication: Publication) -> ReportParams | EffortParams:
    """The publication's parameters with the data as they stand now (known_at: now)."""
    if publication.report is ReportKind.effort:
        return stored_effort_params(publication)
    return ReportParams(
        as_of=publication.as_of,
        basis=stored_basis(publication),
        filters=stored_filters(publication),
    )


def _participation_rows(body: dict) -> dict[tuple, dict]:
    """The body's rows by (anchor institution number, network id, level)."""
    return {
        (row["anchor_school"]["institution_number"], row["network"]["id"], row["level"]): row
        for row in body["rows"]
    }


def _participation_changes(published: dict, current: dict) -> tuple[list[RowChange], dict]:
    """Rows whose count differs (0 on the side without the row), and the level totals."""
    before, now = _participation_rows(published), _participation_rows(current)
    rows = []
    for key in before.keys() | now.keys():
        was = before[key]["count"] if key in before else 0
        is_now = now[key]["count"] if key in now else 0
        if was == is_now:
            continue
        row = before.get(key) or now[key]
        rows.append(
            RowChange(
                key=key,
                label=row["anchor_school"]["name"],
                published=was,
                current=is_now,
                anchor_institution_number=key[0],
                network_id=key[1],
                network_name=row["network"]["name"],
                level=key[2],
            )
        )
    rows.sort(key=lambda r: (r.level, r.label, r.network_name or "", r.network_id))
    levels = sorted(published["totals"].keys() | current["totals"].keys())
    totals = {
        level: (
            published["totals"].get(level, {}).get("registrations", 0),
            current["totals"].get(level, {}).get("registrations", 0),
        )
        for level in levels
    }
    return rows, totals


def _reach_changes(published: dict, current: dict) -> tuple[list[RowChange], dict]:
    """School years whose numerator differs, and the cumulative line."""
    before = {line["period"]: line for line in published["school_years"]}
    now = {line["period"]: line for line in current["school_years"]}
    rows = []
    for period in sorted(before.keys() | now.keys()):
        was = before[period]["numerator"] if period in before else 0
        is_now = now[period]["numerator"] if period in now else 0
        if was != is_now:
            rows.append(RowChange(key=(period,), label=period, published=was, current=is_now))
    cumulative = (published["cumulative"]["numerator"], current["cumulative"]["numerator"])
    return rows, {"cumulative": cumulative}


def _effort_figures(row: dict | None) -> dict[str, Decimal]:
    """A stored roll-up line's compared figures; zeros for a row that is not there."""
    return {name: Decimal(row[name]) if row else Decimal(0) for name in EFFORT_FIGURES}


def _effort_changes(published: dict, current: dict) -> tuple[list[EffortChange], dict]:
    """Rows whose FTE or hours differ (in the published order, new rows after), and the total."""
    before = {row["key"]: row for row in published["rows"]}
    now = {row["key"]: row for row in current["rows"]}
    rows = []
    for key in [*before, *(k for k in now if k not in before)]:
        was, is_now = _effort_figures(before.get(key)), _effort_figures(now.get(key))
        if was != is_now:
            row = before.get(key) or now[key]
            rows.append(EffortChange(key, row["kind"], row["id"], row["label"], was, is_now))
    was, is_now = _effort_figures(published["total"]), _effort_figures(current["total"])
    return rows, {name: (was[name], is_now[name]) for name in EFFORT_FIGURES}


def _moves(publication: Publication, sees_names: bool) -> list[Move]:
    """Moves recorded after the publication's moment, effective on or before its peildatum, of
    registrations in its networks and schools (one statement)."""
    filters = stored_filters(publication)
    change = RegistrationStatusChange
    stmt = (
        select(
            School.public_code,
            School.name,
            School.institution_number,
            School.level,
            Registration.network_id,
            change.from_status,
            change.to_status,
            change.effective_on,
            change.recorded_at,
            User.role,
            change.reason,
        )
        .join(Registration, Registration.id == change.registration_id)
        .join(School, School.id == Registration.school_id)
        .outerjoin(User, User.id == change.actor_id)
        .where(
            change.effective_on <= publication.as_of,
            change.recorded_at > publication.known_at,
            *school_conditions(filters),
        )
        .order_by(change.recorded_at, change.id)
    )
    stmt = in_scope(stmt, Registration.network_id, filters, None)
    return [
        Move(
            school_code=code,
            school_name=name if sees_names else None,
            institution_number=number if sees_names else None,
            network_id=network_id,
            level=level.value,
            from_status=from_status,
            to_status=to_status,
            effective_on=effective_on,
            recorded_at=recorded_at,
            actor_role=role,
            reason=reason,
        )
        for (
            code,
            name,
            number,
            level,
            network_id,
            from_status,
            to_status,
            effective_on,
            recorded_at,
            role,
            reason,
        ) in db.session.execute(stmt)
    ]


def changes_since(actor: User, publication: Publication) -> Changes:
    """The publication's report asked now, compared with what was published (admin and ministry
    read publications; the ministry sees school codes, never names)."""
    current = report_json(actor, publication.report.value, current_params(publication))
    if publication.report is ReportKind.effort:
        rows, totals = _effort_changes(publication.body, current)
        return Changes(rows=rows, totals=totals, moves=[])
    if publication.report is ReportKind.reach:
        rows, totals = _reach_changes(publication.body, current)
    else:
        rows, totals = _participation_changes(publication.body, current)
    changed = bool(rows) or any(p != c for p, c in totals.values())
    moves = _moves(publication, actor.role is not Role.ministry) if changed else []
    for row in rows:
        row.moves = [
            m
            for m in moves
            if row.network_id is None or (m.network_id == row.network_id and m.level == row.level)
        ]
    return Changes(rows=rows, totals=totals, moves=moves)
