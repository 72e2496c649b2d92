"""Marshmallow schemas of the money API: they also write the OpenAPI document. Amounts are
decimal strings with two decimals ("64000.00"), never floats."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from netwerk.apiutil import BoundedDate, Id, PageQuerySchema, UtcDateTime, page_of
from netwerk.money.models import AmountBasis, ProRata, Rounding
from netwerk.money.report import FIGURES, GROUPS, PERIODS


def _amount(description: str, **kwargs) -> fields.Decimal:
    return fields.Decimal(
        places=2,
        as_string=True,
        allow_nan=False,
        metadata={"description": description, "example": "64000.00"},
        **kwargs,
    )


def _choice(enum_cls, description: str, default) -> fields.String:
    return fields.String(
        load_default=default.value,
        validate=validate.OneOf([m.value for m in enum_cls]),
        metadata={"description": description},
    )


def _amount_in(description: str) -> fields.String:
    """An amount in: a decimal string ("64000.00"), at most two decimals (the service says so
    in Dutch at the field when not)."""
    return fields.String(
        required=True,
        validate=validate.Regexp(
            r"^-?\d{1,12}(\.\d{1,2})?$",
            error=_l(
                'Geef een bedrag als decimale string met hoogstens twee decimalen, bv. "64000.00".'
            ),
        ),
        metadata={
            "description": description,
            "example": "64000.00",
            "pattern": r"^-?\d+(\.\d{1,2})?$",
        },
    )


class GrantInSchema(Schema):
    """A new grant."""

    funder_id = Id(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    reference = fields.String(load_default="", validate=validate.Length(max=100))
    recipient_id = Id(
        required=True, metadata={"description": "De ontvangende organisatie (nu: een school)."}
    )
    network_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=500))
    decided_on = BoundedDate(required=True)
    starts_on = BoundedDate(required=True)
    ends_on = BoundedDate(required=True)
    amount = _amount_in("Het bedrag, voor de hele periode of per jaar (amount_basis).")
    amount_basis = _choice(AmountBasis, "total of per_year.", AmountBasis.total)
    prorata = _choice(ProRata, "months of days (inclusief): de pro-rataregel.", ProRata.months)
    rounding = _choice(Rounding, "cents of euro: waarop pro rata wordt afgerond.", Rounding.cents)


class GrantPatchSchema(Schema):
    """What a PATCH may change: title, reference, recipient, networks. The award (amount,
    period, rules) is refused with 422: it changes through an amendment."""

    title = fields.String(validate=validate.Length(min=1, max=300))
    reference = fields.String(validate=validate.Length(max=100))
    recipient_id = Id()
    network_ids = fields.List(Id(), validate=validate.Length(min=1, max=500))
    amount = fields.Raw(metadata={"description": "Niet te wijzigen: gebruik een amendement."})
    amount_basis = fields.Raw(metadata={"description": "Niet te wijzigen."})
    starts_on = fields.Raw(metadata={"description": "Niet te wijzigen."})
    ends_on = fields.Raw(metadata={"description": "Niet te wijzigen."})
    prorata = fields.Raw(metadata={"description": "Niet te wijzigen."})
    rounding = fields.Raw(metadata={"description": "Niet te wijzigen."})


class AmendmentInSchema(Schema):
    """A dated change of the award."""

    effective_on = BoundedDate(required=True)
    amount_change = _amount_in("Plus of min, bv. '-2000.00'.")
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class RequirementInSchema(Schema):
    """Something due by a date that payments can wait on."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    due_on = BoundedDate(required=True)


class PaymentInSchema(Schema):
    """A payment, possibly waiting on a requirement of the grant."""

    paid_on = BoundedDate(required=True)
    amount = _amount_in("Positief.")
    requirement_id = Id(load_default=None, allow_none=True)
    note = fields.String(load_default="", validate=validate.Length(max=300))


class RefSchema(Schema):
    """A related object: id and name."""

    id = fields.Integer()
    name = fields.String()


