"""Next year's copy ("Naar volgend schooljaar", issue 21 part 4): a programme's networks of one
school year carried into the next, with their calls (dates one school year on), coaches, anchors,
planned FTE and work-plan themes; registrations are not copied (the renewal carries schools).

The preview (plan_next_year) lists exactly what the copy (copy_to_next_year) creates; the copy
recomputes the plan under the programme's lock and refuses (409) when it is not the one the user
saw: a second submit finds its networks already copied, so nothing is created twice.

A copy keeps its network's name: it is told apart by its start (1 September of the new school
year) and its link to the network it continues (previous_network_id), which the renewal follows.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.effort.models import PlannedEffort
from netwerk.effort.staff import save_planned_effort
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.locks import lock_row
from netwerk.meetings.models import WorkPlan, WorkPlanTheme
from netwerk.meetings.workplan import ensure_work_plan, save_theme
from netwerk.networks.calls import CallData, create_call
from netwerk.networks.common import require_admin
from netwerk.networks.models import Call, Network, Programme
from netwerk.networks.networks import create_network, network_data_of
from netwerk.timeutil import SchoolYear


def one_year_on(day: date) -> date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class ThemeCopy:
    """A work-plan theme as the copy's plan for the new school year gets it."""

    title: str
    goals: str
    realisations: str


@dataclass
class NetworkCopy:
    """One network to create: the network it continues and what the copy gets."""

    source: Network
    starts_on: date
    ends_on: date | None
    planned: PlannedEffort | None
    themes: list[ThemeCopy]


@dataclass
class CallCopy:
    """One call to create: its new title and dates, and the copies it offers."""

    source: Call
    title: str
    opens_on: date
    closes_on: date
    starts_on: date
    networks: list[Network]  # the sources: the copy offers their copies


@dataclass
class YearCopyPlan:
    """What "Naar volgend schooljaar" creates for a programme, and what it leaves."""

    programme: Programme
    from_year: SchoolYear
    to_year: SchoolYear
    networks: list[NetworkCopy] = field(default_factory=list)
    calls: list[CallCopy] = field(default_factory=list)
    programme_planned: PlannedEffort | None = None
    already_copied: list[Network] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.networks and not self.calls and self.programme_planned is None

    @property
    def fingerprint(self) -> str:
        """A digest of everything the plan creates: the confirm must match the preview."""
        parts = [str(self.programme.id), str(self.from_year)]
        for n in self.networks:
            parts.append(repr((n.source.id, n.starts_on, n.ends_on, n.themes)))
            parts.append(repr((n.planned.planned_fte, n.planned.earmarked_fte) if n.planned else 0))
            parts.append(repr(([s.id for s in n.source.anchors], [u.id for u in n.source.coaches])))
        for c in self.calls:
            ids = [n.id for n in c.networks]
            parts.append(repr((c.source.id, c.title, c.opens_on, c.closes_on, c.starts_on, ids)))
        if self.programme_planned is not None:
            p = self.programme_planned
            parts.append(repr(("programme", p.planned_fte, p.earmarked_fte)))
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _runs_in(network: Network, year: SchoolYear) -> bool:
    """Whether the network's life overlaps the school year."""
    return network.starts_on <= year.ends_on and (
        network.ends_on is None or network.ends_on >= year.starts_on
    )


def _continued_ids(network_ids: list[int]) -> set[int]:
    """Of these networks, the ones another network already continues."""
    if not network_ids:
        return set()
    return set(
        db.session.scalars(
            select(Network.previous_network_id).where(Network.previous_network_id.in_(network_ids))
        )
    )


def _planned_of(year: SchoolYear, *, network_id=None, programme_id=None) -> PlannedEffort | None:
    """The planned-FTE line of a network, or of the programme itself, for a school year."""
    query = select(PlannedEffort).where(PlannedEffort.school_year == str(year))
    if network_id is not None:
        return db.session.scalar(query.where(PlannedEffort.network_id == network_id))
    return db.session.scalar(
        query.where(PlannedEffort.programme_id == programme_id, PlannedEffort.network_id.is_(None))
    )


def _themes_of(network: Network, year: SchoolYear) -> list[ThemeCopy]:
    """The themes of the network's work plan for the school year (none without a plan)."""
    themes = db.session.scalars(
        select(WorkPlanTheme)
        .join(WorkPlan, WorkPlan.id == WorkPlanTheme.work_plan_id)
        .where(WorkPlan.network_id == network.id, WorkPlan.school_year == str(year))
        .order_by(WorkPlanTheme.id)
    )
    return [ThemeCopy(t.title, t.goals, t.realisations) for t in themes]


def _network_copies(plan: YearCopyPlan) -> None:
    """The programme's active networks of the school year that no network continues yet."""
    running = [
        n
        for n in db.session.scalars(
            select(Network)
            .where(Network.programme_id == plan.programme.id, Network.is_active.is_(True))
            .options(
                selectinload(Network.anchors),
                selectinload(Network.anchor_organisations),
                selectinload(Network.coaches),
            )
            .order_by(Network.name, Network.id)
        )
        if _runs_in(n, plan.from_year)
    ]
    continued = _continued_ids([n.id for n in running])
    for network in running:
        if network.id in continued:
            plan.already_copied.append(network)
            continue
        plan.networks.append(
            NetworkCopy(
                source=network,
                starts_on=plan.to_year.starts_on,
                ends_on=one_year_on(network.ends_on) if network.ends_on else None,
                planned=_planned_of(plan.from_year, network_id=network.id),
                themes=_themes_of(network, plan.from_year),
            )
        )


