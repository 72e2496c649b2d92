"""Charts drawn on the server as SVG with pygal: no JavaScript, no CDN, works offline.

pygal always writes a small configuration <script> into its SVG (even with js=[]); our CSP
forbids inline scripts and the charts need none, so it is cut out. The same figures are always
shown as a table beneath the chart.

Charts never mislead: every value axis starts at zero (a bar of 50 beside one of 60 is not a
fifth of it), bars stand in the order of the table beneath, a school year still running says so
in its label (the tables build the labels), and different units never share an axis: hours and
FTE are separate charts.
"""

import re
import sys
from functools import lru_cache

import pygal
from flask_babel import get_locale
from markupsafe import Markup
from pygal.style import Style

from netwerk.formatting import format_day, format_number

# pygal appends an old-style import hook (for its map plugins, which we do not use) to
# sys.meta_path; it has no find_spec, so every later failed import anywhere in the process (for
# example openpyxl probing for numpy) raises an ImportWarning. Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)

# Dark enough against white for WCAG AA; the table carries the meaning, not the colour.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#495057",
    colors=("#0b3d6e", "#b35900", "#2e7d32"),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    title_font_size=16,
    legend_font_size=12,
)


# pygal takes some 10 ms a chart, and the figures of a report change far less often than its page
# is read: a chart is drawn once per title, labels, figures and language (the value formatter
# writes numbers in the page's language) and kept, a few dozen at most (some 50 kB each).
CHARTS_KEPT = 32


def _language() -> str:
    """The page's language: part of a kept chart's key."""
    locale = get_locale()
    return "" if locale is None else str(locale)


def _config(**extra) -> dict:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "style": STYLE,
        "width": 800,
        "height": 360,
        "explicit_size": False,
        "show_legend": True,
        "legend_at_bottom": True,
        "print_values": False,
        # Zero is always on the value axis: pygal otherwise starts it at the smallest value.
        "include_x_axis": True,
        "value_formatter": lambda v: format_number(v),
        **extra,
    }


def _render(chart, label: str) -> Markup:
    """Inline SVG without scripts, labelled for screen readers (the table repeats the data)."""
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_escape(label)}" ', 1)
    return Markup(svg)  # noqa: S704  (pygal's own output, with our text escaped)


def _escape(text: str) -> str:
    return str(Markup.escape(text))


def line_chart(title: str, days, series: dict[str, list[int]]) -> Markup:
    """A line chart over dates (registrations over time)."""
    frozen = tuple((str(name), tuple(values)) for name, values in series.items())
    return _line_chart(_language(), str(title), tuple(days), frozen)


@lru_cache(maxsize=CHARTS_KEPT)
def _line_chart(language: str, title: str, days: tuple, series: tuple) -> Markup:
    """line_chart's drawing, kept per language and figures."""
    chart = pygal.Line(**_config(x_label_rotation=30, show_minor_x_labels=len(days) <= 12))
    chart.title = title
    chart.x_labels = [format_day(d) for d in days]
    if len(days) > 12:
        chart.x_labels_major = [format_day(d) for d in days[:: max(1, len(days) // 8)]]
    for name, values in series:
        chart.add(name, list(values))
    return _render(chart, title)


def bar_chart(title: str, labels: list[str], series: dict[str, list], grow: bool = False) -> Markup:
    """A horizontal bar chart (schools per anchor school, hours per school year, FTE per group),
    its bars from top to bottom in the order given (the table's order). All series share one
    axis, so give only series of one unit.

    grow=True makes the chart taller with every label, so that many bars stay readable.
    """
    frozen = tuple((str(name), tuple(values)) for name, values in series.items())
    return _bar_chart(_language(), str(title), tuple(labels), frozen, grow)


@lru_cache(maxsize=CHARTS_KEPT)
def _bar_chart(language: str, title: str, labels: tuple, series: tuple, grow: bool) -> Markup:
    """bar_chart's drawing, kept per language and figures."""
    extra = {"height": max(360, 120 + 22 * len(series) * len(labels))} if grow else {}
    chart = pygal.HorizontalBar(**_config(show_legend=len(series) > 1, **extra))
    chart.title = title
    # pygal draws the first label at the bottom: reversed, the first row is the top bar.
    chart.x_labels = list(labels[::-1])
    for name, values in series:
        chart.add(name, [float(v) for v in values][::-1])
    return _render(chart, title)
