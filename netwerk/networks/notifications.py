"""The mails about registrations: to the school when its status changes, to the network's coaches
when a school registers. Always in Dutch (templates/mail/, text and HTML).

A status mail holds registry data (school, institution number, network, reference, status), what
happens next, and a reason written by a coach or an admin; never text a school user typed (its
contact name, its own reason), so that the app's sender cannot be used to put someone's words in
front of another person (L7). It goes to the registration's contact only when that address is
confirmed: the address of an account linked to the school. Until then it goes to the school's
linked accounts; a school without accounts gets no mail (a coach can tell it by phone).
"""

import logging

from flask_babel import force_locale
from flask_babel import gettext as _

from netwerk.auth.models import RegistrationMail, User
from netwerk.extensions import db
from netwerk.labels import enum_label
from netwerk.mail import queue_mail, render_mail
from netwerk.networks.capacity import waiting_list_select
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.schools.models import School
from netwerk.urls import external_url

logger = logging.getLogger(__name__)


def school_addresses(school: School, contact_email: str = "") -> list[str]:
    """Where a mail for a school goes: the contact address when it is the address of an active
    account linked to the school (confirmed), else those accounts' addresses (L7)."""
    accounts = sorted(u.email.lower() for u in school.users if u.is_active)
    contact = (contact_email or "").strip().lower()
    if contact and contact in accounts:
        return [contact]
    return accounts


def notify(registration: Registration, reason: str) -> None:
    """Queue a Dutch mail to the school about its registration's new status."""
    to = school_addresses(registration.school, registration.contact_email)
    if not to:
        logger.info("Geen mail over %s: de school heeft geen account", registration.reference)
        return
    # The school reads Dutch, whatever language the acting user chose.
    with force_locale("nl"):
        subject = _(
            "Inschrijving %(school)s voor %(network)s: %(status)s",
            school=registration.school.name,
            network=registration.network.name,
            status=enum_label(registration.status),
        )
        text, html = render_mail("registration_status", **_status_context(registration, reason))
    queue_mail(to, subject, text, html=html)


def _status_context(registration: Registration, reason: str) -> dict:
    """What the status mail shows: the registration, its status, the reason and what is next."""
    call = registration.call
    return {
        "registration": registration,
        "school": registration.school,
        "network": registration.network,
        "status": registration.status.value,
        "status_label": enum_label(registration.status),
        "reason": reason,
        "call": call,
        "position": _waiting_position(registration),
        "link": external_url("networks.registration", registration_id=registration.id),
    }


def _waiting_position(registration: Registration) -> int | None:
    """The registration's place on its network's waiting list (1 is next), None when not on it."""
    if registration.status is not RegistrationStatus.waitlisted:
        return None
    ids = list(
        db.session.scalars(
            waiting_list_select(registration.network_id).with_only_columns(Registration.id)
        )
    )
    return ids.index(registration.id) + 1 if registration.id in ids else None


def notify_coaches(registration: Registration, actor: User) -> None:
    """Mail the network's coaches who want to hear of a new registration at once (the others get
    it in the daily digest, netwerk.notifications.daily, or not at all); a coach who made the
    registration knows of it already."""
    coaches = [
        coach
        for coach in registration.network.coaches
        if coach.is_active
        and coach.registration_mail is RegistrationMail.immediately
        and coach.id != actor.id
    ]
    if not coaches:
        return
    with force_locale("nl"):
        subject = _(
            "Nieuwe inschrijving voor %(network)s: %(school)s",
            network=registration.network.name,
            school=registration.school.name,
        )
        text, html = render_mail(
            "new_registration",
            registration=registration,
            school=registration.school,
            network=registration.network,
            status_label=enum_label(registration.status),
            link=external_url("networks.roster", network_id=registration.network_id),
            settings_link=external_url("notifications.settings"),
        )
    # One mail per coach: a coach does not see the other coaches' addresses.
    for coach in coaches:
        queue_mail(coach.email, subject, text, html=html)
