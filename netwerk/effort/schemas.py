"""Marshmallow schemas of the effort API (they also make its part of the OpenAPI document).

FTE and hours are decimal strings ("0.500", "12.5"): exact, and the same figures as the page.
"""

from marshmallow import Schema, fields, post_load, validate

from netwerk.apiutil import BoundedDate, Id, UtcDateTime, version_field, version_out
from netwerk.effort.models import Activity, FundingSource, StaffRole
from netwerk.effort.report import EffortParams
from netwerk.effort.rollup import GROUP_BY
from netwerk.schools.models import Province


class PageQuery(Schema):
    """Page number and page size."""

    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Int(load_default=50, validate=validate.Range(min=1, max=200))


class AssignmentQuery(PageQuery):
    """Filters of the assignment list."""

    staff_member_id = Id()
    network_id = Id()
    anchor_school_id = Id()
    programme_id = Id()
    funding_source = fields.Str(validate=validate.OneOf([f.value for f in FundingSource]))
    school_year = fields.Str(metadata={"description": "Only assignments running in it: 2024-2025"})


class AssignmentSchema(Schema):
    """A staff assignment."""

    id = fields.Int()
    staff_member_id = fields.Int()
    staff_member_name = fields.Str(attribute="staff_member.name")
    network_id = fields.Int(allow_none=True)
    anchor_school_id = fields.Int(allow_none=True)
    programme_id = fields.Int(allow_none=True)
    role = fields.Function(lambda a: a.role.value)
    fte = fields.Decimal(places=3, as_string=True)
    funding_source = fields.Function(lambda a: a.funding_source.value)
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    overload_confirmed_at = UtcDateTime(allow_none=True)
    version = version_out()


class _Page(Schema):
    """Where a page of a list stands: its number, its size and the total of the list."""

    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int()


class AssignmentPage(_Page):
    """A page of assignments."""

    items = fields.List(fields.Nested(AssignmentSchema))


class HourEntryQuery(PageQuery):
    """Filters of the hour-entry list."""

    staff_member_id = Id()
    network_id = Id()
    activity = fields.Str(validate=validate.OneOf([a.value for a in Activity]))
    date_from = BoundedDate()
    date_to = BoundedDate()
    school_year = fields.Str(metadata={"description": "e.g. 2024-2025"})


class HourEntrySchema(Schema):
    """Logged hours."""

    id = fields.Int()
    staff_member_id = fields.Int()
    worked_on = fields.Date()
    minutes = fields.Int()
    activity = fields.Function(lambda e: e.activity.value)
    network_id = fields.Int()
    meeting_id = fields.Int(allow_none=True)
    school_id = fields.Int(allow_none=True)
    note = fields.Str()
    version = version_out()


class HourEntryPage(_Page):
    """A page of hour entries."""

    items = fields.List(fields.Nested(HourEntrySchema))


class EffortReportQuery(Schema):
    """Which roll-up: school year, grouping and optional filters."""

    school_year = fields.Str(required=True, metadata={"description": "e.g. 2024-2025"})
    group_by = fields.Str(load_default="anchor_school", validate=validate.OneOf(GROUP_BY))
    programme_id = Id()
    province = fields.Str(validate=validate.OneOf([p.value for p in Province]))
    known_at = fields.Str(
        metadata={
            "description": "Stand van de gegevens: een datum (het einde van die dag in Brussel) "
            "of een tijdstip met tijdzone; leeg = nu.",
            "example": "2021-11-19T23:59:59.999999+01:00",
        }
    )

    @post_load
    def to_params(self, data: dict, **_kwargs) -> EffortParams:
        """The report's one parameter object, validated as the page validates it."""
        return EffortParams.parse(data)


class EffortRowSchema(Schema):
    """One line of the roll-up (FTE with 3 decimals, hours with 1)."""

    key = fields.Str()
    label = fields.Str()
    kind = fields.Str()
    id = fields.Raw(allow_none=True)
    planned_fte = fields.Decimal(as_string=True)
    earmarked_fte = fields.Decimal(as_string=True)
    realised_fte = fields.Decimal(as_string=True)
    subsidised_fte = fields.Decimal(as_string=True)
    own_fte = fields.Decimal(as_string=True)
    other_fte = fields.Decimal(as_string=True)
    difference_fte = fields.Decimal(as_string=True)
    realised_by_funding = fields.Dict(keys=fields.Str(), values=fields.Decimal(as_string=True))
    hours = fields.Decimal(as_string=True)
    hours_fte = fields.Decimal(as_string=True)
    hours_by_activity = fields.Dict(keys=fields.Str(), values=fields.Decimal(as_string=True))


class EffortReportSchema(Schema):
    """The roll-up of a school year, with its totals row."""

    known_at = fields.Str(
        metadata={
            "format": "date-time",
            "description": "De stand van de gegevens (de gevraagde, anders nu), met tijdzone "
            "en microseconden.",
            "example": "2026-12-03T10:15:00.123456+01:00",
        }
    )
    source = fields.Str(
        metadata={"description": "De bronvermelding: peildatum en stand van de gegevens."}
    )
    school_year = fields.Str()
    group_by = fields.Str()
    hours_per_fte = fields.Decimal(as_string=True)
    filters = fields.Dict()
    rows = fields.List(fields.Nested(EffortRowSchema))
    total = fields.Nested(EffortRowSchema)


