"""Programmes, networks, calls and the registration lifecycle: the one place for their rules.

Pages and the JSON API both call these functions. They take the acting user, never read the request,
flush but never commit, and raise DomainError with a Dutch message a user can read.

Capacity under concurrency: every function that may change the number of accepted registrations of
a network (register_school, transition, the promotion from the waiting list) starts by locking the
network row. On PostgreSQL that is SELECT ... FOR UPDATE; on SQLite a no-op UPDATE of the row,
which takes SQLite's write lock at once, so that the count of accepted registrations that follows
is never read by two writers at the same time.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select, update

from netwerk.auth.models import Role, User
from netwerk.auth.services import normalise_email
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.formatting import enum_label
from netwerk.mail import queue_mail
from netwerk.networks.history import accepted_on
from netwerk.networks.models import (
    Call,
    Network,
    NetworkType,
    Programme,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
    call_network,
)
from netwerk.networks.permissions import can_manage_network, is_network_coach, school_ids_of
from netwerk.schools.models import Province, School, SchoolLevel
from netwerk.timeutil import today

S = RegistrationStatus

# The allowed moves of a registration; everything else is refused.
ALLOWED_MOVES: dict[RegistrationStatus, frozenset[RegistrationStatus]] = {
    S.submitted: frozenset({S.accepted, S.waitlisted, S.declined, S.withdrawn}),
    S.waitlisted: frozenset({S.accepted, S.withdrawn, S.declined}),
    S.accepted: frozenset({S.withdrawn}),
    S.declined: frozenset(),
    S.withdrawn: frozenset(),
}
# Moves the coaches of the network (and admins) decide on; a withdrawal belongs to the school.
COACH_MOVES = frozenset({S.accepted, S.waitlisted, S.declined})
SCHOOL_MOVES = frozenset({S.withdrawn})

REASON_PROMOTED = "automatisch van de wachtlijst"
MAX_ANCHORS = 2


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _require_admin(actor: User) -> None:
    if actor.role is not Role.admin:
        raise NotAllowed(_("Enkel beheerders kunnen dit doen."))


def _clean(text: str | None, limit: int) -> str:
    return (text or "").strip()[:limit]


def _lock_network(network_id: int) -> None:
    """Serialise everything that counts and changes the accepted registrations of one network."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Network.id).where(Network.id == network_id).with_for_update())
    else:
        # SQLite has no row locks; a write takes the database's write lock until commit.
        db.session.execute(
            update(Network).where(Network.id == network_id).values(id=Network.id),
            execution_options={"synchronize_session": False},
        )


def accepted_count(network_id: int) -> int:
    """The number of registrations of a network that are accepted now (one SQL count)."""
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.network_id == network_id, Registration.status == S.accepted
        )
    )


def places_left(network: Network) -> int | None:
    """Places left in a network now; None when it has no capacity (no limit)."""
    if network.capacity is None:
        return None
    return max(network.capacity - accepted_count(network.id), 0)


def places_left_by_network(network_ids: Iterable[int]) -> dict[int, int | None]:
    """Places left for many networks in one query (for lists); None means no limit."""
    ids = list(network_ids)
    if not ids:
        return {}
    accepted = (
        select(Registration.network_id, func.count(Registration.id).label("n"))
        .where(Registration.status == S.accepted, Registration.network_id.in_(ids))
        .group_by(Registration.network_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Network.id, Network.capacity, func.coalesce(accepted.c.n, 0))
        .outerjoin(accepted, accepted.c.network_id == Network.id)
        .where(Network.id.in_(ids))
    )
    return {nid: (None if capacity is None else max(capacity - n, 0)) for nid, capacity, n in rows}


def accepted_registrations_on(network_id: int, as_of: date) -> list[Registration]:
    """The registrations of a network that had status accepted on a date, from their history."""
    accepted = accepted_on(as_of).subquery("accepted_on")
    return list(
        db.session.scalars(
            select(Registration)
            .join(accepted, accepted.c.registration_id == Registration.id)
            .where(Registration.network_id == network_id)
            .order_by(Registration.id)
        )
    )


