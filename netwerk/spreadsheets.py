"""Cells that a spreadsheet shows as text and never runs as a formula (CSV and XLSX writers).

Names in our exports come from users (a school's contact person), from the admin's CSV import of
the registry and from the catalogue. A spreadsheet reads a CSV cell that starts with = + - @ (or a
tab or carriage return before one of them) as a formula: `=HYPERLINK(...)` would send data away
when clicked. So every writer of a CSV or XLSX file goes through this module.

CSV: such a text cell gets a leading "'" (the OWASP advice); Excel shows the rest as text.
Numbers are written by the caller as numbers ("-1,5"), never through csv_text, so a negative
FTE difference stays a number.

XLSX: the cell carries its type, so a string typed as a string (data_type "s") is text whatever it
starts with; no "'" is added, so the cell keeps exactly the text that was entered. openpyxl would
make a formula of any string starting with "=", so write_cell types strings explicitly, and sets
Excel's quotePrefix on the risky ones so that editing the cell in Excel keeps it text too.

Paper: every XLSX export starts from new_workbook (Arial 10: the same widths in Excel and in
LibreOffice) and gets its page setup from set_print_layout (A4, narrow margins, the header row
repeated, notes wrapped across the table instead of widening column A, fit to one page wide only
while the print stays readable, else the first column repeated on each part of a page-wide split).
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet may take as the start of a formula (tab and CR: Excel skips them first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """A text cell for CSV: with a leading "'" when it would otherwise start a formula."""
    return "'" + text if looks_like_formula(text) else text


def csv_cell(value) -> str:
    """Any cell for CSV: text neutralised, numbers (int, Decimal, float) as they are."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    return csv_text(str(value))


def csv_row(values) -> list[str]:
    """A row for csv.writer with every text cell neutralised."""
    return [csv_cell(v) for v in values]


def write_cell(ws: Worksheet, row: int, column: int, value) -> Cell:
    """Write one XLSX cell: numbers and dates typed, strings always strings, never formulas."""
    cell = ws.cell(row=row, column=column)
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        cell.value = value
        return cell
    text = str(value)
    cell.value = text
    # openpyxl has just made a formula of "=..."; a name is text, whatever it starts with.
    cell.data_type = TYPE_STRING
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


# --- paper ---------------------------------------------------------------------------------------

# A4 in points (1/72 inch) and narrow margins in inches (what PageMargins takes).
A4_SHORT, A4_LONG = 595, 842
SIDE_MARGIN, TOP_MARGIN, BOTTOM_MARGIN, HEADER_MARGIN = 0.25, 0.5, 0.6, 0.25
# Below this a fit-to-width print of 10 pt text gets too small to read (6,5 pt):
# wider tables split over pages instead, with their first column repeated.
MIN_FIT_SCALE = 0.65
# Column widths count characters of the workbook's default font. With Calibri (openpyxl's
# default) LibreOffice on a machine without Calibri measures them in its fallback font, a third
# wider than Excel: a table that fits in Excel runs off the page there. Arial is on every
# Windows and Mac, and LibreOffice prints it as Liberation Sans, with the same metrics: one width
# for both. Arial 10 looks about as large as Calibri 11.
FONT_NAME, FONT_SIZE = "Arial", 10
LINE_POINTS = 13.0  # a line of 10 pt text
# How wide a character of column width prints: Excel 7 px a character plus 5 px (5.25 pt plus
# 3.75), LibreOffice measured 5.55 pt; a bit more than both for wide columns.
CHAR_POINTS = 5.6


def new_workbook() -> Workbook:
    """An empty workbook whose default font (the unit of column widths) is Arial 10."""
    wb = Workbook()
    # openpyxl has no setting for it: the stylesheet's first font is the default one.
    wb._fonts = IndexedList([Font(name=FONT_NAME, size=FONT_SIZE, family=2)])
    return wb


def font(*, size: float = FONT_SIZE, bold: bool = False) -> Font:
    """A font of new_workbook's family (a Font without a name would fall back on Calibri)."""
    return Font(name=FONT_NAME, size=size, bold=bold, family=2)


def column_points(width: float) -> float:
    """How wide a column of `width` characters prints (see CHAR_POINTS)."""
    return width * CHAR_POINTS


def printable_points(orientation: str) -> float:
    """The width between the side margins of an A4 page."""
    paper = A4_LONG if orientation == "landscape" else A4_SHORT
    return paper - 2 * SIDE_MARGIN * 72


@dataclass(frozen=True)
class PrintPlan:
    """How a table goes on A4: orientation, fitted to the page width or split, and the scale."""

    orientation: str
    fit_width: bool
    # The print scale that fitting gives (1.0 when the table fits as it is, or is split).
    scale: float
    # The page-wide parts of a split table: (first, last) column numbers (1-based); one part
    # when it is not split. The title and notes are merged across the first part.
    parts: tuple[tuple[int, int], ...]

    @property
    def first_page_columns(self) -> int:
        """How many columns the first page shows (the notes are merged across them)."""
        return self.parts[0][1]


