"""A report as a typed table, written as CSV (Excel in Flanders) or XLSX (openpyxl).

`ReportTable` is the one shape every report (participation, lists, reach, trends, effort) hands to
the writers: a title, the peildatum, the stand van de gegevens, the source line, typed columns and
rows. The writers never
compute anything; they only format (FTE columns with three decimals, hours with one).

Publication: `for_publication(threshold)` drops the private columns (names, institution numbers,
municipalities of participating schools; anchor schools are public and stay) and shows counts
from 1 up to threshold - 1 as the text "< threshold", so that no school can be singled out.
A zero stays 0 (it names nobody). A total that adds up a hidden count shows as "x" (the table's
`sums` say which cells add up to which), else total minus shown parts would give it back. A
percentage in a row with a hidden count is left out too, because with the denominator it would
give the count away.
"""

import csv
import io
import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl.styles import Alignment, PatternFill

from netwerk.formatting import PLACES_BY_KIND, round_half_up
from netwerk.spreadsheets import (
    FONT_SIZE,
    LINE_POINTS,
    csv_row,
    csv_text,
    font,
    keep_rows_together,
    new_workbook,
    set_print_layout,
    wrapped_lines,
    write_cell,
)
from netwerk.timeutil import BRUSSELS

# Column kinds: how a value is typed in XLSX and written in CSV.
TEXT, INT, COUNT, DECIMAL, PERCENT, DATE = "text", "int", "count", "decimal", "percent", "date"
# FTE always with three decimals (0,500), hours with one (12,5): formatting.PLACES_BY_KIND.
FTE, HOURS = "fte", "hours"
# Euro always with two decimals (64000,00).
EURO = "euro"
PLACES = PLACES_BY_KIND

