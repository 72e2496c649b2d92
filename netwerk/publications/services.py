"""Publishing a report, withdrawing a publication, and which publications a change touches.

A publication stores exactly what GET /api/v1/reports/<report> answered for its parameters at
the moment its data were taken (known_at): the body is computed by the API's own functions
(reports.bodies), so the two never part. Publications are never deleted; an admin may mark one
withdrawn with a reason.
"""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, event, select

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.effort.report import EffortParams
from netwerk.errors import DomainError
from netwerk.events import emit
from netwerk.extensions import db
from netwerk.networks.models import Call, Network, call_network
from netwerk.publications.models import Publication, ReportKind
from netwerk.publications.permissions import require_publisher, require_withdrawer
from netwerk.reports.bodies import report_json
from netwerk.reports.params import (
    SCHOOL_FILTERS,
    ReportFilters,
    ReportParams,
    known_at_utc,
    parse_params,
    resolved_known_at,
)
from netwerk.schools.models import Province, School
from netwerk.timeutil import BRUSSELS, SchoolYear, utcnow

TITLE_MAX = 300
REASON_MAX = 2000


def publications_select() -> Select:
    """Every publication, newest first (withdrawn ones included: they stay listed)."""
    return select(Publication).order_by(Publication.published_at.desc(), Publication.id.desc())


def stored_filters(publication: Publication) -> ReportFilters:
    """The filters a publication was made with, read from its stored parameters.

    Read leniently (no lookups): a programme or call deleted since still names the same id.
    """
    args = publication.parameters or {}

    def number(name: str) -> int | None:
        text = str(args.get(name) or "").strip()
        return int(text) if text.isdigit() else None

    year = str(args.get("school_year") or "").strip()
    chosen = {
        name: enum_cls(args[name]) if args.get(name) else None
        for name, (enum_cls, _message) in SCHOOL_FILTERS.items()
    }
    return ReportFilters(
        programme_id=number("programme_id"),
        call_id=number("call_id"),
        school_year=SchoolYear.parse(year) if year else None,
        **chosen,
    )


def stored_effort_params(publication: Publication) -> EffortParams:
    """The effort parameters a publication was made with, known now (known_at None), read
    leniently (no lookups: a programme deleted since still names the same id)."""
    args = publication.parameters or {}
    programme = str(args.get("programme_id") or "").strip()
    return EffortParams(
        school_year=SchoolYear.parse(args["school_year"]),
        group_by=args.get("group_by") or "anchor_school",
        programme_id=int(programme) if programme.isdigit() else None,
        province=Province(args["province"]) if args.get("province") else None,
    )


def stored_basis(publication: Publication) -> str:
    """The basis a publication was made with ('registered' or 'participating')."""
    return (publication.parameters or {}).get("basis") or "registered"


def _covers_network(filters: ReportFilters, network: Network, calls: list[tuple]) -> bool:
    """The publication's network filters (programme, call, school year) let the network in.

    calls: (call_id, starts_on) of every call that offered the network.
    """
    if filters.programme_id is not None and filters.programme_id != network.programme_id:
        return False
    if filters.call_id is not None and filters.call_id not in {c for c, _s in calls}:
        return False
    if filters.school_year is not None:
        sy = filters.school_year
        return any(sy.starts_on <= starts_on <= sy.ends_on for _c, starts_on in calls)
    return True


def _covers_school(filters: ReportFilters, school: School) -> bool:
    """The publication's school filters (province, umbrella, level) let the school in."""
    return all(
        getattr(filters, name) is None or getattr(filters, name) == getattr(school, name)
        for name in SCHOOL_FILTERS
    )


