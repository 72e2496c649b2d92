"""The written answer as grids (the page's tables) and as XLSX (openpyxl) and DOCX (python-docx).

One Grid per table, so that page, workbook and document show the same cells: a caption, the
headers, the rows, the total row (a value, never a formula), the footnotes and the source line.
XLSX: a sheet per table, so each prints on its own A4 page (portrait, fit to width, its header
row repeated). DOCX: A4 portrait, a table per level whose rows do not split and keep together.
"""

import io
import math
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Mm, Pt
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from netwerk.formatting import format_day, format_number
from netwerk.reports.answer import ParticipationAnswer
from netwerk.reports.exports import COUNT, FTE, HOURS, TEXT
from netwerk.spreadsheets import plan_print, set_page_setup, write_cell

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMBER_FORMATS = {COUNT: "#,##0", FTE: "#,##0.000", HOURS: "#,##0.0"}
PLACES = {FTE: 3, HOURS: 1}


@dataclass
class Grid:
    """One table of the answer, as every format shows it."""

    caption: str
    headers: list[str]
    kinds: list[str]
    rows: list[list]
    total: list
    source: str
    notes: list[str] = field(default_factory=list)
    # The sheet's name in the workbook.
    sheet: str = ""


def shown(value, kind: str) -> str:
    """A cell as the page and the document write it: 1.234, 0,500, 12,5."""
    if kind == TEXT:
        return "" if value is None else str(value)
    return format_number(value, PLACES.get(kind))


def answer_title(answer: ParticipationAnswer) -> str:
    """The answer's title with its peildatum."""
    return _("Deelname per ankerschool op %(day)s", day=format_day(answer.as_of))


def grids(answer: ParticipationAnswer) -> list[Grid]:
    """The answer's tables: one per level, then the effort table."""
    result = []
    for table in answer.tables:
        caption = table.caption[:1].upper() + table.caption[1:]
        result.append(
            Grid(
                caption=caption,
                headers=[_("Ankerschool"), table.count_header],
                kinds=[TEXT, COUNT],
                rows=[[row.label, row.count] for row in table.rows],
                total=[_("Totaal"), table.total],
                source=table.source,
                notes=[f"{note.marker} {note.text}" for note in table.footnotes],
                sheet=caption,
            )
        )
    effort = answer.effort
    if effort is not None:
        result.append(
            Grid(
                caption=_("Inzet per ankerschool, schooljaar %(year)s", year=effort.school_year),
                headers=[_("Ankerschool"), _("Ingezette VTE"), _("Uren"), _("In woorden")],
                kinds=[TEXT, FTE, HOURS, TEXT],
                rows=[[x.label, x.fte, x.hours, x.words] for x in effort.lines],
                total=[_("Totaal"), effort.total.fte, effort.total.hours, effort.total.words],
                source=effort.source,
                notes=effort.notes,
                sheet=_("Inzet"),
            )
        )
    return result


# --- XLSX -----------------------------------------------------------------------------------------

BOLD = Font(bold=True)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def _widths(grid: Grid) -> list[int]:
    """Readable column widths (characters): the longest cell, within bounds."""
    widths = []
    for j, (kind, header) in enumerate(zip(grid.kinds, grid.headers, strict=True)):
        cells = [shown(row[j], kind) for row in [*grid.rows, grid.total]]
        # A header up to 30 characters stays on one line; a name column takes up to 55.
        longest = max([len(c) for c in cells] + [min(len(header), 30), 10])
        widths.append(min(longest + 2, 55))
    return widths


def _header_height(grid: Grid, widths: list[int]) -> float:
    """The header row's height: as many lines as its longest wrapped header needs (a row of
    wrapped text does not grow by itself in every client, and would run over the first row)."""
    lines = max(
        math.ceil(len(header) * 1.1 / width)
        for header, width in zip(grid.headers, widths, strict=True)
    )
    return 16 * max(lines, 1)


def _note_row(ws, r: int, text: str, width: int, columns: int) -> None:
    """A wrapped line over the whole table width, tall enough for its text (merged cells do not
    grow by themselves in Excel or LibreOffice)."""
    cell = write_cell(ws, r, 1, text)
    cell.alignment = WRAP
    if columns > 1:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=columns)
    lines = max(1, math.ceil(len(text) * 1.1 / max(width, 1)))
    ws.row_dimensions[r].height = 16 * lines


