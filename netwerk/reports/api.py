"""JSON API endpoints of the reports feature, under /api/v1.

The same services as the pages. (GET /api/v1/reports/effort belongs to the effort feature.)
"""

from flask import jsonify
from marshmallow import RAISE

from netwerk.apiutil import ApiBlueprint
from netwerk.auth.tokens import api_user, token_required
from netwerk.reports import schemas
from netwerk.reports.params import ReportParams, known_at_text
from netwerk.reports.participation import ParticipationReport, participation_report
from netwerk.reports.permissions import READER_ROLES
from netwerk.reports.reach import ReachLine, reach_report

blp = ApiBlueprint("api_reports", __name__, description="reports")


def _report_endpoint(path: str, response_schema):
    """GET path for report readers' tokens: the report's parameters in, response_schema out."""
    decorators = (
        blp.route(path),
        token_required(*READER_ROLES),
        blp.arguments(schemas.ReportQuerySchema, location="query", unknown=RAISE),
        blp.response(200, response_schema),
        blp.errors(403),
    )

    def decorator(view):
        for apply in reversed(decorators):  # innermost first, as when stacked above the view
            view = apply(view)
        return view

    return decorator


@_report_endpoint("/reports/participation", schemas.ParticipationReportSchema)
def participation(params: ReportParams):
    """Schools per anchor school, network and level on a peildatum, with totals per level.

    Ministry and admin tokens see every network, coach tokens their own networks; school tokens
    get 403. A malformed or future as_of or known_at (or one without an offset), or an unknown
    programme_id, gives 400. known_at (stand van de gegevens) is echoed with offset and
    microseconds: the moment the figures stood at.
    """
    report = participation_report(api_user(), params)
    body = participation_body(report)
    # Thousands of rows at Flanders scale: marshmallow's dump of them cost about as much as the
    # query itself. The body already has the schema's shape (tests/reports/test_api.py checks it
    # equals the schema's dump), so only the date needs its JSON form; a Response is not dumped.
    return jsonify({**body, "as_of": body["as_of"].isoformat()})


def participation_body(report: ParticipationReport) -> dict:
    """The participation report as ParticipationReportSchema lays it out."""
    return {
        "as_of": report.as_of,
        "known_at": known_at_text(report.known_at),
        "basis": report.basis,
        "source": report.source,
        "rows": [
            {
                "anchor_school": {
                    "institution_number": row.anchor_institution_number,
                    "name": row.anchor_name,
                },
                "network": {"id": row.network_id, "name": row.network_name},
                "level": row.level.value,
                "count": row.count,
            }
            for row in report.rows
        ],
        "totals": {
            level.value: {
                "registrations": total.registrations,
                "distinct_schools": total.distinct_schools,
            }
            for level, total in report.totals.items()
        },
    }


def _line(line: ReachLine, period: str) -> dict:
    """A reach line as ReachLineSchema lays it out."""
    return {
        "period": period,
        "starts_on": line.starts_on,
        "ends_on": line.ends_on,
        "numerator": line.numerator,
        "denominator": line.denominator,
        "percentage": line.percentage,
    }


@_report_endpoint("/reports/reach", schemas.ReachReportSchema)
def reach(params: ReportParams):
    """Share of a population of schools reached, per school year and cumulative.

    The population: every school in the registry with the given level, province and umbrella.
    Percentages have one decimal, rounded half up; numerator and denominator are always given.
    """
    report = reach_report(api_user(), params)
    f = params.filters
    return {
        "as_of": report.as_of,
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
