"""The participation page's anchor blocks written in Python: a <details> per anchor school of a
level, with a row per network and a subtotal (templates/reports/_participation_table.html).

At Flanders scale a level holds a thousand anchors and two thousand rows; written by a template
loop every cell costs an escape, a filter and a lookup, most of the page's time. Here each row is
one format string, and each network's escaped name and each count's text is made once. The texts
(translated, with their placeholders) come from the template, which makes them once per page.
"""

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from netwerk.formatting import format_number
from netwerk.reports.participation import AnchorBlock


@dataclass(frozen=True)
class BlockTexts:
    """The translated pieces of a level's blocks, made once by the template.

    summaries[one school][one network]: plain text with %(anchor)s, %(count)s and %(n)s;
    count_texts[one school]: plain text with %(n)s and %(network)s (the link's label), or empty
    without links; subtotal: Markup with %(anchor)s; ended: Markup with %(day)s; others: the
    other members' text per network id.
    """

    thead: Markup
    level_label: str
    level_arg: str
    summaries: list
    shared_mark: Markup
    subtotal: Markup
    ended: Markup
    prefix: str
    count_texts: list
    # The members that are not schools per network ('2 CLB, 1 lokaal bestuur'), already written.
    others: dict = field(default_factory=dict)


def anchor_blocks(blocks: list[AnchorBlock], **texts) -> Markup:
    """The <details> of every anchor block of one level, as one Markup (a template global:
    texts are BlockTexts' fields)."""
    return write_blocks(blocks, BlockTexts(**texts))


def write_blocks(blocks: list[AnchorBlock], texts: BlockTexts) -> Markup:
    """anchor_blocks with its texts gathered."""
    numbers: dict[int, str] = {}
    names: dict[int, str] = {}
    level_label = escape(texts.level_label)
    level_arg = escape(texts.level_arg)
    # The plain texts escaped once, then filled in with escaped values (a count is digits).
    summaries = [[str(escape(text)) for text in pair] for pair in texts.summaries]
    count_texts = [str(escape(text)) for text in texts.count_texts]
    out = []
    for block in blocks:
        rows = block.rows
        count, n = block.subtotal, len(rows)
        anchor = escape(block.anchor_name)
        summary = summaries[count == 1][n == 1] % {
            "anchor": anchor,
            "count": _number(numbers, count),
            "n": n,
        }
        out.append(
            f'\n<details class="anchor-block"><summary>{summary}</summary>\n'
            f'<table class="table table-sm table-numbers report-table anchor-networks" '
            f'aria-label="{anchor} ({level_label})">{texts.thead}<tbody>'
        )
        for row in rows:
            name = names.get(row.network_id)
            if name is None:
                name = names[row.network_id] = escape(row.network_name)
            out.append(
                f'\n<tr><th scope="row">{anchor}</th><td>{name}'
                f"{texts.shared_mark if row.shared else ''}{_others(texts, row.network_id)}"
                f"{_ended(texts, row.ended_on)}</td>"
                f"{_count_cell(texts.prefix, count_texts, level_arg, row, name, numbers)}</tr>"
            )
        if n > 1:
            out.append(
                f'\n<tr class="subtotal"><th scope="row" colspan="2">'
                f"{texts.subtotal % {'anchor': anchor}}</th>"
                f'<td class="num">{_number(numbers, count)}</td></tr>'
            )
        out.append("\n</tbody></table></details>")
    return Markup("".join(out))  # noqa: S704  (every value above is escaped or our own Markup)


def _number(numbers: dict[int, str], value: int) -> str:
    """A count written out (1.234), once per distinct count."""
    found = numbers.get(value)
    if found is None:
        found = numbers[value] = format_number(value)
    return found


def _others(texts: BlockTexts, network_id: int) -> str:
    """' + 2 CLB, 1 lokaal bestuur' beside a network with members that are not schools."""
    text = texts.others.get(network_id)
    return f' <small class="other-members">+ {escape(text)}</small>' if text else ""


def _ended(texts: BlockTexts, ended_on) -> str:
    """' (beëindigd op 31/08/2025)' beside an ended network's name, else nothing."""
    if ended_on is None:
        return ""
    ended = texts.ended % {"day": ended_on.strftime("%d/%m/%Y")}
    return f' <small class="network-ended">({ended})</small>'


def _count_cell(
    prefix: str, count_texts: list[str], level_arg: str, row, name: str, numbers: dict
) -> str:
    """The count's cell: a link to the list of its schools on the report page (count_texts:
    escaped, filled in with the escaped network name), else the count."""
    number = _number(numbers, row.count)
    if not count_texts:
        return f'<td class="num">{number}</td>'
    label = count_texts[row.count == 1] % {"n": row.count, "network": name}
    href = f"{prefix}{row.network_id}{level_arg}"
    return f'<td class="num"><a href="{href}" aria-label="{label}">{number}</a></td>'
