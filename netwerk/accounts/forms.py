"""The forms of the account administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from netwerk.auth.models import Role
from netwerk.forms import OnceForm
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
    """A new account; the user gets an invitation mail to choose a password."""

    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(message=_l("Geef een e-mailadres.")),
            Length(max=254, message=_l("Geef een e-mailadres van hoogstens 254 tekens.")),
        ],
    )
    role = SelectField(
        _l("Rol"), default="", validators=[DataRequired(message=_l("Kies een rol."))]
    )
    submit = SubmitField(_l("Gebruiker aanmaken en uitnodigen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No role is preselected: an admin who skips the field must not make another admin.
        self.role.choices = role_choices(_l("Kies een rol"))


class UserEditForm(_AccountFields):
    """Role, name, active state and schools of an account."""

    active = BooleanField(_l("Actief (kan zich aanmelden)"))
    submit = SubmitField(_l("Opslaan"))


class ResetPasswordForm(FlaskForm):
    """An admin mails someone a link to choose a new password (a POST with CSRF)."""

    submit = SubmitField(_l("Herstellink versturen"))


class ResendInvitationForm(FlaskForm):
    """An admin mails an invited user a new invitation (a POST with CSRF)."""

    submit = SubmitField(_l("Uitnodiging opnieuw versturen"))
