"""The mails of a renewal round, always in Dutch (templates/mail/renewal_*.txt and .html): the
question when a round opens, and the reminders the daily command sends to schools that have not
answered (netwerk.notifications.daily calls send_reminders).

They go where a registration's status mail goes (networks.notifications.school_addresses): the
registration's contact when it is an address of the school's own accounts, else those accounts;
the app mails no address nobody of the school confirmed (L7).
"""

from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from netwerk.changelog import log_change
from netwerk.extensions import db
from netwerk.mail import queue_mail, render_mail
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.networks.notifications import school_addresses
from netwerk.networks.renewal.models import RenewalAnswer, RenewalRound
from netwerk.urls import external_url

# A school that has not answered hears again this many days after the last mail.
REMIND_EVERY_DAYS = 7


def _mail(answer: RenewalAnswer, template: str, subject: str) -> bool:
    """Queue one mail about an answer to the school; False when the school has no address."""
    registration = answer.registration
    to = school_addresses(registration.school, registration.contact_email)
    if not to:
        return False
    text, html = render_mail(
        template,
        answer=answer,
        round=answer.round,
        registration=registration,
        school=registration.school,
        network=registration.network,
        starts_on=answer.round.year.starts_on,
        link=external_url("main.index"),
    )
    queue_mail(to, subject, text, html=html)
    return True


def ask_school(answer: RenewalAnswer) -> bool:
    """Ask a school to confirm for the round's school year (when the round opens)."""
    with force_locale("nl"):
        subject = _(
            "Neemt %(school)s in %(year)s opnieuw deel aan %(network)s?",
            school=answer.registration.school.name,
            year=answer.round.school_year,
            network=answer.registration.network.name,
        )
        return _mail(answer, "renewal_request", subject)


def send_reminders(day: date) -> int:
    """Remind every school of an open round that has not confirmed and is still accepted, once
    every REMIND_EVERY_DAYS days after it was asked or last reminded; a second run on the same
    day sends nothing again. Returns the number of mails."""
    last_mail = func.coalesce(RenewalAnswer.reminded_on, RenewalAnswer.asked_on)
    answers = db.session.scalars(
        select(RenewalAnswer)
        .join(RenewalRound, RenewalRound.id == RenewalAnswer.round_id)
        .join(Registration, Registration.id == RenewalAnswer.registration_id)
        .where(
            RenewalRound.closed_at.is_(None),
            RenewalAnswer.confirmed_at.is_(None),
            Registration.status == RegistrationStatus.accepted,
            last_mail <= day - timedelta(days=REMIND_EVERY_DAYS),
        )
        .order_by(RenewalAnswer.id)
    ).all()
    sent = 0
    for answer in answers:
        with force_locale("nl"):
            subject = _(
                "Herinnering: bevestig de deelname van %(school)s aan %(network)s",
                school=answer.registration.school.name,
                network=answer.registration.network.name,
            )
            sent += _mail(answer, "renewal_reminder", subject)
        answer.reminded_on = day
    db.session.flush()
    if answers:
        log_change(None, "renewal.reminders_sent", object_type="renewal_answer", answers=sent)
    return sent
