"""Pages of money: the grants, one grant with its amendments, requirements, payments and budget,
the funders, the cost of one FTE, and the funding report.

Admins write; ministry users read everything; a coach reads the grants of their networks;
school users get 403 everywhere.
"""

from flask import Blueprint, Response, abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import carry_out, render_form, show_refusal
from netwerk.money import budgets, services
from netwerk.money.effort_euro import effort_in_euro
from netwerk.money.exports import describe, funding_table
from netwerk.money.forms import (
    AmendmentForm,
    BudgetLineForm,
    FteRateForm,
    FunderForm,
    FundingFilterForm,
    GrantForm,
    MeetForm,
    PaymentForm,
    RequirementForm,
    ReviseForm,
)
from netwerk.money.models import (
    AmountBasis,
    BudgetCategory,
    BudgetLine,
    FunderKind,
    Grant,
    GrantRequirement,
    ProRata,
    Rounding,
)
from netwerk.money.permissions import READER_ROLES, can_read_grant, grants_select
from netwerk.money.report import funding_report, parse_funding_params
from netwerk.navigation import NavItem
from netwerk.networks.models import Network
from netwerk.paging import paginate
from netwerk.reports.exports import CSV_MIMETYPE, XLSX_MIMETYPE, download_name, to_csv, to_xlsx
from netwerk.timeutil import SchoolYear, today

bp = Blueprint("money", __name__, url_prefix="/geld")

MENU = (NavItem("money.index", _l("Geld"), READER_ROLES, _l("Toelagen, betalingen en budgetten")),)


def _grant(grant_id: int) -> Grant:
    """The grant (404), if the current user may read it (403)."""
    grant = db.get_or_404(Grant, grant_id)
    if not can_read_grant(current_user, grant):
        abort(403)
    return grant


@bp.route("/")
@role_required(*READER_ROLES)
def index():
    """The grants the user may read, newest first."""
    page = paginate(grants_select(current_user))
    return render_template("money/index.html", page=page, awarded=services.awarded_total)


def _grant_form() -> GrantForm:
    return GrantForm().fill(
        db.session.scalars(services.funders_select()),
        services.recipient_choices(),
        db.session.scalars(select(Network).order_by(Network.name)),
    )


@bp.route("/toelagen/nieuw", methods=["GET", "POST"])
@role_required(Role.admin)
def new_grant():
    """Record a new grant."""
    form = _grant_form()
    if form.validate_on_submit():
        data = services.GrantInput(
            funder_id=form.funder_id.data,
            title=form.title.data,
            reference=form.reference.data or "",
            recipient_id=form.recipient_id.data,
            network_ids=form.network_ids.data or [],
            decided_on=form.decided_on.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            amount=form.amount.data,
            amount_basis=AmountBasis(form.amount_basis.data),
            prorata=ProRata(form.prorata.data),
            rounding=Rounding(form.rounding.data),
        )
        response = carry_out(
            form,
            lambda: services.create_grant(current_user, data),
            _("De toelage is vastgelegd."),
            lambda grant: url_for("money.grant", grant_id=grant.id),
        )
        if response is not None:
            return response
    return render_form("money/new_grant.html", form=form)


def _detail(grant: Grant, **forms):
    """The grant's page with its records and, for admins, the forms to add to them (each with
    a prefix, so that the fields of the page's forms have ids of their own)."""
    if current_user.role is Role.admin:
        forms.setdefault("amendment_form", AmendmentForm(prefix="amendment"))
        forms.setdefault("requirement_form", RequirementForm(prefix="requirement"))
        forms.setdefault("payment_form", PaymentForm(prefix="payment").fill(grant.requirements))
        forms.setdefault(
            "budget_form",
            BudgetLineForm(prefix="budget").fill(grant.networks, services.recipient_choices()),
        )
        meet_forms = {r.id: MeetForm(prefix=f"meet{r.id}") for r in grant.requirements}
        revise_forms = {
            line.id: ReviseForm(prefix=f"revise{line.id}") for line in grant.budget_lines
        }
        meet_forms.update(forms.pop("meet_forms", {}))
        revise_forms.update(forms.pop("revise_forms", {}))
        forms.update(meet_forms=meet_forms, revise_forms=revise_forms)
    return render_form(
        "money/grant.html", grant=grant, awarded=services.awarded_total(grant), **forms
    )


