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
"""

from datetime import date
from decimal import Decimal

from openpyxl.cell.cell import TYPE_STRING, Cell
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
