"""Forms of the effort feature; typed values (FTE, durations, dates) use the services' parsers."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from netwerk.effort.models import Activity, FundingSource, StaffRole
from netwerk.effort.parsing import parse_duration, parse_fte
from netwerk.errors import DomainError
from netwerk.formatting import enum_label, format_fte, format_minutes
from netwerk.timeutil import SchoolYear, parse_date


class _ParsedField(StringField):
    """A text field whose value is parsed by a service parser; its Dutch error becomes the field's."""

    def parse(self, text: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def show(self, value) -> str:
        return str(value)

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = None
        if text.strip():
            try:
                self.data = self.parse(text)
            except DomainError as exc:
                raise ValueError(exc.message) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.show(self.data)


class DayField(_ParsedField):
    """A date typed as 19/11/2021 (or 2021-11-19)."""

    def parse(self, text):
        return parse_date(text)

    def show(self, value):
        return value.strftime("%d/%m/%Y")


class FteField(_ParsedField):
    """An FTE typed as 0,5, 50% or halftijds."""

    def parse(self, text):
        return parse_fte(text)

    def show(self, value):
        return format_fte(value)


class DurationField(_ParsedField):
    """A duration typed as 1u30, 1:30, 1,5u or 90 (minutes)."""

    def parse(self, text):
        return parse_duration(text)

    def show(self, value):
        return format_minutes(value)


class DecimalCommaField(_ParsedField):
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


class SchoolYearField(_ParsedField):
    """A school year typed as 2024-2025."""

    def parse(self, text):
        return SchoolYear.parse(text)


def enum_choices(enum_cls) -> list[tuple[str, str]]:
    """(value, translated label) for a select."""
    return [(m.value, enum_label(m)) for m in enum_cls]


class StaffMemberForm(FlaskForm):
    """A staff member's details."""

    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    email = StringField(
        _l("E-mailadres"),
        validators=[Optional(), Email(message=_l("Ongeldig e-mailadres.")), Length(max=254)],
    )
    user_id = SelectField(_l("Gekoppelde gebruiker"), coerce=int, default=0)
    employer_name = StringField(
        _l("Werkgever (school of organisatie)"), validators=[Length(max=200)]
    )
    seniority_years = IntegerField(
        _l("Anciënniteit (jaren)"),
        validators=[Optional(), NumberRange(min=0, max=60, message=_l("Tussen 0 en 60 jaar."))],
    )
    diploma_level = StringField(_l("Diplomaniveau"), validators=[Length(max=100)])
    submit = SubmitField(_l("Opslaan"))


class AssignmentForm(FlaskForm):
    """An assignment: target, role, FTE, funding, period; the overload confirmation when needed."""

    target = SelectField(
        _l("Doel (netwerk, ankerschool of programma)"), validators=[DataRequired()]
    )
    role = SelectField(_l("Rol"), choices=[], validators=[DataRequired()])
    fte = FteField(
        _l("VTE"),
        validators=[InputRequired(message=_l("Vul een VTE in, bv. 0,5, 50% of halftijds."))],
    )
    funding_source = SelectField(_l("Financieringsbron"), validators=[DataRequired()])
    starts_on = DayField(
        _l("Begindatum"), validators=[InputRequired(message=_l("Vul een begindatum in."))]
    )
    ends_on = DayField(_l("Einddatum (leeg: loopt door)"), validators=[Optional()])
    confirm_overload = BooleanField(
        _l("Ik bevestig dat deze medewerker hiermee meer dan 1,0 VTE werkt.")
    )
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = enum_choices(StaffRole)
        self.funding_source.choices = enum_choices(FundingSource)
        targets = targets or {}
        self.target.choices = {
            str(_l("Netwerken")): [(f"network:{i}", n) for i, n in targets.get("network", [])],
            str(_l("Ankerscholen")): [(f"school:{i}", n) for i, n in targets.get("school", [])],
            str(_l("Programma's")): [
                (f"programme:{i}", n) for i, n in targets.get("programme", [])
            ],
        }


class PlannedEffortForm(FlaskForm):
    """Planned and earmarked FTE of a network or programme for a school year."""

    target = SelectField(_l("Netwerk of programma"), validators=[DataRequired()])
    planned_fte = DecimalCommaField(
        _l("Geplande VTE"), validators=[InputRequired(message=_l("Vul de geplande VTE in."))]
    )
    earmarked_fte = DecimalCommaField(_l("Waarvan gekleurde VTE"), validators=[Optional()])
    submit = SubmitField(_l("Opslaan"))

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = targets or {}
        self.target.choices = {
            str(_l("Netwerken")): [(f"network:{i}", n) for i, n in targets.get("network", [])],
            str(_l("Programma's")): [
                (f"programme:{i}", n) for i, n in targets.get("programme", [])
            ],
        }


class HourEntryForm(FlaskForm):
    """One hour entry; admins also pick the staff member."""

    staff_member_id = SelectField(_l("Medewerker"), coerce=int, validators=[Optional()])
    worked_on = DayField(_l("Datum"), validators=[InputRequired(message=_l("Vul een datum in."))])
    duration = DurationField(
        _l("Duur"),
        validators=[InputRequired(message=_l("Vul een duur in, bv. 1u30 of 90 (minuten)."))],
    )
    activity = SelectField(_l("Activiteit"), validators=[DataRequired()])
    network_id = SelectField(_l("Netwerk"), coerce=int, validators=[DataRequired()])
    meeting_id = HiddenField()
    school_number = StringField(
        _l("School (instellingsnummer, optioneel)"), validators=[Length(max=20)]
    )
    note = StringField(_l("Notitie"), validators=[Length(max=500)])
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
