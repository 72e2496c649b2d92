"""Pages of the reports feature: participation, the lists behind it, reach, trends, effort.

Every report page takes the same query string (as_of, basis, programme_id, call_id, school_year,
province, umbrella, level: params.ReportParams) and `format=csv|xlsx` (with `publication=1` for
the publication variant) to download the same figures; _report_page does these first steps for
each of them. The effort page takes school_year, group_by, programme_id and province instead
(netwerk.effort.report.EffortParams).
"""

from collections.abc import Callable
from dataclasses import replace
from functools import wraps

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import escape

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.effort import report
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import show_refusal
from netwerk.httpcache import conditional_report
from netwerk.navigation import NavItem
from netwerk.networks.models import Programme
from netwerk.networks.permissions import visible_scope
from netwerk.reports import answer, answer_views, charts, participation_html, school_lists, tables
from netwerk.reports.exports import (
    CSV_MIMETYPE,
    XLSX_MIMETYPE,
    ReportTable,
    download_name,
    to_csv,
    to_xlsx,
)
from netwerk.reports.forms import (
    EffortFilterForm,
    ParticipationFilterForm,
    ReportFilterForm,
    TrendsFilterForm,
)
from netwerk.reports.params import (
    ListParams,
    ReportParams,
    TrendsParams,
    filter_choices,
    load_network,
    parse_list_params,
    parse_params,
    parse_participation_params,
    parse_trends_params,
)
from netwerk.reports.participation import participation_report
from netwerk.reports.permissions import READER_ROLES
from netwerk.reports.reach import reach_report
from netwerk.reports.trends import TrendsReport, trends_report

bp = Blueprint("reports", __name__, url_prefix="/rapporten")

MENU = (
    NavItem(
        "reports.index", _l("Rapporten"), READER_ROLES, _l("Deelname, inzet en bereik op peildatum")
    ),
)

# The report pages on the index, in order (an entry shows only when its endpoint exists).
REPORT_PAGES = (
    (
        "reports.participation",
        _l("Deelname per ankerschool"),
        _l("Aantal ingeschreven of deelnemende scholen per ankerschool en niveau op peildatum."),
    ),
    (
        "reports.reach",
        _l("Bereik"),
        _l("Aandeel van een populatie scholen dat bereikt wordt, per schooljaar en cumulatief."),
    ),
    (
        "reports.trends",
        _l("Evolutie en grafieken"),
        _l("Inschrijvingen doorheen de tijd, scholen per ankerschool, uren per schooljaar."),
    ),
    (
        "reports.effort",
        _l("Inzet"),
        _l("VTE (gepland, gekleurd, gerealiseerd) en uren per ankerschool en schooljaar."),
    ),
)


@bp.record_once
def _register_report_panels(state) -> None:
    """The panels under the participation and reach pages: templates that features above the
    reports add to this list (the publications feature its "Publiceren" form), so that the
    reports name none of them. Each is included with the page's context and report_kind."""
    state.app.jinja_env.globals.setdefault("report_panels", [])
    # The participation tables' anchor blocks, written in Python (reports.participation_html).
    state.app.jinja_env.globals["anchor_blocks"] = participation_html.anchor_blocks


@bp.route("/")
@role_required(*READER_ROLES)
def index():
    """The list of reports."""
    pages = [
        (url_for(endpoint), label, description)
        for endpoint, label, description in REPORT_PAGES
        if endpoint in current_app.view_functions
    ]
    return render_template("reports/index.html", pages=pages)


TABLE_FORMATS, ANSWER_FORMATS = ("csv", "xlsx"), ("xlsx", "docx")


def _export_format(allowed: tuple[str, ...] = TABLE_FORMATS) -> str | None:
    """None for the page, one of `allowed` for a download; DomainError 400 otherwise."""
    fmt = (request.args.get("format") or "").strip().lower()
    if fmt in ("", "html"):
        return None
    if fmt not in allowed:
        raise DomainError(
            _("Onbekend formaat: kies %(formats)s.", formats=_(" of ").join(allowed)),
            status_code=400,
        )
    return fmt


