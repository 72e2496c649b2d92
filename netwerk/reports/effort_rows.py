"""The effort report's rows as its page writes them: every figure formatted once, every row's
cells joined once (templates/reports/_effort_tables.html writes a row without a loop per cell).

At Flanders scale the page's two tables hold some ten thousand figures, most of them among a few
hundred values (0,000 above all); a loop per cell in the template costs more than the roll-up
that computed them.
"""

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from netwerk.effort.models import Activity
from netwerk.effort.rollup import RollupRow
from netwerk.formatting import PLACES_BY_KIND, fixed_writer
from netwerk.reports.exports import FTE, HOURS

# The kinds of effort_fte_values, in its order (reports.tables.effort_fte_columns names them).
FTE_VALUE_KINDS = (FTE, FTE, FTE, FTE, FTE, FTE, FTE, HOURS, FTE)


def effort_fte_values(row: RollupRow) -> list:
    """A roll-up row's figures in the order of effort_fte_columns (Decimals, already rounded)."""
    return [
        row.planned_fte,
        row.earmarked_fte,
        row.realised_fte,
        row.subsidised_fte,
        row.own_fte,
        row.other_fte,
        row.difference_fte,
        row.hours,
        row.hours_fte,
    ]


def _cells(texts: list[str]) -> Markup:
    """<td class="num"> cells of figures written out (digits, separators and a minus: nothing
    to escape), joined once."""
    return Markup('<td class="num">' + '</td><td class="num">'.join(texts) + "</td>")  # noqa: S704


@dataclass(frozen=True)
class EffortPageRow:
    """A line of the effort tables on a page: its figures already written out (Belgian style)."""

    label: str
    fte: list[str]  # in the order of effort_fte_columns
    activities: list[str]  # hours per activity in the order of Activity, then the hours
    # The same figures as the table cells of the row (after its <th>).
    fte_cells: Markup
    activity_cells: Markup


def effort_page_rows(rows: list[RollupRow]) -> list[EffortPageRow]:
    """The roll-up rows as the page writes them, each distinct figure formatted once per page,
    not once per cell and not through a filter that asks the locale each time."""
    written: dict[tuple[Decimal, int], str] = {}
    format_number = fixed_writer()

    def text(value: Decimal, places: int) -> str:
        # Equal Decimals at the same places format alike (0,5 and 0,500 both as 0,500).
        key = (value, places)
        found = written.get(key)
        if found is None:
            found = written[key] = format_number(value, places)
        return found

    fte_places = [PLACES_BY_KIND[kind] for kind in FTE_VALUE_KINDS]
    activities = [a.value for a in Activity]
    hours = PLACES_BY_KIND[HOURS]
    lines = []
    for row in rows:
        fte = [
            text(value, places)
            for value, places in zip(effort_fte_values(row), fte_places, strict=True)
        ]
        by_activity = row.hours_by_activity
        spent = [*(text(by_activity[a], hours) for a in activities), text(row.hours, hours)]
        lines.append(EffortPageRow(row.label, fte, spent, _cells(fte), _cells(spent)))
    return lines
