"""Translated labels of enum members: features register theirs, every page and export reads them.

The bottom knows nothing of the top: this module imports no feature. Each feature keeps its
labels beside its enums (`<feature>/labels.py`, lazily translated) and `create_app` registers
them here.
"""

from collections.abc import Mapping
from functools import lru_cache

from flask_babel import get_locale

_REGISTERED: dict = {}


def register_labels(labels: Mapping) -> None:
    """Add a feature's enum member -> (lazy) label mapping; the same mapping twice is harmless."""
    _REGISTERED.update(labels)
    _labels.cache_clear()


def _language() -> str:
    locale = get_locale()
    return "nl" if locale is None else locale.language


def labels() -> dict:
    """Every registered label, translated into the current language."""
    return _labels(_language())


@lru_cache(maxsize=8)
def _labels(language: str) -> dict:
    """The labels of one language, translated once: a table asks a label for every row, and
    translating some seventy labels per call made long lists slow. The catalogue is the same
    file for every app, so the language alone is the key."""
    return {member: str(label) for member, label in _REGISTERED.items()}


def enum_label(member) -> str:
    """The translated label of an enum member, or its value when none was registered."""
    if member is None:
        return ""
    found = labels().get(member)
    if found is not None:
        return found
    return str(member.value if hasattr(member, "value") else member)
