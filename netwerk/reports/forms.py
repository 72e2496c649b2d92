"""The filter forms of the report pages (GET forms: they change nothing, so no CSRF token).

The forms only render the parameters of params.py with its choices; params parses the values
into the report's parameter object, so that the pages and the API give the same Dutch messages.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from netwerk.effort.report import GROUP_BY_LABELS
from netwerk.forms import WholeNumberField, as_choices, enum_choices
from netwerk.labels import enum_label
from netwerk.reports.params import (
    ANCHOR,
    BASIS_CHOICES,
    GROUP_BY_CHOICES,
    MEMBER_KINDS,
    PERIOD_CHOICES,
    REGISTERED,
    SCHOOL_FILTERS,
)
from netwerk.schools.models import Province


def _choices(pairs) -> list[SelectChoice]:
    """A filter's choices: "" (alle) first, then the (value, label) pairs."""
    return as_choices([("", _l("alle")), *pairs])


def _enum_choices(enum_cls) -> list[SelectChoice]:
    """A filter's choices: "" (alle) first, then the enum's members."""
    return enum_choices(enum_cls, blank=_l("alle"))


class ReportFilterForm(FlaskForm):
    """Peildatum, basis and filters of a report."""

    class Meta:
        csrf = False

    as_of = StringField(
        _l("Peildatum"),
        validators=[Optional()],
        render_kw={"placeholder": "dd/mm/jjjj", "inputmode": "numeric", "autocomplete": "off"},
    )
    # The second date of every report: which recorded changes count (params.parse_known_at).
    known_at = StringField(
        _l("Stand van de gegevens"),
        validators=[Optional()],
        description=_l(
            "Leeg = nu. Een datum (dd/mm/jjjj: het einde van die dag) of een tijdstip met "
            "tijdzone (2021-11-19T12:00+01:00): enkel wat toen geregistreerd was, telt mee."
        ),
        render_kw={"autocomplete": "off"},
    )
    # Two options, both visible: a radio switch, not a select that hides the other basis.
    basis = RadioField(_l("Basis"), choices=as_choices(BASIS_CHOICES), default=REGISTERED)
    programme_id = SelectField(_l("Programma"), choices=[])
    call_id = SelectField(_l("Oproep"), choices=[])
    school_year = StringField(
        _l("Schooljaar"), validators=[Optional()], render_kw={"placeholder": "2024-2025"}
    )
    province = SelectField(_l("Provincie (van de school)"), choices=[])
    umbrella = SelectField(_l("Onderwijsnet (van de school)"), choices=[])
    level = SelectField(_l("Onderwijsniveau (van de school)"), choices=[])
    submit = SubmitField(_l("Rapport tonen"))

    def fill_choices(self, choices: dict) -> "ReportFilterForm":
        """Programmes and calls from the database, enums from the code."""
        self.programme_id.choices = _choices((str(p.id), p.name) for p in choices["programmes"])
        self.call_id.choices = _choices(
            (str(c.id), f"{c.title} ({c.starts_on:%d/%m/%Y})") for c in choices["calls"]
        )
        for name, (enum_cls, _message) in SCHOOL_FILTERS.items():
            self[name].choices = _enum_choices(enum_cls)
        return self


class ParticipationFilterForm(ReportFilterForm):
    """The participation page also groups per anchor school or per parent network."""

    # Two options, both visible, as the basis.
    group_by = RadioField(_l("Groepering"), choices=as_choices(GROUP_BY_CHOICES), default=ANCHOR)
    # Narrows the other members beside the schools (issue 20); the schools count as without it.
    member_kind = SelectField(_l("Andere leden (geen scholen) van soort"), choices=[])

    def fill_choices(self, choices: dict) -> "ParticipationFilterForm":
        """The report's choices, and the kinds of organisation that are not schools."""
        super().fill_choices(choices)
        self.member_kind.choices = _choices((k.value, enum_label(k)) for k in MEMBER_KINDS)
        return self


class TrendsFilterForm(ReportFilterForm):
    """The trends page also chooses months or school years."""

    period = SelectField(_l("Periode van de tijdreeks"), choices=as_choices(PERIOD_CHOICES))


class EffortFilterForm(FlaskForm):
    """School year, grouping, programme and province of the effort report."""

    class Meta:
        csrf = False

    school_year = SelectField(_l("Schooljaar"), choices=[])
    group_by = SelectField(_l("Per"), choices=as_choices(GROUP_BY_LABELS.items()))
    programme_id = SelectField(_l("Programma"), choices=[])
    province = SelectField(_l("Provincie (van de ankerschool)"), choices=[])
    # The same "stand van de gegevens" as the other reports (timeutil.parse_known_at).
    known_at = ReportFilterForm.known_at
    submit = SubmitField(_l("Rapport tonen"))

    def fill_choices(self, programmes, years: list[str]) -> "EffortFilterForm":
        """Programmes from the database, school years around today's, provinces from the code."""
        self.school_year.choices = as_choices((y, y) for y in years)
        self.programme_id.choices = _choices((str(p.id), p.name) for p in programmes)
        self.province.choices = _enum_choices(Province)
        return self


def answer_order_form(anchors: list[tuple[int, str]]) -> FlaskForm:
    """The admin's form for a programme's own order: a place (1, 2, ...) per anchor school,
    pre-filled with the current order; an empty place follows the numbered ones by name."""

    class AnswerOrderForm(FlaskForm):
        submit = SubmitField(_l("Volgorde bewaren"))

    for place, (school_id, name) in enumerate(anchors, start=1):
        setattr(
            AnswerOrderForm,
            f"anchor_{school_id}",
            WholeNumberField(
                name,
                default=place,
                invalid=_l("Geef de plaats als getal, bv. 1."),
                validators=[
                    Optional(),
                    NumberRange(1, 999, message=_l("Geef een plaats van 1 tot 999.")),
                ],
                render_kw={"inputmode": "numeric"},
            ),
        )
    return AnswerOrderForm()
