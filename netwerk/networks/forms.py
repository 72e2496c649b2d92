"""Forms of the networks pages."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from netwerk.forms import (
    DayField,
    MultiCheckboxField,
    OnceForm,
    as_choices,
    enum_choices,
    optional_int,
)
from netwerk.labels import enum_label
from netwerk.networks.models import NetworkType, RegistrationStatus
from netwerk.schools.models import Province, SchoolLevel


class RegistrationForm(FlaskForm):
    """Sign a school up for a network."""

    school = SelectField(
        _l("School"),
        coerce=optional_int,  # the picker's first choice is empty: "search first"
        validators=[InputRequired(message=_l("Kies een school."))],
    )
    contact_name = StringField(_l("Contactpersoon"), validators=[DataRequired(), Length(max=200)])
    contact_email = EmailField(
        _l("E-mailadres contactpersoon"),
        validators=[
            DataRequired(),
            Email(message=_l("Geef een geldig e-mailadres.")),
            Length(max=254),
        ],
    )
    motivation = TextAreaField(
        _l("Motivatie"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 4}
    )
    commitment = BooleanField(
        _l("De school engageert zich om aan de bijeenkomsten van het netwerk deel te nemen."),
        validators=[DataRequired(message=_l("Bevestig het engagement van de school."))],
    )
    # Parsed by the form: a wrong date is the field's error, the page comes back with it.
    effective_on = DayField(_l("Ingangsdatum (dd/mm/jjjj, leeg = vandaag)"))
    reason = StringField(
        _l("Reden (verplicht buiten een oproep en met een vroegere ingangsdatum)"),
        validators=[Optional(), Length(max=500)],
    )
    # Context: "Aanmelden" also means "log in" (auth); here a school registers for a network.
    submit = SubmitField(lazy_pgettext("netwerk", "Aanmelden"))


class WithdrawForm(FlaskForm):
    """Withdraw a registration."""

    reason = StringField(_l("Reden (niet verplicht)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Aanmelding intrekken"))


BULK_ACTIONS = (
    RegistrationStatus.accepted,
    RegistrationStatus.waitlisted,
    RegistrationStatus.declined,
)


class BulkForm(FlaskForm):
    """Accept, waitlist or decline the chosen registrations of a network."""

    registrations = MultiCheckboxField(_l("Aanmeldingen"), coerce=int)
    to = SelectField(
        _l("Nieuwe status"),
        choices=as_choices((s.value, s.value) for s in BULK_ACTIONS),
        validators=[DataRequired()],
    )
    reason = StringField(
        _l("Reden (verplicht met een vroegere ingangsdatum)"),
        validators=[Optional(), Length(max=500)],
    )
    # Parsed by the view, so that a wrong date is flashed like every other refused bulk move
    # (an invalid form says "choose at least one registration" instead).
    effective_on = StringField(
        _l("Ingangsdatum (dd/mm/jjjj, leeg = vandaag)"), validators=[Optional(), Length(max=20)]
    )
    submit = SubmitField(_l("Toepassen op de gekozen aanmeldingen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.to.choices = as_choices((s.value, enum_label(s)) for s in BULK_ACTIONS)


class ProgrammeForm(FlaskForm):
    """Create or edit a programme."""

    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Beschrijving"), validators=[Optional(), Length(max=5000)])
    is_active = BooleanField(_l("Actief"), default=True)
    starts_on = DayField(
        _l("Start (dd/mm/jjjj): geen aanmelding kan vroeger ingaan"), validators=[Optional()]
    )
    submit = SubmitField(_l("Opslaan"))


class NetworkForm(OnceForm):
    """Create or edit a network."""

    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    programme = SelectField(_l("Programma"), coerce=int, validators=[InputRequired()])
    type = SelectField(_l("Soort"), validators=[DataRequired()])
    level = SelectField(_l("Onderwijsniveau"), validators=[DataRequired()])
    theme = StringField(_l("Thema"), validators=[Optional(), Length(max=200)])
    province = SelectField(_l("Provincie"), validators=[Optional()])
    region = StringField(_l("Regio"), validators=[Optional(), Length(max=100)])
    capacity = IntegerField(
        _l("Capaciteit (maximum aantal scholen, leeg = geen grens)"),
        validators=[Optional(), NumberRange(min=1, max=10000)],
    )
    anchors = StringField(
        _l("Ankerscholen: instellingsnummers, gescheiden door een komma (1 of 2)"),
        validators=[DataRequired(), Length(max=100)],
    )
    coaches = SelectMultipleField(_l("Procescoaches"), coerce=int, validators=[Optional()])
    description = TextAreaField(_l("Beschrijving"), validators=[Optional(), Length(max=5000)])
    rhythm = StringField(_l("Ritme van de bijeenkomsten"), validators=[Optional(), Length(max=200)])
    auto_accept = BooleanField(_l("Wie eerst komt, eerst maalt: automatisch aanvaarden"))
    is_active = BooleanField(_l("Actief"), default=True)
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = enum_choices(NetworkType)
        self.level.choices = enum_choices(SchoolLevel)
        self.province.choices = enum_choices(Province, blank=str(_l("(geen)")))


class CallForm(OnceForm):
    """Create or edit a call."""

    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    programme = SelectField(_l("Programma"), coerce=int, validators=[InputRequired()])
    opens_on = DateField(_l("Opent op"), validators=[DataRequired()])
    closes_on = DateField(_l("Sluit op"), validators=[DataRequired()])
    starts_on = DateField(_l("Start van de netwerken"), validators=[DataRequired()])
    networks = SelectMultipleField(_l("Aangeboden netwerken"), coerce=int, validators=[Optional()])
    text = TextAreaField(_l("Tekst van de oproep"), validators=[Optional(), Length(max=10000)])
    submit = SubmitField(_l("Opslaan"))
