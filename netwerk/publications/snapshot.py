"""A publication's stored body read back as the report it was: the report pages' templates and
the exports (reports.tables) take it as they take a report computed now."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from netwerk.effort.report import EffortReport
from netwerk.effort.rollup import EffortRollup, RollupRow
from netwerk.publications.models import Publication, ReportKind
from netwerk.publications.services import stored_basis, stored_effort_params, stored_filters
from netwerk.reports.participation import (
    LevelTotal,
    ParticipationReport,
    ParticipationRow,
    participation_from_rows,
)
from netwerk.reports.reach import ReachLine, ReachReport
from netwerk.schools.models import SchoolLevel
from netwerk.timeutil import BRUSSELS


def known_at_of(publication: Publication) -> datetime:
    """The publication's moment (stored naive UTC) as Brussels time, as reports carry it."""
    return publication.known_at.replace(tzinfo=UTC).astimezone(BRUSSELS)


def _header(publication: Publication) -> dict:
    """Peildatum, basis, filters, source line and moment of the publication's report."""
    body = publication.body
    return {
        "as_of": date.fromisoformat(body["as_of"]),
        "basis": body.get("basis") or stored_basis(publication),
        "filters": stored_filters(publication),
        "source": body["source"],
        "known_at": known_at_of(publication),
    }


def _day(text: str | None) -> date | None:
    """A stored day (ISO), or None when the body has none."""
    return date.fromisoformat(text) if text else None


def _anchor_of(row: dict) -> dict | None:
    """A stored row's anchor: `anchor` (any kind) since issue 20, `anchor_school` before."""
    return row["anchor"] if "anchor" in row else row["anchor_school"]


def _anchor_key(row: dict, keys: dict[str, int]) -> int | None:
    """A stand-in id per anchor of the body: by instellingsnummer, else by organisation."""
    anchor = _anchor_of(row)
    if anchor is None:
        return None
    key = anchor.get("institution_number") or f"#{anchor.get('organisation_id')}"
    return keys.setdefault(key, len(keys) + 1)


def participation_snapshot(publication: Publication) -> ParticipationReport:
    """The participation report as published."""
    body = publication.body
    # The body names anchors by institution number; that number serves as their key here.
    anchor_keys: dict[str, int] = {}
    rows = [
        ParticipationRow(
            anchor_id=_anchor_key(row, anchor_keys),
            anchor_name=_anchor_of(row)["name"] if _anchor_of(row) else None,
            anchor_institution_number=(
                _anchor_of(row)["institution_number"] if _anchor_of(row) else None
            ),
            network_id=row["network"]["id"],
            network_name=row["network"]["name"],
            level=SchoolLevel(row["level"]),
            count=row["count"],
            ended_on=_day(row["network"].get("ended_on")),
        )
        for row in body["rows"]
    ]
    totals = {
        SchoolLevel(level): LevelTotal(total["registrations"], total["distinct_schools"])
        for level, total in body["totals"].items()
    }
    return participation_from_rows(_header(publication), rows, totals)


def _line(line: dict, label: str) -> ReachLine:
    """A stored reach line."""
    starts_on = line.get("starts_on")
    return ReachLine(
        label,
        date.fromisoformat(starts_on) if starts_on else None,
        date.fromisoformat(line["ends_on"]),
        line["numerator"],
        line["denominator"],
    )


def reach_snapshot(publication: Publication) -> ReachReport:
    """The reach report as published."""
    body = publication.body
    header = _header(publication)
    day = header["as_of"].strftime("%d/%m/%Y")
    return ReachReport(
        **header,
        population=body["population"]["size"],
        years=[_line(line, line["period"]) for line in body["school_years"]],
        cumulative=_line(body["cumulative"], _("cumulatief tot %(day)s", day=day)),
    )


_FIGURES = (
    "planned_fte",
    "earmarked_fte",
    "realised_fte",
    "subsidised_fte",
    "own_fte",
    "other_fte",
    "difference_fte",
    "hours",
    "hours_fte",
)


def _rollup_row(row: dict) -> RollupRow:
    """A stored roll-up line."""
    return RollupRow(
        key=row["key"],
        label=row["label"],
        kind=row["kind"],
        id=row["id"],
        **{name: Decimal(row[name]) for name in _FIGURES},
        realised_by_funding={k: Decimal(v) for k, v in row["realised_by_funding"].items()},
        hours_by_activity={k: Decimal(v) for k, v in row["hours_by_activity"].items()},
    )


def effort_snapshot(publication: Publication) -> EffortReport:
    """The effort report as published."""
    body = publication.body
    rollup = EffortRollup(
        school_year=body["school_year"],
        group_by=body["group_by"],
        hours_per_fte=Decimal(body["hours_per_fte"]),
        rows=[_rollup_row(row) for row in body["rows"]],
        total=_rollup_row(body["total"]),
        filters=body["filters"],
    )
    return EffortReport(
        as_of=publication.as_of,
        source=publication.source,
        params=replace(stored_effort_params(publication), known_at=known_at_of(publication)),
        rollup=rollup,
        known_at=known_at_of(publication),
    )


def snapshot(publication: Publication) -> ParticipationReport | ReachReport | EffortReport:
    """The publication's report as published."""
    if publication.report is ReportKind.effort:
        return effort_snapshot(publication)
    if publication.report is ReportKind.reach:
        return reach_snapshot(publication)
    return participation_snapshot(publication)
