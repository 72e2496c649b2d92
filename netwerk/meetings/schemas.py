"""Marshmallow schemas of the meetings API (they also generate its OpenAPI document)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from netwerk.apiutil import (
    BoundedDate,
    Id,
    LocalDateTime,
    PageQuerySchema,
    UtcDateTime,
    VersionIn,
    page_of,
)
from netwerk.extensions import MAX_INT
from netwerk.meetings.attendance import MAX_PERSONS
from netwerk.meetings.models import (
    AttendanceStatus,
    MeetingStatus,
    MeetingType,
    OutputStatus,
    OutputType,
)
from netwerk.meetings.recurrence import Frequency
from netwerk.timeutil import BRUSSELS


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
    version = fields.Integer(
        metadata={"description": "De version van de bijeenkomst: mee te geven bij een PUT"}
    )
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


class LocalDateTimeIn(fields.DateTime):
    """A meeting time in a request body: Brussels wall-clock time (2026-03-01T14:00:00), or a
    moment with an offset, turned into Brussels time; years 1900-2200 only (else a 422), so the
    conversion never overflows."""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= moment.year <= 2200:
            raise ValidationError(_l("Geef een tijdstip tussen 1900 en 2200."))
        if moment.tzinfo is not None:
            moment = moment.astimezone(BRUSSELS).replace(tzinfo=None)
        return moment


def version_in(description: str, *, minimum: int = 1, allow_none: bool = False) -> VersionIn:
    """The version the caller read (GET), required: a save over a newer one is refused (409)."""
    return VersionIn(
        required=True,
        allow_none=allow_none,
        validate=validate.Range(min=minimum, max=MAX_INT),
        error_messages={
            "required": _l("Geef de versie mee die u gelezen hebt (veld version)."),
            "null": _l("Geef de versie mee die u gelezen hebt (veld version)."),
        },
        metadata={"description": description},
    )


def bounded_text(max_chars: int, **kwargs) -> fields.String:
    """An optional text of at most max_chars characters."""
    return fields.String(validate=validate.Length(max=max_chars), **kwargs)


class MeetingPatchSchema(Schema):
    """A change of a meeting: only the fields sent change, the rest stays (as on the edit page)."""

    version = version_in("De version van de bijeenkomst zoals gelezen; verouderd: 409.")
    type = fields.Enum(MeetingType, by_value=True)
    title = bounded_text(200)
    starts_at = LocalDateTimeIn(
        metadata={"description": "Lokale tijd Europe/Brussels (of met verschuiving)"}
    )
    duration_minutes = fields.Integer(
        validate=validate.Range(1, 1440, error=_l("De duur ligt tussen 1 en 1440 minuten."))
    )
    location = bounded_text(300)
    host_school_id = Id(allow_none=True)
    online_url = bounded_text(500)
    agenda = bounded_text(20_000)
    status = fields.Enum(MeetingStatus, by_value=True)
    status_reason = bounded_text(500)
    is_imposed = fields.Boolean(metadata={"description": "Enkel een beheerder wijzigt dit."})
    scope = fields.String(
        load_default="this",
        validate=validate.OneOf(["this", "following"]),
        metadata={"description": "following: ook de latere open bijeenkomsten van de reeks."},
    )


class MinutesInSchema(Schema):
    """The whole text of the minutes: stored as a new revision when it differs."""

    text = fields.String(required=True, validate=validate.Length(max=100_000))
    version = version_in(
        "De version van het verslag zoals gelezen (0 of null: nog geen verslag); verouderd: 409.",
        minimum=0,
        allow_none=True,
    )


class MinutesSchema(Schema):
    """The current minutes of a meeting (version 0 and an empty text before the first save)."""

    meeting_id = fields.Integer()
    version = fields.Integer(metadata={"description": "Verhoogd bij elke nieuwe versie"})
    text = fields.String()
    saved_at = UtcDateTime(allow_none=True)
    changed = fields.Boolean(metadata={"description": "Of deze aanvraag een versie toevoegde."})


class OutputPatchSchema(Schema):
    """A change of an output: only the fields sent change (a file stays; a link may change)."""

    version = version_in("De version van de output zoals gelezen; verouderd: 409.")
    type = fields.Enum(OutputType, by_value=True)
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = bounded_text(20_000)
    status = fields.Enum(OutputStatus, by_value=True)
    url = bounded_text(500)
    meeting_id = Id(allow_none=True)


class MeetingFieldsIn(Schema):
    """The fields of a new meeting, or of the meetings of a new series."""

    type = fields.Enum(MeetingType, by_value=True, required=True)
    title = bounded_text(200, load_default="")
    duration_minutes = fields.Integer(
        load_default=120,
        validate=validate.Range(1, 1440, error=_l("De duur ligt tussen 1 en 1440 minuten.")),
    )
    location = bounded_text(300, load_default="")
    host_school_id = Id(allow_none=True, load_default=None)
    online_url = bounded_text(500, load_default="")
    agenda = bounded_text(20_000, load_default="")
    is_imposed = fields.Boolean(
        load_default=False, metadata={"description": "Enkel een beheerder legt dit op."}
    )


class MeetingInSchema(MeetingFieldsIn):
    """A new meeting of a network, as its page plans one (default: planned, 120 minutes)."""

    network_id = Id(required=True)
    starts_at = LocalDateTimeIn(
        required=True,
        metadata={"description": "Lokale tijd Europe/Brussels (of met verschuiving)"},
    )
    status = fields.Enum(
        MeetingStatus,
        by_value=True,
        load_default=MeetingStatus.planned,
        metadata={"description": "held: achteraf ingevoerd (enkel in het verleden)."},
    )
    status_reason = bounded_text(500, load_default="")


class CancelInSchema(Schema):
    """Cancelling a meeting (and, with scope following, the later open ones of its series)."""

    version = version_in("De version van de bijeenkomst zoals gelezen; verouderd: 409.")
    reason = fields.String(
        required=True,
        validate=validate.Length(max=500),
        metadata={"description": "Waarom: de scholen krijgen het te lezen."},
    )
    scope = fields.String(
        load_default="this",
        validate=validate.OneOf(["this", "following"]),
        metadata={"description": "following: ook de latere open bijeenkomsten van de reeks."},
    )


class WallClockTime(fields.Time):
    """An hour of the day in Brussels (14:00), without a time zone: else a 422."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is not None:
            raise ValidationError(_l("Geef een uur zonder tijdzone, bijvoorbeeld 14:00."))
        return moment


