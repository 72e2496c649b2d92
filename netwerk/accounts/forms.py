"""The forms of the account administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    EmailField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from netwerk.auth.models import Role
from netwerk.extensions import db
from netwerk.forms import OnceForm
from netwerk.labels import enum_label
from netwerk.schools.models import Organisation, OrganisationKind


def role_choices(empty_label=None) -> list[tuple[str, str]]:
    """Every role with its translated label (and an empty choice when asked)."""
    choices = [(r.value, enum_label(r)) for r in Role]
    return [("", str(empty_label)), *choices] if empty_label else choices


def other_organisation_choices() -> list[tuple[int, str]]:
    """The organisations that are not schools, by name, with their kind (a contact's links)."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind)
        .where(Organisation.kind != OrganisationKind.school)
        .order_by(Organisation.name, Organisation.id)
    )
    return [(i, f"{name} ({enum_label(kind)})") for i, name, kind in rows]


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

    organisations = SelectMultipleField(
        _l("Andere organisaties (geen scholen)"), coerce=int, validators=[Optional()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()
        self.organisations.choices = other_organisation_choices()


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
