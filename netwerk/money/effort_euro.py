"""Euro next to FTE: the effort report's planned, earmarked and realised FTE of a school year
per network, each with the euro it stands for at the year's FTE rate, beside the award and the
payments of the network's grants in that school year.

The effort report itself is read as it is (effort.report.effort_report): its figures do not
change. Aggregate first, convert last: the total row converts the summed FTE, never sums
converted rows; every conversion names the rate it used.
"""

from dataclasses import dataclass
from decimal import Decimal

from netwerk.auth.models import User
from netwerk.effort.report import EffortParams, effort_report
from netwerk.money.budgets import Converted, fte_as_euro, rate_for
from netwerk.money.models import FteRate
from netwerk.money.report import FundingParams, funding_report
from netwerk.timeutil import SchoolYear, today

FTE_FIGURES = ("planned_fte", "earmarked_fte", "realised_fte")
ZERO = Decimal("0.00")


@dataclass
class EuroRow:
    """One network (or the total): FTE with their euro, the award now and the payments."""

    label: str
    converted: dict[str, Converted]
    current: Decimal
    paid: Decimal


@dataclass
class EffortInEuro:
    """The school year's rows, the total and the rate used (None: no rate for that year)."""

    school_year: SchoolYear
    rate: FteRate | None
    rows: list[EuroRow]
    total: EuroRow
    source: str


def _funding_by_network(actor: User, year: SchoolYear) -> dict[int, tuple[Decimal, Decimal]]:
    """(award now, paid) per network id in the school year, as of its end (or today)."""
    as_of = min(year.ends_on, max(today(), year.starts_on))
    report = funding_report(actor, FundingParams(as_of=as_of, group_by="network"))
    return {
        int(row.group_key.rsplit("#", 1)[1]): (row.figures["current"], row.figures["paid"])
        for row in report.rows
        if row.period_key == str(year)
    }


def effort_in_euro(actor: User, year: SchoolYear) -> EffortInEuro:
    """The effort report per network of a school year, in FTE and euro, beside the grants."""
    effort = effort_report(actor, EffortParams(school_year=year, group_by="network"))
    rate = rate_for(year)
    funding = _funding_by_network(actor, year)
    rows = []
    for row in effort.rollup.rows:
        current, paid = (
            funding.get(row.id, (ZERO, ZERO)) if isinstance(row.id, int) else (ZERO, ZERO)
        )
        converted = {name: fte_as_euro(getattr(row, name), rate) for name in FTE_FIGURES}
        rows.append(EuroRow(row.label, converted, current, paid))
    total_row = effort.rollup.total
    total = EuroRow(
        total_row.label,
        {name: fte_as_euro(getattr(total_row, name), rate) for name in FTE_FIGURES},
        sum((r.current for r in rows), ZERO),
        sum((r.paid for r in rows), ZERO),
    )
    return EffortInEuro(year, rate, rows, total, effort.source)
