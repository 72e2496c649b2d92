"""The registration lifecycle: register, move (one or many), the waiting list moving up.

Every move follows one pattern: lock the network row (netwerk.networks.capacity.lock_network),
re-read what another request may have changed meanwhile, check, record the dated move in the
history, flush; never commit. Each recorded move logs one change line and mails the school's
contact.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from netwerk.auth.models import Role, User
from netwerk.auth.services import normalise_email
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed
from netwerk.events import emit
from netwerk.extensions import db
from netwerk.labels import enum_label
from netwerk.networks.calls import call_to_register_in, open_call_for
from netwerk.networks.capacity import lock_network, places_left
from netwerk.networks.common import clean
from netwerk.networks.guards import PlannedMove
from netwerk.networks.history import accepted_on
from netwerk.networks.life import has_ended_by
from netwerk.networks.models import (
    Network,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.networks.notifications import notify, notify_coaches
from netwerk.networks.permissions import (
    can_edit_contact,
    can_manage_network,
    is_network_coach,
    school_ids_of,
)
from netwerk.networks.planning import automatic_decision, check_plan, last_effective_on, promotions
from netwerk.schools.models import OrganisationKind, School
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
# A school may register again after these: register_school starts a new registration (a new
# row), the ended one stays as an earlier period with its own history.
REOPENABLE = frozenset({S.withdrawn, S.declined})

REASON_PROMOTED = "automatisch van de wachtlijst"
# Without a programme start, no move is dated before this day: a date of 0001-01-01 would
# rewrite every report of the past (L6).
EARLIEST_EFFECTIVE_ON = date(2000, 1, 1)


def can_register_for(actor: User, network: Network) -> bool:
    """Whether the actor may start a registration for this network at all (for buttons)."""
    if not network.is_active:
        return False
    if actor.role is Role.admin or (actor.role is Role.coach and is_network_coach(actor, network)):
        return True  # they may record, afterwards, a registration dated before an end
    if actor.role is Role.school:
        call = open_call_for(network, today())  # it may leave schools out (issue 20)
        may = call is not None and call.allows(OrganisationKind.school) and bool(actor.schools)
        return may and not has_ended_by(network, today())
    return False


def can_withdraw(actor: User, registration: Registration) -> bool:
    """Whether the actor may withdraw this registration now (for links and buttons)."""
    if S.withdrawn not in ALLOWED_MOVES[registration.status]:
        return False
    if actor.role is Role.school:
        return registration.school_id in school_ids_of(actor)
    return actor.role is Role.admin


def can_register_again(actor: User, registration: Registration) -> bool:
    """Whether the actor may register the school again (after a withdrawal or a decline): only
    from the school's latest registration for the network (an earlier one has a successor)."""
    return (
        registration.status in REOPENABLE
        and can_register_for(actor, registration.network)
        and latest_registration_id(registration.school_id, registration.network_id)
        == registration.id
    )


def latest_registration_id(school_id: int, network_id: int) -> int | None:
    """The id of a school's newest registration for a network (None: it never registered)."""
    return db.session.scalar(
        select(func.max(Registration.id)).where(
            Registration.school_id == school_id, Registration.network_id == network_id
        )
    )


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
    acknowledge_publications: bool = False,
) -> Registration:
    """Register a school for a network during an open call (admins and coaches also outside it).

    With network.auto_accept the registration is accepted at once while places are left, otherwise
    waitlisted: first come, first served, also when many requests race for the last places.
    A school that withdrew or was declined registers again on a new row: the ended registration
    stays as it was (an earlier period), and the new one is never dated before its end, so two
    registrations of one school in one network never both count on one day.
    A registration that changes a published figure needs acknowledge_publications and a reason
    (networks.planning.check_plan).
    """
    _check_may_register(actor, network, school, commitment)
    contact_email = _contact_email(actor, network, school, contact_email)
    # A school user's reason is never stored nor mailed: a school writes no text into the app's
    # mails (L7); its registration takes effect today (see _check_effective_on).
    reason = clean(reason, 500) if can_manage_network(actor, network) else ""

    lock_network(network.id)
    earlier = _ended_registration(network, school)
    last_day = last_effective_on(earlier) if earlier is not None else None
    effective_on = _check_effective_on(actor, network, effective_on, last_day, reason)
    call = call_to_register_in(actor, network, effective_on, reason)
    decided = automatic_decision(network) if network.auto_accept else S.submitted
    planned = [PlannedMove(None, school, network, decided, effective_on)]
    confirmed = check_plan(actor, network, planned, acknowledge_publications, reason)
    # No autoflush before _flush_new: the new row (in the session through network.registrations)
    # is written there, where a refusal of the unique index is caught.
    names = (school.name, network.name)  # read now: after a refused flush nothing loads
    with db.session.no_autoflush:
        registration = Registration(
            school=school,
            network=network,
            created_by_id=actor.id,
            call=call,
            contact_name=clean(contact_name, 200),
            contact_email=contact_email,
            motivation=(motivation or "").strip(),
            commitment=bool(commitment),
        )
        db.session.add(registration)
        _record(registration, None, S.submitted, effective_on, actor, reason)
    _flush_new(registration, *names)
    earlier_id = earlier.id if earlier is not None else None
    _log_move(actor, registration, None, effective_on, earlier=earlier_id, publications=confirmed)
    if network.auto_accept:
        _decide_automatically(actor, registration, effective_on, decided)
    notify(registration, registration.status_changes[-1].reason)
    notify_coaches(registration, actor)
    return registration


