"""The forms of the account administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from netwerk.auth.models import Role
from netwerk.labels import enum_label


def role_choices(empty_label=None) -> list[tuple[str, str]]:
    """Every role with its translated label (and an empty choice when asked)."""
    choices = [(r.value, enum_label(r)) for r in Role]
    return [("", str(empty_label)), *choices] if empty_label else choices


class UserFilterForm(FlaskForm):
    """Search and role filter of the user list (a GET form)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Zoek op naam of e-mailadres"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Rol"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices(_l("alle rollen"))


class UserCreateForm(FlaskForm):
    """A new account with an initial password."""

    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Rol"))
    password = PasswordField(
        _l("Eerste wachtwoord"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    schools = TextAreaField(
        _l("Scholen (instellingsnummers)"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Gebruiker aanmaken"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class UserEditForm(FlaskForm):
    """Role, name, active state and schools of an account."""

    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Rol"))
    active = BooleanField(_l("Actief (kan zich aanmelden)"))
    schools = TextAreaField(
        _l("Scholen (instellingsnummers)"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class ResetPasswordForm(FlaskForm):
    """An admin sets a new password for someone else."""

    new = PasswordField(
        _l("Nieuw wachtwoord"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[DataRequired(), EqualTo("new", message=_l("De wachtwoorden verschillen."))],
    )
    submit = SubmitField(_l("Wachtwoord instellen"))
