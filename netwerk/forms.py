"""The form glue every feature shares: choices, the Belgian date field, checkboxes, parsed fields.

One widget per need, so a date or a list of checkboxes behaves and reads the same on every page.
"""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import (
    flash,
    g,
    get_flashed_messages,
    has_request_context,
    redirect,
    render_template,
    request,
)
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from jinja2 import pass_context
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.form import BaseForm
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.ids import is_id
from netwerk.labels import enum_label
from netwerk.submissions import remember, repeated
from netwerk.timeutil import parse_date

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def as_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the SelectChoice objects WTForms 3.3 wants."""
    return [SelectChoice(value, label) for value, label in pairs]


def enum_choices(enum_cls, blank: str | None = None) -> list[SelectChoice]:
    """(value, translated label) per member for a select; a blank first choice when given."""
    choices = [(member.value, enum_label(member)) for member in enum_cls]
    return as_choices(([("", blank)] if blank is not None else []) + choices)


def optional_int(value):
    """Coerce a select's value to an id, or None for the empty choice.

    A number that cannot be an id raises ValueError, which the field reports as an invalid
    choice: past 2**63 it would otherwise overflow the database driver (a 500).
    """
    if value in (None, "", "None"):
        return None
    if isinstance(value, int):
        return value
    if not is_id(str(value)):
        raise ValueError(value)
    return int(value)


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice (many ids, many statuses)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ParsedField(StringField):
    """A text field whose value a parser reads; the parser's Dutch DomainError becomes the
    field's error, and a refused value is shown back as the user typed it."""

    def parse(self, text: str):  # pragma: no cover - every subclass overrides it
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


class SaysWhatIsNeeded:
    """Mixed into a WTForms field: what was typed and cannot be read is refused with the form's
    own words (`invalid=`, "Geef de duur in minuten als getal, bv. 120."), never WTForms'
    generic "Ongeldig getal." that does not say which field or what it wants."""

    def __init__(self, *args, invalid, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(self.invalid)) from None


class WholeNumberField(SaysWhatIsNeeded, IntegerField):
    """A whole number; `invalid` says what to type instead of text that is none."""


class CalendarDayField(SaysWhatIsNeeded, DateField):
    """A date in one of the given formats; `invalid` says what to type."""


class ClockTimeField(SaysWhatIsNeeded, TimeField):
    """A time of day (19:30); `invalid` says what to type."""


class DayField(ParsedField):
    """A date typed the Belgian way, 19/11/2021 (or 2021-11-19)."""

    def parse(self, text):
        return parse_date(text)

    def show(self, value):
        return value.strftime("%d/%m/%Y")


def new_submission_token() -> str:
    """A fresh one-time token, noted in g.submission_tokens: a cached page (netwerk/httpcache.py)
    is given new ones each time it is shown."""
    token = secrets.token_urlsafe(24)
    g.setdefault("submission_tokens", []).append(token)
    return token


class SubmissionField(HiddenField):
    """A create form's one-time token (see netwerk.submissions): a new one each time the page is
    shown; None when a POST brings none, or one that no page of ours could have made."""

    def __init__(self, **kwargs):
        super().__init__(default=new_submission_token, **kwargs)
        # The templates render a field of this type with the hidden ones (form.hidden_tag()).
        self.type = "HiddenField"

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = text if _TOKEN.fullmatch(text) else None


class OnceForm(FlaskForm):
    """A form whose page creates rows: sent twice (a double tap, a reload), it stores once."""

    submission = SubmissionField()


def submission_of(form) -> str | None:
    """The one-time token a form was sent with, None for a form without one."""
    field = getattr(form, "submission", None)
    return field.data if isinstance(field, SubmissionField) else None


def answered_before(form):
    """For a view that does not go through carry_out: call it first on a valid POST. None when
    the submit is to be carried out; else the answer of the first submit of the same page."""
    return repeated(submission_of(form))


def remember_answer(form, location: str) -> str:
    """For a view that does not go through carry_out: after the change, before the commit,
    store the form's token with the redirect it answers with (returned as is)."""
    remember(submission_of(form), location)
    return location


def render_form(template: str, **context):
    """The one way a page with a form answers: 200 when shown, 4xx when a POST comes back to it
    (422 when the form refuses, the DomainError's own status when a service does), so that
    clients and tests see the refusal; the form carries its messages."""
    # A service's refusal keeps its own status (409 for a clash, 403 ...), see carry_out.
    status = g.get("refusal_status", 422) if request.method == "POST" else 200
    return render_template(template, **context), status