def _check_may_register(actor: User, network: Network, school: School, commitment: bool) -> None:
    """A school user registers its own schools; coaches of the network and admins any school."""
    if actor.role is Role.school:
        if school.id not in school_ids_of(actor):
            raise NotAllowed(_("U kunt enkel uw eigen scholen inschrijven."))
    elif not can_manage_network(actor, network):
        raise NotAllowed(_("U kunt geen scholen inschrijven voor dit netwerk."))
    if not network.is_active:
        raise DomainError(_("Dit netwerk is niet actief: inschrijven kan niet."))
    if not commitment:
        raise DomainError(_("Bevestig het engagement van de school om deel te nemen."))


def _contact_email(actor: User, network: Network, school: School, address: str) -> str:
    """The registration's contact address. Coaches and admins type any address. A school user's
    is its own account address (the default) or one already known for the school: an account of
    the school, or an earlier registration's contact; so the app mails no stranger (L7)."""
    address = clean(address, 254)
    address = normalise_email(address) if address else ""
    if can_manage_network(actor, network):
        return address
    if not address:
        return actor.email
    if address not in _known_addresses(school):
        message = _(
            "Gebruik uw eigen e-mailadres of een adres dat al gekend is voor deze school "
            "(een account of een eerdere contactpersoon van de school)."
        )
        raise DomainError(message, fields={"contact_email": [message]})
    return address


def update_contact(
    actor: User, registration: Registration, *, contact_name: str, contact_email: str
) -> Registration:
    """Change a registration's contact (the school's own users and admins). The address follows
    the rule of registering: a school user's own, or one already known for the school (L7)."""
    if not can_edit_contact(actor, registration):
        raise NotAllowed(_("Enkel de school zelf en beheerders wijzigen de contactpersoon."))
    name = clean(contact_name, 200)
    if not name:
        message = _("Geef de naam van de contactpersoon.")
        raise DomainError(message, fields={"contact_name": [message]})
    address = _contact_email(actor, registration.network, registration.school, contact_email)
    registration.contact_name = name
    registration.contact_email = address
    db.session.flush()
    log_change(
        actor,
        "registration.contact_changed",
        registration,
        network_id=registration.network_id,
        school_id=registration.school_id,
    )
    return registration


def _known_addresses(school: School) -> set[str]:
    """The e-mail addresses known for a school: its users' accounts and earlier contacts."""
    earlier = db.session.scalars(
        select(Registration.contact_email).where(
            Registration.school_id == school.id, Registration.contact_email != ""
        )
    )
    return {normalise_email(a) for a in [*(u.email for u in school.users), *earlier]}


def _ended_registration(network: Network, school: School) -> Registration | None:
    """The school's latest registration for this network when it ended (withdrawn or declined),
    None when it has none; a 409 duplicate while that one still counts (before the unique index
    does). The caller holds the network's lock, so the status read here stays true."""
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.school_id == school.id, Registration.network_id == network.id)
        .order_by(Registration.id.desc())
        .limit(1)
    )
    if registration is None:
        return None
    db.session.refresh(registration, ["status", "version"])
    if registration.status not in REOPENABLE:
        _refuse_duplicate(school.name, network.name)
    return registration


def _refuse_duplicate(school: str, network: str) -> None:
    """The Dutch 409 for a second registration that would count beside the first."""
    message = _("%(school)s is al ingeschreven voor %(network)s.", school=school, network=network)
    raise DomainError(message, status_code=409, code="duplicate")