# The media type only: Flask's Response(mimetype=...) adds "; charset=utf-8" to a text/ type
# itself, so a charset written here would be sent twice.
CSV_MIMETYPE = "text/csv"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column: its header, its kind, and whether it names a participating school."""

    header: str
    kind: str = TEXT
    # Private columns identify a participating school; a publication export leaves them out.
    private: bool = False


# A count of schools hidden in a publication (1 .. threshold - 1 shows as '< threshold'), and a
# total hidden because a count it adds up is hidden (it is no small number, so not '< 5').
SECONDARY = "x"

Cell = tuple[int, int]  # (row, column) in ReportTable.rows and ReportTable.columns


@dataclass(frozen=True)
class Sum:
    """A total cell and the cells it adds up (or is bounded by): a hidden part hides the total."""

    total: Cell
    parts: tuple[Cell, ...]


@dataclass
class ReportTable:
    """A report ready to be written: title, peildatum, source line, typed columns and rows."""

    title: str
    as_of: date
    source: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    # Extra header lines: basis, filters, notes on how the figures were counted.
    notes: list[str] = field(default_factory=list)
    # Indices of rows that are totals or subtotals (shown bold in XLSX).
    total_rows: set[int] = field(default_factory=set)
    # What the publication variant says it did, when the generic note (codes, '< N') is not true.
    publication_note: str | None = None
    # Every total of the table with its parts, so that publication can hide what would give a
    # hidden count away (see for_publication).
    sums: list[Sum] = field(default_factory=list)
    # Notes left out of the publication variant (a count the table itself does not show).
    private_notes: list[str] = field(default_factory=list)
    # The stand van de gegevens (aware): a header line under the peildatum when given.
    known_at: datetime | None = None

    @property
    def known_at_local(self) -> datetime | None:
        """known_at as naive Brussels time to the second, as a spreadsheet shows it (Excel
        would round 23:59:59.999999 up to the next day)."""
        if self.known_at is None:
            return None
        return self.known_at.astimezone(BRUSSELS).replace(tzinfo=None, microsecond=0)

    def for_publication(self, threshold: int) -> "ReportTable":
        """A copy without private columns, small counts as '< threshold', their totals as 'x'.

        Secondary suppression, one rule for every table: a total whose parts include a hidden
        count (or a hidden total) is hidden too, up to the grand total. Otherwise the total minus
        the shown parts would give the hidden count back (with one hidden part exactly, with
        several their sum, which can single them out as well: 2 = 1 + 1). With the totals
        hidden, every hidden count can move by one with its totals and the table still adds
        up, so no hidden count follows from the published ones. A total the parts only bound
        (distinct schools at most the registrations) is listed as a sum too: a bound can pin a
        count down as well.
        """
        primary = self._small_counts(threshold)
        secondary = _hidden_totals(self.sums, primary)
        keep = [i for i, col in enumerate(self.columns) if not col.private]
        rows_with_hidden = {r for r, _c in primary | secondary}
        rows = []
        for r, row in enumerate(self.rows):
            values = list(row)
            for c in range(len(values)):
                if (r, c) in primary:
                    values[c] = f"< {threshold}"
                elif (r, c) in secondary:
                    values[c] = SECONDARY
            if r in rows_with_hidden:
                # With the denominator, a percentage would give the hidden count away.
                values = [
                    None if col.kind == PERCENT else v
                    for col, v in zip(self.columns, values, strict=True)
                ]
            rows.append([values[i] for i in keep])
        columns = [self.columns[i] for i in keep]
        notes = [note for note in self.notes if note not in self.private_notes]
        notes += self._publication_notes(threshold, bool(rows_with_hidden), columns)
        return replace(self, columns=columns, rows=rows, notes=notes, sums=[], private_notes=[])

    def _small_counts(self, threshold: int) -> set[Cell]:
        """The cells with a count of schools from 1 to threshold - 1 (0 names nobody)."""
        return {
            (r, c)
            for r, row in enumerate(self.rows)
            for c, (col, value) in enumerate(zip(self.columns, row, strict=True))
            if col.kind == COUNT and isinstance(value, int) and 0 < value < threshold
        }

    def _publication_notes(self, threshold: int, hidden_any: bool, columns) -> list[str]:
        """What the publication variant says about what it left out and why."""
        notes = [
            self.publication_note
            or _(
                "Publicatieversie: scholen enkel met code; aantallen kleiner dan %(n)s staan als "
                "'< %(n)s'.",
                n=threshold,
            )
        ]
        if self.sums:
            notes.append(
                _(
                    "Een totaal of subtotaal waarin een verborgen aantal meetelt, staat als 'x': "
                    "anders volgt het verborgen aantal uit het totaal min de getoonde aantallen."
                )
            )
        if hidden_any and any(col.kind == PERCENT for col in columns):
            notes.append(_("Bij een verborgen aantal is ook het percentage weggelaten."))
        return notes


def _hidden_totals(sums: list[Sum], hidden: set[Cell]) -> set[Cell]:
    """The totals to hide as well: each with a hidden part, until no more (a hidden subtotal
    hides the total it is part of)."""
    secondary: set[Cell] = set()
    changed = True
    while changed:
        changed = False
        for s in sums:
            if s.total in hidden or s.total in secondary:
                continue
            if any(part in hidden or part in secondary for part in s.parts):
                secondary.add(s.total)
                changed = True
    return secondary


def _csv_value(value, kind: str) -> str:
    """A cell as Flemish Excel reads it: 1234 and 2,5 and 19/11/2021."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, Decimal | float):
        value = Decimal(str(value))
        if kind in PLACES:
            value = round_half_up(value, PLACES[kind])  # already rounded: only pads zeros
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)  # a number, also when negative: never neutralised
    return csv_text(str(value))


