"""What a report is asked: one parameter object per report, its parser and its choices.

The three front doors share these: the page form renders the parameters with the choices below,
the API schema loads into the same objects, and the services take them. The parser gives the
Dutch messages (DomainError 400) of pages and API alike.

- ReportParams: peildatum, basis and filters (the participation and reach reports);
- TrendsParams: the same, and months or school years;
- ListParams: the same, and the network and page of the list behind a count.

Two dates on every report: the peildatum (as_of: which changes had taken effect) and the "stand van
de gegevens" (known_at: which changes had been recorded; None = now). A figure as of D known at K
counts only registration changes effective on or before D and recorded at or before K, so a figure
published at K can be rebuilt later whatever was backdated since.

School-year filter (see also the section "Rapporten" of README.md): a network belongs to a school
year when it was offered in a call whose start date (Call.starts_on) falls in that school year;
without a peildatum the report then takes the end of that school year (or today, when the year
is still running).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from netwerk.errors import DomainError, Refusals
from netwerk.extensions import db
from netwerk.formatting import source_line
from netwerk.ids import is_id
from netwerk.networks.models import Call, Network, Programme
from netwerk.schools.models import OrganisationKind, Province, SchoolLevel, Umbrella
from netwerk.timeutil import (  # noqa: F401 (known_at_text and parse_known_at: used from here)
    BRUSSELS,
    SchoolYear,
    known_at_text,
    parse_date,
    parse_known_at,
    today,
)

# Two bases for "a school in a network on date D" (see queries.py).
REGISTERED, PARTICIPATING = "registered", "participating"
BASES = (REGISTERED, PARTICIPATING)
BASIS_CHOICES = (
    (REGISTERED, _l("ingeschreven (aanvaard op de peildatum)")),
    (PARTICIPATING, _l("deelnemend (aanwezig op een gehouden bijeenkomst)")),
)

# The participation report's rows: per anchor school (the ministry's tables), or rolled up to the
# parent network (koepelnetwerk), each school once per parent (reports.parents).
ANCHOR, PARENT = "anchor", "parent"
GROUP_BY_CHOICES = (
    (ANCHOR, _l("per ankerschool")),
    (PARENT, _l("per bovenliggend netwerk")),
)

# The time axis of the trends report.
MONTH, YEAR = "month", "year"
PERIOD_CHOICES = ((MONTH, _l("per maand")), (YEAR, _l("per schooljaar")))

# The filters on the registered school, by parameter: its enum (the form's select and the API's
# allowed values come from it) and the parser's refusal.
SCHOOL_FILTERS = {
    "province": (Province, _l("Onbekende provincie in de filter.")),
    "umbrella": (Umbrella, _l("Onbekend onderwijsnet in de filter.")),
    "level": (SchoolLevel, _l("Onbekend onderwijsniveau in de filter.")),
}


@dataclass(frozen=True)
class ReportFilters:
    """What a report is narrowed to. None means: no restriction."""

    programme_id: int | None = None
    call_id: int | None = None
    # A network belongs to a school year when it was offered in a call that starts in that year.
    school_year: SchoolYear | None = None
    # Of the registered (or attending) school, not of the network or its anchors.
    province: Province | None = None
    umbrella: Umbrella | None = None
    level: SchoolLevel | None = None


@dataclass(frozen=True)
class ReportParams:
    """Peildatum, basis and filters of one report, validated."""

    as_of: date
    basis: str = REGISTERED
    filters: ReportFilters = field(default_factory=ReportFilters)
    # The "stand van de gegevens": aware; None = now (and then the SQL has no extra condition).
    # Keyword-only, so that TrendsParams(as_of, basis, filters, period) keeps its meaning.
    known_at: datetime | None = field(default=None, kw_only=True)
    # The participation report's grouping (ANCHOR or PARENT); the other reports leave it.
    group_by: str = field(default=ANCHOR, kw_only=True)
    # The participation report's filter on the other members (issue 20): one kind that is not
    # a school, None for every kind. The schools count as without it.
    member_kind: OrganisationKind | None = field(default=None, kw_only=True)

    def query_args(self) -> dict[str, str]:
        """The parameters as URL query arguments (for links and downloads)."""
        f = self.filters
        args = {"as_of": self.as_of.isoformat(), "basis": self.basis}
        if self.known_at is not None:
            args["known_at"] = known_at_text(self.known_at)
        if self.group_by != ANCHOR:
            args["group_by"] = self.group_by
        if self.member_kind is not None:
            args["member_kind"] = self.member_kind.value
        optional = {
            "programme_id": f.programme_id,
            "call_id": f.call_id,
            "school_year": f.school_year,
            "province": f.province.value if f.province else None,
            "umbrella": f.umbrella.value if f.umbrella else None,
            "level": f.level.value if f.level else None,
        }
        args.update({k: str(v) for k, v in optional.items() if v is not None})
        return args


@dataclass(frozen=True)
class TrendsParams(ReportParams):
    """The trends report's parameters: those of every report, and the period of its points."""

    period: str = MONTH

    def query_args(self) -> dict[str, str]:
        """The parameters as URL query arguments, the period last."""
        return {**super().query_args(), "period": self.period}


