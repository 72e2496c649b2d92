"""The effort report as JSON values: the body of GET /api/v1/reports/effort, written by hand.

Built here rather than dumped through EffortReportSchema: a roll-up by network has hundreds of
rows of a dozen decimals each, and the schema's dump took longer than the roll-up's SQL. The
schema stays the API's documentation; tests/effort/test_effort_body.py checks the two agree.
A publication of the effort report stores exactly this (reports.bodies.report_json).
"""

from decimal import Decimal

from netwerk.effort.report import EffortReport
from netwerk.effort.rollup import RollupRow
from netwerk.timeutil import known_at_text


def _decimal(value: Decimal) -> str:
    """A figure as the API writes it (marshmallow's Decimal as_string: fixed point)."""
    # str() is the fast path: the roll-up's figures have 1 or 3 places, which str() writes in
    # fixed point; only an exponent str() would write (1E+3, 1E-7) takes format's way.
    text = str(value)
    return format(value, "f") if "E" in text else text


def _effort_row(row: RollupRow) -> dict:
    """A roll-up line as EffortRowSchema dumps it (the schema's order of fields)."""
    return {
        "key": row.key,
        "label": row.label,
        "kind": row.kind,
        "id": row.id,
        "planned_fte": _decimal(row.planned_fte),
        "earmarked_fte": _decimal(row.earmarked_fte),
        "realised_fte": _decimal(row.realised_fte),
        "subsidised_fte": _decimal(row.subsidised_fte),
        "own_fte": _decimal(row.own_fte),
        "other_fte": _decimal(row.other_fte),
        "difference_fte": _decimal(row.difference_fte),
        "hours": _decimal(row.hours),
        "hours_fte": _decimal(row.hours_fte),
        "realised_by_funding": {k: _decimal(v) for k, v in row.realised_by_funding.items()},
        "hours_by_activity": {k: _decimal(v) for k, v in row.hours_by_activity.items()},
    }


def effort_json(report: EffortReport) -> dict:
    """The effort report exactly as GET /api/v1/reports/effort answers it (EffortReportSchema's
    dump; tests/publications/test_effort.py checks that they agree)."""
    rollup = report.rollup
    return {
        "known_at": known_at_text(report.known_at),
        "source": report.source,
        "school_year": rollup.school_year,
        "group_by": rollup.group_by,
        "hours_per_fte": _decimal(rollup.hours_per_fte),
        "filters": rollup.filters,
        "rows": [_effort_row(row) for row in rollup.rows],
        "total": _effort_row(rollup.total),
    }
