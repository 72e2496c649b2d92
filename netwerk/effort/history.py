"""The history of one assignment, planned-FTE line or hour entry, to read: every write with who,
when and what changed field by field (Dutch labels, Belgian formats), and its delete.

It is read from the version tables, so a deleted record keeps its history. Who may read it: admins
and the coaches of a network the record named; an hour entry's history also the person whose hours
they are. A fixed number of statements whatever the length of the history.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from netwerk.auth.models import Role, User
from netwerk.effort.models import (
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    StaffAssignment,
    StaffAssignmentVersion,
    StaffMember,
)
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from netwerk.formatting import format_day, format_fte, format_minutes, format_wallclock
from netwerk.labels import enum_label
from netwerk.meetings.models import Meeting
from netwerk.networks.models import Network, Programme, network_coach
from netwerk.schools.models import Organisation, School
from netwerk.versions import VersionStep, history_of

# The fields of a version in the order a reader expects them, with their labels.
LABELS = {
    "staff_member_id": _l("Medewerker"),
    "network_id": _l("Netwerk"),
    "anchor_school_id": _l("Anker"),
    "programme_id": _l("Programma"),
    "school_year": _l("Schooljaar"),
    "planned_fte": _l("Geplande VTE"),
    "earmarked_fte": _l("Waarvan gekleurde VTE"),
    "role": _l("Rol"),
    "fte": _l("VTE"),
    "funding_source": _l("Financiering"),
    "starts_on": _l("Van"),
    "ends_on": _l("Tot"),
    "worked_on": _l("Dag"),
    "minutes": _l("Duur"),
    "activity": _l("Activiteit"),
    "meeting_id": _l("Bijeenkomst"),
    "school_id": _l("School"),
}
# Fields holding an id, and the model whose name shows instead.
NAMED = {
    "staff_member_id": StaffMember,
    "network_id": Network,
    "anchor_school_id": Organisation,
    "school_id": School,
    "programme_id": Programme,
    "meeting_id": Meeting,
}
FORMATS: dict[str, Callable[[Any], str]] = {
    "fte": format_fte,
    "planned_fte": format_fte,
    "earmarked_fte": format_fte,
    "starts_on": format_day,
    "ends_on": format_day,
    "worked_on": format_day,
    "minutes": format_minutes,
    "role": enum_label,
    "funding_source": enum_label,
    "activity": enum_label,
}


@dataclass
class Change:
    """One field of one write: its label, the value before and after, both in words."""

    label: str
    old: str
    new: str


@dataclass
class Line:
    """One write: when (naive UTC), by whom (a name), created, changed or deleted, and how."""

    recorded_at: datetime
    actor: str
    kind: str
    changes: list[Change]


@dataclass
class RecordHistory:
    """A record's history; `network_ids` and `staff_member_ids` are every one its versions
    named (who may read it depends on them)."""

    kind: str  # "assignment", "planned" or "hours"
    record_id: int
    lines: list[Line]
    exists: bool
    # The last known state, field by field: (label, value in words).
    summary: list[tuple[str, str]] = field(default_factory=list)
    network_ids: set[int] = field(default_factory=set)
    staff_member_ids: set[int] = field(default_factory=set)


# kind -> (entity, version model, key column)
KINDS = {
    "assignment": (StaffAssignment, StaffAssignmentVersion, "assignment_id"),
    "planned": (PlannedEffort, PlannedEffortVersion, "planned_effort_id"),
    "hours": (HourEntry, HourEntryVersion, "hour_entry_id"),
}


def record_history(kind: str, record_id: int) -> RecordHistory | None:
    """The history of one record of a kind; None when it never existed (a 404)."""
    entity, version, key = KINDS[kind]
    steps = history_of(version, {key: record_id}, version.COPIED)
    current = db.session.get(entity, record_id)
    if not steps and current is None:
        return None
    ids: dict[str, set[int]] = {}
    # The record as it stands names its network and person too (a row with no versions yet).
    for name in ("network_id", "staff_member_id"):
        if getattr(current, name, None) is not None:
            ids.setdefault(name, set()).add(getattr(current, name))
    for step in steps:
        for name, (old, new) in step.changes.items():
            if name in NAMED:
                ids.setdefault(name, set()).update(v for v in (old, new) if v is not None)
    names = _names(ids)
    actors = _actor_names({s.recorded_by_id for s in steps if s.recorded_by_id})
    state: dict[str, Any] = {}
    lines = []
    for step in steps:
        lines.append(_line(step, names, actors))
        state.update({name: new for name, (_old, new) in step.changes.items()})
    return RecordHistory(
        kind=kind,
        record_id=record_id,
        lines=lines,
        exists=current is not None,
        summary=[
            (str(label), _text(name, state[name], names))
            for name, label in LABELS.items()
            if state.get(name) is not None
        ],
        network_ids=ids.get("network_id", set()),
        staff_member_ids=ids.get("staff_member_id", set()),
    )


def _line(step: VersionStep, names: dict, actors: dict[int, str]) -> Line:
    """A version step in words; a first version lists the fields it set."""
    order = list(LABELS)
    changes = [
        Change(str(LABELS[n]), _text(n, old, names), _text(n, new, names))
        for n, (old, new) in sorted(step.changes.items(), key=lambda c: order.index(c[0]))
        if not (step.kind == "created" and new is None)
    ]
    actor = actors.get(step.recorded_by_id, _("een verwijderde gebruiker"))
    if step.recorded_by_id is None:
        actor = _("het systeem (migratie of import)")
    return Line(step.recorded_at, actor, step.kind, changes)


def _text(name: str, value: Any, names: dict) -> str:
    """A field's value in words: a name for an id, Belgian formats, '–' for nothing."""
    if value is None:
        return "–"
    if name in NAMED:
        return names.get((name, value)) or _("nr. %(id)s (verwijderd)", id=value)
    if name in FORMATS:
        return FORMATS[name](value)
    return str(value)


