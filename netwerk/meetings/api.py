"""JSON API endpoints of the meetings feature, under /api/v1 (read only; output files too)."""

from flask import abort, g, redirect, send_file, url_for
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint, paginated
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.meetings.attendance import attendance_counts, attendance_list
from netwerk.meetings.dashboard import meetings_query
from netwerk.meetings.models import Meeting, Output
from netwerk.meetings.outputs import link_target, outputs_query, stored_file
from netwerk.meetings.permissions import can_download_output, can_view_meeting
from netwerk.meetings.schemas import (
    AttendanceSchema,
    MeetingArgs,
    MeetingDetailSchema,
    MeetingPageSchema,
    OutputArgs,
    OutputPageSchema,
)
from netwerk.networks.permissions import can_see_school_names

blp = ApiBlueprint("api_meetings", __name__, description="Bijeenkomsten, aanwezigheden en outputs")


def _readable_meeting(meeting_id: int) -> Meeting:
    """The meeting of the URL, for a caller who may read it (404, then 403)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    if not can_view_meeting(api_user(), meeting):
        abort(403)
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


@blp.route("/meetings/<int:meeting_id>")
@token_required()
@blp.response(200, MeetingDetailSchema)
@blp.errors(403, 404)
def get_meeting(meeting_id: int):
    """One meeting with its attendance counts."""
    meeting = _readable_meeting(meeting_id)
    meeting.attendance = attendance_counts([meeting.id])[meeting.id]
    return meeting


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
