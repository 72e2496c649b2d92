"""Login and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Aangemeld blijven"))
    submit = SubmitField(_l("Aanmelden"))


class ChangePasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        _l("Nieuw wachtwoord"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[DataRequired(), EqualTo("new", message=_l("De wachtwoorden verschillen."))],
    )
    submit = SubmitField(_l("Wachtwoord wijzigen"))
