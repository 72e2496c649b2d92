"""Marshmallow schemas of the renewal API (the OpenAPI document is generated from them)."""

from marshmallow import Schema, fields

from netwerk.apiutil import UtcDateTime
from netwerk.networks.models import RegistrationStatus
from netwerk.networks.schemas import SchoolRefSchema


class RenewalAnswerSchema(Schema):
    """One accepted school's answer in a renewal round."""

    id = fields.Integer()
    registration_id = fields.Integer()
    reference = fields.String()
    school = fields.Nested(SchoolRefSchema)
    status = fields.Enum(
        RegistrationStatus, by_value=True, metadata={"description": "De status van nu."}
    )
    confirmed = fields.Boolean()
    confirmed_at = UtcDateTime(allow_none=True)
    withdrawn_on = fields.Date(
        allow_none=True,
        metadata={"description": "Ingetrokken door het afsluiten van de ronde, vanaf deze dag."},
    )


class RenewalRoundSchema(Schema):
    """A network's re-confirmation round for a school year, with the answers the reader may see."""

    id = fields.Integer()
    network_id = fields.Integer()
    school_year = fields.String(metadata={"description": "Bijvoorbeeld 2027-2028."})
    opened_at = UtcDateTime()
    closed_at = UtcDateTime(allow_none=True)
    answers = fields.List(fields.Nested(RenewalAnswerSchema))


class RenewalRoundListSchema(Schema):
    """A network's rounds, newest school year first."""

    items = fields.List(fields.Nested(RenewalRoundSchema))
