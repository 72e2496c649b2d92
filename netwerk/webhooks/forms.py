"""The forms of the webhook pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from netwerk.events import EVENTS
from netwerk.forms import MultiCheckboxField, OnceForm, as_choices

EVENT_CHOICES = as_choices((event, event) for event in EVENTS)


class _EndpointFields:
    url = StringField(
        _l("URL"),
        validators=[
            DataRequired(message=_l("Geef de URL van het endpoint.")),
            Length(max=2000, message=_l("De URL telt hoogstens 2000 tekens.")),
        ],
    )
    description = StringField(
        _l("Omschrijving"),
        validators=[Length(max=200, message=_l("De omschrijving telt hoogstens 200 tekens."))],
    )
    events = MultiCheckboxField(
        _l("Gebeurtenissen"),
        choices=EVENT_CHOICES,
        validators=[DataRequired(message=_l("Kies minstens één gebeurtenis."))],
    )
    secret = StringField(
        _l("Geheim"),
        validators=[
            Optional(),
            Length(min=16, max=200, message=_l("Het geheim telt 16 tot 200 tekens.")),
        ],
    )


class EndpointForm(_EndpointFields, OnceForm):
    """A new endpoint: URL, events and a secret (a random one when left empty)."""

    submit = SubmitField(_l("Webhook toevoegen"))


class EndpointEditForm(_EndpointFields, FlaskForm):
    """An endpoint changed: an empty secret keeps the current one."""

    is_active = BooleanField(_l("Actief: gebeurtenissen versturen"))
    submit = SubmitField(_l("Opslaan"))


class ConfirmForm(FlaskForm):
    """A button that confirms (delete an endpoint, send a delivery again)."""

    submit = SubmitField(_l("Bevestigen"))
