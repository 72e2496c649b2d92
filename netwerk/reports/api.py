"""JSON API endpoints of the reports feature, under /api/v1.

The same services as the pages. (GET /api/v1/reports/effort belongs to the effort feature.)
"""

from flask import jsonify
from marshmallow import RAISE

from netwerk.apiutil import ApiBlueprint, unsorted_json
from netwerk.auth.tokens import api_user, token_required
from netwerk.httpcache import conditional_report
from netwerk.networks.permissions import visible_scope
from netwerk.reports import schemas
from netwerk.reports.bodies import participation_json, reach_json
from netwerk.reports.params import ReportParams
from netwerk.reports.participation import participation_report
from netwerk.reports.permissions import READER_ROLES
from netwerk.reports.reach import reach_report

blp = ApiBlueprint("api_reports", __name__, description="reports")


def _report_endpoint(path: str, response_schema, query_schema=schemas.ReportQuerySchema):
    """GET path for report readers' tokens: the report's parameters in, response_schema out."""
    decorators = (
        blp.route(path),
        token_required(*READER_ROLES),
        blp.arguments(query_schema, location="query", unknown=RAISE),
        blp.response(200, response_schema),
        blp.errors(403),
        # Innermost: after the token, role and parameter checks; ETag, 304, a cached body.
        conditional_report(lambda: visible_scope(api_user())),
    )

    def decorator(view):
        for apply in reversed(decorators):  # innermost first, as when stacked above the view
            view = apply(view)
        return view

    return decorator


@_report_endpoint(
    "/reports/participation", schemas.ParticipationReportSchema, schemas.ParticipationQuerySchema
)
def participation(params: ReportParams):
    """Schools per anchor school, network and level on a peildatum, with totals per level.

    group_by=parent adds the roll-up to the parent networks (koepelnetwerken): per parent and per
    province of the network, each school once.

    Ministry and admin tokens see every network, coach tokens their own networks; school tokens
    get 403. A malformed or future as_of or known_at (or one without an offset), or an unknown
    programme_id, gives 400. known_at (stand van de gegevens) is echoed with offset and
    microseconds: the moment the figures stood at.
    """
    # Thousands of rows at Flanders scale: marshmallow's dump of them cost about as much as the
    # query itself. The body already has the schema's shape (tests/reports/test_api.py checks it
    # equals the schema's dump); a Response is not dumped.
    return unsorted_json(participation_json(participation_report(api_user(), params)))


@_report_endpoint("/reports/reach", schemas.ReachReportSchema)
def reach(params: ReportParams):
    """Share of a population of schools reached, per school year and cumulative.

    The population: every school in the registry with the given level, province and umbrella.
    Percentages have one decimal, rounded half up; numerator and denominator are always given.
    """
    # The same JSON a publication stores (bodies.reach_json, checked against the schema's dump).
    return jsonify(reach_json(reach_report(api_user(), params)))
