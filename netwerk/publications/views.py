"""Pages of the publications: the list, publishing from a report page, a publication as
published (with its exports and what changed since), withdrawing.

Admins and ministry staff only; coaches and schools get 403 on every route.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.effort.report import EffortParams
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import answered_before, remember_answer, render_form, show_refusal
from netwerk.httpcache import conditional_report
from netwerk.navigation import NavItem
from netwerk.networks.permissions import visible_scope
from netwerk.paging import paginate
from netwerk.publications import diff, services, snapshot
from netwerk.publications.forms import PublishForm, WithdrawForm
from netwerk.publications.models import Publication, ReportKind
from netwerk.publications.permissions import PUBLISHER_ROLES, can_withdraw
from netwerk.reports import tables
from netwerk.reports.exports import CSV_MIMETYPE, XLSX_MIMETYPE, download_name, to_csv, to_xlsx
from netwerk.schools.models import SchoolLevel

bp = Blueprint("publications", __name__, url_prefix="/publicaties")

MENU = (
    NavItem(
        "publications.index",
        _l("Publicaties"),
        PUBLISHER_ROLES,
        _l("Gepubliceerde rapporten, zoals ze werden gegeven"),
    ),
)

REPORT_TITLES = {
    ReportKind.participation: _l("Deelname per ankerschool"),
    ReportKind.reach: _l("Bereik"),
    ReportKind.effort: _l("Inzet: VTE en uren"),
}


@bp.app_context_processor
def _publish_form():
    """The report pages show a "Publiceren" form (templates/publications/_publish.html): a
    fresh form, with its one-time token, for each page."""
    return {
        "publish_form": PublishForm,
        "report_titles": REPORT_TITLES,
        "school_level": SchoolLevel,
    }


@bp.record_once
def _add_publish_panel(state) -> None:
    """The "Publiceren" form under the participation and reach pages: a report panel (see
    reports.views), so the reports do not name this feature's template."""
    state.app.jinja_env.globals.setdefault("report_panels", []).append("publications/_publish.html")


@bp.route("")
@role_required(*PUBLISHER_ROLES)
def index():
    """Every publication, newest first, withdrawn ones marked."""
    page = paginate(services.publications_select())
    return render_template("publications/index.html", page=page)


