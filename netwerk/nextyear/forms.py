"""The confirm form of next year's copy."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

# The fields are hidden: a page of ours always fills them; a message for a hand-made request.
_AGAIN = _l("Open het voorbeeld opnieuw en bevestig van daaruit.")


class NextYearForm(FlaskForm):
    """Confirm the copy the preview listed: its school year and the plan's digest."""

    school_year = HiddenField(
        validators=[DataRequired(message=_AGAIN), Length(max=9, message=_AGAIN)]
    )
    fingerprint = HiddenField(
        validators=[DataRequired(message=_AGAIN), Length(max=64, message=_AGAIN)]
    )
