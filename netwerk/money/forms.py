"""Forms of the money pages. Amounts are text, read by the services (64.000,00 or 64000,00), so
the page and the API refuse a wrong amount with the same words."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from netwerk.forms import DayField, OnceForm, as_choices, enum_choices, optional_int
from netwerk.money.models import AmountBasis, BudgetCategory, FunderKind, ProRata, Rounding
from netwerk.money.report import GROUP_CHOICES, PERIOD_CHOICES

AMOUNT_HINT = {"inputmode": "decimal", "autocomplete": "off", "placeholder": "64.000,00"}
DAY_HINT = {"placeholder": "dd/mm/jjjj", "inputmode": "numeric", "autocomplete": "off"}


def _amount(label) -> StringField:
    return StringField(
        label,
        validators=[DataRequired(message=_l("Geef een bedrag in euro, bv. 64.000,00."))],
        render_kw=AMOUNT_HINT,
    )


def _day(label) -> DayField:
    return DayField(
        label,
        validators=[DataRequired(message=_l("Geef een datum (dd/mm/jjjj)."))],
        render_kw=DAY_HINT,
    )


class FunderForm(OnceForm):
    """A new funder."""

    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(message=_l("Geef de naam van de financier.")),
            Length(max=200, message=_l("Geef een naam van hoogstens 200 tekens.")),
        ],
    )
    kind = SelectField(_l("Soort"), choices=enum_choices(FunderKind))


class GrantForm(OnceForm):
    """A new grant: funder, recipient, networks, period and award."""

    funder_id = SelectField(_l("Financier"), coerce=optional_int, choices=[])
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(message=_l("Geef de toelage een titel.")),
            Length(max=300, message=_l("Geef een titel van hoogstens 300 tekens.")),
        ],
    )
    reference = StringField(
        _l("Kenmerk (beslissing, dossiernummer)"),
        validators=[Length(max=100, message=_l("Geef een kenmerk van hoogstens 100 tekens."))],
    )
    # Choices from services.recipient_choices: every organisation, schools included.
    recipient_id = SelectField(_l("Ontvanger"), coerce=optional_int, choices=[])
    network_ids = SelectMultipleField(_l("Netwerken"), coerce=int, choices=[])
    decided_on = _day(_l("Beslist op"))
    starts_on = _day(_l("Begint op"))
    ends_on = _day(_l("Eindigt op"))
    amount = _amount(_l("Bedrag (€)"))
    amount_basis = SelectField(_l("Het bedrag geldt"), choices=enum_choices(AmountBasis))
    prorata = SelectField(_l("Pro rata"), choices=enum_choices(ProRata))
    rounding = SelectField(_l("Afronden"), choices=enum_choices(Rounding))

    def fill(self, funders, recipients, networks) -> "GrantForm":
        """The choices from the database."""
        blank = [("", _l("(kies)"))]
        self.funder_id.choices = as_choices(blank + [(f.id, f.name) for f in funders])
        self.recipient_id.choices = as_choices(blank + list(recipients))
        self.network_ids.choices = as_choices((n.id, n.name) for n in networks)
        return self


class AmendmentForm(OnceForm):
    """A dated change of the award."""

    effective_on = _day(_l("Geldt vanaf"))
    amount = _amount(_l("Wijziging (€, min voor een vermindering)"))
    reason = TextAreaField(
        _l("Reden"),
        validators=[Optional(), Length(max=2000, message=_l("Hoogstens 2000 tekens."))],
        render_kw={"rows": 2},
    )


class RequirementForm(OnceForm):
    """Something due by a date, that payments can wait on."""

    title = StringField(
        _l("Wat wordt verwacht (bv. inhoudelijk verslag)"),
        validators=[
            DataRequired(message=_l("Geef aan wat er verwacht wordt.")),
            Length(max=300, message=_l("Hoogstens 300 tekens.")),
        ],
    )
    due_on = _day(_l("Uiterlijk op"))


class MeetForm(FlaskForm):
    """The day a requirement was met."""

    met_on = _day(_l("Vervuld op"))


class PaymentForm(OnceForm):
    """A payment, possibly waiting on a requirement."""

    paid_on = _day(_l("Betaaldatum"))
    amount = _amount(_l("Bedrag (€)"))
    requirement_id = SelectField(_l("Wacht op"), coerce=optional_int, choices=[])
    note = StringField(
        _l("Opmerking"),
        validators=[Optional(), Length(max=300, message=_l("Hoogstens 300 tekens."))],
    )

    def fill(self, requirements) -> "PaymentForm":
        """The grant's requirements as choices."""
        self.requirement_id.choices = as_choices(
            [("", _l("(geen voorwaarde)"))] + [(r.id, r.title) for r in requirements]
        )
        return self


class BudgetLineForm(OnceForm):
    """A budget line of at most twelve months, for a network or a partner."""

    network_id = SelectField(_l("Netwerk"), coerce=optional_int, choices=[])
    partner_id = SelectField(_l("Of partner"), coerce=optional_int, choices=[])
    category = SelectField(_l("Categorie"), choices=enum_choices(BudgetCategory))
    starts_on = _day(_l("Van"))
    ends_on = _day(_l("Tot en met"))
    amount = _amount(_l("Oorspronkelijk budget (€)"))

    def fill(self, networks, partners) -> "BudgetLineForm":
        """The grant's networks and the possible partners as choices."""
        self.network_id.choices = as_choices(
            [("", _l("(geen)"))] + [(n.id, n.name) for n in networks]
        )
        self.partner_id.choices = as_choices([("", _l("(geen)"))] + list(partners))
        return self


class ReviseForm(FlaskForm):
    """A budget line's revised amount."""

    amount = _amount(_l("Herzien budget (€)"))


class FteRateForm(OnceForm):
    """The cost of one FTE in a school year."""

    school_year = StringField(
        _l("Schooljaar"),
        validators=[DataRequired(message=_l("Geef het schooljaar, bv. 2024-2025."))],
        render_kw={"placeholder": "2024-2025", "autocomplete": "off"},
    )
    funder_id = SelectField(_l("Financier (enkel als die een eigen kost heeft)"),
                            coerce=optional_int, choices=[])  # fmt: skip
    amount = _amount(_l("Kost van één VTE (€)"))
    note = StringField(
        _l("Opmerking (bv. 15 jaar anciënniteit)"),
        validators=[Optional(), Length(max=300, message=_l("Hoogstens 300 tekens."))],
    )

    def fill(self, funders) -> "FteRateForm":
        """The funders as choices."""
        self.funder_id.choices = as_choices(
            [("", _l("(alle financiers)"))] + [(f.id, f.name) for f in funders]
        )
        return self


class FundingFilterForm(FlaskForm):
    """Grouping, period, peildatum, stand van de gegevens and funder of the funding report."""

    class Meta:
        csrf = False

    group_by = SelectField(_l("Per"), choices=as_choices(GROUP_CHOICES))
    period = SelectField(_l("Periode"), choices=as_choices(PERIOD_CHOICES))
    as_of = StringField(_l("Peildatum"), validators=[Optional()], render_kw=DAY_HINT)
    known_at = StringField(
        _l("Stand van de gegevens"),
        validators=[Optional()],
        description=_l("Leeg = nu. Enkel wat toen geregistreerd was, telt mee."),
        render_kw={"autocomplete": "off"},
    )
    funder_id = SelectField(_l("Financier"), choices=[])

    def fill(self, funders) -> "FundingFilterForm":
        """The funders as choices."""
        self.funder_id.choices = as_choices(
            [("", _l("(alle)"))] + [(str(f.id), f.name) for f in funders]
        )
        return self
