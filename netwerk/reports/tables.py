"""Each report as a ReportTable: the same figures as the page, typed for CSV and XLSX."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.effort.models import Activity
from netwerk.effort.report import GROUP_BY_LABELS, EffortParams, EffortReport
from netwerk.extensions import db
from netwerk.formatting import enum_label, format_day, format_number
from netwerk.networks.life import ended_label
from netwerk.networks.models import Call, Programme
from netwerk.reports.effort_rows import effort_fte_values, effort_page_rows
from netwerk.reports.exports import (
    COUNT,
    DATE,
    DECIMAL,
    FTE,
    HOURS,
    INT,
    PERCENT,
    Column,
    ReportTable,
    Sum,
)
from netwerk.reports.params import PARTICIPATING, ReportFilters
from netwerk.reports.participation import ParticipationReport, ParticipationRow
from netwerk.reports.reach import ReachReport
from netwerk.reports.school_lists import ParticipationList
from netwerk.reports.trends import TrendsReport
from netwerk.schools.models import OrganisationKind
from netwerk.timeutil import SchoolYear

# The most bars a chart shows; more are not readable (the tables always have every row).
CHART_LIMIT = 25


def basis_label(basis: str) -> str:
    """How the schools were counted, in words."""
    # No colon inside: the line reads "Basis: ingeschreven (...)", never with two colons.
    if basis == PARTICIPATING:
        return _("deelnemend (aanwezig op minstens één gehouden bijeenkomst tot de peildatum)")
    return _("ingeschreven (inschrijving aanvaard op de peildatum)")


def count_header(basis: str) -> str:
    """The count column's header, in the seeds' words: which schools were counted."""
    if basis == PARTICIPATING:
        return _("Aantal deelnemende scholen")
    return _("Aantal ingeschreven scholen")


def describe_filters(filters: ReportFilters, member_kind: OrganisationKind | None = None) -> str:
    """'Filters: programma Hoogbegaafdheid, provincie Limburg' (at most two statements);
    member_kind: the participation report's filter on its other members."""
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
    if member_kind is not None:
        parts.append(_("andere leden van soort %(name)s", name=enum_label(member_kind)))
    return _("Filters: %(list)s", list=", ".join(parts)) if parts else _("Filters: geen")


def _header_notes(
    basis: str | None, filters: ReportFilters, member_kind: OrganisationKind | None = None
) -> list[str]:
    """The first notes of a table: the basis (when the table depends on it), the filters."""
    notes = []
    if basis is not None:
        notes.append(_("Basis: %(basis)s", basis=basis_label(basis)))
    notes.append(describe_filters(filters, member_kind))
    return notes


def _report_table(report, title: str, columns: list[Column], rows: list, notes: list, **extra):
    """A ReportTable of the report's figures, with its peildatum, stand van de gegevens and
    source line."""
    return ReportTable(
        title=title,
        as_of=report.as_of,
        known_at=report.known_at,
        source=report.source,
        columns=columns,
        rows=rows,
        notes=notes,
        **extra,
    )


def _total_lines(label: str, registrations: int, distinct_schools: int) -> list[list]:
    """The two total lines of a level (or of all levels): registrations, distinct schools."""
    return [
        [label, _("Totaal"), None, _("inschrijvingen"), registrations],
        [label, _("Totaal"), None, _("verschillende scholen"), distinct_schools],
    ]


# The column of the counts in the participation table.
COUNT_AT = 4


def _sum(total_row: int, part_rows) -> Sum:
    """The count of total_row adds up the counts of part_rows."""
    return Sum((total_row, COUNT_AT), tuple((r, COUNT_AT) for r in part_rows))


def _network_cell(row: ParticipationRow) -> str:
    """A network as the exported table names it: marked when shared, with its end when ended."""
    name = row.network_name + (" *" if row.shared else "")
    return f"{name} ({ended_label(row.ended_on)})" if row.ended_on else name


