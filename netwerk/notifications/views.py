"""The page Meldingen: which mails the app sends a user, and a coach's settings."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.forms import carry_out, render_form
from netwerk.navigation import NavItem
from netwerk.notifications.forms import SettingsForm
from netwerk.notifications.services import save_settings

bp = Blueprint("notifications", __name__, url_prefix="/meldingen")

EVERYONE = (Role.admin, Role.ministry, Role.coach, Role.school)
MENU = (NavItem("notifications.settings", _l("Meldingen"), EVERYONE, _l("Welke mails u krijgt")),)


@bp.route("", methods=["GET", "POST"])
@role_required(*EVERYONE)
def settings():
    """The mails the user gets; a coach chooses how it hears of registrations and reminders."""
    if current_user.role is not Role.coach:
        if request.method == "POST":
            abort(403)  # only coaches have settings to change
        return render_template("notifications/settings.html", form=None)
    user = current_user._get_current_object()
    form = SettingsForm(obj=user)
    if request.method == "GET":
        form.registration_mail.data = user.registration_mail.value
    if form.validate_on_submit():
        response = carry_out(
            form,
            lambda: save_settings(user, form.registration_mail.data, form.wants_reminders.data),
            lambda changed: (
                _("Uw meldingen zijn opgeslagen.") if changed else _("Er was niets gewijzigd.")
            ),
            url_for("notifications.settings"),
        )
        if response is not None:
            return response
    return render_form("notifications/settings.html", form=form)