def _call_copies(plan: YearCopyPlan) -> None:
    """The programme's calls for the school year (by their start) that offer a copied network:
    the same window a year on, offering the copies."""
    copied = {c.source.id for c in plan.networks}
    calls = db.session.scalars(
        select(Call)
        .where(
            Call.programme_id == plan.programme.id,
            Call.starts_on >= plan.from_year.starts_on,
            Call.starts_on <= plan.from_year.ends_on,
        )
        .options(selectinload(Call.networks))
        .order_by(Call.opens_on, Call.id)
    )
    for call in calls:
        offered = [n for n in call.networks if n.id in copied]
        if not offered:
            continue  # its networks were copied before (or none runs on): nothing to offer
        plan.calls.append(
            CallCopy(
                source=call,
                title=call.title.replace(str(plan.from_year), str(plan.to_year)),
                opens_on=one_year_on(call.opens_on),
                closes_on=one_year_on(call.closes_on),
                starts_on=one_year_on(call.starts_on),
                networks=offered,
            )
        )


def plan_next_year(actor: User, programme: Programme, from_year: SchoolYear) -> YearCopyPlan:
    """What copying the programme's school year into the next one would create (writes nothing)."""
    require_admin(actor)
    to_year = SchoolYear(from_year.start_year + 1)
    plan = YearCopyPlan(programme, from_year, to_year)
    _network_copies(plan)
    _call_copies(plan)
    if _planned_of(to_year, programme_id=programme.id) is None:
        plan.programme_planned = _planned_of(from_year, programme_id=programme.id)
    return plan


def _create_network(actor: User, plan: YearCopyPlan, item: NetworkCopy) -> Network:
    """The copy of one network, its planned FTE and its work plan's themes."""
    source = item.source
    # Active (only active networks are copied), under no parent: the copy of a parent network
    # is a network of its own, which a coach links again if the family goes on.
    data = network_data_of(
        source, programme=plan.programme, starts_on=item.starts_on, ends_on=item.ends_on
    )
    copy = create_network(actor, data)
    copy.previous_network_id = source.id
    db.session.flush()
    if item.planned is not None:
        fte = (item.planned.planned_fte, item.planned.earmarked_fte)
        save_planned_effort(actor, plan.to_year, *fte, network=copy)
    if item.themes:
        work_plan = ensure_work_plan(actor, copy, plan.to_year)
        for theme in item.themes:
            save_theme(
                actor,
                work_plan,
                title=theme.title,
                goals=theme.goals,
                realisations=theme.realisations,
            )
    return copy


def copy_to_next_year(
    actor: User, programme: Programme, from_year: SchoolYear, fingerprint: str
) -> YearCopyPlan:
    """Create what the preview listed, all or nothing; 409 when it was copied meanwhile (a second
    submit) or when the plan changed since the preview. Flushes, never commits."""
    require_admin(actor)
    # Two confirms at once: the second waits here, then finds the first one's copies.
    lock_row(Programme, programme.id)
    plan = plan_next_year(actor, programme, from_year)
    if plan.is_empty:
        raise DomainError(
            _(
                "%(programme)s is al naar %(year)s gekopieerd: er is niets meer te kopiëren.",
                programme=programme.name,
                year=str(plan.to_year),
            ),
            status_code=409,
            code="already_copied",
        )
    if plan.fingerprint != fingerprint:
        raise DomainError(
            _(
                "Er is intussen iets gewijzigd aan wat gekopieerd zou worden: bekijk het "
                "voorbeeld opnieuw."
            ),
            status_code=409,
            code="plan_changed",
        )
    copies = {item.source.id: _create_network(actor, plan, item) for item in plan.networks}
    for item in plan.calls:
        create_call(
            actor,
            CallData(
                title=item.title,
                programme=programme,
                opens_on=item.opens_on,
                closes_on=item.closes_on,
                starts_on=item.starts_on,
                networks=[copies[n.id] for n in item.networks],
                text=item.source.text,
            ),
        )
    if plan.programme_planned is not None:
        fte = (plan.programme_planned.planned_fte, plan.programme_planned.earmarked_fte)
        save_planned_effort(actor, plan.to_year, *fte, programme=programme)
    log_change(
        actor,
        "programme.copied_to_next_year",
        programme,
        from_year=str(from_year),
        to_year=str(plan.to_year),
        networks=len(plan.networks),
        calls=len(plan.calls),
    )
    return plan


def planned_fte_total(plan: YearCopyPlan) -> Decimal:
    """The FTE the copy plans in all (networks and the programme itself), for the preview."""
    lines = [n.planned for n in plan.networks if n.planned] + [plan.programme_planned]
    return sum((p.planned_fte for p in lines if p is not None), Decimal("0"))
