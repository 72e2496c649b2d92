"""The meetings API's meetings: read them, plan one or a series, change and cancel them, through
the page's services (netwerk.meetings.meetings, .series), with the version the caller read."""

from dataclasses import replace

from flask.views import MethodView

from netwerk.apiutil import paginated
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.meetings.api_common import (
    WRITERS,
    blp,
    managed,
    meeting_out,
    network_in_body,
    readable_meeting,
)
from netwerk.meetings.dashboard import meetings_query
from netwerk.meetings.meetings import MeetingData, cancel_meeting, create_meeting, update_meeting
from netwerk.meetings.models import Meeting
from netwerk.meetings.recurrence import SeriesRule
from netwerk.meetings.schemas import (
    CancelInSchema,
    MeetingArgs,
    MeetingDetailSchema,
    MeetingFieldsIn,
    MeetingInSchema,
    MeetingPageSchema,
    MeetingPatchSchema,
    SeriesInSchema,
    SeriesPreviewSchema,
    SeriesRuleSchema,
    SeriesSchema,
)
from netwerk.meetings.series import create_series, preview_series
from netwerk.networks.models import Network


@blp.listing("/meetings", MeetingArgs, MeetingPageSchema, token_required())
def list_meetings(args):
    """Meetings the caller may read, by start time; filters network_id, from, to."""
    query = meetings_query(
        api_user(),
        network_id=args.get("network_id"),
        starts_from=args.get("from_"),
        starts_until=args.get("to"),
    ).order_by(Meeting.starts_at, Meeting.id)
    return paginated(query, args)


@blp.route("/meetings", methods=["POST"])
@token_required(*WRITERS, write=True)
@blp.arguments(MeetingInSchema)
@blp.response(201, MeetingDetailSchema)
@blp.errors(403)
def create(data):
    """Plan one meeting of a network the caller coaches, as its page does.

    Status held: a meeting entered afterwards, in the past only.
    """
    network = network_in_body(data.pop("network_id"))
    meeting = create_meeting(api_user(), network, MeetingData(**data))
    db.session.commit()
    return meeting_out(meeting)


# One view class per path: werkzeug answers a too large id (beyond MAX_INT, which the converter
# refuses) with 405 instead of 404 when another rule of the same path has the method.
@blp.route("/meetings/<int:meeting_id>")
class MeetingResource(MethodView):
    """One meeting."""

    @token_required()
    @blp.response(200, MeetingDetailSchema)
    @blp.errors(403, 404)
    def get(self, meeting_id: int):
        """One meeting with its attendance counts."""
        return meeting_out(readable_meeting(meeting_id))

    @token_required(*WRITERS, write=True)
    @managed(Meeting, "meeting_id")
    @blp.arguments(MeetingPatchSchema)
    @blp.response(200, MeetingDetailSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, meeting_id: int):
        """Change the fields sent of a meeting, as its edit page does (409 on a stale version)."""
        # scope following: the later open meetings of its series too, as on the page.
        meeting = db.session.get(Meeting, meeting_id)
        version, scope = data.pop("version"), data.pop("scope")
        # The page's form for a coach leaves is_imposed out (None: as it is); so does a body
        # without it.
        wanted = replace(MeetingData.of(meeting), **{"is_imposed": None, **data})
        update_meeting(api_user(), meeting, wanted, following=scope == "following", version=version)
        db.session.commit()
        return meeting_out(meeting)


@blp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@token_required(*WRITERS, write=True)
@managed(Meeting, "meeting_id")
@blp.arguments(CancelInSchema)
@blp.response(200, MeetingDetailSchema)
@blp.errors(403, 404, 409)
def cancel(data, meeting_id: int):
    """Cancel a meeting (and with scope following the rest of its series), as its page does.

    It stays, marked cancelled, and the schools are mailed; 409 on a stale version.
    """
    meeting = db.session.get(Meeting, meeting_id)
    cancel_meeting(
        api_user(),
        meeting,
        data["reason"],
        following=data["scope"] == "following",
        version=data["version"],
    )
    db.session.commit()
    return meeting_out(meeting)


def _rule(data: dict) -> SeriesRule:
    """The series rule of a body (the rest of the body is left in data)."""
    return SeriesRule(**{name: data.pop(name) for name in SeriesRuleSchema().fields})


@blp.route("/networks/<int:network_id>/series/preview", methods=["POST"])
@token_required(*WRITERS, write=True)
@managed(Network, "network_id")
@blp.arguments(SeriesRuleSchema)
@blp.response(200, SeriesPreviewSchema)
@blp.errors(403, 404)
def preview(data, network_id: int):
    """The dates a series rule gives, school holidays skipped; nothing is saved."""
    rule = _rule(data)
    plan = preview_series(rule)
    return {
        "description": rule.describe(),
        "starts": plan.starts,
        "skipped_holidays": plan.skipped_holidays,
        "months_without_nth": plan.months_without_nth,
    }


@blp.route("/networks/<int:network_id>/series", methods=["POST"])
@token_required(*WRITERS, write=True)
@managed(Network, "network_id")
@blp.arguments(SeriesInSchema)
@blp.response(201, SeriesSchema)
@blp.errors(403, 404)
def create_meeting_series(data, network_id: int):
    """Plan every meeting of a series rule at once (all or nothing), as the series page does."""
    network = db.session.get(Network, network_id)
    rule = _rule(data)
    template = MeetingData(starts_at=None, **{n: data[n] for n in MeetingFieldsIn().fields})
    series = create_series(api_user(), network, rule, template)
    db.session.commit()
    return {
        "id": series.id,
        "network_id": network.id,
        "rule": series.rule,
        "meetings": sorted(series.meetings, key=lambda m: m.starts_at),
    }
