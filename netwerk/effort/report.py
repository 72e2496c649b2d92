"""The effort report: one parameter object and one service behind its three front doors (the
page /inzet/, the same page at /rapporten/inzet, and GET /api/v1/reports/effort).

The figures are effort_rollup's (its sums and attribution rules, never re-implemented here); the
report adds who may read it, a coach's scope, and the day the figures were taken (peildatum).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.effort.permissions import can_view_effort
from netwerk.effort.rollup import GROUP_BY, EffortRollup, effort_rollup
from netwerk.errors import DomainError, NotAllowed, Refusals
from netwerk.extensions import db
from netwerk.formatting import source_line
from netwerk.ids import is_id
from netwerk.networks.models import Programme
from netwerk.networks.permissions import visible_network_ids
from netwerk.schools.models import Province
from netwerk.timeutil import (
    BRUSSELS,
    SchoolYear,
    known_at_text,
    naive_utc,
    parse_known_at,
    today,
)

ANCHOR_SCHOOL = "anchor_school"
# The groupings as the filter form offers them and the tables name them.
GROUP_BY_LABELS = {
    "anchor_school": _l("ankerschool"),
    "network": _l("netwerk"),
    "programme": _l("programma"),
    "province": _l("provincie"),
}


@dataclass(frozen=True)
class EffortParams:
    """School year, grouping and filters of the effort report, validated (see parse)."""

    school_year: SchoolYear
    group_by: str = ANCHOR_SCHOOL
    programme_id: int | None = None
    province: Province | None = None
    # The "stand van de gegevens": aware; None = now (the tables as they stand).
    known_at: datetime | None = None

    @classmethod
    def parse(cls, args: Mapping) -> "EffortParams":
        """From a query string or the API's loaded arguments; DomainError 400 for a bad value.

        Without a school year: the current one.
        """
        refusals = Refusals()  # every wrong value at once, each at its filter
        raw_year = _text(args, "school_year")
        school_year = (
            refusals.take("school_year", SchoolYear.parse, raw_year)
            if raw_year
            else SchoolYear.of(today())
        )
        group_by = refusals.take("group_by", _group_by, _text(args, "group_by"))
        programme_id = refusals.take("programme_id", _programme_id, _text(args, "programme_id"))
        province = refusals.take("province", _province, _text(args, "province"))
        known_at = refusals.take("known_at", _known_at, _text(args, "known_at"))
        refusals.check()
        return cls(
            school_year=school_year,
            group_by=group_by,
            programme_id=programme_id,
            province=province,
            known_at=known_at,
        )

    def query_args(self) -> dict[str, str]:
        """The parameters as URL query arguments (for downloads)."""
        args = {"school_year": str(self.school_year), "group_by": self.group_by}
        if self.programme_id is not None:
            args["programme_id"] = str(self.programme_id)
        if self.province is not None:
            args["province"] = self.province.value
        if self.known_at is not None:
            args["known_at"] = known_at_text(self.known_at)
        return args


def _text(args: Mapping, name: str) -> str:
    value = args.get(name)
    return "" if value is None else str(value).strip()


def _group_by(text: str) -> str:
    """How the report groups its rows: by anchor school unless another grouping is chosen."""
    group_by = text or ANCHOR_SCHOOL
    if group_by not in GROUP_BY:
        raise DomainError(
            _(
                "Onbekende groepering: kies 'anchor_school' (ankerschool), 'network' "
                "(netwerk), 'programme' (programma) of 'province' (provincie)."
            ),
            status_code=400,
            code="invalid_filter",
        )
    return group_by


def _known_at(text: str) -> datetime | None:
    """The stand van de gegevens as the other reports take it (timeutil.parse_known_at)."""
    return parse_known_at(text) if text else None


def _programme_id(text: str) -> int | None:
    """An existing programme's id, or None when none was chosen."""
    if not text:
        return None
    unknown = _("Onbekend programma in de filter.")
    if not is_id(text):
        # Not even a number: say that too.
        unknown += " " + _("Ongeldige waarde voor %(name)s: geef een getal.", name="programme_id")
    elif db.session.get(Programme, int(text)) is not None:
        return int(text)
    raise DomainError(unknown, status_code=400, code="invalid_filter")


def _province(text: str) -> Province | None:
    """A province by its value, or None when none was chosen."""
    if not text:
        return None
    try:
        return Province(text)
    except ValueError:
        raise DomainError(
            _("Onbekende provincie in de filter."), status_code=400, code="invalid_filter"
        ) from None


def school_year_choices(selected: SchoolYear | None = None) -> list[str]:
    """The school years to pick from: five back, the next one, and the chosen one; newest first."""
    current = SchoolYear.of(today()).start_year
    years = {SchoolYear(y) for y in range(current - 5, current + 2)}
    if selected is not None:
        years.add(selected)
    return [str(y) for y in sorted(years, key=lambda y: y.start_year, reverse=True)]


def programme_choices() -> list:
    """(id, name) of every programme, for the filter form (one statement)."""
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
    # The stand van de gegevens (aware): the one asked, else the moment the report was made.
    known_at: datetime | None = None


def effort_report(actor: User, params: EffortParams) -> EffortReport:
    """FTE (planned, earmarked, realised) and hours of a school year, from effort_rollup, as
    known at params.known_at (None: now).

    Refuses a user who may not read effort figures; scopes the others to the networks they may
    see (networks.permissions.visible_network_ids: a coach, the networks the coach runs).
    """
    if not can_view_effort(actor):
        raise NotAllowed(_("Enkel beheerders, het ministerie en procescoaches zien rapporten."))
    filters: dict = {}
    if params.programme_id is not None:
        filters["programme_id"] = params.programme_id
    if params.province is not None:
        filters["province"] = params.province
    visible = visible_network_ids(actor)
    if visible is not None:
        filters["network_ids"] = list(db.session.scalars(visible))
    moment = params.known_at or datetime.now(BRUSSELS)
    # The day the figures were taken: that of the stand van de gegevens.
    day = moment.astimezone(BRUSSELS).date()
    rollup = effort_rollup(params.school_year, params.group_by, filters, naive_utc(params.known_at))
    return EffortReport(
        as_of=day,
        known_at=moment,
        source=source_line(day, moment),
        params=params,
        rollup=rollup,
        coach_scope=visible is not None,
    )
