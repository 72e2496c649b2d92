"""Login and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length

from netwerk.forms import confirm_password_field, new_password_field


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
