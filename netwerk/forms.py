"""The form glue every feature shares: choices, the Belgian date field, checkboxes, parsed fields.

One widget per need, so a date or a list of checkboxes behaves and reads the same on every page.
"""

from flask import render_template, request
from wtforms import SelectChoice, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from netwerk.errors import DomainError
from netwerk.ids import is_id
from netwerk.labels import enum_label
from netwerk.timeutil import parse_date


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


class DayField(ParsedField):
    """A date typed the Belgian way, 19/11/2021 (or 2021-11-19)."""

    def parse(self, text):
        return parse_date(text)

    def show(self, value):
        return value.strftime("%d/%m/%Y")


def render_form(template: str, **context):
    """The one way a page with a form answers: 200 when shown, 422 when a POST comes back to it
    (refused by the form or by a service's DomainError), so that clients and tests see the
    refusal; the form carries its messages."""
    status = 422 if request.method == "POST" else 200
    return render_template(template, **context), status