def _is_publication() -> bool:
    return request.args.get("publication") in ("1", "true", "ja")


def _download(table: ReportTable, slug: str, fmt: str) -> Response:
    """The table as a CSV or XLSX attachment (publication variant with ?publication=1)."""
    publication = _is_publication()
    if publication:
        table = table.for_publication(current_app.config["PUBLICATION_THRESHOLD"])
    data, mimetype = (
        (to_csv(table), CSV_MIMETYPE) if fmt == "csv" else (to_xlsx(table), XLSX_MIMETYPE)
    )
    name = download_name(slug, table.as_of, fmt, publication)
    # Figures about schools: private (no copies in shared caches), revalidated (_conditional).
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _conditional(view):
    """A report page and its downloads: ETag, 304 and a cached body per reader (httpcache)."""
    return conditional_report(lambda: visible_scope(current_user), per_user=True)(view)


def _downloads(endpoint: str, args: dict) -> list[tuple[str, str]]:
    """(label, url) of the four downloads of a report."""
    return [
        (_("CSV"), url_for(endpoint, **args, format="csv")),
        (_("Excel (XLSX)"), url_for(endpoint, **args, format="xlsx")),
        (_("CSV voor publicatie"), url_for(endpoint, **args, format="csv", publication=1)),
        (_("Excel voor publicatie"), url_for(endpoint, **args, format="xlsx", publication=1)),
    ]


def _bad_request(template: str, form, exc: DomainError, **context):
    """The page with the filters and the messages at their filters (the error summary lists
    them), status 400 (or what the error says)."""
    show_refusal(form, exc)
    return (
        render_template(template, form=form, error=exc.message, report=None, **context),
        exc.status_code,
    )


def _report_page(
    rule: str,
    template: str,
    parse: Callable = parse_params,
    form_cls: type[ReportFilterForm] = ReportFilterForm,
    of_network: bool = False,
    answer_template: str | None = None,
):
    """A report page for readers: its filter form, its parameters, the download format, the page.

    The view is called with (form, params, fmt) and returns a download, or what its template shows
    besides what every report page shows (form, args, the basis and filters in words, the four
    downloads). A refused parameter or format shows the page again with the filters and the
    Dutch message (400). of_network: a network's list; an unknown network_id is a 404 first.
    answer_template: the page also comes as a written answer (?layout=antwoord, in this
    template, downloads as XLSX or DOCX); its view reads the layout from the query string.
    """

    def decorator(view):
        @wraps(view)
        def page():
            context = (
                {"network": load_network(request.args.get("network_id"))} if of_network else {}
            )
            form = form_cls(formdata=request.args).fill_choices(filter_choices())
            shown_in = template
            try:
                if answer_template and answer.parse_layout(request.args.get("layout")):
                    shown_in = answer_template
                params = parse(request.args, **context)
                fmt = _export_format(ANSWER_FORMATS if shown_in != template else TABLE_FORMATS)
            except DomainError as exc:
                if shown_in != template:  # the answer's filter form keeps its layout
                    context["hidden"] = {"layout": answer.ANSWER}
                return _bad_request(shown_in, form, exc, **context)
            shown = view(form, params, fmt)
            if not isinstance(shown, dict):  # a download or a refused download
                return shown
            args = params.query_args()
            common = {
                "form": form,
                "args": args,
                "filters_text": tables.describe_filters(params.filters, params.member_kind),
                "basis_text": tables.basis_label(params.basis),
                "count_header": tables.count_header(params.basis),
                "downloads": _downloads(request.endpoint, args),
                "error": None,
            }
            return render_template(shown_in, **{**common, **context, **shown})

        return bp.route(rule)(role_required(*READER_ROLES)(_conditional(page)))

    return decorator


