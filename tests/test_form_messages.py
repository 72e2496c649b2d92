"""Every validator of every form says in its own words what is needed ("Geef een naam van hoogstens
200 tekens."), never WTForms' generic text ("Veld moet tussen 10 en 200 karakters lang zijn.").

The forms are found by walking the package, so a new form is checked without editing this file.
"""

import importlib
import inspect
import pkgutil

import pytest
from wtforms import DateField, DecimalField, Form, IntegerField, TimeField
from wtforms.fields.core import UnboundField
from wtforms.validators import Optional

import netwerk
from netwerk.forms import SaysWhatIsNeeded

# Validators that never refuse, so have nothing to say.
SILENT = (Optional,)


def _form_classes() -> list[type[Form]]:
    """Every form class defined in a forms module of the package."""
    found = []
    for info in pkgutil.walk_packages(netwerk.__path__, "netwerk."):
        if info.name.split(".")[-1] != "forms":
            continue
        module = importlib.import_module(info.name)
        for __, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Form) and cls.__module__ == info.name:
                found.append(cls)
    return found


def _validators(unbound: UnboundField) -> list:
    """The validators a field is declared with (keyword or the second positional argument)."""
    validators = unbound.kwargs.get("validators")
    if validators is None and len(unbound.args) > 1:
        validators = unbound.args[1]
    return list(validators or [])


def _unbound_fields(cls) -> list[tuple[str, UnboundField]]:
    """The fields a form class declares, its bases' included."""
    return [
        (name, value)
        for name in dir(cls)
        if isinstance(value := getattr(cls, name, None), UnboundField)
    ]


FORMS = _form_classes()


def test_the_walk_finds_the_forms():
    """The walk is no empty loop: it finds the forms of every feature."""
    modules = {cls.__module__ for cls in FORMS}
    assert {"netwerk.auth.forms", "netwerk.meetings.forms", "netwerk.effort.forms"} <= modules
    assert len(FORMS) >= 25


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_validator_has_its_own_message(form_class):
    """A validator object (DataRequired, Length, NumberRange, ...) carries a message of ours; a
    plain function validator raises its own Dutch message and is left alone."""
    missing = [
        f"{name}: {type(validator).__name__}"
        for name, unbound in _unbound_fields(form_class)
        for validator in _validators(unbound)
        if not inspect.isfunction(validator)
        and not isinstance(validator, SILENT)
        and not getattr(validator, "message", None)
    ]
    assert not missing, f"{form_class.__name__} has validators without a message: {missing}"


# Fields that read what was typed and refuse it with WTForms' generic "Ongeldig getal.".
READ_BY_WTFORMS = (IntegerField, DateField, TimeField, DecimalField)


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_number_date_and_time_field_says_what_to_type(form_class):
    """A number, date or time field that WTForms reads says in the form's words what to type
    (netwerk.forms.SaysWhatIsNeeded with its invalid= message)."""
    generic = [
        name
        for name, unbound in _unbound_fields(form_class)
        if issubclass(unbound.field_class, READ_BY_WTFORMS)
        and not (
            issubclass(unbound.field_class, SaysWhatIsNeeded) and unbound.kwargs.get("invalid")
        )
    ]
    assert not generic, f"{form_class.__name__}: fields with WTForms' generic message: {generic}"
