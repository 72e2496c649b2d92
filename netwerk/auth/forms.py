"""Login and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange

from netwerk.forms import (
    OnceForm,
    WholeNumberField,
    confirm_password_field,
    new_password_field,
)


class LoginForm(FlaskForm):
    """E-mail and password."""

    # autocomplete: WCAG 1.3.5 (identify input purpose), and password managers fill them in.
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(message=_l("Geef uw e-mailadres.")),
            Length(max=254, message=_l("Een e-mailadres heeft hoogstens 254 tekens.")),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[
            DataRequired(message=_l("Geef uw wachtwoord.")),
            Length(max=200, message=_l("Een wachtwoord heeft hoogstens 200 tekens.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Aangemeld blijven"))
    submit = SubmitField(_l("Aanmelden"))


class ChangePasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[
            DataRequired(message=_l("Geef uw huidige wachtwoord.")),
            Length(max=200, message=_l("Een wachtwoord heeft hoogstens 200 tekens.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    new = new_password_field()
    confirm = confirm_password_field()
    submit = SubmitField(_l("Wachtwoord wijzigen"))


class TokenCreateForm(OnceForm):
    """A new API token: a name to recognise it by, read-only or not, and its lifetime in days."""

    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(message=_l("Geef een naam voor de sleutel.")),
            Length(max=100, message=_l("Geef een naam voor de sleutel van hoogstens 100 tekens.")),
        ],
    )
    read_only = BooleanField(_l("Enkel lezen"))
    # The service checks the upper bound, which depends on the user's role (see the help text).
    days = WholeNumberField(
        _l("Geldig (dagen)"),
        invalid=_l("Geef het aantal dagen als getal, bv. 90."),
        validators=[
            InputRequired(message=_l("Geef het aantal dagen dat de sleutel geldig is.")),
            NumberRange(min=1, max=10000, message=_l("Een sleutel is 1 tot 10.000 dagen geldig.")),
        ],
    )
    submit = SubmitField(_l("API-sleutel aanmaken"))


class RevokeTokenForm(FlaskForm):
    """Confirm the revocation of an API token (a POST with CSRF)."""

    submit = SubmitField(_l("Intrekken"))


class ForgotPasswordForm(FlaskForm):
    """The e-mail address to send a reset link to."""

    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(message=_l("Geef uw e-mailadres.")),
            Email(message=_l("Geef een geldig e-mailadres, bv. naam@school.be.")),
            Length(max=254, message=_l("Geef een e-mailadres van hoogstens 254 tekens.")),
        ],
        # Spaces around a pasted address are no reason to refuse it.
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"autocomplete": "username"},
    )
    submit = SubmitField(_l("Herstellink versturen"))


class SetPasswordForm(FlaskForm):
    """A new password chosen through a reset link or an invitation."""

    new = new_password_field()
    confirm = confirm_password_field()
    submit = SubmitField(_l("Wachtwoord instellen"))
