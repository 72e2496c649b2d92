"""The written-answer layout: the participation report as a minister's answer prints it.

Per level one table "Ankerschool | Aantal ingeschreven scholen" that pastes into Word or Excel as
it stands: no network column, no subtotal lines, so that the count column adds up to the total
beneath it. Each network counts once, under its first anchor school (first by name, as the
participation report orders them); a footnote marker (*, **, ...) names the other anchor. An
anchor school with two or more networks shows one row with their sum, and a footnote names the
networks. Counts are exact: suppression belongs to the publication downloads only.

Effort comes along in the answer's words (questions 3 and 4 of seed 000): realised FTE and logged
hours per anchor school, with "ongeveer een halftijdse opdracht" beside the figure.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from netwerk.auth.models import User
from netwerk.effort.report import EffortParams, effort_report
from netwerk.effort.rollup import RollupRow
from netwerk.errors import DomainError
from netwerk.formatting import enum_label, format_number, round_half_up
from netwerk.reports.answer_order import saved_order
from netwerk.reports.params import PARTICIPATING, ReportParams
from netwerk.reports.participation import AnchorBlock, LevelSection, participation_report
from netwerk.schools.models import SchoolLevel
from netwerk.timeutil import SchoolYear

ANSWER = "antwoord"  # ?layout=antwoord
LAYOUTS = ("", ANSWER)
BY_NAME, BY_COUNT, OWN_ORDER = "naam", "aantal", "eigen"
ORDERS = (BY_NAME, BY_COUNT, OWN_ORDER)


@dataclass
class AnswerRow:
    """One anchor school's line: its name, its count and its footnote marker ('' when none)."""

    anchor_id: int
    anchor_name: str
    count: int
    marker: str = ""

    @property
    def label(self) -> str:
        """The name as the answer prints it, with its marker: 'Sint-Jozef Humaniora Brugge**'."""
        return self.anchor_name + self.marker


@dataclass
class Footnote:
    """A marker and what it says."""

    marker: str
    text: str


@dataclass
class AnswerTable:
    """One level's table: rows, the total written as a value, footnotes and the source line."""

    level: SchoolLevel
    caption: str
    count_header: str
    rows: list[AnswerRow]
    total: int
    footnotes: list[Footnote]
    source: str


@dataclass
class EffortLine:
    """One line of the effort table: realised FTE and hours, and the FTE in words."""

    label: str
    fte: Decimal
    hours: Decimal
    words: str


@dataclass
class EffortAnswer:
    """Realised FTE and logged hours per anchor school of one school year, and their total."""

    school_year: str
    lines: list[EffortLine]
    total: EffortLine
    source: str
    notes: list[str] = field(default_factory=list)


@dataclass
class ParticipationAnswer:
    """The whole answer: a table per level and the effort table."""

    params: ReportParams
    order: str
    source: str
    tables: list[AnswerTable]
    effort: EffortAnswer | None

    @property
    def as_of(self):
        return self.params.as_of


def parse_layout(value: str | None) -> str:
    """'' (the participation table) or 'antwoord'; DomainError 400 for anything else."""
    layout = (value or "").strip().lower()
    if layout not in LAYOUTS:
        raise DomainError(
            _("Onbekende weergave: laat ze weg of kies 'antwoord'."),
            status_code=400,
            code="invalid_filter",
        )
    return layout


def parse_order(value: str | None, params: ReportParams) -> str:
    """naam (default), aantal or eigen (only with a programme); DomainError 400 otherwise."""
    order = (value or "").strip().lower() or BY_NAME
    if order not in ORDERS:
        raise DomainError(
            _("Onbekende volgorde: kies 'naam', 'aantal' of 'eigen'."),
            status_code=400,
            code="invalid_filter",
        )
    if order == OWN_ORDER and params.filters.programme_id is None:
        raise DomainError(
            _("De eigen volgorde hoort bij een programma: kies eerst een programma in de filter."),
            status_code=400,
            code="invalid_filter",
        )
    return order


def markers(n: int) -> str:
    """The n-th footnote marker (1-based): *, **, ***, ..."""
    return "*" * n


def fte_in_words(fte: Decimal) -> str:
    """FTE in the answer's words, to the nearest quarter (a half-way value goes up).

    0: geen inzet; below 0,125: minder dan een kwart opdracht; from 0,125: een kwart; from
    0,375: halftijds; from 0,625: driekwart; from 0,875: voltijds; from 1,25 the number of
    full-time jobs to the nearest half ('ongeveer 1,5 voltijdse opdrachten').
    """
    fte = Decimal(fte)
    if fte <= 0:
        return _("geen inzet")
    if fte < Decimal("0.125"):
        return _("minder dan een kwart opdracht")
    if fte < Decimal("0.375"):
        return _("ongeveer een kwart opdracht")
    if fte < Decimal("0.625"):
        return _("ongeveer een halftijdse opdracht")
    if fte < Decimal("0.875"):
        return _("ongeveer een driekwart opdracht")
    if fte < Decimal("1.25"):
        return _("ongeveer een voltijdse opdracht")
    halves = round_half_up(fte * 2, 0) / 2
    shown = format_number(int(halves)) if halves == int(halves) else format_number(halves, 1)
    return _("ongeveer %(n)s voltijdse opdrachten", n=shown)