@bp.route("/toelagen/<int:grant_id>")
@role_required(*READER_ROLES)
def grant(grant_id: int):
    """One grant: its award, amendments, requirements, payments and budget lines."""
    return _detail(_grant(grant_id))


def _record(grant: Grant, form, change, done: str, name: str, key: int | None = None):
    """A POST of one of the grant page's forms: the change, or the page with the refusal."""
    if form.validate_on_submit():
        response = carry_out(form, change, done, url_for("money.grant", grant_id=grant.id))
        if response is not None:
            return response
    if key is not None:  # one of the forms per requirement or budget line
        return _detail(grant, **{name: {key: form}})
    return _detail(grant, **{name: form})


@bp.route("/toelagen/<int:grant_id>/wijzigingen", methods=["POST"])
@role_required(Role.admin)
def add_amendment(grant_id: int):
    """Record a dated change of the award."""
    grant = _grant(grant_id)
    form = AmendmentForm(prefix="amendment")
    return _record(
        grant,
        form,
        lambda: services.add_amendment(
            current_user, grant, form.effective_on.data, form.amount.data, form.reason.data
        ),
        _("De wijziging is vastgelegd."),
        "amendment_form",
    )


@bp.route("/toelagen/<int:grant_id>/voorwaarden", methods=["POST"])
@role_required(Role.admin)
def add_requirement(grant_id: int):
    """Record something due by a date that payments can wait on."""
    grant = _grant(grant_id)
    form = RequirementForm(prefix="requirement")
    return _record(
        grant,
        form,
        lambda: services.add_requirement(current_user, grant, form.title.data, form.due_on.data),
        _("De voorwaarde is vastgelegd."),
        "requirement_form",
    )


@bp.route("/voorwaarden/<int:requirement_id>/vervuld", methods=["POST"])
@role_required(Role.admin)
def meet_requirement(requirement_id: int):
    """Record the day a requirement was met."""
    requirement = db.get_or_404(GrantRequirement, requirement_id)
    grant = _grant(requirement.grant_id)
    form = MeetForm(prefix=f"meet{requirement.id}")
    return _record(
        grant,
        form,
        lambda: services.meet_requirement(current_user, requirement, form.met_on.data),
        _("De voorwaarde is vervuld."),
        "meet_forms",
        requirement.id,
    )


@bp.route("/toelagen/<int:grant_id>/betalingen", methods=["POST"])
@role_required(Role.admin)
def add_payment(grant_id: int):
    """Record a payment, possibly waiting on a requirement."""
    grant = _grant(grant_id)
    form = PaymentForm(prefix="payment").fill(grant.requirements)
    return _record(
        grant,
        form,
        lambda: services.add_payment(
            current_user,
            grant,
            form.paid_on.data,
            form.amount.data,
            form.requirement_id.data,
            form.note.data,
        ),
        _("De betaling is vastgelegd."),
        "payment_form",
    )


@bp.route("/toelagen/<int:grant_id>/budget", methods=["POST"])
@role_required(Role.admin)
def add_budget_line(grant_id: int):
    """Record a budget line of the grant."""
    grant = _grant(grant_id)
    form = BudgetLineForm(prefix="budget").fill(grant.networks, services.recipient_choices())
    return _record(
        grant,
        form,
        lambda: budgets.add_budget_line(
            current_user,
            grant,
            category=BudgetCategory(form.category.data),
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            amount=form.amount.data,
            network_id=form.network_id.data,
            partner_id=form.partner_id.data,
        ),
        _("De budgetlijn is vastgelegd."),
        "budget_form",
    )


@bp.route("/budgetlijnen/<int:line_id>/herzien", methods=["POST"])
@role_required(Role.admin)
def revise_budget_line(line_id: int):
    """Record a budget line's revised amount (the original stays)."""
    line = db.get_or_404(BudgetLine, line_id)
    grant = _grant(line.grant_id)
    form = ReviseForm(prefix=f"revise{line.id}")
    return _record(
        grant,
        form,
        lambda: budgets.revise_budget_line(current_user, line, form.amount.data),
        _("Het budget is herzien."),
        "revise_forms",
        line.id,
    )


