"""A report as a typed table, written as CSV (Excel in Flanders) or XLSX (openpyxl).

`ReportTable` is the one shape every report (participation, lists, reach, trends, effort) hands to
the writers: a title, the peildatum, the source line, typed columns and rows. The writers never
compute anything; they only format (FTE columns with three decimals, hours with one).

Publication: `for_publication(threshold)` drops the private columns (names, institution numbers,
municipalities of participating schools; anchor schools are public and stay) and shows counts
from 1 up to threshold - 1 as the text "< threshold", so that no school can be singled out.
A zero stays 0 (it names nobody). A percentage in a row with a hidden count is left out too,
because with the denominator it would give the count away.
"""

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from netwerk.formatting import PLACES_BY_KIND, round_half_up
from netwerk.spreadsheets import csv_row, csv_text, write_cell

# Column kinds: how a value is typed in XLSX and written in CSV.
TEXT, INT, COUNT, DECIMAL, PERCENT, DATE = "text", "int", "count", "decimal", "percent", "date"
# FTE always with three decimals (0,500), hours with one (12,5): formatting.PLACES_BY_KIND.
FTE, HOURS = "fte", "hours"
PLACES = PLACES_BY_KIND

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column: its header, its kind, and whether it names a participating school."""

    header: str
    kind: str = TEXT
    # Private columns identify a participating school; a publication export leaves them out.
    private: bool = False


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

    def for_publication(self, threshold: int) -> "ReportTable":
        """A copy without private columns and with small counts shown as '< threshold'."""
        keep = [i for i, col in enumerate(self.columns) if not col.private]
        columns = [self.columns[i] for i in keep]
        hidden_any = False
        rows = []
        for row in self.rows:
            values = [row[i] for i in keep]
            hidden = False
            for j, col in enumerate(columns):
                value = values[j]
                if col.kind == COUNT and isinstance(value, int) and 0 < value < threshold:
                    values[j] = f"< {threshold}"
                    hidden = True
            if hidden:
                hidden_any = True
                values = [
                    None if col.kind == PERCENT else v
                    for col, v in zip(columns, values, strict=True)
                ]
            rows.append(values)
        notes = [
            *self.notes,
            self.publication_note
            or _(
                "Publicatieversie: scholen enkel met code; aantallen kleiner dan %(n)s staan als "
                "'< %(n)s'.",
                n=threshold,
            ),
        ]
        if hidden_any and any(col.kind == PERCENT for col in columns):
            notes.append(_("Bij een verborgen aantal is ook het percentage weggelaten."))
        return replace(self, columns=columns, rows=rows, notes=notes)


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
    """An XLSX workbook: header with peildatum and source, bold frozen header row, typed cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(table.title)
    bold = Font(bold=True)
    write_cell(ws, 1, 1, table.title).font = Font(bold=True, size=14)
    write_cell(ws, 2, 1, _("Peildatum")).font = bold
    peildatum = write_cell(ws, 2, 2, table.as_of)
    peildatum.number_format = NUMBER_FORMATS[DATE]
    peildatum.alignment = Alignment(horizontal="left")
    write_cell(ws, 3, 1, table.source)
    for i, note in enumerate(table.notes, start=4):
        write_cell(ws, i, 1, note)
    # One empty row between the header lines and the table.
    header_row = 4 + len(table.notes) + 1
    fill = PatternFill("solid", fgColor="DDE5EE")
    for j, col in enumerate(table.columns, start=1):
        cell = write_cell(ws, header_row, j, col.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(table.rows):
        r = header_row + 1 + i
        for j, (col, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = write_cell(ws, r, j, _xlsx_value(value, col.kind))
            fmt = NUMBER_FORMATS.get(col.kind)
            if fmt and value is not None and not isinstance(value, str):
                cell.number_format = fmt
            if isinstance(value, str) and col.kind in (INT, COUNT, DECIMAL, PERCENT, FTE, HOURS):
                cell.alignment = Alignment(horizontal="right")  # '< 5' lines up with numbers
            if i in table.total_rows:
                cell.font = bold
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    # Widths follow the table only: the title, source and notes may run on over empty cells.
    for j, col in enumerate(table.columns, start=1):
        widest = max([len(col.header)] + [_shown_width(row[j - 1], col.kind) for row in table.rows])
        ws.column_dimensions[get_column_letter(j)].width = min(max(widest + 2, 10), 60)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if len(table.columns) > 5 else "portrait"
    ws.print_title_rows = f"{header_row}:{header_row}"
    if len(table.columns) > 8:
        # Wide tables (the effort report) print one page wide, as many pages long as needed.
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    out = io.BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Rapport")[:31]


def download_name(slug: str, as_of: date, ext: str, publication: bool = False) -> str:
    """deelname_2021-11-19.xlsx, deelname_publicatie_2021-11-19.csv."""
    middle = "_publicatie" if publication else ""
    return f"{slug}{middle}_{as_of.isoformat()}.{ext}"
