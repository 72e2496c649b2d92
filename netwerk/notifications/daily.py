"""What `flask meldingen versturen` sends once a day: the digest of yesterday's new registrations
to the coaches who chose one, and the reminder of registrations still undecided a week before
their call's start. Each registration is named to a user once per kind (sent_reminder), so a
second run on the same day sends nothing again; and the reminders to schools that have not
answered a renewal round (networks.renewal.mails). Mails in Dutch (templates/mail/)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import force_locale, ngettext
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from netwerk.auth.models import RegistrationMail, Role, User
from netwerk.changelog import log_change
from netwerk.extensions import db
from netwerk.labels import enum_label
from netwerk.mail import queue_mail, render_mail
from netwerk.networks.models import Call, Registration, RegistrationStatus, network_coach
from netwerk.networks.renewal.mails import send_reminders as send_renewal_reminders
from netwerk.notifications.models import NoticeKind, SentReminder
from netwerk.timeutil import BRUSSELS
from netwerk.urls import external_url

# Reminders start this many days before a call's start date (and stop on it).
REMIND_DAYS_BEFORE = 7


@dataclass
class DailyResult:
    """How many mails the run sent, per kind."""

    digests: int = 0
    reminders: int = 0
    renewal_reminders: int = 0


def send_daily(day: date) -> DailyResult:
    """Queue the digests and the reminders of a day (Brussels); they leave at the commit."""
    result = DailyResult()
    start, end = _utc_bounds(day - timedelta(days=1))
    digest = _coach_registrations(
        NoticeKind.digest,
        User.registration_mail == RegistrationMail.daily,
        Registration.created_at >= start,
        Registration.created_at < end,
    )
    for coach, registrations in digest:
        _send(coach, registrations, NoticeKind.digest)
        result.digests += 1
    reminder = _coach_registrations(
        NoticeKind.reminder,
        User.wants_reminders.is_(True),
        Registration.status == RegistrationStatus.submitted,
        Call.starts_on > day,
        Call.starts_on <= day + timedelta(days=REMIND_DAYS_BEFORE),
    )
    for coach, registrations in reminder:
        _send(coach, registrations, NoticeKind.reminder)
        result.reminders += 1
    result.renewal_reminders = send_renewal_reminders(day)
    return result


def _utc_bounds(day: date) -> tuple[datetime, datetime]:
    """The Brussels day as naive UTC moments [start, end), as created_at is stored."""
    start = datetime.combine(day, time.min, tzinfo=BRUSSELS)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=BRUSSELS)
    return (
        start.astimezone(UTC).replace(tzinfo=None),
        end.astimezone(UTC).replace(tzinfo=None),
    )


def _coach_registrations(kind: NoticeKind, *conditions) -> list[tuple[User, list[Registration]]]:
    """The registrations of each active coach's networks that meet the conditions and were not
    named to that coach in a mail of this kind before."""
    sent = aliased(SentReminder)
    already = exists().where(
        sent.kind == kind, sent.user_id == User.id, sent.registration_id == Registration.id
    )
    rows = db.session.execute(
        select(User, Registration)
        .join(network_coach, network_coach.c.user_id == User.id)
        .join(Registration, Registration.network_id == network_coach.c.network_id)
        .outerjoin(Call, Call.id == Registration.call_id)
        .where(User.role == Role.coach, User.is_active_account.is_(True), ~already, *conditions)
        .order_by(User.id, Registration.network_id, Registration.created_at, Registration.id)
    )
    found: dict[int, tuple[User, list[Registration]]] = {}
    for coach, registration in rows:
        found.setdefault(coach.id, (coach, []))[1].append(registration)
    return list(found.values())


def _send(coach: User, registrations: list[Registration], kind: NoticeKind) -> None:
    """One mail to a coach naming these registrations; record that they were named."""
    n = len(registrations)
    with force_locale("nl"):
        if kind is NoticeKind.digest:
            subject = ngettext(
                "Nieuwe inschrijving in uw netwerken",
                "%(num)d nieuwe inschrijvingen in uw netwerken",
                n,
            )
        else:
            subject = ngettext(
                "Herinnering: %(num)d inschrijving wacht op uw beslissing",
                "Herinnering: %(num)d inschrijvingen wachten op uw beslissing",
                n,
            )
        lines = [
            (r, enum_label(r.status), external_url("networks.roster", network_id=r.network_id))
            for r in registrations
        ]
        text, html = render_mail(
            kind.value,
            coach=coach,
            lines=lines,
            settings_link=external_url("notifications.settings"),
        )
    queue_mail(coach.email, subject, text, html=html)
    for registration in registrations:
        db.session.add(SentReminder(kind=kind, user_id=coach.id, registration_id=registration.id))
    db.session.flush()
    log_change(None, f"notification.{kind.value}_sent", coach, registrations=n)