@bp.route("/financiers", methods=["GET", "POST"])
@role_required(*READER_ROLES)
def funders():
    """The funders; admins add one."""
    form = FunderForm() if current_user.role is Role.admin else None
    if request.method == "POST":
        if form is None:
            abort(403)
        if form.validate_on_submit():
            response = carry_out(
                form,
                lambda: services.create_funder(
                    current_user, form.name.data, FunderKind(form.kind.data)
                ),
                _("De financier is toegevoegd."),
                url_for("money.funders"),
            )
            if response is not None:
                return response
    rows = db.session.scalars(services.funders_select()).all()
    return render_form("money/funders.html", form=form, funders=rows)


def _school_year(text: str):
    """The school year typed, or None after putting the refusal on the form."""
    try:
        return SchoolYear.parse(text or "")
    except DomainError:
        return None


@bp.route("/vte-kost", methods=["GET", "POST"])
@role_required(*READER_ROLES)
def rates():
    """The cost of one FTE per school year (and funder); admins add one."""
    funder_rows = db.session.scalars(services.funders_select()).all()
    form = FteRateForm().fill(funder_rows) if current_user.role is Role.admin else None
    if request.method == "POST":
        if form is None:
            abort(403)
        if form.validate_on_submit():
            year = _school_year(form.school_year.data)
            response = carry_out(
                form,
                lambda: budgets.add_fte_rate(
                    current_user, year, form.amount.data, form.funder_id.data, form.note.data
                ),
                _("De kost van een VTE is vastgelegd."),
                url_for("money.rates"),
            )
            if response is not None:
                return response
    rows = db.session.scalars(budgets.rates_select()).all()
    return render_form("money/rates.html", form=form, rates=rows)


def _downloads(args: dict) -> list[tuple[str, str]]:
    return [
        (_("CSV"), url_for("money.report", **args, format="csv")),
        (_("Excel (XLSX)"), url_for("money.report", **args, format="xlsx")),
    ]


@bp.route("/rapport")
@role_required(*READER_ROLES)
def report():
    """The funding report: per funder, network, programme or province, per period."""
    form = FundingFilterForm(formdata=request.args).fill(
        db.session.scalars(services.funders_select())
    )
    fmt = (request.args.get("format") or "").strip().lower()
    try:
        if fmt not in ("", "html", "csv", "xlsx"):
            raise DomainError(_("Onbekend formaat: kies csv of xlsx."), status_code=400)
        params = parse_funding_params(request.args)
    except DomainError as exc:
        show_refusal(form, exc)
        g.refusal_status = exc.status_code
        page = render_template("money/report.html", form=form, report=None, error=exc.message)
        return page, exc.status_code
    result = funding_report(current_user, params)
    table = funding_table(result)
    if fmt in ("csv", "xlsx"):
        data, mimetype = (
            (to_csv(table), CSV_MIMETYPE) if fmt == "csv" else (to_xlsx(table), XLSX_MIMETYPE)
        )
        name = download_name("financiering", params.as_of, fmt)
        return Response(
            data,
            mimetype=mimetype,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return render_template(
        "money/report.html",
        form=form,
        report=result,
        table=table,
        selection_text=describe(result),
        downloads=_downloads(params.query_args()),
        error=None,
    )


@bp.route("/inzet")
@role_required(*READER_ROLES)
def effort():
    """The effort report's FTE of a school year per network, in euro at the year's FTE rate,
    beside the award and payments of the network's grants."""
    text = (request.args.get("school_year") or "").strip()
    try:
        year = SchoolYear.parse(text) if text else SchoolYear.of(today())
    except DomainError as exc:
        page = render_template("money/effort.html", result=None, error=exc.message, year=text)
        return page, exc.status_code
    result = effort_in_euro(current_user, year)
    return render_template("money/effort.html", result=result, error=None, year=str(year))
