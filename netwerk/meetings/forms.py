"""Forms of the meetings feature."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.utils import unset_value
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from netwerk.errors import DomainError
from netwerk.forms import (
    CalendarDayField,
    ClockTimeField,
    MultiCheckboxField,
    OnceForm,
    WholeNumberField,
    as_choices,
    enum_choices,
    optional_int,
)
from netwerk.meetings.attendance import MAX_PERSONS
from netwerk.meetings.models import (
    AttendanceStatus,
    MeetingStatus,
    MeetingType,
    OutputStatus,
    OutputType,
)
from netwerk.meetings.recurrence import Frequency, weekday_names
from netwerk.urls import web_link

# The browser's date picker sends 2025-11-19; people without one type 19/11/2025.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
SCOPES = as_choices(
    [("this", _l("Enkel deze bijeenkomst")), ("following", _l("Deze en alle volgende"))]
)


def web_link_field(form, field) -> None:
    """The one link check (netwerk.urls.web_link), its Dutch message at the field."""
    try:
        web_link(field.data)
    except DomainError as exc:
        raise ValidationError(exc.message) from None


def long_text(
    label, too_long, *, max_chars: int = 20_000, rows: int | None = None
) -> TextAreaField:
    """An optional text area of at most max_chars characters; too_long says so in words."""
    render_kw = {"rows": rows} if rows else None
    validators = [Optional(), Length(max=max_chars, message=too_long)]
    return TextAreaField(label, validators=validators, render_kw=render_kw)


def member_choices(enum_cls):
    """The choices of an enum's members, made when a form first reads them: the labels are
    translated per request (netwerk.labels), not once when this module is read."""
    return lambda: enum_choices(enum_cls)


def version_field() -> IntegerField:
    """The version of the object the form was filled in on, sent back hidden: a save over a newer
    version is refused (someone else changed it meanwhile). Empty on a form for a new object."""
    return WholeNumberField(
        widget=HiddenInput(),
        validators=[Optional()],
        invalid=_l("Deze pagina is verouderd: herlaad ze en breng uw wijziging opnieuw aan."),
    )


class _PlaceFields:
    """Type, title, duration, place and agenda: shared by one meeting and a series."""

    type = SelectField(_l("Soort"), choices=member_choices(MeetingType), default="bijeenkomst")
    title = StringField(
        _l("Titel"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Geef een titel van hoogstens 200 tekens.")),
        ],
    )
    duration_minutes = WholeNumberField(
        _l("Duur (minuten)"),
        invalid=_l("Geef de duur in minuten als getal, bv. 120."),
        default=120,
        validators=[
            InputRequired(_l("Geef de duur in minuten.")),
            NumberRange(1, 1440, _l("De duur ligt tussen 1 en 1440 minuten.")),
        ],
    )
    location = StringField(
        _l("Adres of lokaal"),
        validators=[
            Optional(),
            Length(max=300, message=_l("Geef een adres of lokaal van hoogstens 300 tekens.")),
        ],
    )
    host_school_id = SelectField(_l("Gastschool"), coerce=optional_int, choices=[])
    online_url = StringField(
        _l("Link voor online deelname"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Geef een link van hoogstens 500 tekens.")),
            web_link_field,
        ],
    )
    agenda = long_text(_l("Agenda"), _l("Geef een agenda van hoogstens 20.000 tekens."))
    is_imposed = BooleanField(_l("Datum en plaats opgelegd (de coach kan ze niet wijzigen)"))


class MeetingForm(_PlaceFields, OnceForm):
    """One meeting."""

    day = CalendarDayField(
        _l("Datum"),
        format=DATE_FORMATS,
        validators=[InputRequired(_l("Geef een geldige datum."))],
        invalid=_l("Geef een geldige datum, bv. 19/11/2025."),
    )
    start_time = ClockTimeField(
        _l("Beginuur"),
        validators=[InputRequired(_l("Geef een geldig uur."))],
        invalid=_l("Geef een geldig uur, bv. 19:30."),
    )
    status = SelectField(_l("Status"), choices=member_choices(MeetingStatus), default="planned")
    status_reason = StringField(
        _l("Reden (bij afgelast of uitgesteld)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Geef een reden van hoogstens 500 tekens.")),
        ],
    )
    scope = RadioField(_l("Wijzigen voor"), choices=SCOPES, default="this")
    version = version_field()
    submit = SubmitField(_l("Opslaan"))


class SeriesForm(_PlaceFields, OnceForm):
    """A whole series of meetings from one rule."""

    frequency = RadioField(
        _l("Ritme"),
        choices=as_choices(
            [
                (Frequency.monthly.value, _l("Maandelijks op een vaste weekdag (bv. 2e dinsdag)")),
                (Frequency.weekly.value, _l("Wekelijks of om de zoveel weken")),
            ]
        ),
        default=Frequency.monthly.value,
    )
    nth = SelectField(
        _l("Welke weekdag van de maand"),
        coerce=int,
        choices=as_choices(
            [
                (1, _l("1e")),
                (2, _l("2e")),
                (3, _l("3e")),
                (4, _l("4e")),
                (5, _l("5e (maanden zonder vijfde worden overgeslagen)")),
                (-1, _l("laatste")),
            ]
        ),
        default=2,
    )
    weekday = SelectField(
        _l("Weekdag"), coerce=int, choices=lambda: as_choices(enumerate(weekday_names())), default=1
    )
    interval = WholeNumberField(
        _l("Om de hoeveel maanden of weken"),
        invalid=_l("Geef het interval als getal, bv. 1."),
        default=1,
        validators=[InputRequired(_l("Geef een interval, bv. 1."))],
    )
    starts_on = CalendarDayField(
        _l("Van"),
        format=DATE_FORMATS,
        validators=[InputRequired(_l("Geef een geldige begindatum."))],
        invalid=_l("Geef een geldige begindatum, bv. 01/09/2025."),
    )
    until = CalendarDayField(
        _l("Tot en met"),
        format=DATE_FORMATS,
        validators=[InputRequired(_l("Geef een geldige einddatum."))],
        invalid=_l("Geef een geldige einddatum, bv. 30/06/2026."),
    )
    start_time = ClockTimeField(
        _l("Beginuur"),
        validators=[InputRequired(_l("Geef een geldig uur."))],
        invalid=_l("Geef een geldig uur, bv. 19:30."),
    )
    preview = SubmitField(_l("Data bekijken"))
    save = SubmitField(_l("Reeks aanmaken"))


class CancelForm(FlaskForm):
    """Cancel one meeting or the rest of its series."""

    reason = StringField(
        _l("Reden"),
        validators=[
            DataRequired(_l("Geef een reden op.")),
            Length(max=500, message=_l("Geef een reden van hoogstens 500 tekens.")),
        ],
    )
    scope = RadioField(_l("Afgelasten"), choices=SCOPES, default="this")
    version = version_field()
    submit = SubmitField(_l("Afgelasten"))


class PersonForm(Form):
    """One person on the attendance form (an empty name leaves the row out)."""

    class Meta:
        # A plain Form (a FormField's row, without CSRF of its own) knows no translations; take
        # Flask-WTF's, so WTForms' own messages are in the user's language as in a FlaskForm.
        def get_translations(self, form):
            return wtforms_translations

    name = StringField(
        _l("Naam"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens.")),
        ],
    )
    role = StringField(
        _l("Rol"),
        validators=[
            Optional(),
            Length(max=100, message=_l("Geef een rol van hoogstens 100 tekens.")),
        ],
    )
    # No choice check here: the service refuses a school that is not accepted, with its name.
    school_id = SelectField(_l("School"), coerce=optional_int, choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=member_choices(AttendanceStatus), default="present")


class RowList(FieldList):
    """A FieldList that refuses more rows than max_entries instead of dropping them unseen, and
    reads only row numbers Python can count (WTForms' int() fails on '²' or 5,000 digits)."""

    posted_rows = 0

    def process(self, formdata, data=unset_value, extra_filters=None):
        """Count the rows posted, then read them as FieldList does (up to max_entries)."""
        self.posted_rows = len(set(self._extract_indices(self.name, formdata))) if formdata else 0
        super().process(formdata, data, extra_filters)

    def _extract_indices(self, prefix, formdata):
        """The row numbers in the posted keys (persons-3-name -> 3), plain ASCII digits only."""
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                index = key[offset:].split(self._field_separator, 1)[0]
                if index.isascii() and index.isdigit() and len(index) <= 9:
                    yield int(index)

    def room_left(self) -> int:
        """How many rows can still be added."""
        return max(self.max_entries - len(self.entries), 0)


def at_most_rows(form, field: RowList) -> None:
    """More rows posted than the list holds: refused with a message, never cut off silently."""
    if field.posted_rows > field.max_entries:
        raise ValidationError(
            _("Hoogstens %(max)s personen per bijeenkomst.", max=field.max_entries)
        )


class AttendanceBase(FlaskForm):
    """The fixed part of the attendance form; a radio group per school is added per meeting."""

    mark_held = BooleanField(_l("De bijeenkomst als gehouden markeren"), default=True)
    persons = RowList(
        FormField(PersonForm), min_entries=3, max_entries=MAX_PERSONS, validators=[at_most_rows]
    )
    more = SubmitField(_l("Meer rijen"))
    submit = SubmitField(_l("Aanwezigheden opslaan"))


def attendance_form(schools, *, extra_rows: int = 0, **kwargs) -> AttendanceBase:
    """The attendance form of a meeting: one radio group per accepted school."""

    class AttendanceForm(AttendanceBase):
        pass

    for school in schools:
        setattr(
            AttendanceForm,
            f"school_{school.id}",
            RadioField(
                school.label,
                choices=enum_choices(AttendanceStatus),
                validators=[Optional()],
            ),
        )
    form = AttendanceForm(**kwargs)
    for __ in range(min(extra_rows, form.persons.room_left())):
        form.persons.append_entry()
    school_choices = as_choices([("", _l("— geen —"))] + [(str(s.id), s.label) for s in schools])
    for entry in form.persons:
        entry.form.school_id.choices = school_choices
    return form


class MinutesForm(FlaskForm):
    """The minutes in Markdown."""

    body = long_text(
        _l("Verslag (Markdown)"),
        _l("Geef een verslag van hoogstens 100.000 tekens."),
        max_chars=100_000,
        rows=16,
    )
    version = version_field()
    submit = SubmitField(_l("Verslag opslaan"))


class OutputForm(OnceForm):
    """An output with a link or a file."""

    type = SelectField(_l("Soort"), choices=member_choices(OutputType))
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Geef een titel.")),
            Length(max=200, message=_l("Geef een titel van hoogstens 200 tekens.")),
        ],
    )
    description = long_text(
        _l("Beschrijving"), _l("Geef een beschrijving van hoogstens 20.000 tekens.")
    )
    status = SelectField(_l("Status"), choices=member_choices(OutputStatus), default="draft")
    meeting_id = SelectField(_l("Bijeenkomst"), coerce=optional_int, choices=[])
    url = StringField(
        _l("Link (http of https)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Geef een link van hoogstens 500 tekens.")),
            web_link_field,
        ],
    )
    file = FileField(_l("Of een bestand"))
    version = version_field()
    submit = SubmitField(_l("Opslaan"))


