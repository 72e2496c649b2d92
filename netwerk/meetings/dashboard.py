"""What the lists show: the meetings and networks a user may read, the dashboard's lists and a
network's timeline. Scoped by netwerk.networks.permissions.visible_network_ids, read only."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import joinedload, selectinload

from netwerk.auth.models import Role, User
from netwerk.extensions import db
from netwerk.meetings.meetings import OPEN_STATUSES, now_local
from netwerk.meetings.models import Attendance, Meeting, MeetingStatus, Output
from netwerk.meetings.outputs import werksessies_without_output
from netwerk.networks.models import Network
from netwerk.networks.permissions import visible_network_ids
from netwerk.timeutil import SchoolYear


def meetings_query(
    user: User,
    *,
    network_id: int | None = None,
    starts_from: date | None = None,
    starts_until: date | None = None,
) -> Select:
    """The meetings a user may read, filtered; newest first is up to the caller."""
    query = select(Meeting).options(
        selectinload(Meeting.network), selectinload(Meeting.host_school)
    )
    visible = visible_network_ids(user)
    if visible is not None:
        query = query.where(Meeting.network_id.in_(visible))
    if network_id is not None:
        query = query.where(Meeting.network_id == network_id)
    if starts_from is not None:
        query = query.where(Meeting.starts_at >= datetime.combine(starts_from, datetime.min.time()))
    if starts_until is not None:
        query = query.where(
            Meeting.starts_at
            < datetime.combine(starts_until + timedelta(days=1), datetime.min.time())
        )
    return query


def network_meetings(network: Network) -> Select:
    """The meetings of one network with their host school, newest first."""
    return (
        select(Meeting)
        .where(Meeting.network_id == network.id)
        .options(selectinload(Meeting.host_school))
        .order_by(Meeting.starts_at.desc())
    )


def networks_of(user: User) -> Select:
    """The networks on a user's dashboard, by name."""
    visible = visible_network_ids(user)
    query = select(Network).order_by(Network.name)
    if visible is not None:
        query = query.where(Network.id.in_(visible))
    return query


@dataclass
class Dashboard:
    """What the coach (or admin, or school user) sees first."""

    upcoming: list[Meeting] = field(default_factory=list)
    without_attendance: list[Meeting] = field(default_factory=list)
    without_output: list[Meeting] = field(default_factory=list)
    recent: list[Meeting] = field(default_factory=list)


def dashboard(user: User, *, limit: int = 20) -> Dashboard:
    """Next meetings; for a school user the recent ones, for the others held meetings without
    attendance and werksessies without output."""
    visible = visible_network_ids(user)
    now = now_local()

    def first(query: Select) -> list[Meeting]:
        """The first meetings of a query, in the user's networks, with their network (joined:
        one statement per list, not two)."""
        if visible is not None:
            query = query.where(Meeting.network_id.in_(visible))
        query = query.options(joinedload(Meeting.network, innerjoin=True)).limit(limit)
        return list(db.session.scalars(query))

    board = Dashboard()
    board.upcoming = first(
        select(Meeting)
        .where(Meeting.starts_at >= now, Meeting.status.in_(OPEN_STATUSES))
        .order_by(Meeting.starts_at)
    )
    if user.role is Role.school:
        board.recent = first(
            select(Meeting).where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc())
        )
        return board
    board.without_attendance = first(
        select(Meeting)
        .where(
            Meeting.status == MeetingStatus.held,
            ~exists().where(Attendance.meeting_id == Meeting.id),
        )
        .order_by(Meeting.starts_at.desc())
    )
    board.without_output = first(werksessies_without_output())
    return board


@dataclass
class TimelineYear:
    """One school year of a network's timeline."""

    school_year: SchoolYear
    meetings: list[Meeting] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)


def timeline(network: Network) -> list[TimelineYear]:
    """Meetings and outputs of a network grouped by school year, newest year first."""
    years: dict[SchoolYear, TimelineYear] = {}
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.network_id == network.id).order_by(Meeting.starts_at)
    )
    for meeting in meetings:
        year = SchoolYear.of(meeting.starts_at.date())
        years.setdefault(year, TimelineYear(year)).meetings.append(meeting)
    outputs = db.session.scalars(
        select(Output)
        .where(Output.network_id == network.id)
        .options(selectinload(Output.meeting))
        .order_by(Output.created_at)
    )
    for output in outputs:
        when = output.meeting.starts_at if output.meeting else output.created_at
        year = SchoolYear.of(when.date())
        years.setdefault(year, TimelineYear(year)).outputs.append(output)
    return [years[y] for y in sorted(years, reverse=True)]
