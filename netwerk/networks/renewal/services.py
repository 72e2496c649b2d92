"""Renewal per school year: open a round, a school confirms, the coach or admin closes it.

Opening asks every school accepted at that moment (an answer row each, a mail, a button on the
school's home page). Closing withdraws the schools that did not confirm, effective the first day
of the round's school year (1 September), with the reason "niet herbevestigd", through the normal
move (networks.registrations.transition: history, status periods, publications check, mails).

When the network has a copy for the round's school year ("Naar volgend schooljaar", nextyear:
previous_network_id), closing also carries the schools that confirmed over to it: accepted there
from its first day and withdrawn here on that day, so one network counts them at a time.

Confirming and closing both lock the round row first and re-read it, so a confirmation that
races a close is either counted (it committed first) or refused in Dutch (the round was closed):
never both, never a 500. A second confirmation of the same answer changes nothing.
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.locks import lock_row
from netwerk.networks.capacity import lock_network
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.networks.permissions import require_manager, school_ids_of
from netwerk.networks.planning import last_effective_on
from netwerk.networks.registrations import register_school, transition
from netwerk.networks.renewal.mails import ask_school
from netwerk.networks.renewal.models import RenewalAnswer, RenewalRound
from netwerk.timeutil import SchoolYear, today, utcnow

S = RegistrationStatus

# The reason of every withdrawal by a closed round: stored in the history and mailed, in Dutch.
REASON_NOT_RECONFIRMED = "niet herbevestigd"
# The reason of the moves that carry a confirmed school over to the network's copy.
REASON_NEXT_YEAR = "herbevestigd voor het volgende schooljaar"


def round_years(day: date) -> list[SchoolYear]:
    """The school years a round may be opened for on a day: the coming one, or the current one
    when the coach is late (its withdrawals then take effect on its 1 September, backdated)."""
    current = SchoolYear.of(day)
    return [SchoolYear(current.start_year + 1), current]


def rounds_of(network: Network) -> list[RenewalRound]:
    """A network's rounds, newest school year first."""
    return list(
        db.session.scalars(
            select(RenewalRound)
            .where(RenewalRound.network_id == network.id)
            .order_by(RenewalRound.school_year.desc())
        )
    )


def open_round(actor: User, network: Network, school_year: SchoolYear) -> RenewalRound:
    """Open the re-confirmation of a network for a school year: every school accepted now is
    asked (an answer row and a mail). One round per network and school year (409)."""
    require_manager(actor, network)
    if not network.is_active:
        raise DomainError(_("Dit netwerk is niet actief: een herbevestiging kan niet."))
    if school_year not in round_years(today()):
        choices = " of ".join(str(y) for y in round_years(today()))
        message = _("Kies het komende of het lopende schooljaar (%(years)s).", years=choices)
        raise DomainError(message, fields={"school_year": [message]})
    # Under the network's lock no school is accepted or withdrawn while the round is written.
    lock_network(network.id)
    if _round_for(network, school_year) is not None:
        _refuse_second_round(network, school_year)
    accepted = list(
        db.session.scalars(
            select(Registration)
            .where(Registration.network_id == network.id, Registration.status == S.accepted)
            .order_by(Registration.id)
        )
    )
    if not accepted:
        raise DomainError(_("Dit netwerk heeft geen aanvaarde scholen om te vragen."))
    renewal = RenewalRound(network=network, school_year=str(school_year), opened_by_id=actor.id)
    asked_on = today()
    renewal.answers = [RenewalAnswer(registration=r, asked_on=asked_on) for r in accepted]
    db.session.add(renewal)
    try:
        db.session.flush()
    except IntegrityError:
        # Two opens at once: the unique constraint refuses the second (rolled back by the caller).
        _refuse_second_round(network, school_year)
    log_change(
        actor,
        "renewal.opened",
        renewal,
        network_id=network.id,
        school_year=renewal.school_year,
        asked=len(accepted),
    )
    for answer in renewal.answers:
        ask_school(answer)
    return renewal


def _round_for(network: Network, school_year: SchoolYear) -> RenewalRound | None:
    """The network's round for a school year, if one was opened."""
    return db.session.scalar(
        select(RenewalRound).where(
            RenewalRound.network_id == network.id, RenewalRound.school_year == str(school_year)
        )
    )


def _refuse_second_round(network: Network, school_year: SchoolYear) -> None:
    """The Dutch 409 for a second round of one network and school year."""
    raise DomainError(
        _(
            "Voor %(network)s loopt al een herbevestiging voor %(year)s.",
            network=network.name,
            year=str(school_year),
        ),
        status_code=409,
        code="duplicate",
    )


def can_confirm(user: User, answer: RenewalAnswer) -> bool:
    """The school's own users confirm its answer (not coaches, admins or the ministry)."""
    return user.role is Role.school and answer.registration.school_id in school_ids_of(user)


def confirm(actor: User, answer: RenewalAnswer) -> RenewalAnswer:
    """A school confirms it takes part in the coming school year. A second confirmation changes
    nothing; after the round was closed, or when the school is no longer accepted, a Dutch 409."""
    if not can_confirm(actor, answer):
        raise NotAllowed(_("Enkel de school zelf kan haar deelname herbevestigen."))
    _lock_and_check_open(answer.round)
    db.session.refresh(answer)
    if answer.is_confirmed:
        return answer
    db.session.refresh(answer.registration, ["status", "version"])
    if answer.registration.status is not S.accepted:
        raise DomainError(
            _("Deze inschrijving is niet meer aanvaard: herbevestigen kan niet."),
            status_code=409,
            code="not_accepted",
        )
    answer.confirmed_at = utcnow()
    answer.confirmed_by_id = actor.id
    db.session.flush()
    log_change(
        actor,
        "renewal.confirmed",
        answer,
        round_id=answer.round_id,
        registration_id=answer.registration_id,
    )
    return answer