class SeriesRuleSchema(Schema):
    """The rule of a series, as the series page asks it; school holidays are skipped."""

    frequency = fields.Enum(Frequency, by_value=True, load_default=Frequency.monthly)
    starts_on = BoundedDate(required=True)
    until = BoundedDate(required=True)
    at = WallClockTime(required=True, metadata={"description": "Uur, Brusselse tijd: 14:00"})
    weekday = fields.Integer(
        required=True,
        validate=validate.Range(0, 6),
        metadata={"description": "0 = maandag ... 6 = zondag"},
    )
    nth = fields.Integer(
        load_default=1,
        validate=validate.OneOf([-1, 1, 2, 3, 4, 5]),
        metadata={"description": "Maandelijks: de 1e tot 5e weekdag van de maand, -1 de laatste"},
    )
    interval = fields.Integer(
        load_default=1,
        validate=validate.Range(1, 12),
        metadata={"description": "Om de hoeveel maanden of weken"},
    )


class SeriesPreviewSchema(Schema):
    """The dates a rule gives, and what it skipped."""

    description = fields.String()
    starts = fields.List(LocalDateTime())
    skipped_holidays = fields.List(fields.Date())
    months_without_nth = fields.List(
        fields.Date(), metadata={"description": "Maanden zonder 5e weekdag (overgeslagen)"}
    )


class SeriesInSchema(SeriesRuleSchema, MeetingFieldsIn):
    """A series to plan: its rule and the fields every meeting of it gets."""


class SeriesSchema(Schema):
    """A planned series with its meetings."""

    id = fields.Integer()
    network_id = fields.Integer()
    rule = fields.String()
    meetings = fields.List(fields.Nested(MeetingSchema))


class SchoolStatusIn(Schema):
    """A school's attendance in a PUT."""

    school_id = Id(required=True)
    status = fields.Enum(AttendanceStatus, by_value=True, required=True)


class PersonIn(Schema):
    """A person at the meeting in a PUT."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = bounded_text(100, load_default="")
    school_id = Id(allow_none=True, load_default=None)
    status = fields.Enum(AttendanceStatus, by_value=True, load_default=AttendanceStatus.present)


class AttendanceInSchema(Schema):
    """The whole attendance of a meeting: it replaces what was recorded (a school or person not
    listed has none)."""

    version = version_in("De version van de bijeenkomst zoals gelezen; verouderd: 409.")
    mark_held = fields.Boolean(
        load_default=False,
        metadata={"description": "Een voorbije geplande bijeenkomst nu als gehouden noteren."},
    )
    schools = fields.List(
        fields.Nested(SchoolStatusIn), load_default=list, validate=validate.Length(max=5000)
    )
    persons = fields.List(
        fields.Nested(PersonIn),
        load_default=list,
        validate=validate.Length(
            max=MAX_PERSONS,
            error=_l("Hoogstens %(max)s personen per bijeenkomst.", max=MAX_PERSONS),
        ),
    )

    @pre_load
    def _no_counts(self, data, **kwargs):
        """Counts without names come with populations (not yet): said so, not "Unknown field"."""
        if isinstance(data, dict) and "counts" in data:
            # A list of a plain str, as marshmallow gives every other field's messages.
            message = _l("Aantallen zonder namen (counts) kan deze API nog niet bewaren.")
            raise ValidationError([str(message)], "counts")
        return data

    @validates_schema
    def _no_doubles(self, data: dict, **kwargs) -> None:
        """A school is listed once."""
        ids = [row["school_id"] for row in data.get("schools", [])]
        if len(ids) != len(set(ids)):
            message = _l("Elke school staat hoogstens één keer in de lijst.")
            raise ValidationError([str(message)], "schools")


class RevisionSchema(Schema):
    """One saved version of the minutes."""

    version = fields.Integer()
    text = fields.String(attribute="body_markdown")
    saved_at = UtcDateTime(attribute="created_at")
    author = fields.String(attribute="author.name", allow_none=True)


RevisionPageSchema = page_of(RevisionSchema, "A page of revisions of the minutes, newest first.")


class OutputInSchema(Schema):
    """A new output of a network: a link (url), or a file (multipart/form-data, field file)."""

    network_id = Id(required=True)
    meeting_id = Id(allow_none=True, load_default=None)
    type = fields.Enum(OutputType, by_value=True, required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = bounded_text(20_000, load_default="")
    status = fields.Enum(OutputStatus, by_value=True, load_default=OutputStatus.draft)
    url = bounded_text(500, load_default="")


class OutputUploadSchema(OutputInSchema):
    """A new output with its file (multipart/form-data)."""

    file = Upload(
        metadata={"description": "pdf, docx, xlsx, pptx, odt, ods, odp, png, jpg, txt, md, zip"}
    )
