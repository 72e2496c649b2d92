"""A user's notification settings: how a coach hears of new registrations, and reminders."""

from flask_babel import gettext as _

from netwerk.auth.models import RegistrationMail, User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db


def save_settings(actor: User, registration_mail: str, wants_reminders: bool) -> bool:
    """Store the actor's own settings; returns whether anything changed."""
    try:
        mode = RegistrationMail(registration_mail)
    except ValueError:
        raise DomainError(_("Kies hoe u nieuwe inschrijvingen wilt horen.")) from None
    changes = {}
    if actor.registration_mail is not mode:
        changes["registration_mail"] = mode.value
    if actor.wants_reminders != bool(wants_reminders):
        changes["wants_reminders"] = bool(wants_reminders)
    if not changes:
        return False
    actor.registration_mail = mode
    actor.wants_reminders = bool(wants_reminders)
    db.session.flush()
    log_change(actor, "notification_settings.changed", actor, **changes)
    return True
