"""A contact of an organisation that is not a school signs it up for a network (issue 20).

A school registers (registrations); another kind takes part as a MEMBERSHIP in role `deelnemer`,
never as a registration. Where an open call offering the network allows the organisation's kind,
the contact (role `school`, linked to the organisation) records the membership from the call's
start, with recorded_at and the actor. There is no acceptance step: the membership holds at once,
the network's coach (or an admin) may end it, and the contact may end it too (a withdrawal).
"""

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.auth.models import Role, User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import members
from netwerk.networks.calls import check_kind_allowed, open_call_for
from netwerk.networks.models import MembershipRole, Network, NetworkMembership
from netwerk.schools.models import Organisation, OrganisationKind
from netwerk.timeutil import today


def own_organisations(user: User) -> list[Organisation]:
    """The organisations other than schools a contact acts for (schools register)."""
    if user.role is not Role.school:
        return []
    return [o for o in user.organisations if o.kind is not OrganisationKind.school]


def signable(user: User, network: Network) -> list[Organisation]:
    """The contact's organisations that may sign up for this network today."""
    call = open_call_for(network, today())
    if call is None:
        return []
    return [o for o in own_organisations(user) if call.allows(o.kind)]


def sign_up(actor: User, network: Network, organisation: Organisation) -> NetworkMembership:
    """Record the organisation as deelnemer from the call's start (today if it started)."""
    if organisation not in own_organisations(actor):
        raise DomainError(_("U kunt enkel uw eigen organisatie inschrijven."), status_code=403)
    call = open_call_for(network, today())
    if call is None:
        raise DomainError(_("Voor dit netwerk loopt geen open oproep."), status_code=409)
    check_kind_allowed(call, organisation.kind)
    data = members.MemberData(
        organisation=organisation,
        role=MembershipRole.deelnemer,
        valid_from=max(call.starts_on, today()),
    )
    return members.record_member(actor, network, data)


def own_memberships(user: User) -> list[NetworkMembership]:
    """The current and coming deelnemer periods of the contact's organisations, as known now."""
    ids = [o.id for o in own_organisations(user)]
    if not ids:
        return []
    m = NetworkMembership
    return list(
        db.session.scalars(
            select(m)
            .where(
                m.organisation_id.in_(ids),
                m.role == MembershipRole.deelnemer,
                m.recorded_until.is_(None),
                (m.valid_until.is_(None)) | (m.valid_until >= today()),
            )
            .order_by(m.valid_from, m.id)
        )
    )


def withdraw(actor: User, membership: NetworkMembership) -> NetworkMembership | None:
    """The contact ends its organisation's participation today (or withdraws one not started)."""
    if membership not in own_memberships(actor):
        raise DomainError(
            _("U kunt enkel de deelname van uw eigen organisatie stoppen."), status_code=403
        )
    return members.finish_member(actor, membership.network, membership, today())
