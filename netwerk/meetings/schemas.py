"""Marshmallow schemas of the meetings API (they also generate its OpenAPI document)."""

from marshmallow import Schema, fields

from netwerk.apiutil import (
    BoundedDate,
    Id,
    LocalDateTime,
    PageQuerySchema,
    UtcDateTime,
    page_of,
)
from netwerk.meetings.models import (
    AttendanceStatus,
    MeetingStatus,
    MeetingType,
    OutputStatus,
    OutputType,
)


class MeetingArgs(PageQuerySchema):
    """Filters of the meeting list."""

    network_id = Id()
    from_ = BoundedDate(data_key="from", metadata={"description": "Start op of na deze dag"})
    to = BoundedDate(metadata={"description": "Start op of voor deze dag"})


class OutputArgs(PageQuerySchema):
    """Filters of the output list."""

    network_id = Id()


class CountsSchema(Schema):
    """Attendance counts of a meeting."""

    schools_present = fields.Integer()
    schools_recorded = fields.Integer()
    persons_present = fields.Integer()
    persons_recorded = fields.Integer()


class MeetingSchema(Schema):
    """A meeting (times are local Brussels time)."""

    id = fields.Integer()
    network_id = fields.Integer()
    network_name = fields.String(attribute="network.name")
    series_id = fields.Integer(allow_none=True)
    type = fields.Enum(MeetingType)
    title = fields.String()
    starts_at = LocalDateTime(
        metadata={"description": "Lokale tijd Europe/Brussels, met verschuiving"}
    )
    ends_at = LocalDateTime()
    duration_minutes = fields.Integer()
    location = fields.String()
    host_school_id = fields.Integer(allow_none=True)
    online_url = fields.String()
    agenda = fields.String()
    status = fields.Enum(MeetingStatus)
    status_reason = fields.String()
    is_imposed = fields.Boolean()
    sequence = fields.Integer()
    version = fields.Integer(metadata={"description": "Verhoogd bij elke wijziging"})


class MeetingDetailSchema(MeetingSchema):
    """A meeting with its attendance counts."""

    attendance = fields.Nested(CountsSchema)


MeetingPageSchema = page_of(MeetingSchema, "A page of meetings.")


class SchoolAttendanceSchema(Schema):
    """A school's attendance; name only for users who may see names, else the public code."""

    school_id = fields.Integer(allow_none=True)
    school_code = fields.String()
    school_name = fields.String(allow_none=True)
    status = fields.Enum(AttendanceStatus)


class PersonAttendanceSchema(Schema):
    """A person at the meeting; name only for users who may see names."""

    name = fields.String(allow_none=True)
    role = fields.String()
    school_code = fields.String(allow_none=True)
    status = fields.Enum(AttendanceStatus)


class AttendanceSchema(Schema):
    """The attendance list of a meeting."""

    meeting_id = fields.Integer()
    counts = fields.Nested(CountsSchema)
    schools = fields.List(fields.Nested(SchoolAttendanceSchema))
    persons = fields.List(fields.Nested(PersonAttendanceSchema))


class OutputSchema(Schema):
    """An output; download_url only for uploaded files."""

    id = fields.Integer()
    network_id = fields.Integer()
    meeting_id = fields.Integer(allow_none=True)
    type = fields.Enum(OutputType)
    title = fields.String()
    description = fields.String()
    status = fields.Enum(OutputStatus)
    url = fields.String()
    original_name = fields.String(allow_none=True)
    content_type = fields.String(allow_none=True)
    size_bytes = fields.Integer(allow_none=True)
    download_url = fields.String(allow_none=True)
    created_at = UtcDateTime()
    version = fields.Integer(metadata={"description": "Verhoogd bij elke wijziging"})


OutputPageSchema = page_of(OutputSchema, "A page of outputs.")