def publications_covering(
    network: Network, school: School, effective_on: date
) -> list[Publication]:
    """The publications (not withdrawn) whose figures a change of this school's registration in
    this network, taking effect on effective_on, may alter: peildatum on or after effective_on,
    filters that cover the network and the school. Oldest first.

    Whether the change really alters a figure (the school's state on the peildatum before and
    after) is for the caller to tell; stored_basis says which state the publication counts.
    """
    candidates = db.session.scalars(
        select(Publication)
        .where(
            Publication.withdrawn_at.is_(None),
            Publication.as_of >= effective_on,
            # Effort figures count no registrations: no move changes them.
            Publication.report != ReportKind.effort,
        )
        .order_by(Publication.id)
    ).all()
    if not candidates:
        return []
    calls = db.session.execute(
        select(call_network.c.call_id, Call.starts_on)
        .join(Call, Call.id == call_network.c.call_id)
        .where(call_network.c.network_id == network.id)
    ).all()
    found = []
    for publication in candidates:
        filters = stored_filters(publication)
        if _covers_network(filters, network, calls) and _covers_school(filters, school):
            found.append(publication)
    return found


def clean_title(title: str | None) -> str:
    """The title as stored: trimmed, required, at most TITLE_MAX characters."""
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(
            _("Geef de publicatie een titel, bv. 'Schriftelijke vraag nr. 123'."), field="title"
        )
    if len(title) > TITLE_MAX:
        raise DomainError(
            _("De titel is te lang (hoogstens %(n)d tekens).", n=TITLE_MAX), field="title"
        )
    return title


def check_report(report: str | None) -> ReportKind:
    """The report to publish: participation, reach or effort; DomainError 400 otherwise."""
    try:
        return ReportKind(report)
    except ValueError:
        raise DomainError(
            _(
                "Onbekend rapport: kies 'participation' (deelname), 'reach' (bereik) of "
                "'effort' (inzet)."
            ),
            status_code=400,
            code="invalid_report",
            field="report",
        ) from None


def report_params(report: str, args: Mapping) -> ReportParams | EffortParams:
    """The parameters of the report to publish, from a query string or the API's parameters
    (effort: EffortParams, the others: ReportParams); DomainError 400 otherwise."""
    if check_report(report) is ReportKind.effort:
        return EffortParams.parse(args)
    return parse_params(args)


def publish(
    actor: User, report: str, title: str, params: ReportParams | EffortParams
) -> Publication:
    """Store the report as it stands: its parameters with the moment resolved (known_at, now
    when none was asked) and exactly the API's body for them at that moment."""
    require_publisher(actor)
    kind = check_report(report)
    title = clean_title(title)
    # One moment for the query, the echo and the stored row: asked again with these parameters
    # the report answers the same body.
    params = replace(params, known_at=resolved_known_at(params))
    body = report_json(actor, kind.value, params)
    # The effort report has no peildatum of its own: the day of its stand van de gegevens.
    as_of = params.known_at.astimezone(BRUSSELS).date() if kind is ReportKind.effort else None
    publication = Publication(
        report=kind,
        title=title,
        parameters=params.query_args(),
        as_of=as_of or params.as_of,
        known_at=known_at_utc(params),
        body=body,
        source=body["source"],
        published_by_id=actor.id,
    )
    db.session.add(publication)
    db.session.flush()
    log_change(
        actor,
        "publication.created",
        publication,
        report=kind,
        as_of=publication.as_of.isoformat(),
        known_at=publication.known_at.isoformat(),
    )
    emit("publication.created", publication)
    return publication


def withdraw(actor: User, publication: Publication, reason: str) -> Publication:
    """Mark a publication withdrawn ("ingetrokken") with a reason; it stays, and stays listed."""
    require_withdrawer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Geef een reden waarom de publicatie wordt ingetrokken."), field="reason"
        )
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("De reden is te lang (hoogstens %(n)d tekens).", n=REASON_MAX), field="reason"
        )
    if publication.is_withdrawn:
        raise DomainError(_("Deze publicatie is al ingetrokken."), status_code=409, code="conflict")
    publication.withdrawn_at = utcnow()
    publication.withdrawn_by_id = actor.id
    publication.withdrawal_reason = reason
    db.session.flush()
    log_change(actor, "publication.withdrawn", publication)
    return publication


@event.listens_for(Publication, "before_delete")
def _never_delete(_mapper, _connection, target: Publication) -> None:
    """A publication is never deleted: its figures were given to someone and must stay findable."""
    raise DomainError(
        _("Een publicatie wordt nooit verwijderd; een beheerder kan ze intrekken."),
        status_code=409,
        code="conflict",
    )


REPORTS = tuple(kind.value for kind in ReportKind)
