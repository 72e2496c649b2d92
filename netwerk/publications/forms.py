"""Forms of the publications: publishing a report (a title), withdrawing (a reason)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from netwerk.forms import OnceForm
from netwerk.publications.services import REASON_MAX, TITLE_MAX


class PublishForm(OnceForm):
    """The title of a publication; the report's parameters travel in the action's query string.

    A OnceForm: sent twice (a double click, a reload) it publishes once and the second submit
    lands on the same publication (netwerk.submissions).
    """

    title = StringField(
        _l("Titel van de publicatie"),
        validators=[
            DataRequired(
                message=_l("Geef de publicatie een titel, bv. 'Schriftelijke vraag nr. 123'.")
            ),
            Length(
                max=TITLE_MAX, message=_l("Geef een titel van hoogstens %(n)d tekens.", n=TITLE_MAX)
            ),
        ],
        render_kw={"maxlength": TITLE_MAX, "autocomplete": "off"},
    )


class WithdrawForm(FlaskForm):
    """Why an admin withdraws a publication."""

    reason = TextAreaField(
        _l("Reden van intrekking"),
        validators=[
            DataRequired(message=_l("Geef een reden waarom de publicatie wordt ingetrokken.")),
            Length(
                max=REASON_MAX,
                message=_l("De reden is te lang (hoogstens %(n)d tekens).", n=REASON_MAX),
            ),
        ],
        render_kw={"rows": 3, "maxlength": REASON_MAX},
    )
