"""Forms of the effort feature; typed values (FTE, durations, numbers, school years) are
netwerk.forms.ParsedField subclasses over the effort parsers, dates netwerk.forms.DayField."""

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from netwerk.effort.models import Activity, FundingSource, StaffRole
from netwerk.effort.parsing import parse_duration, parse_fte
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.formatting import format_fte, format_minutes
from netwerk.forms import DayField, OnceForm, ParsedField, WholeNumberField, enum_choices
from netwerk.ids import is_id
from netwerk.networks.models import Network, Programme
from netwerk.schools.models import Organisation
from netwerk.timeutil import SchoolYear


class FteField(ParsedField):
    """An FTE typed as 0,5, 50% or halftijds."""

    def parse(self, text):
        return parse_fte(text)

    def show(self, value):
        return format_fte(value)


class DurationField(ParsedField):
    """A duration typed as 1u30, 1:30, 1,5u or 90 (minutes)."""

    def parse(self, text):
        return parse_duration(text)

    def show(self, value):
        return format_minutes(value)


class DecimalCommaField(ParsedField):
    """A non-negative number with a decimal comma or point."""

    def parse(self, text):
        try:
            value = Decimal(text.strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise DomainError(str(_l("Geef een getal, bv. 1,5."))) from None
        if not value.is_finite() or value < 0:
            raise DomainError(str(_l("Geef een positief getal, bv. 1,5.")))
        return value

    def show(self, value):
        return str(value).replace(".", ",")


class SchoolYearField(ParsedField):
    """A school year typed as 2024-2025."""

    def parse(self, text):
        return SchoolYear.parse(text)


_TARGET_GROUPS = {
    "network": _l("Netwerken"),
    "school": _l("Ankers (scholen en andere organisaties)"),
    "programme": _l("Programma's"),
}


def _target_choices(targets: dict, kinds: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """A select grouped by kind of target, values 'network:3', 'school:5', 'programme:2'."""
    return {
        str(_TARGET_GROUPS[kind]): [(f"{kind}:{i}", name) for i, name in targets.get(kind, [])]
        for kind in kinds
    }


class StaffMemberForm(OnceForm):
    """A staff member's details."""

    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(message=_l("Geef een naam.")),
            Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens.")),
        ],
    )
    email = StringField(
        _l("E-mailadres"),
        validators=[
            Optional(),
            Email(message=_l("Ongeldig e-mailadres.")),
            Length(max=254, message=_l("Geef een e-mailadres van hoogstens 254 tekens.")),
        ],
    )
    user_id = SelectField(_l("Gekoppelde gebruiker"), coerce=int, default=0)
    employer_name = StringField(
        _l("Werkgever (school of organisatie)"),
        validators=[Length(max=200, message=_l("Geef een werkgever van hoogstens 200 tekens."))],
    )
    seniority_years = WholeNumberField(
        _l("Anciënniteit (jaren)"),
        invalid=_l("Geef de anciënniteit als een getal van 0 tot 60 jaar."),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=60, message=_l("Geef de anciënniteit als een getal van 0 tot 60 jaar.")
            ),
        ],
    )
    diploma_level = StringField(
        _l("Diplomaniveau"),
        validators=[
            Length(max=100, message=_l("Geef een diplomaniveau van hoogstens 100 tekens."))
        ],
    )
    submit = SubmitField(_l("Opslaan"))


class AssignmentForm(OnceForm):
    """An assignment: target, role, FTE, funding, period; the overload confirmation when needed."""

    target = SelectField(
        _l("Doel (netwerk, ankerschool of programma)"),
        validators=[DataRequired(message=_l("Kies een netwerk, ankerschool of programma."))],
    )
    role = SelectField(
        _l("Rol"), choices=[], validators=[DataRequired(message=_l("Kies een rol."))]
    )
    fte = FteField(
        _l("VTE"),
        validators=[InputRequired(message=_l("Vul een VTE in, bv. 0,5, 50% of halftijds."))],
    )
    funding_source = SelectField(
        _l("Financieringsbron"),
        validators=[DataRequired(message=_l("Kies een financieringsbron."))],
    )
    starts_on = DayField(
        _l("Begindatum"), validators=[InputRequired(message=_l("Vul een begindatum in."))]
    )
    ends_on = DayField(_l("Einddatum (leeg: loopt door)"), validators=[Optional()])
    confirm_overload = BooleanField(
        _l("Ik bevestig dat deze medewerker hiermee meer dan 1,000 VTE werkt.")
    )
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = enum_choices(StaffRole)
        self.funding_source.choices = enum_choices(FundingSource)
        self.target.choices = _target_choices(targets or {}, ("network", "school", "programme"))