@_report_page(
    "/deelname",
    "reports/participation.html",
    parse_participation_params,
    ParticipationFilterForm,
    answer_template="reports/answer.html",
)
def participation(form: ReportFilterForm, params: ReportParams, fmt: str | None):
    """Schools per anchor school, network and level on the peildatum, with totals."""
    if answer.parse_layout(request.args.get("layout")) == answer.ANSWER:  # the written answer
        return answer_views.answer_page(form, params, fmt)
    report = participation_report(current_user, params)
    if fmt and report.parents is not None:
        return _download(tables.parents_table(report), "deelname_koepel", fmt)
    if fmt:
        return _download(tables.participation_table(report), "deelname", fmt)
    # Built once, not per row: a report at Flanders scale has thousands of rows.
    list_base = url_for(
        "reports.participation_list",
        **{k: v for k, v in params.query_args().items() if k not in ("network_id", "level")},
    )
    links = {
        # Escaped once; each row only appends its network id and level.
        "prefix": escape(list_base + ("&" if "?" in list_base else "?") + "network_id="),
        # One school or several: the template picks, per row, without a call per row.
        "count_one": _("%(n)s school in %(network)s: toon de lijst"),
        "count": _("%(n)s scholen in %(network)s: toon de lijst"),
        "args": params.query_args(),
    }
    return {"report": report, "links": links}


@bp.route("/deelname/volgorde/<int:programme_id>", methods=["GET", "POST"])
@role_required(Role.admin)
def answer_order(programme_id: int):
    """The admin sets the order of a programme's anchor schools in its written answers."""
    return answer_views.order_page(db.get_or_404(Programme, programme_id))


def _check_publishable_list(params: ListParams, total: int) -> None:
    """A list for publication is the list behind one published count, and not a small one.

    Its length is a count: behind a network and a level it is one cell of the participation
    table (hidden there below the threshold); behind a total it could give back a total the
    publication hides as 'x', so that is refused too.
    """
    threshold = current_app.config["PUBLICATION_THRESHOLD"]
    if params.network is None or params.filters.level is None:
        raise DomainError(
            _(
                "Een lijst voor publicatie kan enkel voor één netwerk en één niveau: de lengte "
                "van een lijst achter een totaal kan een verborgen aantal prijsgeven."
            ),
            status_code=400,
        )
    if total < threshold:
        raise DomainError(
            _(
                "Deze lijst telt minder dan %(n)s scholen: een publicatieversie zou die scholen "
                "aanwijsbaar maken.",
                n=threshold,
            )
        )


@_report_page(
    "/deelname/scholen", "reports/participation_list.html", parse_list_params, of_network=True
)
def participation_list(form: ReportFilterForm, params: ListParams, fmt: str | None):
    """The schools behind one count: names for admins and coaches, codes for the ministry."""
    if fmt:  # every school, not one page
        listing = school_lists.participation_list(current_user, replace(params, page=None))
        if _is_publication():
            try:
                _check_publishable_list(params, listing.total)
            except DomainError as exc:
                return _bad_request(
                    "reports/participation_list.html", form, exc, network=params.network
                )
        return _download(tables.list_table(listing), "deelname_scholen", fmt)
    page_size = current_app.config["PAGE_SIZE"]
    shown = {
        "report": school_lists.participation_list(current_user, params, per_page=page_size),
        "back_url": url_for("reports.participation", **params.report.query_args()),
    }
    if params.network is None or params.filters.level is None:
        # Behind a total only the full downloads: the publication ones would be refused.
        shown["downloads"] = _downloads(request.endpoint, params.query_args())[:2]
    return shown


@_report_page("/bereik", "reports/reach.html")
def reach(form: ReportFilterForm, params: ReportParams, fmt: str | None):
    """Share of a population of schools that is reached, per school year and cumulative."""
    report = reach_report(current_user, params)
    if fmt:
        return _download(tables.reach_table(report), "bereik", fmt)
    return {"report": report}


