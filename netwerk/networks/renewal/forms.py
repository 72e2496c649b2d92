"""The forms of a renewal round: open one (the school year), close it. The school's confirm
button is a bare form with the CSRF token (networks/_renewal_home.html)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SubmitField

from netwerk.forms import OnceForm


class OpenRoundForm(OnceForm):
    """Open the re-confirmation of a network for a school year (sent twice, it opens once)."""

    school_year = SelectField(_l("Schooljaar"), choices=[])
    submit = SubmitField(_l("Herbevestiging openen"))


class CloseRoundForm(OnceForm):
    """Close a round: the schools that did not confirm are withdrawn (sent twice, once)."""

    # Shown with the warning when a withdrawal changes a published figure.
    acknowledge_publications = BooleanField(_l("Ik weet dat dit een gepubliceerd cijfer wijzigt"))
    submit = SubmitField(_l("Herbevestiging afsluiten"))