# --- the write API: staff members, assignments and hour entries --------------------------------


class StaffQuery(PageQuery):
    """Paging of the staff list."""


class StaffMemberSchema(Schema):
    """A staff member (the page /inzet/medewerkers)."""

    id = fields.Int()
    name = fields.Str()
    email = fields.Str()
    user_id = fields.Int(allow_none=True)
    employer_school_id = fields.Int(allow_none=True)
    employer_name = fields.Str()
    seniority_years = fields.Int(allow_none=True)
    diploma_level = fields.Str()
    created_at = UtcDateTime()
    version = version_out()


class StaffPage(_Page):
    """A page of staff members."""

    items = fields.List(fields.Nested(StaffMemberSchema))


class StaffMemberIn(Schema):
    """A new staff member; a PATCH sends only what changes (and the version)."""

    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Str(load_default="", validate=validate.Length(max=254))
    user_id = Id(
        allow_none=True,
        load_default=None,
        metadata={"description": "De gebruiker (beheerder of coach) die deze medewerker is."},
    )
    employer_school_id = Id(allow_none=True, load_default=None)
    employer_name = fields.Str(load_default="", validate=validate.Length(max=200))
    seniority_years = fields.Int(
        allow_none=True, load_default=None, validate=validate.Range(min=0, max=60)
    )
    diploma_level = fields.Str(load_default="", validate=validate.Length(max=100))


class StaffMemberPatch(Schema):
    """A change of a staff member: only the fields sent change."""

    version = version_field("de medewerker")
    name = fields.Str(validate=validate.Length(min=1, max=200))
    email = fields.Str(validate=validate.Length(max=254))
    user_id = Id(allow_none=True)
    employer_school_id = Id(allow_none=True)
    employer_name = fields.Str(validate=validate.Length(max=200))
    seniority_years = fields.Int(allow_none=True, validate=validate.Range(min=0, max=60))
    diploma_level = fields.Str(validate=validate.Length(max=100))


FTE = {"description": 'VTE als decimale tekst: "0.500" (of "0,5")', "example": "0.500"}
TARGET = "Precies één van network_id, anchor_school_id en programme_id."


class AssignmentIn(Schema):
    """A new assignment of a staff member: exactly one target (network, anchor school or
    programme)."""

    staff_member_id = Id(required=True)
    role = fields.Str(required=True, validate=validate.OneOf([r.value for r in StaffRole]))
    fte = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata=FTE,
    )
    funding_source = fields.Str(
        required=True, validate=validate.OneOf([f.value for f in FundingSource])
    )
    starts_on = BoundedDate(required=True)
    ends_on = BoundedDate(allow_none=True, load_default=None)
    network_id = Id(allow_none=True, load_default=None, metadata={"description": TARGET})
    anchor_school_id = Id(allow_none=True, load_default=None, metadata={"description": TARGET})
    programme_id = Id(allow_none=True, load_default=None, metadata={"description": TARGET})
    confirm_overload = fields.Bool(
        load_default=False,
        metadata={"description": "Bevestigt meer dan 1,000 VTE op een dag; zonder: 409 overload."},
    )


class AssignmentPatch(Schema):
    """A change of an assignment: only the fields sent change (a target sent replaces the old)."""

    version = version_field("de opdracht")
    role = fields.Str(validate=validate.OneOf([r.value for r in StaffRole]))
    fte = fields.Str(validate=validate.Length(min=1, max=20), metadata=FTE)
    funding_source = fields.Str(validate=validate.OneOf([f.value for f in FundingSource]))
    starts_on = BoundedDate()
    ends_on = BoundedDate(allow_none=True)
    network_id = Id(allow_none=True, metadata={"description": TARGET})
    anchor_school_id = Id(allow_none=True, metadata={"description": TARGET})
    programme_id = Id(allow_none=True, metadata={"description": TARGET})
    confirm_overload = fields.Bool(load_default=False)


class HourEntryIn(Schema):
    """New hours: a coach logs their own (staff_member_id left out), an admin anyone's."""

    staff_member_id = Id(
        allow_none=True,
        load_default=None,
        metadata={"description": "Leeg: de eigen medewerker van het token (coach)."},
    )
    worked_on = BoundedDate(required=True)
    minutes = fields.Int(required=True, validate=validate.Range(min=1, max=1440))
    activity = fields.Str(required=True, validate=validate.OneOf([a.value for a in Activity]))
    network_id = Id(required=True)
    meeting_id = Id(allow_none=True, load_default=None)
    school_id = Id(allow_none=True, load_default=None)
    note = fields.Str(load_default="", validate=validate.Length(max=500))


class HourEntryPatch(Schema):
    """A change of hours: only the fields sent change; refused in a closed month."""

    version = version_field("de uren")
    worked_on = BoundedDate()
    minutes = fields.Int(validate=validate.Range(min=1, max=1440))
    activity = fields.Str(validate=validate.OneOf([a.value for a in Activity]))
    network_id = Id()
    meeting_id = Id(allow_none=True)
    school_id = Id(allow_none=True)
    note = fields.Str(validate=validate.Length(max=500))