class WorkPlanForm(FlaskForm):
    """The needs raised by the participants."""

    needs = long_text(
        _l("Noden van de deelnemers"),
        _l("Beschrijf de noden in hoogstens 20.000 tekens."),
        rows=6,
    )
    submit = SubmitField(_l("Noden opslaan"))


class ThemeForm(OnceForm):
    """A theme of the work plan."""

    title = StringField(
        _l("Thema"),
        validators=[
            DataRequired(_l("Geef een thema.")),
            Length(max=200, message=_l("Geef een titel van hoogstens 200 tekens.")),
        ],
    )
    goals = long_text(_l("Doelen"), _l("Beschrijf de doelen in hoogstens 20.000 tekens."))
    realisations = long_text(
        _l("Geplande realisaties"), _l("Beschrijf de realisaties in hoogstens 20.000 tekens.")
    )
    meetings = MultiCheckboxField(_l("Bijeenkomsten voor dit thema"), coerce=int, choices=[])
    submit = SubmitField(_l("Thema opslaan"))


class FeedForm(OnceForm):
    """A new calendar link."""

    network_id = SelectField(_l("Agenda van"), coerce=optional_int, choices=[])
    submit = SubmitField(_l("Agenda-link maken"))


class ConfirmForm(FlaskForm):
    """A button that posts (delete, revoke) with CSRF."""

    submit = SubmitField(_l("Bevestigen"))