def waiting_list(network_id: int) -> list[Registration]:
    """The waiting list of a network in order: first come, first served."""
    return list(db.session.scalars(_waiting_list_select(network_id)))


def _waiting_list_select(network_id: int) -> Select:
    return (
        select(Registration)
        .where(Registration.network_id == network_id, Registration.status == S.waitlisted)
        .order_by(Registration.created_at, Registration.id)
    )


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


def open_calls(day: date | None = None) -> list[Call]:
    """Calls open on a day (default today), with their programme; networks load with one query."""
    from sqlalchemy.orm import selectinload

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


# --------------------------------------------------------------------------------------------
# Programmes, networks, calls (admin)
# --------------------------------------------------------------------------------------------


def create_programme(actor: User, name: str, description: str = "") -> Programme:
    """Create a programme; its name is unique."""
    _require_admin(actor)
    programme = Programme()
    _set_programme(programme, name, description)
    db.session.add(programme)
    db.session.flush()
    return programme


def update_programme(
    actor: User, programme: Programme, name: str, description: str = "", is_active: bool = True
) -> Programme:
    """Change a programme's name, description or active flag."""
    _require_admin(actor)
    _set_programme(programme, name, description)
    programme.is_active = is_active
    db.session.flush()
    return programme


def _set_programme(programme: Programme, name: str, description: str) -> None:
    name = _clean(name, 200)
    if not name:
        raise DomainError(_("Geef het programma een naam."))
    clash = db.session.scalar(
        select(Programme.id).where(
            # SQLite's lower() (and PostgreSQL's under the C locale) folds only ASCII: compare the
            # exact name too, so a duplicate is refused here and never by the unique constraint.
            or_(Programme.name == name, func.lower(Programme.name) == name.lower())
        )
    )
    if clash is not None and clash != programme.id:
        raise DomainError(_("Er bestaat al een programma met de naam '%(name)s'.", name=name))
    programme.name = name
    programme.description = (description or "").strip()


@dataclass
class NetworkData:
    """The fields of a network as an admin gives them (on the page or through the API)."""

    name: str
    programme: Programme
    level: SchoolLevel
    anchors: Sequence[School]
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


def create_network(actor: User, data: NetworkData) -> Network:
    """Create a network with one or two anchor schools and its coaches."""
    _require_admin(actor)
    network = Network()
    _set_network(network, data)
    db.session.add(network)
    db.session.flush()
    return network


def update_network(actor: User, network: Network, data: NetworkData) -> Network:
    """Change a network; the capacity never drops below the schools already accepted."""
    _require_admin(actor)
    _lock_network(network.id)
    if data.capacity is not None:
        accepted = accepted_count(network.id)
        if data.capacity < accepted:
            raise DomainError(
                _(
                    "De capaciteit kan niet lager dan %(n)d: zoveel scholen zijn al aanvaard.",
                    n=accepted,
                )
            )
    _set_network(network, data)
    db.session.flush()
    # More places (or no limit any more): the waiting list moves up, as when a school leaves.
    _promote_from_waiting_list(actor, network, today())
    return network


def check_anchors(anchors: Sequence[School]) -> list[School]:
    """One or two distinct anchor schools, never zero, never three."""
    unique = list({s.id: s for s in anchors}.values())
    if not unique:
        raise DomainError(_("Een netwerk heeft minstens één ankerschool."))
    if len(unique) > MAX_ANCHORS:
        raise DomainError(
            _("Een netwerk heeft hoogstens twee ankerscholen (u gaf er %(n)d).", n=len(unique))
        )
    return unique


def _set_network(network: Network, data: NetworkData) -> None:
    name = _clean(data.name, 200)
    if not name:
        raise DomainError(_("Geef het netwerk een naam."))
    if data.capacity is not None and data.capacity < 1:
        raise DomainError(_("De capaciteit is minstens 1 school (of leeg voor geen grens)."))
    anchors = check_anchors(data.anchors)
    coaches = list({u.id: u for u in data.coaches}.values())
    not_coaches = [u.email for u in coaches if u.role is not Role.coach]
    if not_coaches:
        raise DomainError(
            _(
                "Enkel gebruikers met de rol procescoach kunnen een netwerk begeleiden: %(emails)s.",
                emails=", ".join(not_coaches),
            )
        )
    network.name = name
    network.programme = data.programme
    network.level = data.level
    network.type = data.type
    network.theme = _clean(data.theme, 200)
    network.province = data.province
    network.region = _clean(data.region, 100)
    network.capacity = data.capacity
    network.description = (data.description or "").strip()
    network.rhythm = _clean(data.rhythm, 200)
    network.is_active = data.is_active
    network.auto_accept = data.auto_accept
    network.anchors = anchors
    network.coaches = coaches


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


