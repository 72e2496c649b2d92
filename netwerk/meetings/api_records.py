"""The meetings API's records of a meeting: its attendance and its minutes (with their
revisions), read and replaced through the page's services, with the version the caller read."""

from flask.views import MethodView

from netwerk.apiutil import PageQuerySchema, paginated
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.meetings.api_common import WRITERS, blp, managed, readable_meeting
from netwerk.meetings.attendance import (
    PersonRow,
    attendance_counts,
    attendance_list,
    record_attendance,
)
from netwerk.meetings.minutes import (
    current_minutes,
    minutes_version,
    revisions_query,
    save_minutes,
)
from netwerk.meetings.models import Meeting
from netwerk.meetings.schemas import (
    AttendanceInSchema,
    AttendanceSchema,
    MinutesInSchema,
    MinutesSchema,
    RevisionPageSchema,
)
from netwerk.networks.permissions import can_see_school_names


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
        return _minutes_out(readable_meeting(meeting_id))

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


@blp.listing(
    "/meetings/<int:meeting_id>/minutes/revisions",
    PageQuerySchema,
    RevisionPageSchema,
    token_required(),
)
@blp.errors(403, 404)
def list_revisions(args, meeting_id: int):
    """Every saved version of the minutes, newest first, with its author."""
    meeting = readable_meeting(meeting_id)
    return paginated(revisions_query(meeting), args)


def _attendance_out(meeting: Meeting) -> dict:
    """The attendance of a meeting; ministry and school users get school codes, not names."""
    names = can_see_school_names(api_user(), meeting.network)
    schools, persons = attendance_list(meeting)
    return {
        "meeting_id": meeting.id,
        "version": meeting.version,
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


@blp.route("/meetings/<int:meeting_id>/attendance")
class AttendanceResource(MethodView):
    """The attendance of a meeting: per school and per person."""

    @token_required()
    @blp.response(200, AttendanceSchema)
    @blp.errors(403, 404)
    def get(self, meeting_id: int):
        """The attendance of a meeting; ministry and school users get school codes, not names."""
        return _attendance_out(readable_meeting(meeting_id))

    @token_required(*WRITERS, write=True)
    @managed(Meeting, "meeting_id")
    @blp.arguments(AttendanceInSchema)
    @blp.response(200, AttendanceSchema)
    @blp.errors(403, 404, 409)
    def put(self, data, meeting_id: int):
        """Replace the attendance of a meeting, as its page does (409 on a stale version).

        Of a held meeting, or of a past planned one that mark_held marks held now.
        """
        meeting = db.session.get(Meeting, meeting_id)
        record_attendance(
            api_user(),
            meeting,
            {row["school_id"]: row["status"] for row in data["schools"]},
            [PersonRow(**row) for row in data["persons"]],
            mark_held=data["mark_held"],
            version=data["version"],
        )
        db.session.commit()
        return _attendance_out(meeting)
