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
from wtforms.validators import DataRequired, Length, Optional

from netwerk.auth.models import Role
from netwerk.forms import OnceForm, confirm_password_field, new_password_field
from netwerk.labels import enum_label


def role_choices(empty_label=None) -> list[tuple[str, str]]:
    """Every role with its translated label (and an empty choice when asked)."""
    choices = [(r.value, enum_label(r)) for r in Role]
    return [("", str(empty_label)), *choices] if empty_label else choices


class UserFilterForm(FlaskForm):
    """Search and role filter of the user list (a GET form)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoek op naam of e-mailadres"),
        validators=[
            Optional(),
            Length(max=100, message=_l("Geef een zoekterm van hoogstens 100 tekens.")),
        ],
    )
    role = SelectField(_l("Rol"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices(_l("alle rollen"))


class _AccountFields(FlaskForm):
    """Name, role and schools: what an admin gives every account."""

    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(message=_l("Geef een naam.")),
            Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens.")),
        ],
    )
    role = SelectField(_l("Rol"))
    schools = TextAreaField(
        _l("Scholen (instellingsnummers)"),
        validators=[
            Optional(),
            Length(
                max=2000,
                message=_l("Houd de lijst van instellingsnummers bij hoogstens 2.000 tekens."),
            ),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class UserCreateForm(_AccountFields, OnceForm):
    """A new account with an initial password."""

    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(message=_l("Geef een e-mailadres.")),
            Length(max=254, message=_l("Geef een e-mailadres van hoogstens 254 tekens.")),
        ],
    )
    password = PasswordField(
        _l("Eerste wachtwoord"),
        validators=[
            DataRequired(message=_l("Geef een eerste wachtwoord.")),
            Length(min=10, max=200, message=_l("Kies een wachtwoord van 10 tot 200 tekens.")),
        ],
    )
    submit = SubmitField(_l("Gebruiker aanmaken"))


class UserEditForm(_AccountFields):
    """Role, name, active state and schools of an account."""

    active = BooleanField(_l("Actief (kan zich aanmelden)"))
    submit = SubmitField(_l("Opslaan"))


class ResetPasswordForm(FlaskForm):
    """An admin sets a new password for someone else."""

    new = new_password_field()
    confirm = confirm_password_field()
    submit = SubmitField(_l("Wachtwoord instellen"))
