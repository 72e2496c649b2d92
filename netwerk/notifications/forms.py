"""The form of the page Meldingen."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SubmitField
from wtforms.validators import InputRequired

from netwerk.auth.models import RegistrationMail
from netwerk.forms import as_choices

REGISTRATION_MAIL_CHOICES = (
    (RegistrationMail.immediately.value, _l("Meteen: één mail per nieuwe inschrijving")),
    (RegistrationMail.daily.value, _l("Eén overzicht per dag, 's ochtends")),
    (RegistrationMail.never.value, _l("Geen mail: ik kijk zelf in de app")),
)


class SettingsForm(FlaskForm):
    """How a coach hears of new registrations, and whether it gets reminders."""

    registration_mail = RadioField(
        _l("Nieuwe inschrijvingen in mijn netwerken"),
        choices=as_choices(REGISTRATION_MAIL_CHOICES),
        validators=[InputRequired(message=_l("Kies hoe u nieuwe inschrijvingen wilt horen."))],
    )
    wants_reminders = BooleanField(
        _l("Herinner mij aan inschrijvingen waarover nog niet beslist is, een week voor de start")
    )
    submit = SubmitField(_l("Opslaan"))