def create_call(actor: User, data: CallData) -> Call:
    """Create a call offering networks of its programme."""
    _require_admin(actor)
    call = Call()
    _set_call(call, data)
    db.session.add(call)
    db.session.flush()
    return call


def update_call(actor: User, call: Call, data: CallData) -> Call:
    """Change a call."""
    _require_admin(actor)
    _set_call(call, data)
    db.session.flush()
    return call


def _set_call(call: Call, data: CallData) -> None:
    title = _clean(data.title, 200)
    if not title:
        raise DomainError(_("Geef de oproep een titel."))
    if data.closes_on < data.opens_on:
        raise DomainError(_("De oproep kan niet sluiten voor ze opent."))
    if data.starts_on < data.opens_on:
        raise DomainError(_("De netwerken kunnen niet starten voor de oproep opent."))
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
    call.networks = networks


# --------------------------------------------------------------------------------------------
# Registrations
# --------------------------------------------------------------------------------------------


def can_register_for(actor: User, network: Network) -> bool:
    """Whether the actor may start a registration for this network at all (for buttons)."""
    if not network.is_active:
        return False
    if actor.role is Role.admin or (actor.role is Role.coach and is_network_coach(actor, network)):
        return True
    if actor.role is Role.school:
        return open_call_for(network, today()) is not None
    return False


def _check_effective_on(
    actor: User, network: Network, effective_on: date | None, previous: date | None
) -> date:
    """The effective date of a move: today by default, earlier only for coaches and admins."""
    now = today()
    if effective_on is None:
        effective_on = now
    if effective_on > now:
        raise DomainError(_("De ingangsdatum kan niet in de toekomst liggen."))
    if effective_on < now and not can_manage_network(actor, network):
        raise NotAllowed(
            _("Enkel procescoaches en beheerders kunnen een vroegere ingangsdatum opgeven.")
        )
    if previous is not None and effective_on < previous:
        raise DomainError(
            _(
                "De ingangsdatum kan niet voor de vorige statuswijziging (%(day)s) liggen.",
                day=previous.strftime("%d/%m/%Y"),
            )
        )
    return effective_on


def register_school(
    actor: User,
    network: Network,
    school: School,
    *,
    contact_name: str = "",
    contact_email: str = "",
    motivation: str = "",
    commitment: bool = True,
    effective_on: date | None = None,
    reason: str = "",
) -> Registration:
    """Register a school for a network during an open call (admins and coaches also outside it).

    With network.auto_accept the registration is accepted at once while places are left, otherwise
    waitlisted: first come, first served, also when many requests race for the last places.
    """
    manager = can_manage_network(actor, network)
    if actor.role is Role.school:
        if school.id not in school_ids_of(actor):
            raise NotAllowed(_("U kunt enkel uw eigen scholen aanmelden."))
    elif not manager:
        raise NotAllowed(_("U kunt geen scholen aanmelden voor dit netwerk."))
    if not network.is_active:
        raise DomainError(_("Dit netwerk is niet actief: aanmelden kan niet."))
    if not commitment:
        raise DomainError(_("Bevestig het engagement van de school om deel te nemen."))
    contact_email = _clean(contact_email, 254)
    if contact_email:
        contact_email = normalise_email(contact_email)
    reason = _clean(reason, 500)

    _lock_network(network.id)
    effective_on = _check_effective_on(actor, network, effective_on, None)
    call = open_call_for(network, effective_on)
    if call is None:
        if not manager:
            raise DomainError(
                _("Aanmelden kan enkel terwijl een oproep voor dit netwerk openstaat.")
            )
        if not reason:
            raise DomainError(
                _("Er staat geen oproep voor dit netwerk open: geef een reden voor de aanmelding.")
            )
    if db.session.scalar(
        select(Registration.id).where(
            Registration.school_id == school.id, Registration.network_id == network.id
        )
    ):
        raise DomainError(
            _(
                "%(school)s is al aangemeld voor %(network)s.",
                school=school.name,
                network=network.name,
            ),
            status_code=409,
            code="duplicate",
        )

    registration = Registration(
        school=school,
        network=network,
        call=call,
        status=S.submitted,
        contact_name=_clean(contact_name, 200),
        contact_email=contact_email,
        motivation=(motivation or "").strip(),
        commitment=bool(commitment),
        created_by_id=actor.id,
    )
    db.session.add(registration)
    _record(registration, None, S.submitted, effective_on, actor, reason)
    db.session.flush()

    if network.auto_accept:
        left = places_left(network)
        # The reason is stored in the history (and mailed): Dutch, whatever the actor's language.
        with force_locale("nl"):
            if left is None or left > 0:
                to, why = S.accepted, _("automatisch aanvaard: er was nog plaats")
            else:
                to, why = S.waitlisted, _("automatisch op de wachtlijst: het netwerk is volzet")
        _record(registration, S.submitted, to, effective_on, actor, why)
        db.session.flush()
    _notify(registration, registration.status_changes[-1].reason)
    return registration


