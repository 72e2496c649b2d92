"""A series of meetings: the dates of a rule (netwerk.meetings.recurrence) minus the school
holidays, previewed and then planned all at once."""

from datetime import date

from flask import current_app
from flask_babel import force_locale

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.events import emit
from netwerk.extensions import db
from netwerk.meetings.meetings import MeetingData, check_may_impose, validate_meeting
from netwerk.meetings.models import Meeting, MeetingSeries, MeetingStatus
from netwerk.meetings.recurrence import SeriesPlan, SeriesRule, plan_series
from netwerk.networks.life import MEETING, refuse_after_end
from netwerk.networks.models import Network
from netwerk.networks.permissions import require_manager


def holidays() -> list[tuple[date, date]]:
    """The school holidays from the configuration."""
    return list(current_app.config.get("SCHOOL_HOLIDAYS") or [])


def preview_series(rule: SeriesRule) -> SeriesPlan:
    """The dates a rule would give, holidays skipped; DomainError for impossible rules."""
    return plan_series(rule, holidays(), current_app.config.get("SERIES_MAX_MEETINGS", 60))


def create_series(
    actor: User, network: Network, rule: SeriesRule, template: MeetingData
) -> MeetingSeries:
    """Plan every meeting of a rule at once (all or nothing)."""
    require_manager(actor, network)
    plan = preview_series(rule)
    template.status = MeetingStatus.planned
    template.status_reason = ""
    template.starts_at = plan.starts[0]
    validate_meeting(network, template)
    # The last meeting is the latest: when it falls within the network's life, all of them do.
    refuse_after_end(network, plan.starts[-1].date(), MEETING)
    check_may_impose(actor, template)
    # Stored text is data that everyone reads later: always Dutch, whatever the actor's language.
    with force_locale("nl"):
        described = rule.describe()[:200]
    series = MeetingSeries(network_id=network.id, rule=described, created_by_id=actor.id)
    db.session.add(series)
    meetings = []
    for start in plan.starts:
        meeting = template.fill(Meeting(network=network, series=series))
        meeting.starts_at = start
        db.session.add(meeting)
        meetings.append(meeting)
    db.session.flush()
    log_change(
        actor, "meeting_series.created", series, network_id=network.id, meetings=len(meetings)
    )
    for meeting in meetings:
        log_change(actor, "meeting.created", meeting, network_id=network.id, series_id=series.id)
        emit("meeting.created", meeting)
    return series
