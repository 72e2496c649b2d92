"""The shared page setup of the XLSX exports (netwerk/spreadsheets.py), without LibreOffice:
orientation, fit or split by the table's width, merged notes, the print ranges of a split."""

import io
from datetime import date

import openpyxl
import pytest

from netwerk.reports.exports import FTE, TEXT, Column, ReportTable, to_xlsx
from netwerk.spreadsheets import (
    MIN_FIT_SCALE,
    column_points,
    plan_print,
    printable_points,
    wrapped_lines,
)

LONG_NOTE = "Een lange opmerking over hoe er geteld is, " * 6


def _table(columns: int, label: str = "Ankerschool met een vrij lange naam") -> ReportTable:
    """A table of one text column and columns - 1 FTE columns with long headers."""
    return ReportTable(
        title="Inzet",
        as_of=date(2021, 11, 19),
        source="bron: gegevens 19/11/2021 - het expertisecentrum",
        columns=[Column("Ankerschool", TEXT)]
        + [Column(f"Waarvan gerealiseerd deel {i} (VTE)", FTE) for i in range(1, columns)],
        rows=[[label, *[0.5] * (columns - 1)], ["Totaal", *[1.0] * (columns - 1)]],
        notes=["Filters: geen", LONG_NOTE],
        total_rows={1},
    )


def _sheet(table: ReportTable):
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active


@pytest.mark.parametrize(
    ("widths", "orientation", "fit", "parts"),
    [
        ([20, 12, 12], "portrait", False, 1),
        ([30] + [12] * 8, "landscape", False, 1),
        ([30] + [12] * 14, "landscape", True, 1),
        ([30] + [12] * 25, "landscape", False, 3),
    ],
)
def test_plan_by_width(widths, orientation, fit, parts):
    """Portrait, landscape, fitted to the width above MIN_FIT_SCALE, or split in parts."""
    plan = plan_print(widths)
    assert (plan.orientation, plan.fit_width, len(plan.parts)) == (orientation, fit, parts)
    total = sum(column_points(w) for w in widths)
    if fit:
        assert plan.scale == pytest.approx(printable_points("landscape") / total)
        assert plan.scale >= MIN_FIT_SCALE
    room = printable_points("landscape")
    titles = column_points(widths[0])
    for k, (first, last) in enumerate(plan.parts):
        shown = sum(column_points(w) for w in widths[first - 1 : last]) + (titles if k else 0)
        assert shown <= room or plan.fit_width


def test_split_parts_are_even():
    """No last part with one column: the parts share the columns about evenly."""
    plan = plan_print([40] + [12] * 16)
    sizes = [last - first + 1 for first, last in plan.parts]
    assert len(sizes) == 2 and max(sizes) - min(sizes) <= 2, plan.parts


def test_wrapped_lines():
    """Word wrap as a cell does it: whole words, long words broken, new lines kept."""
    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("een twee drie", 13) == 1
    assert wrapped_lines("een twee drie", 12) == 2
    assert wrapped_lines("x" * 25, 10) == 3
    assert wrapped_lines("een\ntwee", 40) == 2


def test_narrow_table_prints_portrait_with_notes_wrapped(app):
    """Notes merged across the table and wrapped with room for their lines; A4, margins, header
    row repeated and frozen; no fit needed."""
    with app.test_request_context():
        ws = _sheet(_table(3))
    assert ws.page_setup.orientation == "portrait" and int(ws.page_setup.paperSize) == 9
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    header = ws[ws.freeze_panes].row - 1
    assert ws.print_title_rows == f"${header}:${header}"
    note_row = next(r for r in range(1, header) if ws.cell(r, 1).value == LONG_NOTE)
    assert f"A{note_row}:C{note_row}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.cell(note_row, 1).alignment.wrap_text
    assert ws.row_dimensions[note_row].height >= 3 * 13
    assert ws.page_margins.left == ws.page_margins.right == 0.25
    assert ws["A1"].font.name == "Arial" and ws.cell(header, 1).font.b


def test_wide_table_is_fitted_while_readable(app):
    """A table up to 1/MIN_FIT_SCALE of the landscape width: one page wide, as long as needed."""
    with app.test_request_context():
        ws = _sheet(_table(12))
    setup = ws.page_setup
    assert setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert not ws.print_title_cols


def test_wider_table_splits_with_the_first_column_repeated(app):
    """Too wide to shrink readably: page-wide print ranges, the later ones from the header row,
    column A repeated; notes merged across the first part only."""
    with app.test_request_context():
        ws = _sheet(_table(22))
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_cols == "$A:$A"
    header = ws[ws.freeze_panes].row - 1
    ranges = str(ws.print_area).replace("'", "").split(",")
    assert len(ranges) >= 2 and ranges[0].split("!")[1].startswith("$A$1:")
    assert all(f"${header}:" in r for r in ranges[1:]), ranges
    first_part_end = ranges[0].split(":")[1].split("$")[1]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A3:{first_part_end}3" in merged
