"""The confirm form of next year's copy."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length


class NextYearForm(FlaskForm):
    """Confirm the copy the preview listed: its school year and the plan's digest."""

    school_year = HiddenField(validators=[DataRequired(), Length(max=9)])
    fingerprint = HiddenField(validators=[DataRequired(), Length(max=64)])