def _participation_rows(report: ParticipationReport) -> tuple[list[list], set[int], list[Sum]]:
    """The table's rows per level (networks, anchor subtotals, totals), total rows and sums.

    The sums: an anchor's subtotal adds up its networks; a level's registrations add up its
    networks (a shared network once), and its distinct schools are at most that (a bound, so
    listed as a sum too); the all-levels lines add up the levels' lines (a school has one level).
    """
    rows: list[list] = []
    totals: set[int] = set()
    sums: list[Sum] = []
    level_lines: list[int] = []
    for section in report.sections:
        level = enum_label(section.level)
        network_rows: dict[int, int] = {}  # a shared network's first row
        for block in section.anchors:
            anchor = [level, block.anchor_name, block.anchor_institution_number]
            first = len(rows)
            for row in block.rows:
                network_rows.setdefault(row.network_id, len(rows))
                rows.append([*anchor, _network_cell(row), row.count])
            if len(block.rows) > 1:
                sums.append(_sum(len(rows), range(first, len(rows))))
                totals.add(len(rows))
                rows.append([*anchor, _("Subtotaal ankerschool"), block.subtotal])
        level_lines.append(len(rows))
        sums += [_sum(len(rows) + i, network_rows.values()) for i in (0, 1)]
        totals.update({len(rows), len(rows) + 1})
        total = section.total
        rows += _total_lines(level, total.registrations, total.distinct_schools)
    if len(report.sections) > 1:
        sums += [_sum(len(rows) + i, [r + i for r in level_lines]) for i in (0, 1)]
        totals.update({len(rows), len(rows) + 1})
        rows += _total_lines(_("Alle niveaus"), report.registrations, report.distinct_schools)
    return rows, totals, sums


def _other_member_notes(report: ParticipationReport) -> list[str]:
    """The members that are not schools (issue 20), per network and over the report: '3 CLB's,
    2 lokale besturen'. Notes, not rows: they are not schools and add up to no count."""
    other = report.other_members
    if not other.overall:
        return []
    names = {row.network_id: row.network_name for row in report.rows}
    return [
        _("Andere leden (geen scholen): %(list)s", list=other.text(other.overall)),
        *(
            _("Andere leden van %(network)s: %(list)s", network=names[nid], list=text)
            for nid, text in sorted(other.texts().items(), key=lambda i: names.get(i[0], ""))
            if nid in names
        ),
    ]


def participation_table(report: ParticipationReport) -> ReportTable:
    """Per level: anchor school x network rows, subtotals per anchor, totals per level."""
    columns = [
        Column(_("Niveau")),
        Column(_("Ankerschool")),
        Column(_("Instellingsnummer ankerschool")),
        Column(_("Netwerk")),
        Column(count_header(report.basis), COUNT),
    ]
    rows, totals, sums = _participation_rows(report)
    notes = _header_notes(report.basis, report.filters, report.member_kind)
    notes.append(
        _(
            "Inschrijvingen: elke school per netwerk één keer, ook als het netwerk twee ankerscholen "
            "heeft; verschillende scholen: elke school één keer."
        )
    )
    if any(row.shared for row in report.rows):
        notes.append(_("* netwerk met twee ankerscholen: staat onder beide, telt één keer mee."))
    notes += _other_member_notes(report)
    title = _("Deelname per ankerschool")
    return _report_table(report, title, columns, rows, notes, total_rows=totals, sums=sums)