def plan_print(widths: list[float], title_columns: int = 1) -> PrintPlan:
    """Portrait when the table fits, else landscape; wider than landscape: fit to the width
    while the scale stays at MIN_FIT_SCALE or more, else print at full size in page-wide parts,
    each after the first repeating the title columns."""
    points = [column_points(w) for w in widths]
    total = sum(points)
    whole = ((1, len(widths)),)
    for orientation in ("portrait", "landscape"):
        if total <= printable_points(orientation):
            return PrintPlan(orientation, False, 1.0, whole)
    room = printable_points("landscape")
    if room / total >= MIN_FIT_SCALE:
        return PrintPlan("landscape", True, room / total, whole)
    titles = sum(points[:title_columns])
    parts = _split(points, room, titles)
    # As many parts as needed, but of even widths: no last page with one column.
    limit = (total + (len(parts) - 1) * titles) / len(parts)
    while limit < room and len(_split(points, limit, titles)) > len(parts):
        limit += CHAR_POINTS
    return PrintPlan("landscape", False, 1.0, tuple(_split(points, min(limit, room), titles)))


def _split(points: list[float], room: float, titles: float) -> list[tuple[int, int]]:
    """Columns into parts of at most room wide (each part after the first also shows the title
    columns, titles wide); a column wider than room gets a part of its own."""
    parts, first, used = [], 1, 0.0
    for j, width in enumerate(points, start=1):
        if j > first and used + width > room:
            parts.append((first, j - 1))
            first, used = j, titles
        used += width
    parts.append((first, len(points)))
    return parts


def wrapped_lines(text: str, width_chars: float) -> int:
    """About how many lines a text takes when wrapped at word boundaries in width_chars."""
    width = max(int(width_chars), 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines, used = lines + 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > width:
                lines, used = lines + 1, 0
            used += (1 if used else 0) + len(word)
            while used > width:  # a word longer than the line breaks over several lines
                lines, used = lines + 1, used - width
    return lines


def set_print_layout(
    ws: Worksheet,
    *,
    widths: list[float],
    header_row: int,
    text_rows: dict[int, float],
    title_columns: int = 1,
    footer: str = "",
) -> PrintPlan:
    """Set the column widths and the A4 page setup of a table sheet.

    widths: the table's column widths in characters (column A first); header_row: the row of
    the column headers (repeated on every page, frozen on screen); text_rows: the rows above
    the table holding one long text in column A (title, source, notes), each with its font
    size: merged across the first page's columns and wrapped, so that no note widens a column
    or runs off the page; title_columns: the columns repeated on each page when the table is
    split. footer: text on the left of each page's foot (the page number goes on the right).
    """
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    plan = plan_print(widths, title_columns)
    span = plan.first_page_columns
    # Text runs about as many characters as the columns are wide, whatever the font: a bit less.
    span_chars = sum(widths[:span]) * 0.9
    for row, size in text_rows.items():
        cell = ws.cell(row=row, column=1)
        if span > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Neither Excel nor LibreOffice sizes a merged row to its text: the height is set here.
        lines = wrapped_lines(cell.value or "", span_chars * FONT_SIZE / size)
        ws.row_dimensions[row].height = math.ceil(lines * LINE_POINTS * size / FONT_SIZE) + 2
    set_page_setup(ws, plan, header_row=header_row, title_columns=title_columns)
    if footer:
        ws.oddFooter.left.text = footer.replace("&", "&&")
    ws.oddFooter.right.text = "&P / &N"
    return plan


def set_page_setup(
    ws: Worksheet, plan: PrintPlan, *, header_row: int, title_columns: int = 1
) -> None:
    """The A4 page setup of a table sheet by its print plan: the header row repeated on every
    page and frozen on screen, the orientation, fit to the page's width or split into page-wide
    parts (with the row labels repeated), the shared margins. The footer is the caller's."""
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = plan.orientation
    if plan.fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages long as needed
    elif len(plan.parts) > 1:
        # Too wide to shrink: page-wide parts, each its own print range, the first with the
        # title and notes, the others from the header row on, with the row labels repeated.
        last_row = ws.max_row
        ranges = [
            f"{get_column_letter(a)}{1 if a == 1 else header_row}:{get_column_letter(b)}{last_row}"
            for a, b in plan.parts
        ]
        ws.print_area = ranges
        ws.print_title_cols = f"A:{get_column_letter(title_columns)}"
    ws.page_margins = PageMargins(
        left=SIDE_MARGIN,
        right=SIDE_MARGIN,
        top=TOP_MARGIN,
        bottom=BOTTOM_MARGIN,
        header=HEADER_MARGIN,
        footer=HEADER_MARGIN,
    )


# A4's height in inches, standing and lying; the height of a row without its own (Arial 10).
PAGE_HEIGHT = {"portrait": 11.69, "landscape": 8.27}
ROW_POINTS = 12.8  # 0,45 cm: an Arial 10 row in LibreOffice and Excel


def keep_rows_together(ws: Worksheet, plan: PrintPlan, header_row: int, first: int, last: int):
    """Start a new page before rows first..last (a table's closing totals) when they would
    otherwise straddle a page foot; an estimate from the row heights, at the plan's scale."""
    # Less the footer's line, and a margin for rows a spreadsheet draws a little taller.
    room = (PAGE_HEIGHT[plan.orientation] - TOP_MARGIN - BOTTOM_MARGIN) * 72 / plan.scale
    room -= 4 * ROW_POINTS  # the footer takes about four rows in LibreOffice
    header = ws.row_dimensions[header_row].height or ROW_POINTS
    used, page_of = 0.0, {}
    for row in range(1, last + 1):
        height = ws.row_dimensions[row].height or ROW_POINTS
        if used + height > room:
            used = header  # each later page starts with the repeated header row
            page_of["next"] = page_of.get("next", 0) + 1
        used += height
        page_of[row] = page_of.get("next", 0)
    if page_of[first] != page_of[last]:
        ws.row_breaks.append(Break(id=first - 1))  # a break after the row before
