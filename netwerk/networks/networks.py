"""Networks: the rules for creating and changing one, and the one list behind page and API."""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.capacity import accepted_count, lock_network
from netwerk.networks.common import add_new, clean, require_admin
from netwerk.networks.life import check_life
from netwerk.networks.models import Network, NetworkType, Programme
from netwerk.networks.parents import check_parent, current_parent_id, parents_on, record_parent
from netwerk.networks.periods import last_dated_change, record_anchors, record_profile
from netwerk.networks.registrations import promote_from_waiting_list
from netwerk.schools.models import Organisation, Province, School, SchoolLevel
from netwerk.searchtext import where_matches
from netwerk.timeutil import today

MAX_ANCHORS = 2


@dataclass(frozen=True)
class NetworkFilter:
    """The filters of the networks list, the same on the page and in the API."""

    programme_id: int | None = None
    level: SchoolLevel | None = None
    province: Province | None = None
    q: str | None = None  # a piece of the name or the theme
    parent_id: int | None = None  # the networks under this one today (networks.parents)


def network_list(filters: NetworkFilter) -> Select:
    """The networks that pass the filters, by name, with what the page's list shows of each:
    the programme (in the same statement) and the anchor schools."""
    query = (
        select(Network)
        .options(
            joinedload(Network.programme, innerjoin=True),
            selectinload(Network.anchors),
            selectinload(Network.anchor_organisations),
        )
        .order_by(Network.name, Network.id)
    )
    if filters.programme_id:
        query = query.where(Network.programme_id == filters.programme_id)
    if filters.level is not None:
        query = query.where(Network.level == filters.level)
    if filters.province is not None:
        query = query.where(Network.province == filters.province)
    if filters.parent_id:
        children = parents_on(today()).subquery("children")
        query = query.where(
            Network.id.in_(
                select(children.c.network_id).where(children.c.parent_id == filters.parent_id)
            )
        )
    if filters.q:
        # Every word in name or theme, whatever its case, accents or hyphens; escaped (I4).
        query = query.where(where_matches(Network.search_name, filters.q))
    return query


def with_people_and_calls(query: Select) -> Select:
    """network_list's select with what the API shows besides: the coaches and the calls."""
    return query.options(selectinload(Network.coaches), selectinload(Network.calls))


def schools_by_number(numbers: Sequence[str]) -> list[School]:
    """The schools with these institution numbers; an unknown number is a DomainError."""
    schools = list(db.session.scalars(select(School).where(School.institution_number.in_(numbers))))
    missing = sorted(set(numbers) - {s.institution_number for s in schools})
    if missing:
        raise DomainError(_("Onbekend instellingsnummer: %(n)s.", n=", ".join(missing)))
    return schools


def anchors_by_reference(
    numbers: Sequence[str], organisation_ids: Sequence[int]
) -> list[School | Organisation]:
    """The anchors named by institution number (schools) and by organisation id (any kind);
    an unknown one is a DomainError."""
    found = list(schools_by_number(numbers)) if numbers else []
    if organisation_ids:
        organisations = list(
            db.session.scalars(select(Organisation).where(Organisation.id.in_(organisation_ids)))
        )
        missing = sorted(set(organisation_ids) - {o.id for o in organisations})
        if missing:
            raise DomainError(
                _("Onbekende organisatie: %(ids)s.", ids=", ".join(map(str, missing)))
            )
        found += organisations
    return found


def users_by_email(emails: Sequence[str]) -> list[User]:
    """The users with these e-mail addresses (any case); an unknown address is a DomainError."""
    emails = [e.strip().lower() for e in emails]
    users = list(db.session.scalars(select(User).where(func.lower(User.email).in_(emails))))
    missing = sorted(set(emails) - {u.email.lower() for u in users})
    if missing:
        raise DomainError(_("Onbekende gebruiker: %(e)s.", e=", ".join(missing)))
    return users


class Keep(enum.Enum):
    """NetworkData.parent when the caller leaves the parent as it is."""

    parent = "parent"