def _names(ids: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    """(field, id) -> a name, one statement per kind of record named."""
    by_model: dict[Any, set[int]] = {}
    for name, values in ids.items():
        by_model.setdefault(NAMED[name], set()).update(values)
    found: dict[Any, dict[int, str]] = {}
    for model, values in by_model.items():
        rows = db.session.scalars(select(model).where(model.id.in_(values))).all()
        found[model] = {row.id: _name_of(row) for row in rows}
    return {
        (name, value): found[NAMED[name]].get(value)
        for name, values in ids.items()
        for value in values
    }


def _name_of(row: Any) -> str:
    if isinstance(row, School):
        return row.label
    if isinstance(row, Meeting):
        return f"{row.title or _('bijeenkomst')} ({format_wallclock(row.starts_at)})"
    return row.name


def _actor_names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all()
    return {row.id: row.name for row in rows}


def check_may_read(user: User, history: RecordHistory) -> None:
    """Admins read every history; a coach that of a record on a network they coach, and of their
    own hours. Anyone else: NotAllowed (403)."""
    if user.role is Role.admin:
        return
    if user.role is Role.coach:
        if history.network_ids and db.session.scalar(
            select(network_coach.c.network_id)
            .where(
                network_coach.c.user_id == user.id,
                network_coach.c.network_id.in_(history.network_ids),
            )
            .limit(1)
        ):
            return
        if history.kind == "hours" and db.session.scalar(
            select(StaffMember.id)
            .where(StaffMember.user_id == user.id, StaffMember.id.in_(history.staff_member_ids))
            .limit(1)
        ):
            return
    raise NotAllowed(_("U kunt de geschiedenis van deze gegevens niet bekijken."))


def deleted_assignment_ids(staff_member_id: int) -> list[int]:
    """The assignments of a person that were deleted (their history stays readable)."""
    return list(
        db.session.scalars(
            select(StaffAssignmentVersion.assignment_id)
            .where(
                StaffAssignmentVersion.staff_member_id == staff_member_id,
                StaffAssignmentVersion.assignment_id.not_in(select(StaffAssignment.id)),
            )
            .distinct()
            .order_by(StaffAssignmentVersion.assignment_id)
        )
    )


def deleted_planned_ids(school_year: str) -> list[int]:
    """The planned-FTE lines of a school year that were deleted (their history stays readable)."""
    return list(
        db.session.scalars(
            select(PlannedEffortVersion.planned_effort_id)
            .where(
                PlannedEffortVersion.school_year == school_year,
                PlannedEffortVersion.planned_effort_id.not_in(select(PlannedEffort.id)),
            )
            .distinct()
            .order_by(PlannedEffortVersion.planned_effort_id)
        )
    )