class PlannedEffortForm(FlaskForm):
    """Planned and earmarked FTE of a network or programme for a school year."""

    target = SelectField(
        _l("Netwerk of programma"),
        validators=[DataRequired(message=_l("Kies een netwerk, ankerschool of programma."))],
    )
    planned_fte = DecimalCommaField(
        _l("Geplande VTE"), validators=[InputRequired(message=_l("Vul de geplande VTE in."))]
    )
    earmarked_fte = DecimalCommaField(_l("Waarvan gekleurde VTE"), validators=[Optional()])
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = _target_choices(targets or {}, ("network", "programme"))


class HourEntryForm(OnceForm):
    """One hour entry; admins also pick the staff member."""

    staff_member_id = SelectField(_l("Medewerker"), coerce=int, validators=[Optional()])
    worked_on = DayField(_l("Datum"), validators=[InputRequired(message=_l("Vul een datum in."))])
    duration = DurationField(
        _l("Duur"),
        validators=[InputRequired(message=_l("Vul een duur in, bv. 1u30 of 90 (minuten)."))],
    )
    activity = SelectField(
        _l("Activiteit"), validators=[DataRequired(message=_l("Kies een activiteit."))]
    )
    network_id = SelectField(
        _l("Netwerk"), coerce=int, validators=[DataRequired(message=_l("Kies een netwerk."))]
    )
    meeting_id = HiddenField()
    school_number = StringField(
        _l("School (instellingsnummer, optioneel)"),
        validators=[
            Length(max=20, message=_l("Geef een instellingsnummer van hoogstens 20 tekens."))
        ],
    )
    note = StringField(
        _l("Notitie"),
        validators=[Length(max=500, message=_l("Geef een notitie van hoogstens 500 tekens."))],
    )
    submit = SubmitField(_l("Uren opslaan"))

    def __init__(self, *args, networks=(), staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity.choices = enum_choices(Activity)
        self.network_id.choices = [(n.id, n.name) for n in networks]
        if staff is None:
            del self.staff_member_id
        else:
            self.staff_member_id.choices = [(s.id, s.name) for s in staff]


class HoursImportForm(FlaskForm):
    """A CSV file of hour entries."""

    file = FileField(
        _l("CSV-bestand"), validators=[FileRequired(message=_l("Kies een CSV-bestand."))]
    )
    submit = SubmitField(_l("Importeren"))


class CloseMonthForm(FlaskForm):
    """A month to close."""

    month = StringField(
        _l("Maand (mm/jjjj)"), validators=[DataRequired(message=_l("Vul een maand in."))]
    )
    submit = SubmitField(_l("Maand afsluiten"))


class HoursPerFteForm(FlaskForm):
    """Hours in one FTE for a school year."""

    school_year = SchoolYearField(
        _l("Schooljaar"), validators=[InputRequired(message=_l("Vul een schooljaar in."))]
    )
    hours = DecimalCommaField(
        _l("Uren per VTE"), validators=[InputRequired(message=_l("Vul het aantal uren in."))]
    )
    submit = SubmitField(_l("Opslaan"))


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token (delete, reopen)."""

    submit = SubmitField(_l("Bevestigen"))


def chosen_target(
    value: str,
) -> tuple[Network | None, Organisation | None, Programme | None]:
    """A target select's 'network:3' / 'school:5' / 'programme:2' as (network, anchor,
    programme), exactly one of them set; 'school' names an anchor of any kind (its organisation
    id); DomainError when it names nothing."""
    kind, _sep, ident = (value or "").partition(":")
    model = {"network": Network, "school": Organisation, "programme": Programme}.get(kind)
    obj = db.session.get(model, int(ident)) if model and is_id(ident) else None
    if obj is None:
        raise DomainError(_("Kies een geldig doel."))
    return (
        obj if kind == "network" else None,
        obj if kind == "school" else None,
        obj if kind == "programme" else None,
    )
