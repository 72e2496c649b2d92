"""Each report as a ReportTable: the same figures as the page, typed for CSV and XLSX."""

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.extensions import db
from netwerk.formatting import enum_label
from netwerk.networks.models import Call, Programme
from netwerk.reports.exports import COUNT, DATE, DECIMAL, INT, PERCENT, Column, ReportTable
from netwerk.reports.queries import PARTICIPATING, ReportFilters
from netwerk.reports.services import (
    ParticipationList,
    ParticipationReport,
    ReachReport,
    TrendsReport,
)


def basis_label(basis: str) -> str:
    """How the schools were counted, in words."""
    if basis == PARTICIPATING:
        return _("deelnemend: aanwezig op minstens één gehouden bijeenkomst tot de peildatum")
    return _("ingeschreven: aanmelding aanvaard op de peildatum")


def describe_filters(filters: ReportFilters) -> str:
    """'Filters: programma Hoogbegaafdheid, provincie Limburg' (at most two statements)."""
    parts = []
    if filters.programme_id is not None:
        name = db.session.scalar(select(Programme.name).where(Programme.id == filters.programme_id))
        parts.append(_("programma %(name)s", name=name))
    if filters.call_id is not None:
        title = db.session.scalar(select(Call.title).where(Call.id == filters.call_id))
        parts.append(_("oproep %(name)s", name=title))
    if filters.school_year is not None:
        parts.append(_("schooljaar %(year)s", year=filters.school_year))
    if filters.province is not None:
        parts.append(_("provincie %(name)s", name=enum_label(filters.province)))
    if filters.umbrella is not None:
        parts.append(_("onderwijsnet %(name)s", name=enum_label(filters.umbrella)))
    if filters.level is not None:
        parts.append(_("niveau %(name)s", name=enum_label(filters.level)))
    return _("Filters: %(list)s", list=", ".join(parts)) if parts else _("Filters: geen")


def _header_notes(basis: str | None, filters: ReportFilters) -> list[str]:
    notes = []
    if basis is not None:
        notes.append(_("Basis: %(basis)s", basis=basis_label(basis)))
    notes.append(describe_filters(filters))
    return notes


def participation_table(report: ParticipationReport) -> ReportTable:
    """Per level: anchor school x network rows, subtotals per anchor, totals per level."""
    columns = [
        Column(_("Niveau")),
        Column(_("Ankerschool")),
        Column(_("Instellingsnummer ankerschool")),
        Column(_("Netwerk")),
        Column(_("Aantal scholen"), COUNT),
    ]
    rows: list[list] = []
    totals: set[int] = set()
    for section in report.sections:
        level = enum_label(section.level)
        for block in section.anchors:
            for row in block.rows:
                name = row.network_name + (" *" if row.shared else "")
                rows.append(
                    [level, block.anchor_name, block.anchor_institution_number, name, row.count]
                )
            if len(block.rows) > 1:
                totals.add(len(rows))
                rows.append(
                    [
                        level,
                        block.anchor_name,
                        block.anchor_institution_number,
                        _("Subtotaal ankerschool"),
                        block.subtotal,
                    ]
                )
        totals.update({len(rows), len(rows) + 1})
        rows.append([level, _("Totaal"), None, _("aanmeldingen"), section.total.registrations])
        rows.append(
            [level, _("Totaal"), None, _("verschillende scholen"), section.total.distinct_schools]
        )
    if len(report.sections) > 1:
        totals.update({len(rows), len(rows) + 1})
        rows.append([_("Alle niveaus"), _("Totaal"), None, _("aanmeldingen"), report.registrations])
        rows.append(
            [
                _("Alle niveaus"),
                _("Totaal"),
                None,
                _("verschillende scholen"),
                report.distinct_schools,
            ]
        )
    notes = _header_notes(report.basis, report.filters)
    notes.append(
        _(
            "Aanmeldingen: elke school per netwerk één keer, ook als het netwerk twee ankerscholen "
            "heeft; verschillende scholen: elke school één keer."
        )
    )
    if any(row.shared for row in report.rows):
        notes.append(_("* netwerk met twee ankerscholen: staat onder beide, telt één keer mee."))
    return ReportTable(
        title=_("Deelname per ankerschool"),
        as_of=report.as_of,
        source=report.source,
        columns=columns,
        rows=rows,
        notes=notes,
        total_rows=totals,
    )