def parents_table(report: ParticipationReport) -> ReportTable:
    """Per parent network (koepelnetwerk): a line per province of its networks, then its total;
    every count twice, as registrations and as distinct schools (reports.parents)."""
    columns = [
        Column(_("Bovenliggend netwerk")),
        Column(_("Provincie (van het netwerk)")),
        Column(_("Inschrijvingen"), COUNT),
        Column(_("Verschillende scholen"), COUNT),
    ]
    rows: list[list] = []
    totals: set[int] = set()
    sums: list[Sum] = []
    for group in report.parents.groups:
        first = len(rows)
        for line in group.provinces:
            province = enum_label(line.province) if line.province else _("zonder provincie")
            rows.append([group.name, province, line.registrations, line.distinct_schools])
        parts = range(first, len(rows))
        # Registrations add up; a group's distinct schools are at most the provinces' (a bound).
        sums += [Sum((len(rows), col), tuple((r, col) for r in parts)) for col in (2, 3)]
        totals.add(len(rows))
        rows.append([group.name, _("Totaal"), group.registrations, group.distinct_schools])
    totals.add(len(rows))
    rows.append([_("Alle netwerken"), _("Totaal"), None, report.parents.distinct_schools])
    notes = _header_notes(report.basis, report.filters)
    notes.append(
        _(
            "Per bovenliggend netwerk: de scholen van het netwerk zelf en van de netwerken eronder "
            "op de peildatum; een school in twee netwerken telt één keer bij de verschillende "
            "scholen, ook per provincie (de provincie van het netwerk)."
        )
    )
    title = _("Deelname per bovenliggend netwerk")
    return _report_table(report, title, columns, rows, notes, total_rows=totals, sums=sums)


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
        # With codes that are the same in every export, a school's other networks would link a
        # published list to the hidden counts: not in a publication either.
        Column(_("Aantal netwerken in dit rapport"), INT, private=True),
        # The date narrows a school down (with province, net and level): not in a publication.
        Column(
            _("Eerste aanwezigheid") if listing.basis == PARTICIPATING else _("Aanvaard sinds"),
            DATE,
            private=True,
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
    # The number of schools is the count itself: a publication leaves it to the table's rule.
    count_note = _("Aantal scholen: %(n)s", n=listing.total)
    notes.append(count_note)
    title = _("Scholen achter de telling")
    return _report_table(listing, title, columns, rows, notes, private_notes=[count_note])


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
    # The cumulative count is at most the sum of the years: a bound that could give a hidden
    # year away, so it is hidden with it.
    cumulative = Sum((len(rows) - 1, 3), tuple((r, 3) for r in range(len(rows) - 1)))
    return _report_table(
        report, _("Bereik"), columns, rows, notes, total_rows={len(rows) - 1}, sums=[cumulative]
    )


TREND_TABLES = ("registrations", "anchors", "hours")


def trends_tables(report: TrendsReport) -> dict[str, ReportTable]:
    """The three tables of the trends page, by name."""
    registrations = _report_table(
        report,
        _("Aanvaarde inschrijvingen doorheen de tijd"),
        [
            Column(_("Datum"), DATE),
            Column(_("Aanvaarde inschrijvingen"), COUNT),
            Column(_("Verschillende scholen"), COUNT),
        ],
        [[p.on, p.registrations, p.distinct_schools] for p in report.points],
        _header_notes(None, report.filters),
    )
    anchors = _report_table(
        report,
        _("Scholen per ankerschool"),
        [Column(_("Ankerschool")), Column(_("Scholen"), COUNT)],
        [[a.anchor_name, a.schools] for a in report.anchors],
        _header_notes(report.basis, report.filters),
    )
    hours = _report_table(
        report,
        _("Begeleidingsuren per schooljaar"),
        [Column(_("Schooljaar")), Column(_("Uren"), DECIMAL), Column(_("Minuten"), INT)],
        [[str(h.school_year), h.hours, h.minutes] for h in report.hours],
        [
            describe_filters(report.filters),
            *_running_year_notes([h.school_year for h in report.hours], report.as_of),
            _("Uren tot de peildatum; filters op provincie, net en niveau gelden hier niet."),
        ],
    )
    return {"registrations": registrations, "anchors": anchors, "hours": hours}


# --- effort --------------------------------------------------------------------------------------


def effort_group_label(group_by: str) -> str:
    """'ankerschool', 'netwerk', 'programma' or 'provincie'."""
    return str(GROUP_BY_LABELS[group_by])


def effort_fte_columns() -> list[Column]:
    """The FTE and hours columns of the effort report (page and exports share them)."""
    return [
        Column(_("Gepland (VTE)"), FTE),
        Column(_("Waarvan gekleurde VTE"), FTE),
        Column(_("Gerealiseerd (VTE)"), FTE),
        Column(_("Waarvan subsidie (VTE)"), FTE),
        Column(_("Waarvan eigen middelen (VTE)"), FTE),
        Column(_("Andere bron (VTE)"), FTE),
        Column(_("Verschil gerealiseerd - gepland (VTE)"), FTE),
        Column(_("Uren"), HOURS),
        Column(_("Uren in VTE"), FTE),
    ]


def effort_selection(report: EffortReport) -> str:
    """'Schooljaar 2022-2023, per ankerschool; Filters: programma X' (at most one statement)."""
    return effort_params_text(report.params)


def effort_params_text(params: EffortParams) -> str:
    """What effort_selection says, from the parameters alone (the publish page)."""
    filters = ReportFilters(programme_id=params.programme_id, province=params.province)
    return _(
        "Schooljaar %(year)s (%(start)s - %(end)s), per %(group)s; %(filters)s",
        year=params.school_year,
        start=format_day(params.school_year.starts_on),
        end=format_day(params.school_year.ends_on),
        group=effort_group_label(params.group_by),
        filters=describe_filters(filters),
    )


def effort_page_context(report: EffortReport) -> dict:
    """What the effort tables (templates/reports/_effort_tables.html) need: the roll-up, its
    rows and total written out, the FTE columns, the grouping's name and the activities."""
    rollup = report.rollup
    *rows, total = effort_page_rows([*rollup.rows, rollup.total])
    return {
        "rollup": rollup,
        "page_rows": rows,
        "page_total": total,
        "fte_columns": effort_fte_columns(),
        "group_label": effort_group_label(rollup.group_by),
        "activities": list(Activity),
    }


def effort_notes(report: EffortReport) -> list[str]:
    """How the effort figures were made: the rules of effort_rollup, in words."""
    notes = [
        _(
            "Peildatum: de dag waarop de cijfers uit de toepassing gehaald zijn; de cijfers gaan "
            "over het hele schooljaar."
        ),
        _(
            "Gerealiseerde VTE: elke opdracht naar rato van de dagen die ze in het schooljaar loopt "
            "(VTE x gedekte dagen / dagen van het schooljaar), ook de nog komende dagen van een "
            "lopende opdracht."
        ),
        _(
            "Een netwerk met twee ankerscholen: planning, opdrachten en uren van het netwerk worden "
            "gelijk verdeeld over de ankerscholen; het totaal telt niets dubbel. Cijfers voor een "
            "heel programma staan op een regel 'Programmabreed'. De provincie is die van de "
            "ankerschool."
        ),
        _(
            "Subsidie = projectsubsidie, gekleurde middelen en provincie; eigen middelen = middelen "
            "van de school. Uren in VTE: uren / %(hours)s uren per VTE.",
            hours=format_number(report.rollup.hours_per_fte),
        ),
        _(
            "Afronding: exact berekend, pas bij het tonen afgerond (VTE op 3 decimalen, uren op 1, "
            "half naar boven); een totaal is zelf afgerond, niet de som van afgeronde regels."
        ),
    ]
    if report.coach_scope:
        notes.append(_("Enkel de netwerken waarvan u procescoach bent."))
    return notes


def effort_table(report: EffortReport) -> ReportTable:
    """Per group: FTE planned, earmarked, realised (subsidy, own, other), hours, hours per activity.

    The publication variant leaves nothing out: the rows are anchor schools, networks,
    programmes or provinces (public), never participating schools or persons, and FTE and
    hours are no counts of schools that could single one out.
    """
    rollup = report.rollup
    activities = list(Activity)
    columns = [
        Column(effort_group_label(rollup.group_by).capitalize()),
        *effort_fte_columns(),
        *[Column(_("Uren %(activity)s", activity=enum_label(a)), HOURS) for a in activities],
    ]
    rows = [
        [row.label, *effort_fte_values(row), *[row.hours_by_activity[a.value] for a in activities]]
        for row in [*rollup.rows, rollup.total]
    ]
    return ReportTable(
        title=_("Inzet: VTE en uren, schooljaar %(year)s", year=rollup.school_year),
        as_of=report.as_of,
        known_at=report.known_at,
        source=report.source,
        columns=columns,
        rows=rows,
        notes=[effort_selection(report), *effort_notes(report)],
        total_rows={len(rows) - 1},
        publication_note=_(
            "Publicatieversie: niets weggelaten. De regels zijn ankerscholen, netwerken, "
            "programma's of provincies (openbaar), geen deelnemende scholen of personen."
        ),
    )


def school_year_label(year: SchoolYear, as_of: date) -> str:
    """'2024-2025', or for the school year the peildatum falls in '2025-2026 (onvolledig: tot
    03/12/2025)': a chart must not show a running year as if it were a whole one."""
    if year.starts_on <= as_of < year.ends_on:
        return _("%(year)s (onvolledig: tot %(day)s)", year=str(year), day=format_day(as_of))
    return str(year)


def _running_year_notes(years: list[SchoolYear], as_of: date) -> list[str]:
    """A note for the school year still running on the peildatum, if it is among the years: the
    exports keep the plain year in their column, the note says it is incomplete."""
    return [
        _("Schooljaar %(year)s loopt nog: uren tot %(day)s.", year=str(y), day=format_day(as_of))
        for y in years
        if y.starts_on <= as_of < y.ends_on
    ]


def largest_in_order(rows: list[list], size) -> list[list]:
    """The CHART_LIMIT rows largest by size(row), kept in their own (the table's) order."""
    if len(rows) <= CHART_LIMIT:
        return rows
    keep = {id(row) for row in sorted(rows, key=size, reverse=True)[:CHART_LIMIT]}
    return [row for row in rows if id(row) in keep]


def effort_chart_tables(report: EffortReport) -> dict[str, ReportTable]:
    """The figures of the effort charts per group (no total), one unit per chart: planned and
    realised FTE ("fte"), and logged hours ("hours"), each on its own axis.

    Beyond CHART_LIMIT groups a bar per group is no longer readable (Flanders has hundreds of
    anchor schools), so a chart shows the largest groups and says so; the table has them all.
    """
    rollup = report.rollup
    group = effort_group_label(rollup.group_by)
    notes = [chart_limit_note(len(rollup.rows))] if len(rollup.rows) > CHART_LIMIT else []
    year = SchoolYear.parse(rollup.school_year)
    if year.starts_on <= report.as_of < year.ends_on:
        notes.append(
            _(
                "Schooljaar %(year)s loopt nog: gerealiseerde VTE en uren tot %(day)s, de "
                "planning voor het hele jaar.",
                year=str(year),
                day=format_day(report.as_of),
            )
        )
    fte_rows = [[r.label, r.planned_fte, r.realised_fte] for r in rollup.rows]
    hour_rows = [[r.label, r.hours] for r in rollup.rows]
    common = {"as_of": report.as_of, "source": report.source, "notes": notes}
    return {
        "fte": ReportTable(
            title=_("Geplande en gerealiseerde VTE per %(group)s", group=group),
            columns=[
                Column(group.capitalize()),
                Column(_("Gepland (VTE)"), FTE),
                Column(_("Gerealiseerd (VTE)"), FTE),
            ],
            rows=largest_in_order(fte_rows, lambda row: max(v or 0 for v in row[1:])),
            **common,
        ),
        "hours": ReportTable(
            title=_("Begeleidingsuren per %(group)s", group=group),
            columns=[Column(group.capitalize()), Column(_("Uren"), HOURS)],
            rows=largest_in_order(hour_rows, lambda row: row[1] or 0),
            **common,
        ),
    }


def chart_limit_note(total: int) -> str:
    """What a chart that shows only the largest groups says about it."""
    return _(
        "De grafiek toont de %(shown)s grootste van %(total)s; de tabel heeft ze allemaal.",
        shown=CHART_LIMIT,
        total=total,
    )
