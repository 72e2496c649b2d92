"""Forms of the school registry: a school, the search filters, the CSV upload."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SearchField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from netwerk.formatting import enum_label
from netwerk.forms import OnceForm
from netwerk.schools.models import OrganisationKind, Province, SchoolLevel, Umbrella
from netwerk.schools.services import FIELDS


def enum_choices(enum_cls, empty_label) -> list[tuple[str, str]]:
    """('', empty_label) and then every member with its translated label."""
    return [("", str(empty_label))] + [(m.value, enum_label(m)) for m in enum_cls]


class SchoolForm(OnceForm):
    """Create or edit a school; the service checks the rules and the view shows its messages."""

    institution_number = StringField(
        _l("Instellingsnummer"),
        validators=[
            Length(max=20, message=_l("Geef een instellingsnummer van hoogstens 20 tekens."))
        ],
        render_kw={"inputmode": "numeric"},
    )
    name = StringField(
        _l("Naam"),
        validators=[Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens."))],
    )
    level = SelectField(_l("Niveau"))
    umbrella = SelectField(_l("Net (koepel)"))
    street = StringField(
        _l("Straat en nummer"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Geef een straat en nummer van hoogstens 200 tekens.")),
        ],
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[Length(max=10, message=_l("Geef een postcode van hoogstens 10 tekens."))],
        render_kw={"inputmode": "numeric"},
    )
    municipality = StringField(
        _l("Gemeente"),
        validators=[Length(max=100, message=_l("Geef een gemeente van hoogstens 100 tekens."))],
    )
    province = SelectField(_l("Provincie"))
    parent_institution_number = StringField(
        _l("Hoofdschool (instellingsnummer, voor een campus of vestiging)"),
        validators=[
            Optional(),
            Length(max=20, message=_l("Geef een instellingsnummer van hoogstens 20 tekens.")),
        ],
    )
    scholengemeenschap = StringField(
        _l("Scholengemeenschap"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Geef een scholengemeenschap van hoogstens 200 tekens.")),
        ],
    )
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = enum_choices(SchoolLevel, _l("— kies een niveau —"))
        self.umbrella.choices = enum_choices(Umbrella, _l("— kies een net —"))
        self.province.choices = enum_choices(Province, _l("— afleiden uit de postcode —"))

    def school_data(self) -> dict:
        """The fields under the names the services take."""
        return {name: getattr(self, name).data or "" for name in FIELDS}


class SchoolFilterForm(FlaskForm):
    """Search and filters of the school list (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoek op naam, instellingsnummer, postcode of gemeente"),
        validators=[
            Optional(),
            Length(max=100, message=_l("Geef een zoekterm van hoogstens 100 tekens.")),
        ],
    )
    level = SelectField(_l("Niveau"), validators=[Optional()])
    province = SelectField(_l("Provincie"), validators=[Optional()])
    umbrella = SelectField(_l("Net"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = enum_choices(SchoolLevel, _l("alle niveaus"))
        self.province.choices = enum_choices(Province, _l("alle provincies"))
        self.umbrella.choices = enum_choices(Umbrella, _l("alle netten"))


class ImportForm(FlaskForm):
    """Upload a CSV file of schools."""

    file = FileField(
        _l("CSV-bestand"), validators=[FileRequired(_l("Kies een CSV-bestand om in te lezen."))]
    )
    skip_invalid = BooleanField(
        _l("Ongeldige rijen overslaan en de geldige toch inlezen"), default=False
    )
    submit = SubmitField(_l("Inlezen"))


def kind_choices(empty_label=None, *, with_school: bool = True) -> list[tuple[str, str]]:
    """The organisation kinds with their labels (schools left out where they cannot be made)."""
    kinds = [k for k in OrganisationKind if with_school or k is not OrganisationKind.school]
    choices = [(k.value, enum_label(k)) for k in kinds]
    return ([("", str(empty_label))] if empty_label is not None else []) + choices


class OrganisationForm(OnceForm):
    """Create or edit an organisation that is not a school (schools: the school registry)."""

    kind = SelectField(_l("Soort"))
    name = StringField(
        _l("Naam"),
        validators=[Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens."))],
    )
    street = StringField(
        _l("Straat en nummer"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Geef een straat en nummer van hoogstens 200 tekens.")),
        ],
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[
            Optional(),
            Length(max=10, message=_l("Geef een postcode van hoogstens 10 tekens.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    municipality = StringField(
        _l("Gemeente"),
        validators=[
            Optional(),
            Length(max=100, message=_l("Geef een gemeente van hoogstens 100 tekens.")),
        ],
    )
    province = SelectField(_l("Provincie"), validators=[Optional()])
    kbo = StringField(
        _l("Ondernemingsnummer (KBO)"),
        validators=[
            Optional(),
            Length(max=40, message=_l("Geef een nummer van hoogstens 40 tekens.")),
        ],
    )
    ovo = StringField(
        _l("OVO-code"),
        validators=[
            Optional(),
            Length(max=40, message=_l("Geef een code van hoogstens 40 tekens.")),
        ],
    )
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices(_l("— kies een soort —"), with_school=False)
        self.province.choices = enum_choices(Province, _l("geen provincie"))


class OrganisationFilterForm(FlaskForm):
    """Search and kind of the organisations list (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoek op naam, postcode of gemeente"),
        validators=[
            Optional(),
            Length(max=100, message=_l("Geef een zoekterm van hoogstens 100 tekens.")),
        ],
    )
    kind = SelectField(_l("Soort"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices(_l("alle soorten"))


class OrganisationImportForm(FlaskForm):
    """Upload a CSV file of organisations of one kind."""

    kind = SelectField(_l("Soort van de organisaties in het bestand"))
    file = FileField(
        _l("CSV-bestand"), validators=[FileRequired(_l("Kies een CSV-bestand om in te lezen."))]
    )
    submit = SubmitField(_l("Inlezen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices(with_school=False)
