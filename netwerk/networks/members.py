"""A network's members that are not registered schools (issue 20): CLBs, local governments,
partners, coordinators, ... each in a role over a span of days (inclusive, NULL = still).

A school taking part is its registration's accepted periods and is never stored a second time
(posting one as `deelnemer` is refused with `use_registration`); an anchor is an anchor period
(networks.periods), set with the network's anchors (`use_anchors`). No two periods of one
organisation in one role overlap in a network: checked with the network's row locked (as the
capacity does), so two requests at once cannot both pass.

A change never rewrites a row: ending a membership supersedes it (recorded_until) and records a
copy that ends on the day, with recorded_at and the actor, so the members as known at a moment
stay exact.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.capacity import lock_network
from netwerk.networks.models import MembershipRole, Network, NetworkMembership
from netwerk.networks.periods import known_moment
from netwerk.networks.permissions import require_manager
from netwerk.schools.models import Organisation, OrganisationKind
from netwerk.timeutil import today, utcnow


@dataclass(frozen=True)
class MemberData:
    """A membership as asked for: the organisation, its role and its days."""

    organisation: Organisation
    role: MembershipRole
    valid_from: date | None = None  # None: today
    valid_until: date | None = None  # None: it goes on


def members(network_id: int) -> list[NetworkMembership]:
    """The network's memberships as known now: the current ones first, then the ended ones,
    newest first, each with its organisation."""
    m = NetworkMembership
    return list(
        db.session.scalars(
            select(m)
            .options(selectinload(m.organisation))
            .where(m.network_id == network_id, m.recorded_until.is_(None))
            .order_by(m.valid_until.is_not(None), m.valid_from.desc(), m.id)
        )
    )


def add_member(actor: User, network: Network, data: MemberData) -> NetworkMembership:
    """Record an organisation in a role from valid_from (default today) on."""
    require_manager(actor, network)
    return record_member(actor, network, data)


def record_member(actor: User, network: Network, data: MemberData) -> NetworkMembership:
    """Record the membership once the caller checked the actor's right (a manager, or the
    organisation's own contact signing up: networks.signup)."""
    _check_role(data)
    valid_from = data.valid_from or today()
    if data.valid_until is not None and data.valid_until < valid_from:
        message = _("De einddatum kan niet voor de begindatum liggen.")
        raise DomainError(message, field="valid_until")
    lock_network(network.id)
    if _overlapping(network.id, data.organisation.id, data.role, valid_from, data.valid_until):
        message = _(
            "%(name)s is in deze periode al %(role)s van dit netwerk.",
            name=data.organisation.name,
            role=data.role.value,
        )
        raise DomainError(message, status_code=409, code="overlap", field="valid_from")
    membership = NetworkMembership(
        network_id=network.id,
        organisation_id=data.organisation.id,
        role=data.role,
        valid_from=valid_from,
        valid_until=data.valid_until,
        recorded_at=utcnow(),
        actor_id=actor.id,
    )
    db.session.add(membership)
    db.session.flush()
    log_change(
        actor,
        "network_membership.created",
        membership,
        network_id=network.id,
        organisation_id=data.organisation.id,
        role=data.role.value,
        valid_from=valid_from.isoformat(),
        valid_until=data.valid_until.isoformat() if data.valid_until else None,
    )
    return membership


def end_member(
    actor: User, network: Network, membership: NetworkMembership, ends_on: date | None = None
) -> NetworkMembership | None:
    """End a membership on ends_on (default today): the row is superseded by a copy that ends
    then; one that would end before it began is withdrawn (None). History is never deleted."""
    require_manager(actor, network)
    return finish_member(actor, network, membership, ends_on)


def finish_member(
    actor: User, network: Network, membership: NetworkMembership, ends_on: date | None = None
) -> NetworkMembership | None:
    """End the membership once the caller checked the actor's right (end_member, signup)."""
    lock_network(network.id)
    db.session.refresh(membership)
    if membership.recorded_until is not None:
        raise DomainError(
            _("Dit lidmaatschap werd intussen gewijzigd."), status_code=409, code="conflict"
        )
    ends_on = ends_on or today()
    if membership.valid_until is not None and membership.valid_until <= ends_on:
        raise DomainError(
            _("Dit lidmaatschap is al beëindigd."), status_code=409, code="already_ended"
        )
    now = utcnow()
    membership.recorded_until = now
    copy = None
    if ends_on >= membership.valid_from:
        copy = NetworkMembership(
            network_id=membership.network_id,
            organisation_id=membership.organisation_id,
            role=membership.role,
            valid_from=membership.valid_from,
            valid_until=ends_on,
            recorded_at=now,
            actor_id=actor.id,
        )
        db.session.add(copy)
    db.session.flush()
    log_change(
        actor,
        "network_membership.ended",
        membership,
        network_id=network.id,
        organisation_id=membership.organisation_id,
        role=membership.role.value,
        ends_on=ends_on.isoformat(),
        withdrawn=copy is None,
    )
    return copy


def _check_role(data: MemberData) -> None:
    """A school taking part registers; an anchor is set with the network's anchors."""
    if data.role is MembershipRole.deelnemer and data.organisation.kind is OrganisationKind.school:
        raise DomainError(
            _("Een school neemt deel via een inschrijving, niet als lid."),
            status_code=409,
            code="use_registration",
            field="organisation_id",
        )
    if data.role is MembershipRole.anker:
        raise DomainError(
            _("Ankers stelt u in bij het netwerk zelf (hoogstens twee)."),
            status_code=409,
            code="use_anchors",
            field="role",
        )


def _overlapping(
    network_id: int,
    organisation_id: int,
    role: MembershipRole,
    valid_from: date,
    valid_until: date | None,
) -> bool:
    """Whether a current period of this organisation in this role shares a day with the span."""
    m = NetworkMembership
    stmt = select(func.count()).where(
        m.network_id == network_id,
        m.organisation_id == organisation_id,
        m.role == role,
        m.recorded_until.is_(None),
        or_(m.valid_until.is_(None), m.valid_until >= valid_from),
    )
    if valid_until is not None:
        stmt = stmt.where(m.valid_from <= valid_until)
    return bool(db.session.scalar(stmt))


def other_members_on(as_of: date, known_at: datetime | None = None) -> Select:
    """(network_id, organisation_id, kind): the organisations that are not schools with a
    membership (any role) of a network on as_of, each once per network; as recorded at known_at
    (naive UTC) or now (None)."""
    m = NetworkMembership
    stmt = (
        select(m.network_id, m.organisation_id, Organisation.kind)
        .distinct()
        .join(Organisation, Organisation.id == m.organisation_id)
        .where(
            Organisation.kind != OrganisationKind.school,
            m.valid_from <= as_of,
            or_(m.valid_until.is_(None), m.valid_until >= as_of),
        )
    )
    if known_at is None:
        return stmt.where(m.recorded_until.is_(None))
    moment = known_moment(known_at)
    return stmt.join(Network, Network.id == m.network_id).where(
        m.recorded_at <= moment, or_(m.recorded_until.is_(None), m.recorded_until > moment)
    )
