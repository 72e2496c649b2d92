"""Calls for participation (oproepen): kept by admins; a school registers while one is open."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.common import add_new, clean, require_admin
from netwerk.networks.models import Call, Network, Programme, call_network
from netwerk.networks.permissions import can_manage_network
from netwerk.schools.models import OrganisationKind
from netwerk.timeutil import today


def open_call_for(network: Network, day: date) -> Call | None:
    """A call offering this network that is open on this day (the one that closes first)."""
    return db.session.scalar(
        select(Call)
        .join(call_network, call_network.c.call_id == Call.id)
        .where(
            call_network.c.network_id == network.id,
            Call.opens_on <= day,
            Call.closes_on >= day,
        )
        .order_by(Call.closes_on, Call.id)
        .limit(1)
    )


def check_kind_allowed(call: Call, kind: OrganisationKind) -> None:
    """Refuse (409 kind_not_allowed) an organisation of a kind the call leaves out."""
    if not call.allows(kind):
        raise DomainError(
            _("Deze oproep staat geen inschrijving van dit soort organisatie toe."),
            status_code=409,
            code="kind_not_allowed",
            field="organisation_id",
        )


def call_to_register_in(actor: User, network: Network, day: date, reason: str) -> Call | None:
    """The open call a registration belongs to; without one only a manager with a reason goes on."""
    call = open_call_for(network, day)
    if call is not None and not can_manage_network(actor, network):
        check_kind_allowed(call, OrganisationKind.school)
    if call is None:
        if not can_manage_network(actor, network):
            raise DomainError(
                _("Inschrijven kan enkel terwijl een oproep voor dit netwerk openstaat.")
            )
        if not reason:
            raise DomainError(
                _(
                    "Er staat geen oproep voor dit netwerk open: geef een reden voor de inschrijving."
                )
            )
    return call


def open_calls(day: date | None = None) -> list[Call]:
    """Calls open on a day (default today), with their programme; networks load with one query."""
    day = day or today()
    return list(
        db.session.scalars(
            select(Call)
            .where(Call.opens_on <= day, Call.closes_on >= day)
            .options(
                selectinload(Call.programme),
                selectinload(Call.networks).selectinload(Network.anchors),
            )
            .order_by(Call.closes_on, Call.title)
        )
    )


def all_calls() -> list[Call]:
    """Every call, newest first, with its programme and networks (the admin's list)."""
    return list(
        db.session.scalars(
            select(Call)
            .options(selectinload(Call.programme), selectinload(Call.networks))
            .order_by(Call.opens_on.desc(), Call.id.desc())
        )
    )


@dataclass
class CallData:
    """The fields of a call."""

    title: str
    programme: Programme
    opens_on: date
    closes_on: date
    starts_on: date
    networks: Sequence[Network] = ()
    text: str = ""
    # The organisation kinds that may sign up; schools only unless the call says otherwise.
    organisation_kinds: Sequence[OrganisationKind] = (OrganisationKind.school,)


def create_call(actor: User, data: CallData) -> Call:
    """Create a call offering networks of its programme."""
    require_admin(actor)
    call = _set_call(Call(), data)
    return add_new(actor, call, networks=len(call.networks))


def update_call(actor: User, call: Call, data: CallData) -> Call:
    """Change a call."""
    require_admin(actor)
    _set_call(call, data)
    db.session.flush()
    log_change(actor, "call.updated", call, networks=len(call.networks))
    return call


def _check_window(data: CallData) -> None:
    """A call opens before it closes, and its networks never start before it opens."""
    if data.closes_on < data.opens_on:
        raise DomainError(_("De oproep kan niet sluiten voor ze opent."))
    if data.starts_on < data.opens_on:
        raise DomainError(_("De netwerken kunnen niet starten voor de oproep opent."))


def _set_call(call: Call, data: CallData) -> Call:
    title = clean(data.title, 200)
    if not title:
        raise DomainError(_("Geef de oproep een titel."))
    _check_window(data)
    networks = list({n.id: n for n in data.networks}.values())
    foreign = [n.name for n in networks if n.programme_id != data.programme.id]
    if foreign:
        raise DomainError(
            _(
                "Deze netwerken horen niet bij het programma van de oproep: %(names)s.",
                names=", ".join(foreign),
            )
        )
    call.title = title
    call.programme = data.programme
    call.opens_on = data.opens_on
    call.closes_on = data.closes_on
    call.starts_on = data.starts_on
    call.text = (data.text or "").strip()
    if not data.organisation_kinds:
        message = _("Kies minstens één soort organisatie die zich mag inschrijven.")
        raise DomainError(message, field="organisation_kinds")
    chosen = set(data.organisation_kinds)
    call.signup_kinds = ",".join(kind.value for kind in OrganisationKind if kind in chosen)
    call.networks = networks
    return call