def _lock_and_check_open(renewal: RenewalRound) -> None:
    """Lock the round row, re-read it, and refuse (409) when it was closed meanwhile."""
    lock_row(RenewalRound, renewal.id)
    db.session.refresh(renewal, ["closed_at"])
    if renewal.is_closed:
        raise DomainError(
            _("Deze herbevestiging is al afgesloten."), status_code=409, code="round_closed"
        )


def close_round(
    actor: User, renewal: RenewalRound, *, acknowledge_publications: bool = False
) -> list[RenewalAnswer]:
    """Close a round: withdraw every asked school that did not confirm and is still accepted,
    effective 1 September of the round's school year (never before its own last move). From
    that day on only: the app records no move in the future. Returns the withdrawn answers."""
    require_manager(actor, renewal.network)
    starts_on = renewal.year.starts_on
    if today() < starts_on:
        raise DomainError(
            _(
                "Afsluiten kan vanaf %(day)s: dan gaat de intrekking van de scholen die niet "
                "herbevestigden in. Tot dan blijven ze aanvaard.",
                day=starts_on.strftime("%d/%m/%Y"),
            ),
            status_code=409,
            code="too_early",
        )
    _lock_and_check_open(renewal)
    withdrawn = []
    for answer in _answers_fresh(renewal):
        db.session.refresh(answer.registration, ["status", "version"])
        if answer.is_confirmed or answer.registration.status is not S.accepted:
            continue
        day = max(starts_on, last_effective_on(answer.registration) or starts_on)
        transition(
            actor,
            answer.registration,
            S.withdrawn,
            reason=REASON_NOT_RECONFIRMED,
            effective_on=day,
            acknowledge_publications=acknowledge_publications,
            by_manager=True,
        )
        answer.withdrawn_on = day
        withdrawn.append(answer)
    successor = successor_of(renewal)
    carried = _carry_over(actor, renewal, successor, acknowledge_publications) if successor else []
    renewal.closed_at = utcnow()
    renewal.closed_by_id = actor.id
    db.session.flush()
    log_change(
        actor,
        "renewal.closed",
        renewal,
        network_id=renewal.network_id,
        school_year=renewal.school_year,
        withdrawn=len(withdrawn),
        successor_id=successor.id if successor else None,
        carried=len(carried),
    )
    return withdrawn


def successor_of(renewal: RenewalRound) -> Network | None:
    """The copy of the round's network that starts in the round's school year, if one was made."""
    year = renewal.year
    return db.session.scalar(
        select(Network)
        .where(
            Network.previous_network_id == renewal.network_id,
            Network.starts_on >= year.starts_on,
            Network.starts_on < SchoolYear(year.start_year + 1).starts_on,
        )
        .order_by(Network.id)
        .limit(1)
    )


def _carry_over(
    actor: User, renewal: RenewalRound, successor: Network, acknowledge_publications: bool
) -> list[Registration]:
    """Every confirmed school still accepted here: registered and accepted in the successor from
    its first day, withdrawn here on that day. A refusal there (full, not its coach) refuses the
    whole close: nothing is half moved."""
    carried = []
    for answer in _answers_fresh(renewal):
        old = answer.registration
        if not answer.is_confirmed or old.status is not S.accepted:
            continue
        day = max(successor.starts_on, last_effective_on(old) or successor.starts_on)
        moves = {
            "reason": REASON_NEXT_YEAR,
            "effective_on": day,
            "acknowledge_publications": acknowledge_publications,
        }
        new = register_school(
            actor,
            successor,
            old.school,
            contact_name=old.contact_name,
            contact_email=old.contact_email,
            **moves,
        )
        if new.status is not S.accepted:
            transition(actor, new, S.accepted, **moves)
        transition(actor, old, S.withdrawn, by_manager=True, **moves)
        carried.append(new)
    return carried


def _answers_fresh(renewal: RenewalRound) -> list[RenewalAnswer]:
    """The round's answers and their registrations' statuses as committed now (after the lock):
    a confirmation that committed while we waited counts."""
    return list(
        db.session.scalars(
            select(RenewalAnswer)
            .where(RenewalAnswer.round_id == renewal.id)
            .order_by(RenewalAnswer.id)
            .execution_options(populate_existing=True)
        )
    )


def answers_to_give(user: User) -> list[RenewalAnswer]:
    """A school user's answers in open rounds whose registration is still accepted (its home
    page shows them, with a button while unconfirmed), by network and school."""
    school_ids = school_ids_of(user)
    if not school_ids:
        return []
    return list(
        db.session.scalars(
            select(RenewalAnswer)
            .join(RenewalRound, RenewalRound.id == RenewalAnswer.round_id)
            .join(Registration, Registration.id == RenewalAnswer.registration_id)
            .join(Network, Network.id == Registration.network_id)
            .where(
                RenewalRound.closed_at.is_(None),
                Registration.school_id.in_(school_ids),
                Registration.status == S.accepted,
            )
            .order_by(Network.name, Registration.school_id, RenewalAnswer.id)
        )
    )