def _record(
    registration: Registration,
    from_status: RegistrationStatus | None,
    to: RegistrationStatus,
    effective_on: date,
    actor: User | None,
    reason: str,
) -> RegistrationStatusChange:
    """Write one history row and keep Registration.status equal to its newest to_status."""
    change = RegistrationStatusChange(
        from_status=from_status,
        to_status=to,
        effective_on=effective_on,
        actor_id=actor.id if actor is not None else None,
        reason=reason[:500],
    )
    registration.status_changes.append(change)
    registration.status = to
    return change


def _last_effective_on(registration: Registration) -> date | None:
    return db.session.scalar(
        select(func.max(RegistrationStatusChange.effective_on)).where(
            RegistrationStatusChange.registration_id == registration.id
        )
    )


def check_transition_allowed(
    actor: User, registration: Registration, to: RegistrationStatus
) -> None:
    """Raise when the move is not in the table or the actor may not make it."""
    current = registration.status
    if to not in ALLOWED_MOVES[current]:
        raise DomainError(
            _(
                "Een aanmelding met status '%(current)s' kan niet naar '%(to)s'.",
                current=enum_label(current),
                to=enum_label(to),
            ),
            code="transition_not_allowed",
        )
    network = registration.network
    if actor.role is Role.admin:
        return
    if to in COACH_MOVES and not (actor.role is Role.coach and is_network_coach(actor, network)):
        raise NotAllowed(
            _("Enkel de procescoaches van het netwerk en beheerders beslissen over aanmeldingen.")
        )
    if to in SCHOOL_MOVES and not (
        actor.role is Role.school and registration.school_id in school_ids_of(actor)
    ):
        raise NotAllowed(_("Enkel de school zelf kan haar aanmelding intrekken."))


def transition(
    actor: User,
    registration: Registration,
    to: RegistrationStatus,
    *,
    reason: str = "",
    effective_on: date | None = None,
) -> Registration:
    """Move a registration to another status, write its history and mail the school's contact."""
    to = RegistrationStatus(to)
    check_transition_allowed(actor, registration, to)
    network = registration.network
    _lock_network(network.id)
    # Another request may have moved it while we waited for the lock.
    db.session.refresh(registration, ["status"])
    check_transition_allowed(actor, registration, to)
    effective_on = _check_effective_on(
        actor, network, effective_on, _last_effective_on(registration)
    )
    if to is S.accepted and network.capacity is not None and places_left(network) <= 0:
        raise DomainError(
            _(
                "%(network)s is volzet (%(n)d plaatsen): zet de school op de wachtlijst.",
                network=network.name,
                n=network.capacity,
            ),
            status_code=409,
            code="network_full",
        )
    previous = registration.status
    reason = _clean(reason, 500)
    _record(registration, previous, to, effective_on, actor, reason)
    db.session.flush()
    _notify(registration, reason)
    if previous is S.accepted and to is S.withdrawn and network.capacity is not None:
        _promote_from_waiting_list(actor, network, effective_on)
    return registration


