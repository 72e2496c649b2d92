"""Charts never mislead: value axes from zero, bars in the table's order, a running school year
marked as such, hours and FTE on separate charts."""

import re
from datetime import date

import pytest
from flask_babel import force_locale

from netwerk.reports import charts, tables
from netwerk.timeutil import SchoolYear


def _axis_values(svg: str) -> list[float]:
    """The numbers printed along the value axis (Dutch decimals)."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [
        float(t.replace(".", "").replace(",", ".")) for t in texts if re.fullmatch(r"[\d.,]+", t)
    ]


def _label_tops(svg: str, labels: list[str]) -> list[str]:
    """The labels as drawn from the top of the chart down."""
    found = {
        m.group(2): float(m.group(1))
        for m in re.finditer(r'<text x="[^"]*" y="([^"]*)"[^>]*>([^<]*)</text>', svg)
        if m.group(2) in labels
    }
    return sorted(found, key=found.get)


@pytest.mark.parametrize("values", [[50, 60], [1200, 1300, 1250], [0.5, 0.55]])
def test_bar_axis_starts_at_zero(values):
    """However close the values, the bars grow from zero (no cut-off axis)."""
    svg = str(charts.bar_chart("T", [f"L{i}" for i in range(len(values))], {"x": values}))
    axis = _axis_values(svg)
    assert min(axis) == 0


def test_line_axis_starts_at_zero():
    """A line of registrations between 50 and 60 is drawn against an axis from zero."""
    days = [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    svg = str(charts.line_chart("T", days, {"x": [50, 55, 60]}))
    assert min(_axis_values(svg)) == 0


def test_bars_stand_in_the_order_given():
    """The first row of the table is the top bar (pygal draws the first label at the bottom)."""
    labels = ["Zeta", "Alfa", "Mu"]
    svg = str(charts.bar_chart("T", labels, {"x": [1, 3, 2]}))
    assert _label_tops(svg, labels) == labels


def test_largest_rows_keep_the_table_order(monkeypatch):
    """A chart limited to the largest rows keeps them in the table's order, not by size."""
    monkeypatch.setattr(tables, "CHART_LIMIT", 2)
    rows = [["A", 1], ["B", 9], ["C", 5]]
    assert tables.largest_in_order(rows, lambda row: row[1]) == [["B", 9], ["C", 5]]
    assert tables.largest_in_order(rows[:2], lambda row: row[1]) == rows[:2]


def test_a_running_school_year_is_marked_partial(app):
    """The school year the peildatum falls in says it is incomplete; a finished one does not."""
    year = SchoolYear(2025)
    with app.test_request_context():
        assert (
            tables.school_year_label(year, date(2025, 12, 3))
            == "2025-2026 (onvolledig: tot 03/12/2025)"
        )
        assert tables.school_year_label(year, date(2026, 8, 31)) == "2025-2026"
        assert tables.school_year_label(year, date(2027, 1, 1)) == "2025-2026"


def test_trends_page_marks_the_running_year_and_draws_from_zero(client, data, login_as):
    """On the trends page the hours of 2021-2022 (peildatum 19/11/2021) are marked partial, in
    the chart's label and a note by its table; every chart's axis includes zero."""
    login_as("admin")
    html = client.get("/rapporten/evolutie?as_of=19/11/2021").get_data(as_text=True)
    hours = html.split('id="titel-hours"', 1)[1]
    assert "2021-2022 (onvolledig: tot 19/11/2021)" in hours.split("<svg", 1)[1].split("</svg>")[0]
    assert "Schooljaar 2021-2022 loopt nog: uren tot 19/11/2021." in hours  # beside the table
    for svg in re.findall(r"<svg.*?</svg>", html, re.DOTALL):
        assert 0 in _axis_values(svg)


def test_effort_charts_split_units_and_mark_a_running_year(app):
    """FTE and hours get a chart each (one unit per axis); a running school year says so."""
    from decimal import Decimal
    from types import SimpleNamespace

    from netwerk.effort.report import EffortReport

    rows = [
        SimpleNamespace(
            label=f"Anker {i}",
            planned_fte=Decimal("0.5"),
            realised_fte=Decimal("0.25"),
            hours=Decimal(120 * i),
        )
        for i in (1, 2)
    ]
    rollup = SimpleNamespace(rows=rows, group_by="anchor_school", school_year="2025-2026")
    with app.test_request_context():
        running = EffortReport(as_of=date(2025, 12, 3), source="x", params=None, rollup=rollup)
        result = tables.effort_chart_tables(running)
        assert [c.header for c in result["fte"].columns[1:]] == [
            "Gepland (VTE)",
            "Gerealiseerd (VTE)",
        ]
        assert [c.header for c in result["hours"].columns[1:]] == ["Uren"]
        assert result["hours"].rows == [["Anker 1", Decimal(120)], ["Anker 2", Decimal(240)]]
        assert any("loopt nog" in note for note in result["fte"].notes)
        done = EffortReport(as_of=date(2026, 9, 15), source="x", params=None, rollup=rollup)
        assert not any("loopt nog" in n for n in tables.effort_chart_tables(done)["fte"].notes)


def test_a_chart_is_drawn_once_per_figures_and_language(app):
    """charts keep a drawn chart: the same figures in the same language give the same SVG
    without drawing again, other figures or another language a chart of their own."""
    with app.test_request_context():
        first = charts.bar_chart("T", ["a", "b"], {"x": [1500, 2]})
        assert charts.bar_chart("T", ["a", "b"], {"x": [1500, 2]}) is first
        assert charts.bar_chart("T", ["a", "b"], {"x": [1500, 3]}) is not first
        with force_locale("en"):
            english = charts.bar_chart("T", ["a", "b"], {"x": [1500, 2]})
    assert english is not first
