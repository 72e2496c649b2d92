"""The work plan (organisatiefiche) of a network for a school year: the participants' needs and
the themes, each with its goals, realisations and the meetings that serve it."""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.locks import lock_row
from netwerk.meetings.models import Meeting, WorkPlan, WorkPlanTheme
from netwerk.networks.models import Network
from netwerk.networks.permissions import require_manager
from netwerk.timeutil import SchoolYear, utcnow


def find_work_plan(network: Network, school_year: SchoolYear) -> WorkPlan | None:
    """The work plan of a network for a school year, with its themes and their meetings."""
    return db.session.scalar(
        select(WorkPlan)
        .where(WorkPlan.network_id == network.id, WorkPlan.school_year == str(school_year))
        .options(selectinload(WorkPlan.themes).selectinload(WorkPlanTheme.meetings))
    )


def _locked_work_plan(network: Network, school_year: SchoolYear) -> WorkPlan | None:
    """The work plan as stored now, read after locking the network: two first saves at once would
    otherwise both find none and both insert (a unique violation, a 500 on PostgreSQL)."""
    lock_row(Network, network.id)
    return find_work_plan(network, school_year)


def _new_work_plan(actor: User, network: Network, school_year: SchoolYear, needs: str) -> WorkPlan:
    """Add a network's work plan for a school year (the network is locked)."""
    plan = WorkPlan(network_id=network.id, school_year=str(school_year), needs=needs)
    db.session.add(plan)
    db.session.flush()
    log_change(
        actor, "work_plan.created", plan, network_id=network.id, school_year=plan.school_year
    )
    return plan


def ensure_work_plan(actor: User, network: Network, school_year: SchoolYear) -> WorkPlan:
    """The work plan of a network for a school year, added (without needs) when there is none."""
    require_manager(actor, network)
    plan = _locked_work_plan(network, school_year)
    return plan or _new_work_plan(actor, network, school_year, "")


def save_work_plan(actor: User, network: Network, school_year: SchoolYear, needs: str) -> WorkPlan:
    """Create or update the needs of a network's work plan for a school year."""
    require_manager(actor, network)
    needs = (needs or "").strip()
    plan = _locked_work_plan(network, school_year)
    if plan is None:
        return _new_work_plan(actor, network, school_year, needs)
    plan.needs = needs
    db.session.flush()
    log_change(
        actor, "work_plan.changed", plan, network_id=network.id, school_year=plan.school_year
    )
    return plan


def meetings_in_year(network: Network, school_year: SchoolYear) -> list[Meeting]:
    """The meetings of a network in a school year, by date."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.network_id == network.id,
                Meeting.starts_at >= datetime.combine(school_year.starts_on, datetime.min.time()),
                Meeting.starts_at
                < datetime.combine(school_year.ends_on + timedelta(days=1), datetime.min.time()),
            )
            .order_by(Meeting.starts_at)
        )
    )


def _theme_meetings(plan: WorkPlan, meeting_ids) -> list[Meeting]:
    """The meetings of the given ids, by date; DomainError when one is not of the plan's network."""
    ids = set(meeting_ids or ())
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.id.in_(ids)))) if ids else []
    if len(meetings) != len(ids) or any(m.network_id != plan.network_id for m in meetings):
        raise DomainError(_("Die bijeenkomsten horen niet bij dit netwerk."))
    return sorted(meetings, key=lambda m: m.starts_at)


def _check_title_free(plan: WorkPlan, title: str, theme: WorkPlanTheme | None) -> None:
    """A work plan has one theme of each title (the plan is locked, so this sees every save)."""
    clash = db.session.scalar(
        select(WorkPlanTheme.id).where(
            WorkPlanTheme.work_plan_id == plan.id, WorkPlanTheme.title == title
        )
    )
    if clash is not None and (theme is None or clash != theme.id):
        raise DomainError(
            _("Dit werkplan heeft al een thema met de titel '%(title)s'.", title=title),
            status_code=409,
            code="conflict",
        )


def save_theme(
    actor: User,
    plan: WorkPlan,
    *,
    title: str,
    goals: str = "",
    realisations: str = "",
    meeting_ids=(),
    theme: WorkPlanTheme | None = None,
) -> WorkPlanTheme:
    """Add a theme to a work plan or change one, with the meetings that serve it."""
    require_manager(actor, plan.network)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Geef het thema een titel."))
    if len(title) > 200:
        raise DomainError(_("De titel is te lang."))
    meetings = _theme_meetings(plan, meeting_ids)
    # Two saves of the same new theme at once (a double tap) must not add it twice.
    lock_row(WorkPlan, plan.id)
    _check_title_free(plan, title, theme)
    action = "work_plan_theme.changed"
    if theme is None:
        theme = WorkPlanTheme(work_plan=plan, title=title)
        db.session.add(theme)
        action = "work_plan_theme.created"
    elif theme.work_plan_id != plan.id:
        raise DomainError(_("Dit thema hoort niet bij dit werkplan."), status_code=404)
    theme.title = title
    theme.goals = (goals or "").strip()
    theme.realisations = (realisations or "").strip()
    theme.meetings = meetings
    plan.updated_at = utcnow()
    db.session.flush()
    log_change(actor, action, theme, work_plan_id=plan.id, meetings=len(meetings))
    return theme


def delete_theme(actor: User, theme: WorkPlanTheme) -> None:
    """Remove a theme from its work plan."""
    require_manager(actor, theme.work_plan.network)
    theme_id, work_plan_id = theme.id, theme.work_plan_id
    db.session.delete(theme)
    db.session.flush()
    log_change(
        actor, "work_plan_theme.deleted", theme, object_id=theme_id, work_plan_id=work_plan_id
    )