def _promote_from_waiting_list(actor: User, network: Network, effective_on: date) -> None:
    """Accept waitlisted registrations, first come first served, while places are left (all of
    them when the network has no capacity)."""
    left = places_left(network)
    if left is not None and left <= 0:
        return
    for registration in db.session.scalars(_waiting_list_select(network.id).limit(left)):
        # Never before the promoted registration's own previous move.
        last = _last_effective_on(registration)
        day = max(effective_on, last) if last else effective_on
        _record(registration, S.waitlisted, S.accepted, day, actor, REASON_PROMOTED)
        db.session.flush()
        _notify(registration, REASON_PROMOTED)


@dataclass
class BulkResult:
    """The outcome of a bulk move: all registrations moved, none when one failed."""

    moved: list[Registration]


def bulk_transition(
    actor: User,
    registrations: Sequence[Registration],
    to: RegistrationStatus,
    reason: str = "",
    effective_on: date | None = None,
) -> BulkResult:
    """Move many registrations at once: all or nothing.

    Every registration is checked before anything changes; when one cannot move (not allowed, no
    permission, or not enough places left to accept them all) a DomainError names each refused
    school and nothing is written. All or nothing because a coach who accepts a group expects the
    group, and a partial result is easy to miss on a busy page.
    """
    to = RegistrationStatus(to)
    if not registrations:
        raise DomainError(_("Kies minstens één aanmelding."))
    problems = []
    for registration in registrations:
        try:
            check_transition_allowed(actor, registration, to)
        except DomainError as exc:
            problems.append(f"{registration.school.name}: {exc.message}")
    if problems:
        raise DomainError(
            _("Niets gewijzigd. %(problems)s", problems=" ".join(problems)),
            code="bulk_refused",
        )
    if to is S.accepted:
        by_network: dict[int, list[Registration]] = {}
        for registration in registrations:
            by_network.setdefault(registration.network_id, []).append(registration)
        for network_id in sorted(by_network):
            network = by_network[network_id][0].network
            _lock_network(network_id)
            left = places_left(network)
            if left is not None and left < len(by_network[network_id]):
                raise DomainError(
                    _(
                        "Niets gewijzigd: %(network)s heeft nog %(left)d plaatsen, u koos "
                        "%(n)d scholen.",
                        network=network.name,
                        left=left,
                        n=len(by_network[network_id]),
                    ),
                    status_code=409,
                    code="network_full",
                )
    moved = [
        transition(actor, registration, to, reason=reason, effective_on=effective_on)
        for registration in registrations
    ]
    return BulkResult(moved=moved)


def _notify(registration: Registration, reason: str) -> None:
    """Queue a Dutch mail to the registration's contact about its new status."""
    if not registration.contact_email:
        return
    # The school's contact reads Dutch, whatever language the acting user chose.
    with force_locale("nl"):
        subject, body = _mail_text(registration, reason)
    queue_mail(registration.contact_email, subject, body)


def _mail_text(registration: Registration, reason: str) -> tuple[str, str]:
    network = registration.network
    status = enum_label(registration.status)
    subject = _(
        "Aanmelding %(school)s voor %(network)s: %(status)s",
        school=registration.school.name,
        network=network.name,
        status=status,
    )
    lines = [
        _("Beste %(name)s,", name=registration.contact_name or _("contactpersoon")),
        "",
        _(
            "De aanmelding van %(school)s voor het netwerk %(network)s heeft een nieuwe status: "
            "%(status)s.",
            school=registration.school.name,
            network=network.name,
            status=status,
        ),
    ]
    if reason:
        lines.append(_("Reden: %(reason)s", reason=reason))
    if registration.status is S.waitlisted:
        lines.append(
            _(
                "Komt er een plaats vrij, dan wordt de eerste school op de wachtlijst automatisch "
                "aanvaard."
            )
        )
    lines += ["", _("Met vriendelijke groeten,"), _("Het team van de lerende netwerken")]
    return subject, "\n".join(lines)