@dataclass(frozen=True)
class ListParams(ReportParams):
    """The list behind a count: the report's parameters, one network or all, one page or all."""

    network: Network | None = None
    # None: every row (the exports).
    page: int | None = 1

    @property
    def report(self) -> ReportParams:
        """The parameters of the report this list belongs to."""
        return ReportParams(self.as_of, self.basis, self.filters, known_at=self.known_at)

    def query_args(self) -> dict[str, str]:
        """The parameters as URL query arguments, with the network (not the page)."""
        args = super().query_args()
        if self.network is not None:
            args["network_id"] = str(self.network.id)
        return args


def text_arg(args: Mapping, name: str) -> str:
    """A query argument as stripped text; "" when it is missing."""
    value = args.get(name)
    return "" if value is None else str(value).strip()


def enum_arg(args: Mapping, name: str, enum_cls, message: str):
    """A query argument as a member of enum_cls, None when empty; DomainError 400 otherwise."""
    text = text_arg(args, name)
    if not text:
        return None
    try:
        return enum_cls(text)
    except ValueError:
        raise DomainError(message, status_code=400, code="invalid_filter") from None


def existing_id_arg(args: Mapping, name: str, model, message: str) -> int | None:
    """A query argument as the id of an existing row, None when empty; DomainError 400 otherwise."""
    text = text_arg(args, name)
    if not text:
        return None
    if not is_id(text) or db.session.get(model, int(text)) is None:
        raise DomainError(message, status_code=400, code="invalid_filter")
    return int(text)


def _filters(args: Mapping, refusals: Refusals) -> ReportFilters:
    """The network and school filters of a query string, the wrong ones kept in refusals."""
    raw_year = text_arg(args, "school_year")
    # The school year first: its message comes before the others' when several are wrong.
    school_year = refusals.take("school_year", SchoolYear.parse, raw_year) if raw_year else None
    programme = _("Onbekend programma in de filter.")
    call = _("Onbekende oproep in de filter.")
    return ReportFilters(
        programme_id=refusals.take(
            "programme_id", existing_id_arg, args, "programme_id", Programme, programme
        ),
        call_id=refusals.take("call_id", existing_id_arg, args, "call_id", Call, call),
        school_year=school_year,
        **{
            name: refusals.take(name, enum_arg, args, name, enum_cls, str(message))
            for name, (enum_cls, message) in SCHOOL_FILTERS.items()
        },
    )


def parse_filters(args: Mapping) -> ReportFilters:
    """The network and school filters of a query string; DomainError 400 otherwise."""
    refusals = Refusals()
    filters = _filters(args, refusals)
    refusals.check()
    return filters


def parse_basis(args: Mapping) -> str:
    """'registered' (default) or 'participating'; DomainError 400 otherwise."""
    basis = text_arg(args, "basis") or REGISTERED
    if basis not in BASES:
        raise DomainError(
            _("Onbekende basis: kies 'registered' (ingeschreven) of 'participating' (deelnemend)."),
            status_code=400,
            code="invalid_filter",
        )
    return basis


def parse_as_of(args: Mapping, school_year: SchoolYear | None) -> date:
    """The peildatum: the one asked (not in the future), else the school year's end, else today."""
    now = today()
    raw = text_arg(args, "as_of")
    if raw:
        as_of = parse_date(raw)
        if as_of > now:
            raise DomainError(
                _(
                    "De peildatum %(day)s ligt in de toekomst: kies vandaag of een eerdere datum.",
                    day=as_of.strftime("%d/%m/%Y"),
                ),
                status_code=400,
                code="future_date",
            )
        return as_of
    if school_year is not None:
        return min(now, school_year.ends_on)
    return now


def known_at_arg(args: Mapping) -> datetime | None:
    """The known_at query argument, None when empty (= now); DomainError 400 otherwise."""
    text = text_arg(args, "known_at")
    return parse_known_at(text) if text else None


def known_at_utc(params: ReportParams) -> datetime | None:
    """params.known_at as naive UTC (as recorded_at is stored), None for now."""
    if params.known_at is None:
        return None
    return params.known_at.astimezone(UTC).replace(tzinfo=None)


def resolved_known_at(params: ReportParams) -> datetime:
    """The moment a report's data stood at, aware: the one asked, or now (for the echo)."""
    return params.known_at if params.known_at is not None else datetime.now(BRUSSELS)


