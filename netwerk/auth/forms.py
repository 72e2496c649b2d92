"""Login and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from netwerk.forms import OnceForm, confirm_password_field, new_password_field


class LoginForm(FlaskForm):
    """E-mail and password."""

    # autocomplete: WCAG 1.3.5 (identify input purpose), and password managers fill them in.
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Aangemeld blijven"))
    submit = SubmitField(_l("Aanmelden"))


class ChangePasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    new = new_password_field()
    confirm = confirm_password_field()
    submit = SubmitField(_l("Wachtwoord wijzigen"))


class TokenCreateForm(OnceForm):
    """A new API token: a name to recognise it by, read-only or not, and its lifetime in days."""

    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=100)])
    read_only = BooleanField(_l("Enkel lezen"))
    # The service checks the upper bound, which depends on the user's role (see the help text).
    days = IntegerField(
        _l("Geldig (dagen)"), validators=[InputRequired(), NumberRange(min=1, max=10000)]
    )
    submit = SubmitField(_l("API-sleutel aanmaken"))


class RevokeTokenForm(FlaskForm):
    """Confirm the revocation of an API token (a POST with CSRF)."""

    submit = SubmitField(_l("Intrekken"))


class ForgotPasswordForm(FlaskForm):
    """The e-mail address to send a reset link to."""

    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    submit = SubmitField(_l("Herstellink versturen"))


class SetPasswordForm(FlaskForm):
    """A new password chosen through a reset link or an invitation."""

    new = new_password_field()
    confirm = confirm_password_field()
    submit = SubmitField(_l("Wachtwoord instellen"))