def to_csv(table: ReportTable) -> bytes:
    """CSV with ';' and a BOM, so that Excel with Belgian settings opens it in columns."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_row([table.title]))
    writer.writerow([_("Peildatum"), _csv_value(table.as_of, DATE)])
    if table.known_at is not None:
        writer.writerow([_("Stand van de gegevens"), _csv_value(table.known_at_local, TEXT)])
    writer.writerow(csv_row([table.source]))
    for note in table.notes:
        writer.writerow(csv_row([note]))
    writer.writerow([])
    writer.writerow(csv_row([col.header for col in table.columns]))
    for row in table.rows:
        writer.writerow(
            [_csv_value(v, col.kind) for col, v in zip(table.columns, row, strict=True)]
        )
    return out.getvalue().encode("utf-8-sig")


NUMBER_FORMATS = {
    INT: "#,##0",
    COUNT: "#,##0",
    DECIMAL: "#,##0.0##",
    FTE: "#,##0.000",
    HOURS: "#,##0.0",
    EURO: "#,##0.00",
    PERCENT: "0.0%",
    DATE: "DD/MM/YYYY",
}


def _xlsx_value(value, kind: str):
    """The typed cell value: numbers stay numbers, a percentage becomes a fraction."""
    if kind == PERCENT and isinstance(value, int | float | Decimal):
        return Decimal(str(value)) / 100
    return value


def _shown_width(value, kind: str) -> int:
    """About how many characters a cell takes on screen."""
    if value is None:
        return 0
    if kind == PERCENT:
        return len(_csv_value(value, kind)) + 1
    return len(_csv_value(value, kind))


def to_xlsx(table: ReportTable) -> bytes:
    """An XLSX workbook: header with peildatum and source, bold frozen header row, typed cells,
    printing on A4 (netwerk.spreadsheets.set_print_layout)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = _sheet_title(table.title)
    bold = font(bold=True)
    write_cell(ws, 1, 1, table.title).font = font(bold=True, size=13)
    write_cell(ws, 2, 1, _("Peildatum")).font = bold
    peildatum = write_cell(ws, 2, 2, table.as_of)
    peildatum.number_format = NUMBER_FORMATS[DATE]
    peildatum.alignment = Alignment(horizontal="left")
    row = 3
    if table.known_at is not None:
        write_cell(ws, row, 1, _("Stand van de gegevens")).font = bold
        known = write_cell(ws, row, 2, table.known_at_local)
        known.number_format = "DD/MM/YYYY HH:MM"
        known.alignment = Alignment(horizontal="left")
        row += 1
    source_row = row
    write_cell(ws, source_row, 1, table.source)
    for i, note in enumerate(table.notes, start=source_row + 1):
        write_cell(ws, i, 1, note)
    # One empty row between the header lines and the table.
    header_row = source_row + 1 + len(table.notes) + 1
    fill = PatternFill("solid", fgColor="DDE5EE")
    for j, col in enumerate(table.columns, start=1):
        cell = write_cell(ws, header_row, j, col.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, values in enumerate(table.rows):
        r = header_row + 1 + i
        for j, (col, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = write_cell(ws, r, j, _xlsx_value(value, col.kind))
            fmt = NUMBER_FORMATS.get(col.kind)
            if fmt and value is not None and not isinstance(value, str):
                cell.number_format = fmt
            if isinstance(value, str) and col.kind in (INT, COUNT, DECIMAL, PERCENT, FTE, HOURS):
                cell.alignment = Alignment(horizontal="right")  # '< 5' lines up with numbers
            if i in table.total_rows:
                cell.font = bold
    widths = [_column_width(table, j) for j in range(len(table.columns))]
    header_lines = max(
        wrapped_lines(col.header, (w - 1) * 0.9)
        for col, w in zip(table.columns, widths, strict=True)
    )
    ws.row_dimensions[header_row].height = header_lines * LINE_POINTS + 2
    # Title, source and notes wrap across the table: a long note never widens column A.
    text_rows = {1: 13, source_row: FONT_SIZE} | dict.fromkeys(
        range(source_row + 1, source_row + 1 + len(table.notes)), FONT_SIZE
    )
    footer = f"{table.title} - {_('Peildatum')} {table.as_of.strftime('%d/%m/%Y')}"
    plan = set_print_layout(
        ws, widths=widths, header_row=header_row, text_rows=text_rows, footer=footer
    )
    closing = _closing_totals(table)
    if closing:
        # The report's last totals (e.g. "Alle niveaus") never split over two pages.
        first, last = closing
        keep_rows_together(ws, plan, header_row, header_row + 1 + first, header_row + 1 + last)
    out = io.BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()


def _closing_totals(table: ReportTable) -> tuple[int, int] | None:
    """The indexes of the run of total rows that ends the table (those of one label in the first
    column, e.g. "Alle niveaus"), if it ends with totals."""
    last = len(table.rows) - 1
    if last < 0 or last not in table.total_rows:
        return None
    first = last
    while first - 1 in table.total_rows and table.rows[first - 1][0] == table.rows[last][0]:
        first -= 1
    return first, last


def _column_width(table: ReportTable, j: int) -> float:
    """A column's width in characters: its widest value, its header wrapped on up to three lines
    (never narrower than the header's longest word), between 10 and 60."""
    col = table.columns[j]
    values = max([_shown_width(row[j], col.kind) for row in table.rows], default=0)
    words = max((len(word) for word in col.header.split()), default=0)
    header = max(words, math.ceil(len(col.header) / 3))
    return min(max(values, header, 8) + 2, 60)


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Rapport")[:31]


def download_name(slug: str, as_of: date, ext: str, publication: bool = False) -> str:
    """deelname_2021-11-19.xlsx, deelname_publicatie_2021-11-19.csv."""
    middle = "_publicatie" if publication else ""
    return f"{slug}{middle}_{as_of.isoformat()}.{ext}"
