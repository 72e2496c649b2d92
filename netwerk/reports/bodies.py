"""The report API's answers as plain JSON values: one function per report, used by the API
(netwerk/reports/api.py) and by whatever stores an answer (netwerk/publications)."""

from netwerk.auth.models import User
from netwerk.effort.body import effort_json
from netwerk.effort.report import EffortParams, effort_report
from netwerk.reports.params import PARENT, ReportParams, known_at_text
from netwerk.reports.parents import ParentRollup
from netwerk.reports.participation import (
    ParticipationReport,
    ParticipationRow,
    participation_report,
)
from netwerk.reports.reach import ReachLine, ReachReport, reach_report

PARTICIPATION, REACH, EFFORT = "participation", "reach", "effort"


def participation_body(report: ParticipationReport) -> dict:
    """The participation report as ParticipationReportSchema lays it out (as_of a date)."""
    other = report.other_members
    return {
        "as_of": report.as_of,
        "known_at": known_at_text(report.known_at),
        "basis": report.basis,
        "source": report.source,
        "rows": _rows(report),
        "totals": {
            level.value: {
                "registrations": total.registrations,
                "distinct_schools": total.distinct_schools,
                "other_members": other.per_level.get(level, {}),
            }
            for level, total in report.totals.items()
        },
        "other_members": other.overall,
        **({"member_kind": report.member_kind.value} if report.member_kind is not None else {}),
        **(parents_body(report.parents) if report.parents is not None else {}),
    }


def _rows(report: ParticipationReport) -> list[dict]:
    """The rows; a network's first row carries its other members per kind (issue 20)."""
    seen: set[int] = set()
    out = []
    for row in report.rows:
        body = {
            # anchor_school as before for a school anchor; null for another kind or none.
            "anchor_school": (
                {"institution_number": row.anchor_institution_number, "name": row.anchor_name}
                if row.anchor_institution_number is not None
                else None
            ),
            "anchor": _anchor(row),
            "network": _network(row),
            "level": row.level.value,
            "count": row.count,
        }
        if row.network_id not in seen:
            seen.add(row.network_id)
            body["other_members"] = report.other_members.per_network.get(row.network_id, {})
        out.append(body)
    return out


def parents_body(rollup: ParentRollup) -> dict:
    """The roll-up to the parent networks as ParticipationReportSchema lays it out."""
    return {
        "group_by": PARENT,
        "parents": [
            {
                "network": {"id": group.network_id, "name": group.name},
                "networks": group.networks,
                "registrations": group.registrations,
                "distinct_schools": group.distinct_schools,
                "provinces": [
                    {
                        "province": line.province.value if line.province else None,
                        "registrations": line.registrations,
                        "distinct_schools": line.distinct_schools,
                    }
                    for line in group.provinces
                ],
            }
            for group in rollup.groups
        ],
    }


def _anchor(row: ParticipationRow) -> dict | None:
    """A row's anchor of any kind; None for a network without an anchor ("zonder anker")."""
    if row.anchor_id is None:
        return None
    kind = row.anchor_kind
    return {
        "organisation_id": row.anchor_id,
        "kind": kind.value if kind is not None else "school",
        "name": row.anchor_name,
        "institution_number": row.anchor_institution_number,
    }


def _network(row: ParticipationRow) -> dict:
    """A row's network; its last day only when it ended before the peildatum (the bodies of the
    other networks stay as they were, and so do their publications)."""
    network = {"id": row.network_id, "name": row.network_name}
    if row.ended_on is not None:
        network["ended_on"] = row.ended_on
    return network


def participation_json(report: ParticipationReport) -> dict:
    """The participation report exactly as GET /api/v1/reports/participation answers it."""
    body = participation_body(report)
    for row in body["rows"]:
        if "ended_on" in row["network"]:
            row["network"]["ended_on"] = row["network"]["ended_on"].isoformat()
    return {**body, "as_of": body["as_of"].isoformat()}


def _line(line: ReachLine, period: str) -> dict:
    """A reach line as ReachLineSchema dumps it."""
    pct = line.percentage
    return {
        "period": period,
        "starts_on": line.starts_on.isoformat() if line.starts_on else None,
        "ends_on": line.ends_on.isoformat(),
        "numerator": line.numerator,
        "denominator": line.denominator,
        "percentage": None if pct is None else float(pct),
    }


def reach_json(report: ReachReport) -> dict:
    """The reach report exactly as GET /api/v1/reports/reach answers it (ReachReportSchema's
    dump; tests/reports/test_api.py checks that they agree)."""
    f = report.filters
    return {
        "as_of": report.as_of.isoformat(),
        "known_at": known_at_text(report.known_at),
        "basis": report.basis,
        "source": report.source,
        "population": {
            "level": f.level.value if f.level else None,
            "province": f.province.value if f.province else None,
            "umbrella": f.umbrella.value if f.umbrella else None,
            "size": report.population,
        },
        "school_years": [_line(line, line.label) for line in report.years],
        "cumulative": _line(report.cumulative, "cumulative"),
    }


def report_json(actor: User, report: str, params: ReportParams | EffortParams) -> dict:
    """The answer of GET /api/v1/reports/<report> for these parameters, as JSON values (effort
    takes EffortParams, the others ReportParams)."""
    if report == EFFORT:
        return effort_json(effort_report(actor, params))
    if report == REACH:
        return reach_json(reach_report(actor, params))
    return participation_json(participation_report(actor, params))