def _trend_charts(report: TrendsReport, report_tables: dict[str, ReportTable]) -> dict:
    """The three charts of the trends page, by table name: each drawn from its table's rows, so
    bars stand in the table's order and a running school year carries its label."""
    # The chart shows the largest anchor schools only (the table beneath has all of them).
    anchors = tables.largest_in_order(report_tables["anchors"].rows, lambda row: row[1])
    hours = report.hours
    return {
        "registrations": charts.line_chart(
            report_tables["registrations"].title,
            [p.on for p in report.points],
            {
                _("Aanvaarde inschrijvingen"): [p.registrations for p in report.points],
                _("Verschillende scholen"): [p.distinct_schools for p in report.points],
            },
        ),
        "anchors": charts.bar_chart(
            report_tables["anchors"].title,
            [row[0] for row in anchors],
            {_("Scholen"): [row[1] for row in anchors]},
        ),
        "hours": charts.bar_chart(
            report_tables["hours"].title,
            [tables.school_year_label(h.school_year, report.as_of) for h in hours],
            {_("Uren"): [h.hours for h in hours]},
        ),
    }


@_report_page("/evolutie", "reports/trends.html", parse_trends_params, TrendsFilterForm)
def trends(form: TrendsFilterForm, params: TrendsParams, fmt: str | None):
    """Registrations over time, schools per anchor school and hours per school year, as charts."""
    which = request.args.get("table", "registrations")
    if fmt and which not in tables.TREND_TABLES:
        error = DomainError(_("Onbekende tabel om te downloaden."), status_code=400)
        return _bad_request("reports/trends.html", form, error)
    report = trends_report(current_user, params)
    report_tables = tables.trends_tables(report)
    if fmt:
        return _download(report_tables[which], f"evolutie_{which}", fmt)
    many_anchors = len(report.anchors) > tables.CHART_LIMIT
    return {
        "report": report,
        "tables": report_tables,
        "charts": _trend_charts(report, report_tables),
        "anchors_note": tables.chart_limit_note(len(report.anchors)) if many_anchors else None,
        "downloads": {
            name: _downloads("reports.trends", {**params.query_args(), "table": name})
            for name in tables.TREND_TABLES
        },
    }


@bp.route("/inzet")
@role_required(*READER_ROLES)
@_conditional
def effort():
    """FTE (planned, earmarked, realised) and hours per anchor school, network, programme, province.

    The effort feature's landing page /inzet/ is this same page (registered below), so the
    report has one view whichever door it is entered by; its filters and downloads stay on the
    door it was entered by.
    """
    endpoint = request.endpoint
    try:
        params = report.EffortParams.parse(request.args)
        fmt = _export_format()
    except DomainError as exc:
        form = EffortFilterForm(formdata=request.args).fill_choices(
            report.programme_choices(), report.school_year_choices()
        )
        return _bad_request("reports/effort.html", form, exc, endpoint=endpoint)
    form = EffortFilterForm(
        formdata=request.args, school_year=str(params.school_year)
    ).fill_choices(report.programme_choices(), report.school_year_choices(params.school_year))
    effort_report = report.effort_report(current_user, params)
    table = tables.effort_table(effort_report)
    if fmt:
        return _download(table, f"inzet_{params.school_year}", fmt)
    # Hours and FTE each on their own axis: two charts, never one scale for both.
    chart_tables = tables.effort_chart_tables(effort_report)
    effort_charts = {
        name: charts.bar_chart(
            chart_table.title,
            [row[0] for row in chart_table.rows],
            {
                column.header: [row[i] for row in chart_table.rows]
                for i, column in enumerate(chart_table.columns[1:], start=1)
            },
            grow=True,
        )
        for name, chart_table in chart_tables.items()
    }
    return render_template(
        "reports/effort.html",
        form=form,
        endpoint=endpoint,
        report=effort_report,
        table=table,
        chart_tables=chart_tables,
        charts=effort_charts,
        **tables.effort_page_context(effort_report),
        # The table's first note is the selection, the rest say how it was counted.
        selection_text=table.notes[0],
        notes=table.notes[1:],
        args=params.query_args(),
        downloads=_downloads(endpoint, params.query_args()),
        error=None,
    )


# /inzet/ (endpoint effort.index, the effort feature's menu item) shows the same page: added to the
# app when this blueprint is registered, so that the lower effort feature imports no report code.
bp.record_once(lambda state: state.app.add_url_rule("/inzet/", "effort.index", effort))