def show_refusal(form, exc: DomainError, field=None) -> None:
    """A service's refusal on the page: each message at the form field it names (or at `field`),
    the rest in the page's error summary (see refusal)."""
    unplaced = []
    for name, messages in (exc.fields or {"": [exc.message]}).items():
        target = field if field is not None else getattr(form, name, None) if name else None
        if target is None:
            unplaced.extend(messages)
        else:
            target.errors = [*target.errors, *messages]
    g.refused_messages = [*g.get("refused_messages", []), *unplaced]
    if exc.details:  # e.g. the publications a move would change, listed by the page
        g.refusal_details = exc.details


def carry_out(form, change: Callable, done: Callable | str, target: Callable | str, field=None):
    """The one way a page carries out a change: call the service; on a DomainError roll back,
    show the refusal on the form (see show_refusal) and return None, so the view shows the form
    again; else commit, flash `done` and return the redirect to `target` (each a text, or a
    function of what the service returned). A form sent again with the token of a submit that
    went through is answered as that one was (see netwerk.submissions)."""
    again = answered_before(form)
    if again is not None:
        return again
    try:
        result = change()
    except DomainError as exc:
        db.session.rollback()
        show_refusal(form, exc, field)
        g.refusal_status = exc.status_code
        return None
    location = remember_answer(form, target(result) if callable(target) else target)
    db.session.commit()
    flash(done(result) if callable(done) else done, "success")
    return redirect(location)


def new_password_field() -> PasswordField:
    """A new password (one's own, or an admin's for someone else): at least 10 characters."""
    return PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[
            DataRequired(message=_l("Geef een nieuw wachtwoord.")),
            Length(min=10, max=200, message=_l("Kies een wachtwoord van 10 tot 200 tekens.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def confirm_password_field(other: str = "new") -> PasswordField:
    """The new password typed again; made per form, so it stands where the form puts it."""
    return PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[
            DataRequired(message=_l("Typ het nieuwe wachtwoord nog eens.")),
            EqualTo(other, message=_l("De wachtwoorden verschillen.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def form_page(form, change: Callable, done, target, template: str, **context):
    """A page with a form that changes something: on a valid POST carry out the change (see
    carry_out) and redirect; otherwise, or when the service refuses, the page with the form and
    its messages."""
    if form.validate_on_submit():
        response = carry_out(form, change, done, target, context.pop("field", None))
        if response is not None:
            return response
    return render_form(template, form=form, **context)


@dataclass(frozen=True)
class Problem:
    """One line of a refused page's error summary: a message and the id of the field it is about
    (None when it is about the page as a whole: a service's refusal, an expired CSRF token)."""

    message: str
    target: str | None = None


def _target(field) -> str | None:
    """The id the summary links to: the field, or the first box of a list of checkboxes or radio
    buttons (the list itself takes no focus); None for a field that is not shown."""
    if field.type in ("CSRFTokenField", "HiddenField"):
        return None
    if isinstance(field.widget, ListWidget) and any(True for __ in field):
        return f"{field.id}-0"
    return field.id


def _first_target(field) -> str | None:
    """The first field a list of subforms shows (its own messages link there)."""
    if isinstance(field, FieldList):
        return _first_target(field.entries[0]) if field.entries else None
    if isinstance(field, FormField):
        return next((t for sub in field.form if (t := _first_target(sub)) is not None), None)
    return _target(field)


def field_problems(field) -> list[Problem]:
    """The messages of one field in form order, the rows of a list of subforms included."""
    if isinstance(field, FormField):
        return [problem for sub in field.form for problem in field_problems(sub)]
    if isinstance(field, FieldList):
        # A list's own messages are strings; a row's messages come with its own fields.
        first = _first_target(field)
        own = [Problem(str(m), first) for m in field.errors if isinstance(m, str)]
        return own + [problem for entry in field.entries for problem in field_problems(entry)]
    return [Problem(str(message), _target(field)) for message in field.errors]


@pass_context
def refusal(context) -> list[Problem]:
    """Everything the page refuses, for the one error pattern in base.html: the messages of every
    form the template was given, then a service's refusal (kept by show_refusal, or flashed by a
    view that answers a POST with its page).

    Walking the template's context means no view has to pass its forms twice; a form's
    `errors` dict is not used because it is cached before show_refusal adds a service's message.
    """
    if not has_request_context():  # a page rendered outside a request refuses nothing
        return []
    forms = {
        id(value): value for value in context.get_all().values() if isinstance(value, BaseForm)
    }
    problems = [
        problem for form in forms.values() for field in form for problem in field_problems(field)
    ]
    problems += [Problem(str(message)) for form in forms.values() for message in form.form_errors]
    problems += [Problem(str(message)) for message in g.get("refused_messages", [])]
    # An error flashed while a POST is answered with its own page is that POST's refusal; one
    # flashed before a redirect stays a plain alert on the page it lands on.
    if problems or request.method == "POST":
        problems += [Problem(str(m)) for m in get_flashed_messages(category_filter=["error"])]
    return problems