# How the partial unique index names itself in an IntegrityError: PostgreSQL by name, SQLite by
# its columns.
_DUPLICATE_MARKS = (
    "ux_registration_active_school_network",
    "registration.school_id, registration.network_id",
)


def _flush_new(registration: Registration, school: str, network: str) -> None:
    """Write a new registration. Should a second active one for the school slip past the lock's
    check, the unique index refuses it: the same Dutch 409, never a 500 (the view or the API's
    error handler rolls the transaction back)."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        if not any(mark in str(exc.orig) for mark in _DUPLICATE_MARKS):
            raise
        _refuse_duplicate(school, network)


def _decide_automatically(
    actor: User, registration: Registration, effective_on: date, to: RegistrationStatus
) -> None:
    """Record the automatic decision (planning.automatic_decision, taken under the lock)."""
    # The reason is stored in the history (and mailed): Dutch, whatever the actor's language.
    with force_locale("nl"):
        if to is S.accepted:
            why = _("automatisch aanvaard: er was nog plaats")
        else:
            why = _("automatisch op de wachtlijst: het netwerk is volzet")
    _record(registration, S.submitted, to, effective_on, actor, why)
    db.session.flush()
    _log_move(actor, registration, S.submitted, effective_on, automatic=True)


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


def _check_effective_on(
    actor: User, network: Network, effective_on: date | None, previous: date | None, reason: str
) -> date:
    """The effective date of a move: today by default. Coaches and admins may backdate, with a
    reason, to the start of the network's programme at the earliest (L6); a school user's move
    takes effect today, whatever its request says (L7)."""
    now = today()
    if effective_on is None or not can_manage_network(actor, network):
        effective_on = now
    if effective_on > now:
        _refuse_day(_("De ingangsdatum kan niet in de toekomst liggen."))
    earliest = network.programme.starts_on or EARLIEST_EFFECTIVE_ON
    if effective_on < earliest:
        _refuse_day(
            _(
                "De ingangsdatum kan niet voor %(day)s liggen (de start van het programma).",
                day=earliest.strftime("%d/%m/%Y"),
            )
        )
    if previous is not None and effective_on < previous:
        _refuse_day(
            _(
                "De ingangsdatum kan niet voor de vorige statuswijziging (%(day)s) liggen.",
                day=previous.strftime("%d/%m/%Y"),
            )
        )
    if effective_on < now and not reason:
        message = _("Geef een reden voor een ingangsdatum in het verleden.")
        raise DomainError(message, fields={"reason": [message]})
    return effective_on


def _refuse_day(message: str) -> None:
    """Refuse the effective date, with the message at the date's field."""
    raise DomainError(message, fields={"effective_on": [message]})


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


def _log_move(
    actor: User | None,
    registration: Registration,
    previous: RegistrationStatus | None,
    effective_on: date,
    **details,
) -> None:
    """One change line per recorded move: registration.<new status>, never the typed reason."""
    if not details.get("publications"):
        details.pop("publications", None)  # only a move that changed a published figure
    log_change(
        actor,
        f"registration.{registration.status.value}",
        registration,
        network_id=registration.network_id,
        school_id=registration.school_id,
        previous=previous.value if previous is not None else None,
        effective_on=effective_on.isoformat(),
        # A backdated move changes past reports: the operator can find every one (L6).
        backdated=effective_on < today(),
        **details,
    )
    event = "registration.created" if previous is None else "registration.moved"
    emit(event, registration, previous=previous, effective_on=effective_on)


def check_transition_allowed(
    actor: User, registration: Registration, to: RegistrationStatus, by_manager: bool = False
) -> None:
    """Raise when the move is not allowed, or not to actor (by_manager: closing a renewal round)."""
    current = registration.status
    if to not in ALLOWED_MOVES[current]:
        raise DomainError(
            _(
                "Een inschrijving met status '%(current)s' kan niet naar '%(to)s'.",
                current=enum_label(current),
                to=enum_label(to),
            ),
            code="transition_not_allowed",
        )
    network = registration.network
    if actor.role is Role.admin or (by_manager and can_manage_network(actor, network)):
        return
    if to in COACH_MOVES and not (actor.role is Role.coach and is_network_coach(actor, network)):
        raise NotAllowed(
            _("Enkel de procescoaches van het netwerk en beheerders beslissen over inschrijvingen.")
        )
    if to in SCHOOL_MOVES and not (
        actor.role is Role.school and registration.school_id in school_ids_of(actor)
    ):
        raise NotAllowed(_("Enkel de school zelf kan haar inschrijving intrekken."))