def list_table(listing: ParticipationList) -> ReportTable:
    """The schools behind a count; without name columns for readers who see codes only."""
    columns = [Column(_("Schoolcode"))]
    if listing.show_names:
        columns += [
            Column(_("School"), private=True),
            Column(_("Instellingsnummer"), private=True),
            Column(_("Gemeente"), private=True),
        ]
    columns += [
        Column(_("Provincie")),
        Column(_("Onderwijsnet")),
        Column(_("Niveau")),
        Column(_("Aantal netwerken in dit rapport"), INT),
        Column(
            _("Eerste aanwezigheid") if listing.basis == PARTICIPATING else _("Aanvaard sinds"),
            DATE,
        ),
    ]
    rows = []
    for item in listing.items:
        row = [item.public_code]
        if listing.show_names:
            row += [item.name, item.institution_number, item.municipality]
        row += [
            enum_label(item.province),
            enum_label(item.umbrella),
            enum_label(item.level),
            item.networks,
            item.since,
        ]
        rows.append(row)
    notes = _header_notes(listing.basis, listing.filters)
    if listing.network is not None:
        notes.append(_("Netwerk: %(name)s", name=listing.network.name))
    notes.append(_("Aantal scholen: %(n)s", n=listing.total))
    return ReportTable(
        title=_("Scholen achter de telling"),
        as_of=listing.as_of,
        source=listing.source,
        columns=columns,
        rows=rows,
        notes=notes,
    )


def reach_table(report: ReachReport) -> ReportTable:
    """Per school year and cumulative: reached / population and the percentage."""
    columns = [
        Column(_("Periode")),
        Column(_("Van"), DATE),
        Column(_("Tot en met"), DATE),
        Column(_("Bereikte scholen"), COUNT),
        Column(_("Populatie"), COUNT),
        Column(_("Bereik (%)"), PERCENT),
    ]
    lines = [*report.years, report.cumulative]
    rows = [
        [
            line.label,
            line.starts_on,
            line.ends_on,
            line.numerator,
            line.denominator,
            line.percentage,
        ]
        for line in lines
    ]
    notes = _header_notes(report.basis, report.filters)
    notes.append(
        _(
            "Populatie: alle scholen in het register die aan de filters op niveau, provincie en "
            "onderwijsnet voldoen."
        )
    )
    return ReportTable(
        title=_("Bereik"),
        as_of=report.as_of,
        source=report.source,
        columns=columns,
        rows=rows,
        notes=notes,
        total_rows={len(rows) - 1},
    )


TREND_TABLES = ("registrations", "anchors", "hours")


def trends_tables(report: TrendsReport) -> dict[str, ReportTable]:
    """The three tables of the trends page, by name."""
    common = {"as_of": report.as_of, "source": report.source}
    registrations = ReportTable(
        title=_("Aanvaarde aanmeldingen doorheen de tijd"),
        columns=[
            Column(_("Datum"), DATE),
            Column(_("Aanvaarde aanmeldingen"), COUNT),
            Column(_("Verschillende scholen"), COUNT),
        ],
        rows=[[p.on, p.registrations, p.distinct_schools] for p in report.points],
        notes=_header_notes(None, report.filters),
        **common,
    )
    anchors = ReportTable(
        title=_("Scholen per ankerschool"),
        columns=[Column(_("Ankerschool")), Column(_("Scholen"), COUNT)],
        rows=[[a.anchor_name, a.schools] for a in report.anchors],
        notes=_header_notes(report.basis, report.filters),
        **common,
    )
    hours = ReportTable(
        title=_("Begeleidingsuren per schooljaar"),
        columns=[
            Column(_("Schooljaar")),
            Column(_("Uren"), DECIMAL),
            Column(_("Minuten"), INT),
        ],
        rows=[[str(h.school_year), h.hours, h.minutes] for h in report.hours],
        notes=[
            describe_filters(report.filters),
            _("Uren tot de peildatum; filters op provincie, net en niveau gelden hier niet."),
        ],
        **common,
    )
    return {"registrations": registrations, "anchors": anchors, "hours": hours}
