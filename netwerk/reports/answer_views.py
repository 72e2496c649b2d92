"""The participation report as a written answer (/rapporten/deelname?layout=antwoord), and the
admin's page that saves a programme's own order of anchor schools.

Called from netwerk.reports.views, which owns the blueprint and the shared report-page steps
(filters, peildatum, 400 for a bad parameter, layout and format).
"""

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.forms import form_page, show_refusal
from netwerk.reports import answer_order
from netwerk.reports.answer import ANSWER, BY_COUNT, BY_NAME, OWN_ORDER, parse_order
from netwerk.reports.answer import participation_answer as build_answer
from netwerk.reports.answer_exports import (
    DOCX_MIMETYPE,
    answer_download_name,
    grids,
    to_answer_docx,
    to_answer_xlsx,
)
from netwerk.reports.exports import XLSX_MIMETYPE
from netwerk.reports.forms import answer_order_form
from netwerk.reports.params import ReportParams

TEMPLATE = "reports/answer.html"


def _refused(form, exc: DomainError):
    """The answer page with the filters and the message (400 or what the error says)."""
    show_refusal(form, exc)
    return (
        render_template(
            TEMPLATE, form=form, error=exc.message, answer=None, hidden={"layout": ANSWER}
        ),
        exc.status_code,
    )


def _order_links(params: ReportParams, order: str) -> list[tuple[str, str, bool]]:
    """(label, url, current) of the orders the reader can pick (own order: with a programme)."""
    labels = [(BY_NAME, _("op naam")), (BY_COUNT, _("op aantal"))]
    if params.filters.programme_id is not None:
        labels.append((OWN_ORDER, _("eigen volgorde")))
    args = {**params.query_args(), "layout": ANSWER}
    return [
        (label, url_for("reports.participation", **args, order=value), value == order)
        for value, label in labels
    ]


def answer_page(form, params: ReportParams, fmt: str | None):
    """The written answer: a table per level and the effort table, or their XLSX or DOCX."""
    try:
        order = parse_order(request.args.get("order"), params)
        if request.args.get("publication") in ("1", "true", "ja"):
            raise DomainError(
                _(
                    "Het antwoord toont exacte aantallen; een publicatieversie bestaat enkel "
                    "voor de gewone tabel."
                ),
                status_code=400,
            )
    except DomainError as exc:
        return _refused(form, exc)
    answer = build_answer(current_user, params, order)
    args = {**params.query_args(), "layout": ANSWER, "order": order}
    if fmt:
        data, mimetype = (
            (to_answer_docx(answer), DOCX_MIMETYPE)
            if fmt == "docx"
            else (to_answer_xlsx(answer), XLSX_MIMETYPE)
        )
        # Private and revalidated, as every report download (reports.views._conditional).
        name = answer_download_name(answer, fmt)
        return Response(
            data,
            mimetype=mimetype,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    programme_id = params.filters.programme_id
    return {
        "answer": answer,
        "grids": grids(answer),
        "hidden": {"layout": ANSWER, "order": order},
        "order_links": _order_links(params, order),
        "order_url": url_for("reports.answer_order", programme_id=programme_id)
        if programme_id is not None and current_user.role is Role.admin
        else None,
        "table_url": url_for("reports.participation", **params.query_args()),
        "downloads": [
            (_("Word (DOCX)"), url_for("reports.participation", **args, format="docx")),
            (_("Excel (XLSX)"), url_for("reports.participation", **args, format="xlsx")),
        ],
    }


def order_page(programme):
    """The admin's form: a number per anchor school of the programme; saved, back to the answer."""
    anchors = answer_order.programme_anchors(programme.id)
    form = answer_order_form(anchors)
    back = url_for(
        "reports.participation", layout=ANSWER, order=OWN_ORDER, programme_id=programme.id
    )

    def save():
        positions = {
            school_id: form[f"anchor_{school_id}"].data
            for school_id, _name in anchors
            if form[f"anchor_{school_id}"].data is not None
        }
        answer_order.save_order(current_user, programme.id, positions)

    return form_page(
        form,
        save,
        _("De volgorde van de ankerscholen is bewaard."),
        back,
        "reports/answer_order.html",
        programme=programme,
        anchors=anchors,
        back_url=back,
    )