class RecordSchema(Schema):
    """Who recorded a record and when."""

    id = fields.Integer()
    recorded_at = UtcDateTime()
    recorded_by_id = fields.Integer(allow_none=True)


class AmendmentSchema(RecordSchema):
    """An amendment."""

    effective_on = fields.Date()
    amount_change = _amount("Plus of min.")
    reason = fields.String()


class RequirementSchema(RecordSchema):
    """A requirement, with the day it was met (null: not yet)."""

    title = fields.String()
    due_on = fields.Date()
    met_on = fields.Date(allow_none=True)


class PaymentSchema(RecordSchema):
    """A payment."""

    paid_on = fields.Date()
    amount = _amount("Het bedrag.")
    requirement_id = fields.Integer(allow_none=True)
    note = fields.String()


class BudgetLineSchema(RecordSchema):
    """A budget line."""

    network_id = fields.Integer(allow_none=True)
    partner_id = fields.Integer(allow_none=True)
    category = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    original_amount = _amount("Oorspronkelijk.")
    revised_amount = _amount("Herzien (null: niet herzien).", allow_none=True)


class GrantSchema(RecordSchema):
    """A grant with its award and what was recorded on it."""

    funder = fields.Nested(RefSchema)
    title = fields.String()
    reference = fields.String()
    recipient = fields.Nested(RefSchema)
    networks = fields.List(fields.Nested(RefSchema))
    decided_on = fields.Date()
    starts_on = fields.Date()
    ends_on = fields.Date()
    amount = _amount("Zoals beslist.")
    amount_basis = fields.String()
    prorata = fields.String()
    rounding = fields.String()
    awarded_total = _amount("De toekenning over de hele periode (pro rata bij per_year).")
    current_total = _amount("Toekenning plus alle wijzigingen.")
    amendments = fields.List(fields.Nested(AmendmentSchema))
    requirements = fields.List(fields.Nested(RequirementSchema))
    payments = fields.List(fields.Nested(PaymentSchema))
    budget_lines = fields.List(fields.Nested(BudgetLineSchema))


GrantPageSchema = page_of(GrantSchema, "A page of grants, newest first.")


class GrantQuerySchema(PageQuerySchema):
    """The list's paging and filter."""

    funder_id = Id(metadata={"description": "Enkel toelagen van deze financier."})


class FundingQuerySchema(Schema):
    """The funding report's parameters (parsed by money.report.parse_funding_params)."""

    group_by = fields.String(validate=validate.OneOf(GROUPS))
    period = fields.String(validate=validate.OneOf(PERIODS))
    as_of = fields.String(metadata={"description": "Peildatum YYYY-MM-DD; standaard vandaag."})
    known_at = fields.String(
        metadata={"description": "Stand van de gegevens (datum of tijdstip met tijdzone)."}
    )
    funder_id = Id()


class FteSchema(Schema):
    """The award now as FTE, with the rate it used."""

    fte = fields.Decimal(places=3, as_string=True, allow_none=True)
    rate_id = fields.Integer(allow_none=True)
    amount_per_fte = _amount("De kost van één VTE die gebruikt werd.", allow_none=True)


class FundingRowSchema(Schema):
    """One group in one period."""

    group = fields.Dict(keys=fields.String(), values=fields.String())
    period = fields.Dict(keys=fields.String(), values=fields.String())
    figures = fields.Dict(
        keys=fields.String(validate=validate.OneOf(FIGURES)),
        values=fields.String(),
        metadata={"description": "Per cijfer (" + ", ".join(FIGURES) + ") een decimale string."},
    )
    fte = fields.Nested(FteSchema, allow_none=True)


class FundingReportSchema(Schema):
    """The funding report."""

    as_of = fields.Date()
    known_at = fields.String()
    group_by = fields.String()
    period = fields.String()
    source = fields.String()
    rows = fields.List(fields.Nested(FundingRowSchema))
    totals = fields.Dict(keys=fields.String(), values=fields.String())
