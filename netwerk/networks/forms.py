"""Forms of the networks pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from netwerk.forms import (
    CalendarDayField,
    DayField,
    MultiCheckboxField,
    OnceForm,
    WholeNumberField,
    as_choices,
    enum_choices,
    optional_int,
)
from netwerk.labels import enum_label
from netwerk.networks.models import NetworkType, RegistrationStatus
from netwerk.schools.models import Province, SchoolLevel


def reason_field(label) -> StringField:
    """Why a move or change was made: optional on the form (the service says when it is
    required), at most the 500 characters its history keeps."""
    return StringField(
        label,
        validators=[
            Optional(),
            Length(max=500, message=_l("Geef een reden van hoogstens 500 tekens.")),
        ],
    )


def dated_change_fields(day_label, reason_label) -> tuple[DayField, StringField]:
    """From when a change holds (a day; empty is today) and why: a day before today needs a
    reason. One pair for a registration's move and a network's change of anchors, level or
    programme; each form gives its own labels."""
    return DayField(day_label), reason_field(reason_label)


class RegistrationForm(FlaskForm):
    """Sign a school up for a network."""

    school = SelectField(
        _l("School"),
        coerce=optional_int,  # the picker's first choice is empty: "search first"
        validators=[InputRequired(message=_l("Kies een school."))],
    )
    contact_name = StringField(
        _l("Contactpersoon"),
        validators=[
            DataRequired(message=_l("Geef de naam van een contactpersoon.")),
            Length(
                max=200, message=_l("Geef de naam van een contactpersoon van hoogstens 200 tekens.")
            ),
        ],
    )
    contact_email = EmailField(
        _l("E-mailadres contactpersoon"),
        validators=[
            DataRequired(message=_l("Geef het e-mailadres van de contactpersoon.")),
            Email(message=_l("Geef een geldig e-mailadres.")),
            Length(
                max=254,
                message=_l("Geef het e-mailadres van de contactpersoon van hoogstens 254 tekens."),
            ),
        ],
    )
    motivation = TextAreaField(
        _l("Motivatie"),
        validators=[
            Optional(),
            Length(max=5000, message=_l("Geef een motivatie van hoogstens 5.000 tekens.")),
        ],
        render_kw={"rows": 4},
    )
    commitment = BooleanField(
        _l("De school engageert zich om aan de bijeenkomsten van het netwerk deel te nemen."),
        validators=[DataRequired(message=_l("Bevestig het engagement van de school."))],
    )
    # Parsed by the form: a wrong date is the field's error, the page comes back with it.
    effective_on, reason = dated_change_fields(
        _l("Ingangsdatum (dd/mm/jjjj, leeg = vandaag)"),
        _l("Reden (verplicht buiten een oproep en met een vroegere ingangsdatum)"),
    )
    # Shown with the warning when a move changes a published figure (networks/_publication_warning).
    acknowledge_publications = BooleanField(_l("Ik weet dat dit een gepubliceerd cijfer wijzigt"))
    # "Aanmelden" is logging in; a school registering for a network is "inschrijven".
    submit = SubmitField(_l("Inschrijven"))


class WithdrawForm(FlaskForm):
    """Withdraw a registration, on its confirmation page."""

    reason = reason_field(_l("Reden (niet verplicht)"))
    # Shown with the warning when a move changes a published figure (networks/_publication_warning).
    acknowledge_publications = BooleanField(_l("Ik weet dat dit een gepubliceerd cijfer wijzigt"))
    submit = SubmitField(_l("Ja, inschrijving intrekken"))


class ContactForm(FlaskForm):
    """Change the contact of a registration."""

    contact_name = StringField(
        _l("Contactpersoon"),
        validators=[
            DataRequired(message=_l("Geef de naam van de contactpersoon.")),
            Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens.")),
        ],
    )
    contact_email = EmailField(
        _l("E-mailadres contactpersoon"),
        validators=[
            DataRequired(message=_l("Geef het e-mailadres van de contactpersoon.")),
            Email(message=_l("Geef een geldig e-mailadres.")),
            Length(max=254, message=_l("Geef een e-mailadres van hoogstens 254 tekens.")),
        ],
    )
    submit = SubmitField(_l("Opslaan"))


BULK_ACTIONS = (
    RegistrationStatus.accepted,
    RegistrationStatus.waitlisted,
    RegistrationStatus.declined,
)


class BulkForm(FlaskForm):
    """Accept, waitlist or decline the chosen registrations of a network."""

    registrations = MultiCheckboxField(_l("Inschrijvingen"), coerce=int)
    to = SelectField(
        _l("Nieuwe status"),
        choices=as_choices((s.value, s.value) for s in BULK_ACTIONS),
        validators=[DataRequired(message=_l("Kies een nieuwe status."))],
    )
    reason = reason_field(_l("Reden (verplicht met een vroegere ingangsdatum)"))
    # Parsed by the view, so that a wrong date is flashed like every other refused bulk move
    # (an invalid form says "choose at least one registration" instead).
    effective_on = StringField(
        _l("Ingangsdatum (dd/mm/jjjj, leeg = vandaag)"),
        validators=[
            Optional(),
            Length(max=20, message=_l("Geef een ingangsdatum van hoogstens 20 tekens.")),
        ],
    )
    # Shown with the warning when a move changes a published figure (networks/_publication_warning).
    acknowledge_publications = BooleanField(_l("Ik weet dat dit een gepubliceerd cijfer wijzigt"))
    submit = SubmitField(_l("Toepassen op de gekozen inschrijvingen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.to.choices = as_choices((s.value, enum_label(s)) for s in BULK_ACTIONS)


class ProgrammeForm(FlaskForm):
    """Create or edit a programme."""

    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(message=_l("Geef een naam.")),
            Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens.")),
        ],
    )
    description = TextAreaField(
        _l("Beschrijving"),
        validators=[
            Optional(),
            Length(max=5000, message=_l("Geef een beschrijving van hoogstens 5.000 tekens.")),
        ],
    )
    is_active = BooleanField(_l("Actief"), default=True)
    starts_on = DayField(
        _l("Start (dd/mm/jjjj): geen inschrijving kan vroeger ingaan"), validators=[Optional()]
    )
    submit = SubmitField(_l("Opslaan"))


class NetworkForm(OnceForm):
    """Create or edit a network."""

    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(message=_l("Geef een naam.")),
            Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens.")),
        ],
    )
    programme = SelectField(
        _l("Programma"), coerce=int, validators=[InputRequired(message=_l("Kies een programma."))]
    )
    type = SelectField(_l("Soort"), validators=[DataRequired(message=_l("Kies een soort."))])
    level = SelectField(
        _l("Onderwijsniveau"), validators=[DataRequired(message=_l("Kies een onderwijsniveau."))]
    )
    theme = StringField(
        _l("Thema"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Geef een thema van hoogstens 200 tekens.")),
        ],
    )
    province = SelectField(_l("Provincie"), validators=[Optional()])
    region = StringField(
        _l("Regio"),
        validators=[
            Optional(),
            Length(max=100, message=_l("Geef een regio van hoogstens 100 tekens.")),
        ],
    )
    capacity = WholeNumberField(
        _l("Capaciteit (maximum aantal scholen, leeg = geen grens)"),
        invalid=_l("Geef de capaciteit als getal, bv. 20, of laat het veld leeg."),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=10000,
                message=_l("Geef een capaciteit van 1 tot 10.000 scholen, of laat het veld leeg."),
            ),
        ],
    )
    anchors = StringField(
        _l("Ankerscholen: instellingsnummers, gescheiden door een komma"),
        validators=[
            Optional(),
            Length(
                max=100,
                message=_l("Geef hoogstens 100 tekens aan instellingsnummers van ankerscholen."),
            ),
        ],
    )
    anchor_organisations = SelectMultipleField(
        _l("Ankers die geen school zijn"), coerce=int, validators=[Optional()]
    )
    coaches = SelectMultipleField(_l("Procescoaches"), coerce=int, validators=[Optional()])
    description = TextAreaField(
        _l("Beschrijving"),
        validators=[
            Optional(),
            Length(max=5000, message=_l("Geef een beschrijving van hoogstens 5.000 tekens.")),
        ],
    )
    rhythm = StringField(
        _l("Ritme van de bijeenkomsten"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Geef een ritme van hoogstens 200 tekens.")),
        ],
    )
    auto_accept = BooleanField(_l("Wie eerst komt, eerst maalt: automatisch aanvaarden"))
    is_active = BooleanField(_l("Actief"), default=True)
    # The network's life (networks.life): after its last day no registrations, meetings or hours.
    starts_on = DayField(
        _l("Startdatum (dd/mm/jjjj, leeg = de start van het programma)"), validators=[Optional()]
    )
    ends_on = DayField(
        _l("Einddatum (dd/mm/jjjj, leeg = het netwerk loopt door)"), validators=[Optional()]
    )
    # The koepelnetwerk above this one ("" = none); the view fills the choices (networks.parents).
    parent = SelectField(_l("Bovenliggend netwerk (koepelnetwerk)"), validators=[Optional()])
    # Only on the edit page (the view removes them from a new network's form): from when a change
    # of anchors, level or programme holds; reports for earlier days keep the old values.
    effective_on, reason = dated_change_fields(
        _l("Van kracht vanaf (dd/mm/jjjj, leeg = vandaag)"),
        _l("Reden (verplicht met een vroegere datum van kracht)"),
    )
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = enum_choices(NetworkType)
        self.level.choices = enum_choices(SchoolLevel)
        self.province.choices = enum_choices(Province, blank=str(_l("(geen)")))


class CallForm(OnceForm):
    """Create or edit a call."""

    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(message=_l("Geef een titel.")),
            Length(max=200, message=_l("Geef een titel van hoogstens 200 tekens.")),
        ],
    )
    programme = SelectField(
        _l("Programma"), coerce=int, validators=[InputRequired(message=_l("Kies een programma."))]
    )
    opens_on = CalendarDayField(
        _l("Opent op"),
        validators=[DataRequired(message=_l("Geef de dag waarop de oproep opent."))],
        invalid=_l("Geef een geldige dag waarop de oproep opent."),
    )
    closes_on = CalendarDayField(
        _l("Sluit op"),
        validators=[DataRequired(message=_l("Geef de dag waarop de oproep sluit."))],
        invalid=_l("Geef een geldige dag waarop de oproep sluit."),
    )
    starts_on = CalendarDayField(
        _l("Start van de netwerken"),
        validators=[DataRequired(message=_l("Geef de dag waarop de netwerken starten."))],
        invalid=_l("Geef een geldige dag waarop de netwerken starten."),
    )
    networks = SelectMultipleField(_l("Aangeboden netwerken"), coerce=int, validators=[Optional()])
    organisation_kinds = MultiCheckboxField(
        _l("Wie mag zich inschrijven"),
        default=["school"],
        validators=[Optional()],  # none ticked: schools only, as a call always had
    )
    text = TextAreaField(
        _l("Tekst van de oproep"),
        validators=[
            Optional(),
            Length(max=10000, message=_l("Geef een tekst van hoogstens 10.000 tekens.")),
        ],
    )
    submit = SubmitField(_l("Opslaan"))


class MemberForm(OnceForm):
    """Add an organisation in a role to a network (schools take part through registration)."""

    organisation = SelectField(
        _l("Organisatie"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Kies een organisatie."))],
    )
    role = SelectField(_l("Rol"), validators=[InputRequired(message=_l("Kies een rol."))])
    valid_from = DayField(_l("Vanaf (leeg: vandaag)"))
    valid_until = DayField(_l("Tot en met (leeg: loopt door)"))
    submit = SubmitField(_l("Lid toevoegen"))


class EndMemberForm(FlaskForm):
    """End a membership on a day (empty: today); its history stays."""

    ends_on = DayField(_l("Laatste dag (leeg: vandaag)"))
    submit = SubmitField(_l("Beëindigen"))