def _sheet(wb: Workbook, grid: Grid, title: str, first: bool) -> None:
    """One table on its own sheet, ready for A4."""
    ws = wb.active if first else wb.create_sheet()
    ws.title = _sheet_name(grid.sheet or grid.caption, wb)
    columns = len(grid.headers)
    widths = _widths(grid)
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[chr(ord("A") + j - 1)].width = width
    # Title and caption wrap over the table's width: text running on past the last column
    # would be cut off in print.
    for r, text in ((1, title), (2, grid.caption)):
        _note_row(ws, r, text, sum(widths), columns)
        ws.cell(row=r, column=1).font = Font(bold=True, size=12)
    header = 3
    ws.row_dimensions[header].height = _header_height(grid, widths)
    for j, text in enumerate(grid.headers, start=1):
        cell = write_cell(ws, header, j, text)
        cell.font = BOLD
        cell.fill = PatternFill("solid", fgColor="DDE5EE")
        cell.alignment = WRAP
        cell.border = BOX
    for i, row in enumerate([*grid.rows, grid.total], start=header + 1):
        is_total = i == header + 1 + len(grid.rows)
        for j, (value, kind) in enumerate(zip(row, grid.kinds, strict=True), start=1):
            cell = write_cell(ws, i, j, value)
            cell.border = BOX
            if kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[kind]
            else:
                cell.alignment = WRAP
            if is_total:
                cell.font = BOLD
    r = header + len(grid.rows) + 2
    for note in grid.notes:
        _note_row(ws, r, note, sum(widths), columns)
        r += 1
    _note_row(ws, r, f"({grid.source})", sum(widths), columns)
    # The answer's few columns fit A4 as they are; the shared plan and page setup decide as for
    # every export (its own footer below says the page in words).
    set_page_setup(ws, plan_print([float(w) for w in widths]), header_row=header)
    ws.oddFooter.center.text = _("Pagina &P van &N")


def _sheet_name(name: str, wb: Workbook) -> str:
    """Excel allows 31 characters, no []:*?/\\ and no two sheets of one name."""
    cleaned = ("".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip() or "Tabel")[:28]
    taken = set(wb.sheetnames[:-1]) if wb.sheetnames else set()
    candidate, n = cleaned, 2
    while candidate in taken:
        candidate, n = f"{cleaned} {n}", n + 1
    return candidate


def to_answer_xlsx(answer: ParticipationAnswer) -> bytes:
    """The answer as a workbook: one sheet per table, values only, bold header and total."""
    wb = Workbook()
    title = answer_title(answer)
    for i, grid in enumerate(grids(answer)):
        _sheet(wb, grid, title, first=i == 0)
    out = io.BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()


# --- DOCX -----------------------------------------------------------------------------------------


def _keep_row_together(row, repeat: bool = False) -> None:
    """A row that never splits over two pages (and, for the header, repeats on each page)."""
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))
    if repeat:
        props.append(OxmlElement("w:tblHeader"))


def _fill_cell(cell, text: str, *, bold: bool, right: bool, keep: bool) -> None:
    """A cell's one paragraph: its text, bold or not, right-aligned for figures."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # Keep-with-next on every row but the last keeps the table on one page.
    paragraph.paragraph_format.keep_with_next = keep
    paragraph.paragraph_format.space_after = Pt(0)


def _docx_widths(grid: Grid) -> list:
    """Column widths over the 17 cm between the margins: figures 2,6 cm (the count 5 cm), the
    names and words share the rest, the anchor school's name the larger part."""
    if grid.kinds == [TEXT, COUNT]:
        return [Cm(12), Cm(5)]
    figures = [Cm(2.6) for kind in grid.kinds if kind != TEXT]
    texts = len(grid.kinds) - len(figures)
    rest = Cm(17).cm - 2.6 * len(figures)
    first = rest * (0.5 if texts > 1 else 1)
    others = (rest - first) / max(texts - 1, 1)
    return [
        Cm(2.6) if kind != TEXT else Cm(first) if j == 0 else Cm(others)
        for j, kind in enumerate(grid.kinds)
    ]


def _docx_table(document, grid: Grid) -> None:
    """A grid as a Word table with its caption above and its notes and source beneath."""
    caption = document.add_paragraph(grid.caption, style="Heading 2")
    caption.paragraph_format.keep_with_next = True
    table = document.add_table(rows=0, cols=len(grid.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    lines = [grid.headers, *grid.rows, grid.total]
    for i, values in enumerate(lines):
        row = table.add_row()
        _keep_row_together(row, repeat=i == 0)
        bold = i == 0 or i == len(lines) - 1
        for cell, value, kind in zip(row.cells, values, grid.kinds, strict=True):
            text = value if i == 0 else shown(value, kind)
            right = kind != TEXT and i > 0
            _fill_cell(cell, text, bold=bold, right=right, keep=i < len(lines) - 1)
    table.autofit = False
    widths = _docx_widths(grid)
    # The grid's widths for LibreOffice, the cells' for Word.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for note in grid.notes:
        document.add_paragraph(note).paragraph_format.space_after = Pt(0)
    document.add_paragraph(f"({grid.source})")


def to_answer_docx(answer: ParticipationAnswer) -> bytes:
    """The answer as a Word document on A4: a heading, then each table with notes and source."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2)
    document.add_heading(answer_title(answer), level=1)
    for grid in grids(answer):
        _docx_table(document, grid)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def answer_download_name(answer: ParticipationAnswer, ext: str) -> str:
    """antwoord_deelname_2021-11-19.docx."""
    return f"antwoord_deelname_{answer.as_of.isoformat()}.{ext}"