def _params(args: Mapping, refusals: Refusals) -> ReportParams:
    """Peildatum, basis, filters and known_at of a query string, the wrong ones kept in refusals."""
    filters = _filters(args, refusals)
    basis = refusals.take("basis", parse_basis, args)
    as_of = refusals.take("as_of", parse_as_of, args, filters.school_year)
    known_at = refusals.take("known_at", known_at_arg, args)
    return ReportParams(as_of=as_of, basis=basis, filters=filters, known_at=known_at)


def parse_params(args: Mapping) -> ReportParams:
    """Validate peildatum, basis and filters from a query string; DomainError 400 otherwise,
    with every wrong one at its field."""
    refusals = Refusals()
    params = _params(args, refusals)
    refusals.check()
    return params


def parse_group_by(args: Mapping) -> str:
    """'anchor' (default) or 'parent'; DomainError 400 otherwise."""
    group_by = text_arg(args, "group_by") or ANCHOR
    if group_by not in (ANCHOR, PARENT):
        raise DomainError(
            _(
                "Onbekende groepering: kies 'anchor' (per ankerschool) of 'parent' "
                "(per bovenliggend netwerk)."
            ),
            status_code=400,
            code="invalid_filter",
        )
    return group_by


# The kinds the participation report's other members can be narrowed to (schools count apart).
MEMBER_KINDS = tuple(k for k in OrganisationKind if k is not OrganisationKind.school)


def parse_member_kind(args: Mapping) -> OrganisationKind | None:
    """The kind of the other members (member_kind), None when empty; DomainError 400 for an
    unknown kind or a school (schools are counted in the table itself)."""
    text = text_arg(args, "member_kind")
    if not text:
        return None
    kind = next((k for k in MEMBER_KINDS if k.value == text), None)
    if kind is None:
        raise DomainError(
            _("Onbekende soort van andere leden in de filter."),
            status_code=400,
            code="invalid_filter",
        )
    return kind


def parse_participation_params(args: Mapping) -> ReportParams:
    """The report's parameters, the participation report's grouping and its filter on the
    other members' kind; DomainError 400 otherwise (all at once)."""
    refusals = Refusals()
    params = _params(args, refusals)
    group_by = refusals.take("group_by", parse_group_by, args)
    member_kind = refusals.take("member_kind", parse_member_kind, args)
    refusals.check()
    return replace(params, group_by=group_by, member_kind=member_kind)


def parse_period(value: str | None) -> str:
    """'month' (default) or 'year'; DomainError 400 otherwise."""
    value = (value or MONTH).strip()
    if value not in (MONTH, YEAR):
        raise DomainError(
            _("Onbekende periode: kies 'month' (maand) of 'year' (schooljaar)."),
            status_code=400,
            code="invalid_filter",
        )
    return value


def parse_trends_params(args: Mapping) -> TrendsParams:
    """The report's parameters, then the period; DomainError 400 otherwise (all at once)."""
    refusals = Refusals()
    params = _params(args, refusals)
    period = refusals.take("period", parse_period, args.get("period"))
    refusals.check()
    return TrendsParams(
        params.as_of, params.basis, params.filters, period=period, known_at=params.known_at
    )


def load_network(network_id: int | str | None) -> Network | None:
    """The network of a list link; DomainError 404 when it does not exist."""
    if network_id in (None, ""):
        return None
    text = str(network_id).strip()
    network = db.session.get(Network, int(text)) if is_id(text) else None
    if network is None:
        raise DomainError(_("Dit netwerk bestaat niet."), status_code=404, code="not_found")
    return network


def parse_list_params(args: Mapping, network: Network | None) -> ListParams:
    """The report's parameters, the network (loaded by load_network first) and the page."""
    params = parse_params(args)
    page = args.get("page", "1")
    return ListParams(
        params.as_of,
        params.basis,
        params.filters,
        network=network,
        page=int(page) if is_id(page) else 1,
        known_at=params.known_at,
    )


def report_header(params: ReportParams) -> dict:
    """What every report answer starts with: peildatum, stand van de gegevens (resolved), basis,
    filters and the source line."""
    known_at = resolved_known_at(params)
    return {
        "as_of": params.as_of,
        "known_at": known_at,
        "basis": params.basis,
        "filters": params.filters,
        "source": source_line(params.as_of, known_at),
    }


def filter_choices() -> dict:
    """Programmes and calls for the filter form (two statements)."""
    programmes = db.session.execute(
        select(Programme.id, Programme.name).order_by(Programme.name)
    ).all()
    calls = db.session.execute(
        select(Call.id, Call.title, Call.starts_on).order_by(Call.starts_on.desc(), Call.title)
    ).all()
    return {"programmes": programmes, "calls": calls}