def transition(
    actor: User,
    registration: Registration,
    to: RegistrationStatus,
    *,
    reason: str = "",
    effective_on: date | None = None,
    acknowledge_publications: bool = False,
    by_manager: bool = False,
) -> Registration:
    """Move a registration to another status, write its history and mail the school's contact.
    A move that changes a published figure (promotions it triggers included) needs
    acknowledge_publications and a reason (networks.planning.check_plan)."""
    to = RegistrationStatus(to)
    check_transition_allowed(actor, registration, to, by_manager)
    network = registration.network
    lock_network(network.id)
    # Another request may have moved it while we waited for the lock.
    db.session.refresh(registration, ["status", "version"])
    check_transition_allowed(actor, registration, to, by_manager)
    manager = can_manage_network(actor, network)
    reason = clean(reason, 500)
    effective_on = _check_effective_on(
        actor, network, effective_on, last_effective_on(registration), reason
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
    frees = previous is S.accepted and to is S.withdrawn and network.capacity is not None
    planned = [PlannedMove(registration, registration.school, network, to, effective_on)]
    if frees:
        planned += promotions(network, effective_on, freed=1)
    confirmed = check_plan(actor, network, planned, acknowledge_publications, reason)
    _record(registration, previous, to, effective_on, actor, reason)
    db.session.flush()
    _log_move(actor, registration, previous, effective_on, publications=confirmed)
    # A school's own reason (withdrawing) stays in the history for the coaches, out of the mail.
    notify(registration, reason if manager else "")
    if frees:
        promote_from_waiting_list(actor, network, effective_on)
    return registration


def promote_from_waiting_list(actor: User, network: Network, effective_on: date) -> None:
    """Accept waitlisted registrations, first come first served, while places are left (all of
    them when the network has no capacity). The caller holds the network's lock."""
    for move in promotions(network, effective_on):
        registration, day = move.registration, move.effective_on
        _record(registration, S.waitlisted, S.accepted, day, actor, REASON_PROMOTED)
        db.session.flush()
        _log_move(actor, registration, S.waitlisted, day, promoted=True)
        notify(registration, REASON_PROMOTED)


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
    acknowledge_publications: bool = False,
) -> BulkResult:
    """Move many registrations at once: all or nothing; each move logs its own line.

    Every registration is checked before anything changes; when one cannot move (not allowed, no
    permission, or not enough places left to accept them all) a DomainError names each refused
    school and nothing is written. All or nothing because a coach who accepts a group expects the
    group, and a partial result is easy to miss on a busy page.
    """
    to = RegistrationStatus(to)
    if not registrations:
        raise DomainError(_("Kies minstens één inschrijving."))
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
        _check_places_for_all(registrations)
    _check_bulk_plan(
        actor, registrations, to, clean(reason, 500), effective_on, acknowledge_publications
    )
    moved = [
        transition(
            actor,
            registration,
            to,
            reason=reason,
            effective_on=effective_on,
            acknowledge_publications=acknowledge_publications,
        )
        for registration in registrations
    ]
    return BulkResult(moved=moved)


def _check_places_for_all(registrations: Sequence[Registration]) -> None:
    """Lock each network (in id order, so two bulk moves never deadlock) and refuse the whole
    move when one has fewer places left than the registrations to accept in it."""
    by_network: dict[int, list[Registration]] = {}
    for registration in registrations:
        by_network.setdefault(registration.network_id, []).append(registration)
    for network_id in sorted(by_network):
        network = by_network[network_id][0].network
        lock_network(network_id)
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


def _check_bulk_plan(
    actor: User,
    registrations: Sequence[Registration],
    to: RegistrationStatus,
    reason: str,
    effective_on: date | None,
    acknowledged: bool,
) -> None:
    """Ask the guards about every move of a bulk move at once, before the first is written: one
    warning that names every publication it changes (each move asks again as it is made)."""
    day = effective_on or today()
    by_network: dict[int, list[PlannedMove]] = {}
    for r in registrations:
        by_network.setdefault(r.network_id, []).append(PlannedMove(r, r.school, r.network, to, day))
    for moves in by_network.values():
        check_plan(actor, moves[0].network, moves, acknowledged, reason)
