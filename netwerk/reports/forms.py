"""The filter form of the report pages (a GET form: it changes nothing, so no CSRF token).

The form only renders the filters with labels; services.parse_params validates the values, so
that the pages and the API give the same Dutch messages.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from netwerk.effort.report import GROUP_BY_LABELS
from netwerk.formatting import enum_label
from netwerk.schools.models import Province, SchoolLevel, Umbrella


def _choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects; "" (alle) always comes first."""
    return [SelectChoice("", _l("alle"))] + [SelectChoice(v, label) for v, label in pairs]


def _enum_choices(enum_cls) -> list[SelectChoice]:
    return _choices((m.value, enum_label(m)) for m in enum_cls)


class ReportFilterForm(FlaskForm):
    """Peildatum, basis and filters of a report."""

    class Meta:
        csrf = False

    as_of = StringField(
        _l("Peildatum"),
        validators=[Optional()],
        render_kw={"placeholder": "dd/mm/jjjj", "inputmode": "numeric", "autocomplete": "off"},
    )
    basis = SelectField(
        _l("Basis"),
        choices=[
            SelectChoice("registered", _l("ingeschreven (aanvaard op de peildatum)")),
            SelectChoice("participating", _l("deelnemend (aanwezig op een gehouden bijeenkomst)")),
        ],
    )
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
        self.province.choices = _enum_choices(Province)
        self.umbrella.choices = _enum_choices(Umbrella)
        self.level.choices = _enum_choices(SchoolLevel)
        return self


class TrendsFilterForm(ReportFilterForm):
    """The trends page also chooses months or school years."""

    period = SelectField(
        _l("Periode van de tijdreeks"),
        choices=[
            SelectChoice("month", _l("per maand")),
            SelectChoice("year", _l("per schooljaar")),
        ],
    )


class EffortFilterForm(FlaskForm):
    """School year, grouping, programme and province of the effort report."""

    class Meta:
        csrf = False

    school_year = SelectField(_l("Schooljaar"), choices=[])
    group_by = SelectField(
        _l("Per"), choices=[SelectChoice(k, label) for k, label in GROUP_BY_LABELS.items()]
    )
    programme_id = SelectField(_l("Programma"), choices=[])
    province = SelectField(_l("Provincie (van de ankerschool)"), choices=[])
    submit = SubmitField(_l("Rapport tonen"))

    def fill_choices(self, programmes, years: list[str]) -> "EffortFilterForm":
        """Programmes from the database, school years around today's, provinces from the code."""
        self.school_year.choices = [SelectChoice(y, y) for y in years]
        self.programme_id.choices = _choices((str(p.id), p.name) for p in programmes)
        self.province.choices = _enum_choices(Province)
        return self
