"""The funding report as the typed table the CSV, XLSX and print writers take."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from netwerk.money.report import GROUP_CHOICES, PERIOD_CHOICES, FundingReport
from netwerk.reports.exports import EURO, FTE, Column, ReportTable

FIGURE_HEADERS = (
    ("awarded", _l("Toegekend (€)")),
    ("amended", _l("Wijzigingen (€)")),
    ("current", _l("Toelage nu (€)")),
    ("budget_original", _l("Budget oorspronkelijk (€)")),
    ("budget_revised", _l("Budget herzien (€)")),
    ("paid", _l("Betaald (€)")),
    ("waiting", _l("Wacht op voorwaarde (€)")),
)


def describe(report: FundingReport) -> str:
    """The grouping and period in words."""
    params = report.params
    return f"{dict(GROUP_CHOICES)[params.group_by]}, {dict(PERIOD_CHOICES)[params.period]}"


def funding_table(report: FundingReport) -> ReportTable:
    """One row per group and period, a total row; with school years the award as FTE."""
    with_fte = report.params.period == "school_year"
    columns = [Column(_("Groep")), Column(_("Periode"))]
    columns += [Column(str(header), EURO) for _name, header in FIGURE_HEADERS]
    if with_fte:
        columns += [Column(_("Toelage nu in VTE"), FTE), Column(_("Kost van één VTE (€)"), EURO)]
    rows = []
    for row in report.rows:
        # A calendar year is a number (2021), as a spreadsheet should type it.
        period = int(row.period_label) if row.period_label.isdigit() else row.period_label
        values = [row.group_label, period]
        values += [row.figures[name] for name, _header in FIGURE_HEADERS]
        if with_fte:
            values += [
                row.fte.fte if row.fte else None,
                row.fte.amount_per_fte if row.fte else None,
            ]
        rows.append(values)
    total = [_("Totaal"), ""] + [report.totals[name] for name, _header in FIGURE_HEADERS]
    if with_fte:
        total += [None, None]
    rows.append(total)
    notes = [
        describe(report),
        _(
            "Een toelage over meer perioden of netwerken is pro rata verdeeld (haar eigen regel), "
            "met de rest op de laatste; een betaling die wacht op een voorwaarde telt als betaald "
            "vanaf de dag dat de voorwaarde vervuld is. VTE: de toelage nu gedeeld door de kost "
            "van één VTE in dat schooljaar, na het optellen."
        ),
    ]
    return ReportTable(
        title=_("Financiering"),
        as_of=report.params.as_of,
        source=report.source,
        columns=columns,
        rows=rows,
        notes=notes,
        total_rows={len(rows) - 1},
        known_at=report.known_at if report.params.known_at else None,
    )
