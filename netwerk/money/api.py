"""JSON API of money, under /api/v1: grants (list, one, create, change), amendments,
requirements and payments of a grant, and the funding report. Admin tokens write; ministry
tokens read every grant; coach tokens read the grants of their networks; school tokens get 403.
The same services as the pages."""

from flask import abort
from flask.views import MethodView
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint, paginated
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.money import services
from netwerk.money.models import AmountBasis, Grant, ProRata, Rounding
from netwerk.money.permissions import READER_ROLES, can_read_grant, grants_select
from netwerk.money.report import funding_report, parse_funding_params
from netwerk.money.schemas import (
    AmendmentInSchema,
    AmendmentSchema,
    FundingQuerySchema,
    FundingReportSchema,
    GrantInSchema,
    GrantPageSchema,
    GrantPatchSchema,
    GrantQuerySchema,
    GrantSchema,
    PaymentInSchema,
    PaymentSchema,
    RequirementInSchema,
    RequirementSchema,
)
from netwerk.timeutil import known_at_text

blp = ApiBlueprint("api_money", __name__, description="Toelagen, betalingen en financiering")


def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.id, "name": obj.name}


def grant_out(grant: Grant) -> dict:
    """A grant as GrantSchema lays it out."""
    awarded = services.awarded_total(grant)
    return {
        "id": grant.id,
        "recorded_at": grant.recorded_at,
        "recorded_by_id": grant.recorded_by_id,
        "funder": _ref(grant.funder),
        "title": grant.title,
        "reference": grant.reference,
        "recipient": _ref(grant.recipient),
        "networks": [_ref(n) for n in grant.networks],
        "decided_on": grant.decided_on,
        "starts_on": grant.starts_on,
        "ends_on": grant.ends_on,
        "amount": grant.amount,
        "amount_basis": grant.amount_basis.value,
        "prorata": grant.prorata.value,
        "rounding": grant.rounding.value,
        "awarded_total": awarded,
        "current_total": awarded + sum((a.amount_change for a in grant.amendments), 0),
        "amendments": grant.amendments,
        "requirements": grant.requirements,
        "payments": grant.payments,
        "budget_lines": [
            {**vars_of(line), "category": line.category.value} for line in grant.budget_lines
        ],
    }


def vars_of(line) -> dict:
    """A budget line's columns."""
    return {column.key: getattr(line, column.key) for column in line.__table__.columns}


def _load(grant_id: int) -> Grant:
    grant = db.session.get(Grant, grant_id)
    if grant is None:
        abort(404, description=_("Deze toelage bestaat niet."))
    if not can_read_grant(api_user(), grant):
        abort(403, description=_("U ziet de toelagen van uw eigen netwerken."))
    return grant


@blp.route("/grants")
class GrantsResource(MethodView):
    """The grants."""

    @token_required(*READER_ROLES)
    @blp.arguments(GrantQuerySchema, location="query")
    @blp.response(200, GrantPageSchema)
    @blp.errors(403)
    def get(self, args):
        """The grants the token's user may read, newest first."""
        query = grants_select(api_user())
        if args.get("funder_id"):
            query = query.where(Grant.funder_id == args["funder_id"])
        return paginated(query, args, lambda rows: [grant_out(g) for g in rows])

    @token_required(Role.admin, write=True)
    @blp.arguments(GrantInSchema)
    @blp.response(201, GrantSchema)
    @blp.errors(403, 409)
    def post(self, data):
        """Record a grant (admin)."""
        grant = services.create_grant(
            api_user(),
            services.GrantInput(
                **{
                    **data,
                    "amount_basis": AmountBasis(data["amount_basis"]),
                    "prorata": ProRata(data["prorata"]),
                    "rounding": Rounding(data["rounding"]),
                }
            ),
        )
        db.session.commit()
        return grant_out(grant)


@blp.route("/grants/<int:grant_id>")
class GrantResource(MethodView):
    """One grant."""

    @token_required(*READER_ROLES)
    @blp.response(200, GrantSchema)
    @blp.errors(403, 404)
    def get(self, grant_id):
        """One grant with its amendments, requirements, payments and budget lines."""
        return grant_out(_load(grant_id))

    @token_required(Role.admin, write=True)
    @blp.arguments(GrantPatchSchema)
    @blp.response(200, GrantSchema)
    @blp.errors(403, 404)
    def patch(self, data, grant_id):
        """Change title, reference, recipient or networks (admin); never the award."""
        grant = _load(grant_id)
        services.update_grant(api_user(), grant, data)
        db.session.commit()
        return grant_out(grant)


@blp.route("/grants/<int:grant_id>/amendments", methods=["POST"])
@token_required(Role.admin, write=True)
@blp.arguments(AmendmentInSchema)
@blp.response(201, AmendmentSchema)
@blp.errors(403, 404)
def add_amendment(data, grant_id):
    """Record a dated change of a grant's award (admin)."""
    grant = _load(grant_id)
    amendment = services.add_amendment(
        api_user(), grant, data["effective_on"], data["amount_change"], data["reason"]
    )
    db.session.commit()
    return amendment


@blp.route("/grants/<int:grant_id>/requirements", methods=["POST"])
@token_required(Role.admin, write=True)
@blp.arguments(RequirementInSchema)
@blp.response(201, RequirementSchema)
@blp.errors(403, 404)
def add_requirement(data, grant_id):
    """Record a requirement (a report due by a date) that payments can wait on (admin)."""
    grant = _load(grant_id)
    requirement = services.add_requirement(api_user(), grant, data["title"], data["due_on"])
    db.session.commit()
    return requirement


@blp.route("/grants/<int:grant_id>/payments", methods=["POST"])
@token_required(Role.admin, write=True)
@blp.arguments(PaymentInSchema)
@blp.response(201, PaymentSchema)
@blp.errors(403, 404)
def add_payment(data, grant_id):
    """Record a payment, possibly waiting on one of the grant's requirements (admin)."""
    grant = _load(grant_id)
    payment = services.add_payment(
        api_user(), grant, data["paid_on"], data["amount"], data["requirement_id"], data["note"]
    )
    db.session.commit()
    return payment


def _text(value) -> str:
    return format(value, "f")


@blp.route("/reports/funding")
@token_required(*READER_ROLES)
@blp.arguments(FundingQuerySchema, location="query")
@blp.response(200, FundingReportSchema)
@blp.errors(403)
def funding(args):
    """Awarded, amended, the award now, budget (original, revised), paid and waiting, per
    funder, network, programme or province and per school year, grant period or calendar year;
    with school years the award as FTE at that year's rate. Amounts are decimal strings."""
    params = parse_funding_params({key: str(value) for key, value in args.items()})
    report = funding_report(api_user(), params)
    return {
        "as_of": params.as_of,
        "known_at": known_at_text(report.known_at),
        "group_by": params.group_by,
        "period": params.period,
        "source": report.source,
        "rows": [
            {
                "group": {"key": row.group_key, "label": row.group_label},
                "period": {"key": row.period_key, "label": row.period_label},
                "figures": {name: _text(value) for name, value in row.figures.items()},
                "fte": None
                if row.fte is None
                else {
                    "fte": row.fte.fte,
                    "rate_id": row.fte.rate_id,
                    "amount_per_fte": row.fte.amount_per_fte,
                },
            }
            for row in report.rows
        ],
        "totals": {name: _text(value) for name, value in report.totals.items()},
    }
