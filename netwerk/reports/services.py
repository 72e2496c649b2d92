"""The effort report (moving to the effort feature); the other reports have their own modules.

participation (per anchor school), school_lists (the schools behind a count), reach and trends
each hold their report; params holds what a report is asked, permissions who reads reports.

Effort: effort_report wraps the effort feature's effort_rollup (its sums and attribution rules,
never re-implemented here) for one school year; its peildatum is the day the figures are taken.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.effort.permissions import coached_network_ids
from netwerk.effort.services import GROUP_BY as EFFORT_GROUP_BY
from netwerk.effort.services import EffortRollup, effort_rollup
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import Programme
from netwerk.reports.params import enum_arg as _enum
from netwerk.reports.params import existing_id_arg as _existing_id
from netwerk.reports.params import source_line
from netwerk.reports.params import text_arg as _text
from netwerk.reports.permissions import require_reader
from netwerk.schools.models import Province
from netwerk.timeutil import SchoolYear, today

# --- effort --------------------------------------------------------------------------------------

ANCHOR_SCHOOL = "anchor_school"


@dataclass(frozen=True)
class EffortParams:
    """School year, grouping and filters of the effort report, validated."""

    school_year: SchoolYear
    group_by: str = ANCHOR_SCHOOL
    programme_id: int | None = None
    province: Province | None = None

    def query_args(self) -> dict[str, str]:
        """The parameters as URL query arguments (for downloads)."""
        args = {"school_year": str(self.school_year), "group_by": self.group_by}
        if self.programme_id is not None:
            args["programme_id"] = str(self.programme_id)
        if self.province is not None:
            args["province"] = self.province.value
        return args


def parse_effort_params(args: Mapping) -> EffortParams:
    """Validate school year, grouping, programme and province; DomainError 400 otherwise.

    Without a school year: the current one.
    """
    raw_year = _text(args, "school_year")
    school_year = SchoolYear.parse(raw_year) if raw_year else SchoolYear.of(today())
    group_by = _text(args, "group_by") or ANCHOR_SCHOOL
    if group_by not in EFFORT_GROUP_BY:
        raise DomainError(
            _(
                "Onbekende groepering: kies 'anchor_school' (ankerschool), 'network' (netwerk), "
                "'programme' (programma) of 'province' (provincie)."
            ),
            status_code=400,
            code="invalid_filter",
        )
    return EffortParams(
        school_year=school_year,
        group_by=group_by,
        programme_id=_existing_id(
            args, "programme_id", Programme, _("Onbekend programma in de filter.")
        ),
        province=_enum(args, "province", Province, _("Onbekende provincie in de filter.")),
    )


def programme_choices() -> list:
    """(id, name) of every programme, for the effort filter form (one statement)."""
    return db.session.execute(select(Programme.id, Programme.name).order_by(Programme.name)).all()


@dataclass
class EffortReport:
    """The effort roll-up of one school year with the report's peildatum and source line."""

    # The day the figures were taken from the app: the roll-up covers the whole school year
    # and has no peildatum of its own.
    as_of: date
    source: str
    params: EffortParams
    rollup: EffortRollup
    # A coach's report holds only the networks the coach runs.
    coach_scope: bool = False


def effort_report(
    actor: User,
    school_year: SchoolYear | str,
    group_by: str = ANCHOR_SCHOOL,
    programme_id: int | None = None,
    province: Province | None = None,
) -> EffortReport:
    """FTE (planned, earmarked, realised) and hours of a school year, from effort_rollup.

    The sums and the attribution rules are effort_rollup's; this only checks the reader and
    scopes a coach to the networks the coach runs (the same filter as the effort page and API).
    """
    coach_id = require_reader(actor)
    year = school_year if isinstance(school_year, SchoolYear) else SchoolYear.parse(school_year)
    filters: dict = {}
    if programme_id is not None:
        filters["programme_id"] = programme_id
    if province is not None:
        filters["province"] = province
    if coach_id is not None:
        filters["network_ids"] = coached_network_ids(actor)
    rollup = effort_rollup(year, group_by, filters)
    now = today()
    return EffortReport(
        as_of=now,
        source=source_line(now),
        params=EffortParams(year, group_by, programme_id, province),
        rollup=rollup,
        coach_scope=coach_id is not None,
    )