def _new_page(form, report: str, status: int | None = None, **context):
    """The publish page: what will be published and the title form."""
    return render_form(
        "publications/new.html",
        form=form,
        report=report,
        report_title=REPORT_TITLES.get(ReportKind(report)) if report in services.REPORTS else None,
        **context,
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(*PUBLISHER_ROLES)
def new():
    """Publish the participation, reach or effort report with the parameters of the query
    string."""
    form = PublishForm()
    report = request.args.get("report", "")
    try:
        params = services.report_params(report, request.args)
    except DomainError as exc:
        flash(exc.message, "error")
        return render_template("publications/new.html", form=None, report=report), 400
    context = {"args": params.query_args(), "params": params, **_describe(params)}
    if form.validate_on_submit():
        again = answered_before(form)
        if again is not None:
            return again
        try:
            publication = services.publish(current_user, report, form.title.data, params)
        except DomainError as exc:
            db.session.rollback()
            show_refusal(form, exc)
            g.refusal_status = exc.status_code
        else:
            target = url_for("publications.detail", publication_id=publication.id)
            remember_answer(form, target)
            db.session.commit()
            flash(_("Het rapport is gepubliceerd."), "success")
            return redirect(target)
    return _new_page(form, report, **context)


def _describe(params) -> dict:
    """The selection and basis of a report's parameters in words (effort has no basis)."""
    if isinstance(params, EffortParams):
        return {"filters_text": tables.effort_params_text(params), "basis_text": None}
    return {
        "filters_text": tables.describe_filters(params.filters),
        "basis_text": tables.basis_label(params.basis),
    }


def _table(publication: Publication, report) -> tables.ReportTable:
    """The published figures as the report's export table."""
    if publication.report is ReportKind.effort:
        return tables.effort_table(report)
    if publication.report is ReportKind.reach:
        return tables.reach_table(report)
    return tables.participation_table(report)


def _download(publication: Publication, report, fmt: str) -> Response:
    """The published figures as CSV or XLSX (publication variant with ?publication=1)."""
    table = _table(publication, report)
    suppressed = request.args.get("publication") in ("1", "true", "ja")
    if suppressed:
        table = table.for_publication(current_app.config["PUBLICATION_THRESHOLD"])
    data, mimetype = (
        (to_csv(table), CSV_MIMETYPE) if fmt == "csv" else (to_xlsx(table), XLSX_MIMETYPE)
    )
    slug = f"publicatie_{publication.id}_{publication.report.value}"
    name = download_name(slug, table.as_of, fmt, suppressed)
    # Private and revalidated, as every report download (detail's conditional_report).
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _downloads(publication: Publication) -> list[tuple[str, str]]:
    """(label, url) of the publication's four downloads."""

    def url(**kw) -> str:
        return url_for("publications.detail", publication_id=publication.id, **kw)

    return [
        (_("CSV"), url(format="csv")),
        (_("Excel (XLSX)"), url(format="xlsx")),
        (_("CSV voor publicatie"), url(format="csv", publication=1)),
        (_("Excel voor publicatie"), url(format="xlsx", publication=1)),
    ]


def _detail_page(publication: Publication, withdraw_form=None):
    """The publication as published, what changed since, and the withdraw form for admins."""
    report = snapshot.snapshot(publication)
    if withdraw_form is None and can_withdraw(current_user) and not publication.is_withdrawn:
        withdraw_form = WithdrawForm()
    if publication.report is ReportKind.effort:
        described = {
            "filters_text": tables.effort_selection(report),
            "basis_text": None,
            **tables.effort_page_context(report),
        }
    else:
        described = {
            "filters_text": tables.describe_filters(report.filters),
            "basis_text": tables.basis_label(report.basis),
            "count_header": tables.count_header(report.basis),
        }
    return render_form(
        "publications/detail.html",
        publication=publication,
        report=report,
        report_title=REPORT_TITLES[publication.report],
        changes=diff.changes_since(current_user, publication),
        downloads=_downloads(publication),
        withdraw_form=withdraw_form,
        **described,
    )


@bp.route("/<int:publication_id>")
@role_required(*PUBLISHER_ROLES)
@conditional_report(lambda: visible_scope(current_user), per_user=True)
def detail(publication_id: int):
    """A publication as published (its stored body), with its downloads and what changed since."""
    publication = db.get_or_404(Publication, publication_id)
    fmt = (request.args.get("format") or "").strip().lower()
    if fmt in ("csv", "xlsx"):
        return _download(publication, snapshot.snapshot(publication), fmt)
    if fmt not in ("", "html"):
        flash(
            _("Onbekend formaat: kies %(formats)s.", formats=_(" of ").join(("csv", "xlsx"))),
            "error",
        )
        return _detail_page(publication)[0], 400
    return _detail_page(publication)


@bp.route("/<int:publication_id>/intrekken", methods=["POST"])
@role_required(*PUBLISHER_ROLES)
def withdraw(publication_id: int):
    """Mark a publication withdrawn, with a reason (admins only; it is never deleted)."""
    publication = db.get_or_404(Publication, publication_id)
    if not can_withdraw(current_user):
        abort(403)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw(current_user, publication, form.reason.data)
        except DomainError as exc:
            db.session.rollback()
            show_refusal(form, exc)
            g.refusal_status = exc.status_code
        else:
            db.session.commit()
            flash(_("De publicatie is ingetrokken."), "success")
            return redirect(url_for("publications.detail", publication_id=publication.id))
    return _detail_page(publication, form)
