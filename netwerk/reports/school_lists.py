"""The schools behind a count of the participation report.

Names for admins and the network's coaches, pseudonymous codes for the ministry. The same few
statements (a coach's check of the network, the total, one page) whatever the size of the data.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, case, func, select

from netwerk.auth.models import Role, User
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.networks.permissions import is_network_coach
from netwerk.reports.params import ListParams, ReportFilters, known_at_utc, report_header
from netwerk.reports.permissions import require_reader
from netwerk.reports.queries import count_of, filtered_pairs
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella


@dataclass
class ListedSchool:
    """A school behind a count; name fields are None for readers who see codes only."""

    id: int
    public_code: str
    name: str | None
    institution_number: str | None
    municipality: str | None
    province: Province
    umbrella: Umbrella
    level: SchoolLevel
    networks: int
    since: date | None


@dataclass
class ParticipationList:
    """The schools behind one count of the participation report."""

    as_of: date
    basis: str
    filters: ReportFilters
    source: str
    network: Network | None
    level: SchoolLevel | None
    show_names: bool
    items: list[ListedSchool]
    total: int
    page: int = 1
    per_page: int | None = None
    # The "stand van de gegevens": aware, resolved (now when none was asked); after the
    # fields without a default so that older positional constructions keep working.
    known_at: datetime | None = None

    @property
    def pages(self) -> int:
        if not self.per_page:
            return 1
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


# The school's own columns in a listed row (selected and grouped by).
SCHOOL_COLUMNS = (
    School.id,
    School.name,
    School.institution_number,
    School.public_code,
    School.municipality,
    School.province,
    School.umbrella,
    School.level,
)


def schools_behind(pairs_with_since: Select, network_id: int | None, level: SchoolLevel | None):
    """The schools behind one count: one row per school, with its number of networks.

    With a network: the schools of that network, each with all its networks in the report (so
    a reader sees that a school also counts elsewhere).
    """
    p = pairs_with_since.subquery("pairs")
    # The date (accepted since / first attended) is the one in the listed network.
    since = p.c.since if network_id is None else case((p.c.network_id == network_id, p.c.since))
    stmt = (
        select(
            *SCHOOL_COLUMNS,
            func.count(p.c.network_id).label("networks"),
            func.min(since).label("since"),
        )
        .join(p, p.c.school_id == School.id)
        .group_by(*SCHOOL_COLUMNS)
    )
    if network_id is not None:
        p_net = pairs_with_since.subquery("in_network")
        stmt = stmt.where(
            School.id.in_(select(p_net.c.school_id).where(p_net.c.network_id == network_id))
        )
    if level is not None:
        stmt = stmt.where(School.level == level)
    return stmt


def _listed(row, show_names: bool) -> ListedSchool:
    """A row of schools_behind as a ListedSchool, without names for readers who see codes."""
    return ListedSchool(
        id=row.id,
        public_code=row.public_code,
        name=row.name if show_names else None,
        institution_number=row.institution_number if show_names else None,
        municipality=row.municipality if show_names else None,
        province=row.province,
        umbrella=row.umbrella,
        level=row.level,
        networks=row.networks,
        since=row.since.date() if isinstance(row.since, datetime) else row.since,
    )


def participation_list(
    actor: User, params: ListParams, per_page: int | None = None
) -> ParticipationList:
    """The schools behind a count: names for admins and the network's coaches, else codes.

    Without a network: every school counted in the report (with its number of networks), which is
    the list behind a level's "distinct schools". params.page=None returns every row (exports).
    """
    visible = require_reader(actor)
    network, page = params.network, params.page
    # Only a coach's reports are scoped (visible is None for the other readers).
    if network is not None and visible is not None and not is_network_coach(actor, network):
        raise NotAllowed(_("U bent geen procescoach van dit netwerk."))
    # Admins see names; a coach only ever lists schools of networks the coach runs.
    show_names = actor.role in (Role.admin, Role.coach)
    pairs = filtered_pairs(
        params.basis,
        params.as_of,
        params.filters,
        visible,
        with_since=True,
        known_at=known_at_utc(params),
    )
    stmt = schools_behind(pairs, network.id if network else None, params.filters.level)
    order = stmt.selected_columns
    stmt = stmt.order_by(order.name, order.id) if show_names else stmt.order_by(order.public_code)
    total = db.session.scalar(count_of(stmt))
    if page is not None and per_page:
        page = max(1, page)
        stmt = stmt.limit(per_page).offset((page - 1) * per_page)
    return ParticipationList(
        **report_header(params),
        network=network,
        level=params.filters.level,
        show_names=show_names,
        items=[_listed(row, show_names) for row in db.session.execute(stmt)],
        total=total,
        page=page or 1,
        per_page=per_page if page is not None else None,
    )
