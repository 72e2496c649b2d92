"""Every service of the notifications feature that writes logs one line per change."""

from netwerk.auth.models import RegistrationMail, Role, User
from netwerk.extensions import db
from netwerk.notifications import services
from tests.changelog import changes, start
from tests.factories import make_user

WRITING_SERVICES = [
    "netwerk.notifications.services.save_settings",
]


def test_saving_settings_logs_what_changed(ctx, caplog):
    """A change of settings is one line with the user as actor; saving the same again none."""
    user = db.session.get(User, make_user(role=Role.coach))
    start(caplog)
    assert services.save_settings(user, "daily", False) is True
    assert services.save_settings(user, "daily", False) is False
    assert changes(caplog) == [(user.id, "notification_settings.changed", "user", user.id)]
    assert user.registration_mail is RegistrationMail.daily and not user.wants_reminders
