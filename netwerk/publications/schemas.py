"""Marshmallow schemas of the publications API: they also write the OpenAPI document."""

from marshmallow import Schema, fields, validate

from netwerk.apiutil import UtcDateTime, page_of
from netwerk.publications.services import REPORTS, TITLE_MAX

# The report parameters a publication takes (those of GET /api/v1/reports/<report>).
PARAMETERS = (
    "as_of",
    "basis",
    "programme_id",
    "call_id",
    "school_year",
    "province",
    "umbrella",
    "level",
    "known_at",
    "group_by",
)


class PublicationInSchema(Schema):
    """What to publish: the report, a title and the report's parameters."""

    report = fields.String(
        required=True,
        validate=validate.OneOf(REPORTS),
        metadata={"description": "participation (deelname), reach (bereik) of effort (inzet)."},
    )
    # Required and at most TITLE_MAX characters: the service says so in Dutch (422 at "title").
    title = fields.String(
        required=True,
        metadata={
            "description": f"Bv. 'Schriftelijke vraag nr. 123'; hoogstens {TITLE_MAX} tekens.",
        },
    )
    parameters = fields.Dict(
        keys=fields.String(validate=validate.OneOf(PARAMETERS)),
        values=fields.Raw(allow_none=True),
        load_default=dict,
        metadata={
            "description": "De parameters van GET /api/v1/reports/<report> (as_of, basis, "
            "programme_id, call_id, school_year, province, umbrella, level, known_at; effort: "
            "school_year, group_by, programme_id, province, known_at). "
            "Zonder known_at: het moment van publiceren.",
            "example": {"as_of": "2021-11-19", "basis": "registered"},
        },
    )


class PublicationSchema(Schema):
    """A publication: the report as published, with the parameters that ask it again."""

    id = fields.Integer()
    title = fields.String()
    report = fields.String(metadata={"enum": list(REPORTS)})
    as_of = fields.Date()
    known_at = fields.String(
        metadata={
            "description": "Stand van de gegevens, met offset en microseconden.",
            "example": "2021-11-19T23:59:59.999999+01:00",
        }
    )
    published_at = UtcDateTime()
    published_by = fields.Dict(allow_none=True)
    withdrawn_at = UtcDateTime(allow_none=True)
    withdrawal_reason = fields.String(allow_none=True)
    parameters = fields.Dict(keys=fields.String(), values=fields.String())
    body = fields.Dict(
        metadata={"description": "Precies het antwoord van GET /api/v1/reports/<report>."}
    )


class RowChangeSchema(Schema):
    """A published figure that reads differently now (0 on the side without the row).

    Participation: anchor_school, network, level; reach: period; both with published_count and
    current_count. Effort: the roll-up row (key, kind, id, label) with published and current
    FTE and hours (planned_fte, earmarked_fte, realised_fte, hours as decimal strings)."""

    anchor_school = fields.Dict(allow_none=True)
    network = fields.Dict(allow_none=True)
    level = fields.String(allow_none=True)
    period = fields.String(allow_none=True)
    published_count = fields.Integer()
    current_count = fields.Integer()
    key = fields.String()
    kind = fields.String()
    id = fields.Raw(allow_none=True)
    label = fields.String()
    published = fields.Dict(keys=fields.String(), values=fields.String())
    current = fields.Dict(keys=fields.String(), values=fields.String())


class TotalChangeSchema(Schema):
    """A total as published and as it reads now: a count, or for effort a decimal string."""

    published = fields.Raw()
    current = fields.Raw()


class PublicationDetailSchema(PublicationSchema):
    """A publication with what changed since: per row and per level total (participation), per
    school year and cumulative (reach)."""

    changes_since = fields.List(fields.Nested(RowChangeSchema))
    totals_since = fields.Dict(keys=fields.String(), values=fields.Nested(TotalChangeSchema))


class PublicationListItemSchema(PublicationSchema):
    """A publication in the list (without its body: GET /api/v1/publications/<id> has it)."""

    class Meta:
        exclude = ("body",)


PublicationPageSchema = page_of(PublicationListItemSchema, "A page of publications, newest first.")