@dataclass
class NetworkData:
    """The fields of a network as an admin gives them (on the page or through the API)."""

    name: str
    programme: Programme
    level: SchoolLevel
    anchors: Sequence[School | Organisation]  # 0..2, of any kind
    type: NetworkType = NetworkType.lerend_netwerk
    theme: str = ""
    province: Province | None = None
    region: str = ""
    capacity: int | None = None
    coaches: Sequence[User] = ()
    description: str = ""
    rhythm: str = ""
    is_active: bool = True
    auto_accept: bool = False
    # From when a change of anchors, level or programme holds (None: today), and why when earlier.
    effective_on: date | None = None
    reason: str = ""
    # The network's life (networks.life): None for starts_on keeps the current start (a new
    # network: the programme's first day); None for ends_on: it goes on.
    starts_on: date | None = None
    ends_on: date | None = None
    # The parent network (None: none); Keep.parent leaves it as it is (networks.parents).
    parent: Network | None | Keep = Keep.parent


def network_data_of(network: Network, **changes) -> NetworkData:
    """The network's fields as they are, with these changes (the API's PATCH)."""
    fields = {
        "name": network.name,
        "programme": network.programme,
        "level": network.level,
        "anchors": list(network.anchor_organisations),
        "type": network.type,
        "theme": network.theme,
        "province": network.province,
        "region": network.region,
        "capacity": network.capacity,
        "coaches": list(network.coaches),
        "description": network.description,
        "rhythm": network.rhythm,
        "is_active": network.is_active,
        "auto_accept": network.auto_accept,
        "starts_on": network.starts_on,
        "ends_on": network.ends_on,
    }
    return NetworkData(**{**fields, **changes})


def create_network(actor: User, data: NetworkData) -> Network:
    """Create a network with one or two anchor schools and its coaches."""
    require_admin(actor)
    network = _set_network(Network(), data)
    parent = None if data.parent is Keep.parent else data.parent
    with db.session.no_autoflush:  # reading an expired parent must not flush the new network
        parent_id = parent.id if parent is not None else None
    add_new(actor, network, capacity=network.capacity, parent_id=parent_id, **_life(network))
    if parent_id is not None:
        # Created under its parent: the parent holds from the network's start, as its anchors.
        record_parent(network, parent_id, network.programme.first_day, actor, "", opening=True)
        db.session.flush()
    return network


def _life(network: Network) -> dict:
    """The network's first and last day, as its change log lines give them."""
    ends_on = network.ends_on.isoformat() if network.ends_on else None
    return {"starts_on": network.starts_on.isoformat(), "ends_on": ends_on}


def update_network(actor: User, network: Network, data: NetworkData) -> Network:
    """Change a network; the capacity never drops below the schools already accepted."""
    require_admin(actor)
    lock_network(network.id)
    if data.capacity is not None:
        accepted = accepted_count(network.id)
        if data.capacity < accepted:
            raise DomainError(
                _(
                    "De capaciteit kan niet lager dan %(n)d: zoveel scholen zijn al aanvaard.",
                    n=accepted,
                )
            )
    before = _dated_values(network)
    _set_network(network, data)
    parent_id = current_parent_id(network.id)
    new_parent_id = _parent_id(data.parent, parent_id)
    changed = _dated_values(network) != before or new_parent_id != parent_id
    if changed:
        effective_on = _check_change_day(network, data.effective_on, data.reason)
        reason = clean(data.reason, 500)
        if new_parent_id != parent_id:
            check_parent(network, data.parent, effective_on)  # before anything is written
            record_parent(network, new_parent_id, effective_on, actor, reason)
        _record_dated(actor, network, before, effective_on, reason)
    db.session.flush()
    # A backdated change of anchors, level or programme changes past reports: findable (L6).
    details = (
        {"effective_on": effective_on.isoformat(), "backdated": effective_on < today()}
        if changed
        else {}
    )
    if new_parent_id != parent_id:
        details.update(parent_id=new_parent_id, previous_parent_id=parent_id)
    log_change(
        actor, "network.updated", network, capacity=network.capacity, **_life(network), **details
    )
    # More places (or no limit any more): the waiting list moves up, as when a school leaves.
    promote_from_waiting_list(actor, network, today())
    return network


def _parent_id(parent: Network | None | Keep, current: int | None) -> int | None:
    """The parent's id the change asks for (the current one when it keeps the parent)."""
    if parent is Keep.parent:
        return current
    return parent.id if parent is not None else None