def _first_anchor(section: LevelSection) -> dict[int, AnchorBlock]:
    """Per network of the level, the anchor school it counts under: the first in the report."""
    first: dict[int, AnchorBlock] = {}
    for block in section.anchors:  # by anchor name, as participation_figures orders them
        for row in block.rows:
            first.setdefault(row.network_id, block)
    return first


def _other_anchors(section: LevelSection, network_id: int, anchor_id: int) -> list[str]:
    """The names of a network's other anchor schools in this level, in the report's order."""
    return [
        block.anchor_name
        for block in section.anchors
        if block.anchor_id != anchor_id and any(r.network_id == network_id for r in block.rows)
    ]


def _anchor_note(section: LevelSection, block: AnchorBlock, counted: list) -> str:
    """What an anchor's footnote says: the networks it sums, the anchors it shares one with."""
    parts = []
    if len(counted) > 1:
        networks = [
            _("%(network)s (%(n)s)", network=r.network_name, n=format_number(r.count))
            for r in counted
        ]
        listed = _("%(list)s en %(last)s", list=", ".join(networks[:-1]), last=networks[-1])
        parts.append(_("som van de netwerken %(list)s", list=listed))
    for row in counted:
        others = _other_anchors(section, row.network_id, block.anchor_id)
        if not others:
            continue
        if len(counted) > 1:
            parts.append(
                _(
                    "%(network)s samen met %(anchors)s",
                    network=row.network_name,
                    anchors=_(" en ").join(others),
                )
            )
        else:
            parts.append(_("samen met %(anchors)s", anchors=_(" en ").join(others)))
    return "; ".join(parts)


def _answer_table(
    section: LevelSection,
    params: ReportParams,
    source: str,
    order: str,
    own: list[int],
    numbered: int,
) -> AnswerTable:
    """One level's table: an anchor's counted networks summed, ordered, with markers.

    The markers run on over the whole answer (numbered: how many the tables before it used),
    so that each stands for one footnote in the document.
    """
    first = _first_anchor(section)
    lines: list[tuple[AnswerRow, str]] = []
    for block in section.anchors:
        counted = [r for r in block.rows if first[r.network_id] is block]
        if not counted:  # its networks all count under another anchor school
            continue
        row = AnswerRow(block.anchor_id, block.anchor_name, sum(r.count for r in counted))
        lines.append((row, _anchor_note(section, block, counted)))
    lines = _ordered(lines, order, own)
    footnotes = []
    for row, note in lines:
        if note:
            row.marker = markers(numbered + len(footnotes) + 1)
            footnotes.append(Footnote(row.marker, note))
    rows = [row for row, _note in lines]
    basis_participating = params.basis == PARTICIPATING
    return AnswerTable(
        level=section.level,
        caption=enum_label(section.level),
        count_header=_("Aantal deelnemende scholen")
        if basis_participating
        else _("Aantal ingeschreven scholen"),
        rows=rows,
        # Each network once, as the rows count them: the column adds up to this total.
        total=section.total.registrations,
        footnotes=footnotes,
        source=source,
    )


def _ordered(lines: list, order: str, own: list[int]) -> list:
    """By name (the report's order), by count (largest first, then name) or the saved order
    (anchor schools not in it follow by name)."""
    if order == BY_COUNT:
        return sorted(lines, key=lambda line: -line[0].count)  # stable: ties stay by name
    if order == OWN_ORDER:
        position = {anchor_id: i for i, anchor_id in enumerate(own)}
        return sorted(lines, key=lambda line: position.get(line[0].anchor_id, len(position)))
    return lines


def _effort_answer(actor: User, params: ReportParams) -> EffortAnswer | None:
    """Realised FTE and hours per anchor school in the school year of the answer (None when
    nothing was deployed or logged)."""
    year = params.filters.school_year or SchoolYear.of(params.as_of)
    report = effort_report(actor, EffortParams(year, programme_id=params.filters.programme_id))
    rollup = report.rollup

    def line(row: RollupRow) -> EffortLine:
        return EffortLine(row.label, row.realised_fte, row.hours, fte_in_words(row.realised_fte))

    lines = [line(row) for row in rollup.rows]
    total = line(rollup.total)
    notes = [
        _(
            "Schooljaar %(year)s: gerealiseerde VTE volgens de personeelsinzet, uren zoals "
            "geregistreerd; een netwerk met twee ankerscholen telt voor elk de helft.",
            year=rollup.school_year,
        )
    ]
    f = params.filters
    if any(v is not None for v in (f.call_id, f.province, f.umbrella, f.level)):
        # The roll-up knows programmes and anchor schools, not the registered schools' filters.
        notes.append(_("De inzet volgt enkel de filters programma en schooljaar."))
    if not lines:
        return None
    if sum(x.fte for x in lines) != total.fte:
        notes.append(
            _("Het totaal is afgerond uit de exacte som en kan daardoor 0,001 VTE afwijken.")
        )
    return EffortAnswer(rollup.school_year, lines, total, report.source, notes)


def participation_answer(actor: User, params: ReportParams, order: str) -> ParticipationAnswer:
    """The participation report of params in the written-answer layout, with effort."""
    report = participation_report(actor, params)
    own = saved_order(params.filters.programme_id) if order == OWN_ORDER else []
    tables: list[AnswerTable] = []
    numbered = 0
    for section in report.sections:
        table = _answer_table(section, params, report.source, order, own, numbered)
        numbered += len(table.footnotes)
        tables.append(table)
    return ParticipationAnswer(
        params=params,
        order=order,
        source=report.source,
        tables=tables,
        effort=_effort_answer(actor, params),
    )
