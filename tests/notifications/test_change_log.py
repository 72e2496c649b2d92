"""Every service of the notifications feature that writes logs one line per change."""

from datetime import date, datetime

from netwerk.auth.models import RegistrationMail, Role, User
from netwerk.extensions import db
from netwerk.networks.models import Registration
from netwerk.notifications import services
from netwerk.notifications.daily import send_daily
from tests.changelog import changes, start
from tests.factories import make_network, make_registration, make_school, make_user

WRITING_SERVICES = [
    "netwerk.notifications.services.save_settings",
    "netwerk.notifications.daily.send_daily",
]


def test_saving_settings_logs_what_changed(ctx, caplog):
    """A change of settings is one line with the user as actor; saving the same again none."""
    user = db.session.get(User, make_user(role=Role.coach))
    start(caplog)
    assert services.save_settings(user, "daily", False) is True
    assert services.save_settings(user, "daily", False) is False
    assert changes(caplog) == [(user.id, "notification_settings.changed", "user", user.id)]
    assert user.registration_mail is RegistrationMail.daily and not user.wants_reminders


def test_the_daily_run_logs_each_mail_with_the_system_as_actor(ctx, caplog):
    """A digest is one line on the coach it went to, actor None (the daily command)."""
    coach = db.session.get(User, make_user(role="coach"))
    coach.registration_mail = RegistrationMail.daily
    network = make_network(coach_ids=[coach.id])
    registration = db.session.get(
        Registration, make_registration(school_id=make_school(), network_id=network)
    )
    registration.created_at = datetime(2026, 3, 9, 12, 0)
    start(caplog)
    result = send_daily(date(2026, 3, 10))
    assert (result.digests, result.reminders) == (1, 0)
    assert changes(caplog) == [(None, "notification.digest_sent", "user", coach.id)]