def _dated_values(network: Network) -> tuple:
    """What the network's history keeps by date: its anchors, its level, its programme."""
    programme_id = network.programme.id if network.programme else network.programme_id
    return (frozenset(o.id for o in network.anchor_organisations), network.level, programme_id)


def _record_dated(actor: User, network: Network, before: tuple, effective_on: date, reason: str):
    """Write the history of what changed from effective_on on (anchors, level and programme)."""
    anchors, level, programme_id = _dated_values(network)
    if anchors != before[0]:
        record_anchors(network, set(anchors), effective_on, actor, reason)
    if (level, programme_id) != before[1:]:
        record_profile(network, effective_on, actor, reason)


def _check_change_day(network: Network, effective_on: date | None, reason: str) -> date:
    """The day a change of anchors, level, programme or parent holds from: today by default, never
    in the future, never before the programme's start nor before the network's last such change, and
    with a reason when it lies in the past (as for registration moves, L6)."""
    now = today()
    effective_on = effective_on or now
    if effective_on > now:
        _refuse_day(_("De datum van kracht kan niet in de toekomst liggen."))
    earliest = network.programme.first_day
    if effective_on < earliest:
        _refuse_day(
            _(
                "De datum van kracht kan niet voor %(day)s liggen (de start van het programma).",
                day=earliest.strftime("%d/%m/%Y"),
            )
        )
    previous = last_dated_change(network.id)
    if previous is not None and effective_on < previous:
        _refuse_day(
            _(
                "De datum van kracht kan niet voor de vorige wijziging van ankerscholen, niveau "
                "of programma (%(day)s) liggen.",
                day=previous.strftime("%d/%m/%Y"),
            )
        )
    if effective_on < now and not clean(reason, 500):
        message = _("Geef een reden voor een datum van kracht in het verleden.")
        raise DomainError(message, fields={"reason": [message]})
    return effective_on


def _refuse_day(message: str) -> None:
    """Refuse the day from which the change holds, with the message at its field."""
    raise DomainError(message, fields={"effective_on": [message]})


def check_anchors(anchors: Sequence[School | Organisation]) -> list[Organisation]:
    """At most two distinct anchors of any kind (a school, a scholengemeenschap, an expertise
    centre, ...); none is allowed: the reports list such a network under "zonder anker"."""
    unique = list({a.id: a for a in anchors}.values())
    if len(unique) > MAX_ANCHORS:
        raise DomainError(
            _("Een netwerk heeft hoogstens twee ankerscholen (u gaf er %(n)d).", n=len(unique))
        )
    # A school's organisation row has its id (schools.models).
    return [a.organisation if isinstance(a, School) else a for a in unique]


def _check_coaches(coaches: Sequence[User]) -> list[User]:
    """Distinct users, every one of them with the role coach."""
    unique = list({u.id: u for u in coaches}.values())
    not_coaches = [u.email for u in unique if u.role is not Role.coach]
    if not_coaches:
        raise DomainError(
            _(
                "Enkel gebruikers met de rol procescoach kunnen een netwerk begeleiden: %(emails)s.",
                emails=", ".join(not_coaches),
            )
        )
    return unique


def _set_network(network: Network, data: NetworkData) -> Network:
    name = clean(data.name, 200)
    if not name:
        raise DomainError(_("Geef het netwerk een naam."))
    if data.capacity is not None and data.capacity < 1:
        raise DomainError(_("De capaciteit is minstens 1 school (of leeg voor geen grens)."))
    anchors = check_anchors(data.anchors)
    coaches = _check_coaches(data.coaches)
    starts_on = data.starts_on or network.starts_on or data.programme.first_day
    check_life(starts_on, data.ends_on)
    network.starts_on, network.ends_on = starts_on, data.ends_on
    network.name = name
    network.programme = data.programme
    network.level = data.level
    network.type = data.type
    network.theme = clean(data.theme, 200)
    network.province = data.province
    network.region = clean(data.region, 100)
    network.capacity = data.capacity
    network.description = (data.description or "").strip()
    network.rhythm = clean(data.rhythm, 200)
    network.is_active = data.is_active
    network.auto_accept = data.auto_accept
    network.anchor_organisations = anchors
    network.coaches = coaches
    return network
