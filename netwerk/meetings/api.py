"""JSON API endpoints of the meetings feature, under /api/v1: read meetings, attendance, minutes
and outputs (files too); change a meeting, its minutes or an output through the page's services,
with the version the caller read (a stale one is a 409)."""

from collections.abc import Callable
from dataclasses import fields, replace
from functools import wraps

from flask import abort, g, redirect, send_file, url_for
from flask.views import MethodView
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint, paginated
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.meetings.attendance import attendance_counts, attendance_list
from netwerk.meetings.dashboard import meetings_query
from netwerk.meetings.meetings import MeetingData, update_meeting
from netwerk.meetings.minutes import current_minutes, minutes_version, save_minutes
from netwerk.meetings.models import Meeting, Output
from netwerk.meetings.outputs import (
    OutputData,
    link_target,
    outputs_query,
    stored_file,
    update_output,
)
from netwerk.meetings.permissions import can_download_output, can_view_meeting
from netwerk.meetings.schemas import (
    AttendanceSchema,
    MeetingArgs,
    MeetingDetailSchema,
    MeetingPageSchema,
    MeetingPatchSchema,
    MinutesInSchema,
    MinutesSchema,
    OutputArgs,
    OutputPageSchema,
    OutputPatchSchema,
    OutputSchema,
)
from netwerk.networks.permissions import can_manage_network, can_see_school_names

blp = ApiBlueprint("api_meetings", __name__, description="Bijeenkomsten, aanwezigheden en outputs")

# Who changes meetings, minutes and outputs: as on the pages, admins and the network's coaches.
WRITERS = (Role.admin, Role.coach)


def _readable_meeting(meeting_id: int) -> Meeting:
    """The meeting of the URL, for a caller who may read it (404, then 403)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    if not can_view_meeting(api_user(), meeting):
        abort(403)
    return meeting


def managed(model: type[Meeting] | type[Output], key: str) -> Callable:
    """Load the object of the URL and check that the caller manages its network before the body
    is read: 404, then 403, then 422, in the order of the pages."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            found = db.session.get(model, kwargs[key])
            if found is None:
                abort(404)
            if not can_manage_network(api_user(), found.network):
                abort(403, description=_("U beheert dit netwerk niet."))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _meeting_out(meeting: Meeting) -> Meeting:
    """The meeting with its attendance counts, as GET shows it."""
    meeting.attendance = attendance_counts([meeting.id])[meeting.id]
    return meeting


def _with_download_urls(outputs: list[Output]) -> list[Output]:
    """The outputs, each with the API's own download_url (with the same token: the page's needs a
    browser login); None for an output that is a link."""
    for output in outputs:
        output.download_url = (
            url_for("api_meetings.output_file", output_id=output.id, _external=True)
            if output.stored_name
            else None
        )
    return outputs


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
        return _meeting_out(_readable_meeting(meeting_id))

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
        return _meeting_out(meeting)


def _minutes_out(meeting: Meeting) -> dict:
    """The current minutes of a meeting, with the version a PUT must send back."""
    current = current_minutes(meeting)
    return {
        "meeting_id": meeting.id,
        "version": minutes_version(current),
        "text": current.body_markdown if current else "",
        "saved_at": current.created_at if current else None,
    }


@blp.route("/meetings/<int:meeting_id>/minutes")
class MinutesResource(MethodView):
    """The minutes of a meeting: one text, every changed save a new revision."""

    @token_required()
    @blp.response(200, MinutesSchema)
    @blp.errors(403, 404)
    def get(self, meeting_id: int):
        """The current minutes of a meeting (Markdown) and their version (0 before the first)."""
        return _minutes_out(_readable_meeting(meeting_id))

    @token_required(*WRITERS, write=True)
    @managed(Meeting, "meeting_id")
    @blp.arguments(MinutesInSchema)
    @blp.response(200, MinutesSchema)
    @blp.errors(403, 404, 409)
    def put(self, data, meeting_id: int):
        """Replace the text of the minutes: a new revision when it differs (409 when stale)."""
        # PUT: the body is the whole text, and the same text again adds no revision.
        meeting = db.session.get(Meeting, meeting_id)
        # null means "no minutes yet" like 0, and is checked as 0: never a save without a check.
        revision = save_minutes(api_user(), meeting, data["text"], version=data["version"] or 0)
        db.session.commit()
        return {**_minutes_out(meeting), "changed": revision is not None}


@blp.route("/meetings/<int:meeting_id>/attendance")
@token_required()
@blp.response(200, AttendanceSchema)
@blp.errors(403, 404)
def get_attendance(meeting_id: int):
    """The attendance of a meeting; ministry and school users get school codes, not names."""
    meeting = _readable_meeting(meeting_id)
    names = can_see_school_names(api_user(), meeting.network)
    schools, persons = attendance_list(meeting)
    return {
        "meeting_id": meeting.id,
        "counts": attendance_counts([meeting.id])[meeting.id],
        "schools": [
            {
                "school_id": a.school_id if names else None,
                "school_code": a.school.public_code,
                "school_name": a.school.name if names else None,
                "status": a.status,
            }
            for a in schools
        ],
        "persons": [
            {
                "name": p.name if names else None,
                "role": p.role,
                "school_code": p.school.public_code if p.school else None,
                "status": p.status,
            }
            for p in persons
        ],
    }


@blp.listing("/outputs", OutputArgs, OutputPageSchema, token_required())
def list_outputs(args):
    """Outputs the caller may read; filter network_id."""
    query = outputs_query(api_user(), network_id=args.get("network_id")).order_by(
        Output.created_at.desc(), Output.id.desc()
    )
    return paginated(query, args, _with_download_urls)


@blp.route("/outputs/<int:output_id>", methods=["PATCH"])
@token_required(*WRITERS, write=True)
@managed(Output, "output_id")
@blp.arguments(OutputPatchSchema)
@blp.response(200, OutputSchema)
@blp.errors(403, 404, 409)
def patch_output(data, output_id: int):
    """Change the fields sent of an output, as its edit page does (409 on a stale version)."""
    # A file stays as it is: no upload through the API.
    output = db.session.get(Output, output_id)
    version = data.pop("version")
    current = {f.name: getattr(output, f.name) for f in fields(OutputData)}
    update_output(api_user(), output, OutputData(**{**current, **data}), version=version)
    db.session.commit()
    return _with_download_urls([output])[0]


@blp.route("/outputs/<int:output_id>/file")
@token_required()
@blp.response(
    200,
    content_type="application/octet-stream",
    description="Het bestand, met zijn oorspronkelijke naam in Content-Disposition.",
)
@blp.alt_response(302, description="Een output die een link is: naar die link.")
@blp.errors(403, 404, 409)
def output_file(output_id: int):
    """The uploaded file of an output, for those who may read its network (download_url)."""
    output = db.session.get(Output, output_id)
    if output is None:
        abort(404)
    if not can_download_output(api_user(), output):
        abort(403)
    if not output.stored_name and output.url:
        return redirect(link_target(output))  # an output that is a link, as on the download page
    path = stored_file(output)
    if path is None:
        abort(404, description=_("Deze output heeft geen bestand."))
    g.no_store = True  # school data: never in a shared cache
    # One documented type for every file; the output's own type is content_type in the list.
    return send_file(
        path,
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=output.original_name or output.stored_name,
        max_age=0,
    )
