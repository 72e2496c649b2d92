"""Publication exports of random tables: no hidden count follows from the shown figures (M3).

The check reads the published table as an outsider would, by its labels (networks, subtotals,
totals), not through the table's own `sums`: so a total the code forgot to declare fails too.
"""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwerk.reports.params import REGISTERED, ReportFilters
from netwerk.reports.participation import (
    AnchorBlock,
    LevelTotal,
    ParticipationReport,
    ParticipationRow,
)
from netwerk.reports.reach import ReachLine, ReachReport
from netwerk.reports.tables import participation_table, reach_table
from netwerk.schools.models import SchoolLevel

THRESHOLD = 5
P = date(2021, 11, 19)
# Mostly small counts, so that many cells are hidden; now and then a zero or a large one.
COUNTS = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def participation_reports(draw) -> ParticipationReport:
    """A random participation report: levels, anchors, networks (some shared by two anchors)."""
    levels = draw(st.lists(st.sampled_from(list(SchoolLevel)), min_size=1, max_size=3, unique=True))
    totals, all_rows, next_id = {}, [], 1
    for level in levels:
        anchors = [
            AnchorBlock(
                anchor_id=a, anchor_name=f"Anker {a}", anchor_institution_number=str(a), rows=[]
            )
            for a in range(draw(st.integers(1, 4)))
        ]
        counts: dict[int, int] = {}
        for block in anchors:
            for _ in range(draw(st.integers(1, 3))):
                counts[next_id] = draw(COUNTS)
                block.rows.append(_row(block, next_id, level, counts[next_id]))
                next_id += 1
        if len(anchors) > 1 and draw(st.booleans()):
            # A network with two anchors: listed under both with the same count, counted once.
            network = draw(st.sampled_from(anchors[0].rows))
            network.shared = True
            anchors[1].rows.append(_row(anchors[1], network.network_id, level, network.count))
            anchors[1].rows[-1].shared = True
        registrations = sum(counts.values())
        distinct = draw(st.integers(max(counts.values()), max(registrations, max(counts.values()))))
        totals[level] = LevelTotal(registrations, distinct)
        all_rows += [row for block in anchors for row in block.rows]
    # Grouped into sections (per level, per anchor) by the report itself, from these rows.
    return ParticipationReport(P, REGISTERED, ReportFilters(), "bron", all_rows, totals)


def _row(block: AnchorBlock, network_id: int, level: SchoolLevel, count: int) -> ParticipationRow:
    return ParticipationRow(
        block.anchor_id, block.anchor_name, "0", network_id, f"Netwerk {network_id}", level, count
    )


def _shown(value) -> bool:
    return isinstance(value, int)


def _equations(rows: list[list]) -> list[tuple[object, list]]:
    """(total, parts) of every sum an outsider reads in a published participation table."""
    equations, block, networks, level_totals = [], [], {}, []
    for level, anchor, _number, label, count in rows:
        if anchor == "Totaal" and level == "Alle niveaus":
            equations.append((count, [t[label] for t in level_totals]))
        elif anchor == "Totaal":
            # Registrations add up the level's networks; distinct schools are bounded by them.
            equations.append((count, list(networks.values())))
            if label == "inschrijvingen":
                level_totals.append({})
            level_totals[-1][label] = count
            if label == "verschillende scholen":
                block, networks = [], {}
        elif label == "Subtotaal ankerschool":
            equations.append((count, [c for _a, c in block]))
            block = []
        else:
            if block and block[-1][0] != anchor:
                block = []
            block.append((anchor, count))
            networks.setdefault(label.removesuffix(" *"), count)
    return equations


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=participation_reports())
def test_no_hidden_count_follows_from_a_shown_total(app, report):
    """Each sum with a hidden part has its total hidden; shown cells keep their exact value."""
    with app.test_request_context():
        full = participation_table(report)
        published = full.for_publication(THRESHOLD)
    for total, parts in _equations(published.rows):
        hidden = [p for p in parts if not _shown(p)]
        assert not hidden or not _shown(total), (total, parts)
    for original, shown in zip(full.rows, published.rows, strict=True):
        count = original[4]
        if count == 0 or count >= THRESHOLD:
            assert shown[4] in (count, "x")
        else:
            assert shown[4] == "< 5"


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(years=st.lists(COUNTS, min_size=1, max_size=5), extra=st.integers(0, 20))
def test_reach_cumulative_hides_with_a_hidden_year(app, years, extra):
    """Cumulative reach is bounded by the years: hidden with any hidden year, percentage too."""
    population = sum(years) + extra + 1
    lines = [ReachLine(str(i), None, P, n, population) for i, n in enumerate(years)]
    cumulative = ReachLine("cumulatief", None, P, min(sum(years), max(years) + extra), population)
    report = ReachReport(P, REGISTERED, ReportFilters(), "bron", population, lines, cumulative)
    with app.test_request_context():
        published = reach_table(report).for_publication(THRESHOLD)
    *year_rows, last = published.rows
    if any(not _shown(row[3]) for row in year_rows):
        assert not _shown(last[3]) and last[5] is None
    for row in published.rows:
        assert _shown(row[3]) or row[5] is None
