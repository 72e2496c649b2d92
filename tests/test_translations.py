"""The English catalogue is complete and matches the code; both languages render; Belgian formats."""

import os
import re
import shlex
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale

from netwerk.formatting import format_day, format_fte, format_minutes, format_number

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "netwerk" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")


@pytest.fixture(scope="module")
def catalogue():
    """The English catalogue as Babel reads it."""
    with CATALOGUE.open("rb") as fh:
        return read_po(fh)


def _makefile_keywords() -> dict:
    """The extraction keywords of `make translations` (Babel's defaults plus the Makefile's -k)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = next(x for x in makefile.splitlines() if "pybabel extract" in x)
    words = shlex.split(line)
    extra = [words[i + 1] for i, word in enumerate(words) if word == "-k"]
    assert "_l" in extra and "lazy_gettext" in extra
    return {**DEFAULT_KEYWORDS, **parse_keywords(extra)}


def _not_hidden(path: str) -> bool:
    """Every folder but the hidden ones (.git, .venv): the Makefile's --ignore-dirs ".* ._"."""
    return not os.path.basename(path).startswith(".")


@pytest.fixture(scope="module")
def extracted():
    """A fresh extraction over the code and templates, the way the Makefile does it."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=_makefile_keywords(),
        # Babel skips folders starting with "_" unless told otherwise; templates/_macros holds
        # shared texts (pagination), so the Makefile passes --ignore-dirs ".* ._" and so do we.
        directory_filter=_not_hidden,
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((context, msgid), f"{filename}:{lineno}")
    return found


def _forms(value) -> list[str]:
    """The singular and plural forms of a msgid or msgstr."""
    return list(value) if isinstance(value, tuple) else [value]


def test_catalogue_has_no_empty_or_fuzzy_translation(catalogue):
    """Every message has an English text in every plural form, and none is fuzzy."""
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 800
    empty = [m.id for m in messages if not all(s.strip() for s in _forms(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert empty == []
    assert fuzzy == []
    plurals = [m for m in messages if m.pluralizable]
    assert plurals and all(len(_forms(m.string)) == catalogue.num_plurals for m in plurals)


def test_every_extracted_string_is_in_the_catalogue(extracted, catalogue):
    """A string added to the code without running `make translations` fails here."""
    assert len(extracted) > 800
    missing = [
        f"{where}: {msgid!r}"
        for (context, msgid), where in sorted(extracted.items(), key=lambda kv: kv[1])
        if catalogue.get(msgid, context=context) is None
        or not all(_forms(catalogue.get(msgid, context=context).string))
    ]
    assert missing == [], "Run `make translations` and translate:\n" + "\n".join(missing)


def test_extraction_sees_the_shared_macros(extracted):
    """The pagination of templates/_macros is extracted (Babel would skip "_" folders)."""
    assert (None, "Vorige") in extracted and (None, "Pagina %(p)s van %(n)s") in extracted


def test_extraction_sees_lazy_and_contextual_strings(extracted):
    """_l() in forms and ngettext in templates are extracted; "Aanmelden" has one meaning (log
    in), so it needs no context: registering a school is "Inschrijven"."""
    assert (None, "Wachtwoord") in extracted  # _l in auth/forms.py
    assert (None, "%(num)s school gevonden.") in extracted  # ngettext in a template
    assert (None, "Inschrijven") in extracted  # _l in networks/forms.py
    assert [key for key in extracted if key[1] == "Aanmelden"] == [(None, "Aanmelden")]


def test_placeholders_match(catalogue):
    """Every %(name)s of the Dutch text is in the English one and vice versa; %% stays %%."""
    wrong = []
    for m in catalogue:
        if not m.id:
            continue
        expected = set()
        for form in _forms(m.id):
            expected |= set(NAMED.findall(form))
        for text in _forms(m.string):
            # A plural's singular may leave the number out ("one school"), never add a name.
            ok = set(NAMED.findall(text)) == expected or (
                m.pluralizable and set(NAMED.findall(text)) <= expected
            )
            if not ok or text.count("%%") != _forms(m.id)[0].count("%%"):
                wrong.append((m.id, text))
    assert wrong == []
    assert list(catalogue.check()) == []  # Babel's own python-format checks


def test_login_page_in_dutch_and_after_the_switch_in_english(client):
    """The login page is Dutch by default; POST /taal lang=en turns it English, and back."""
    page = client.get("/aanmelden").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "<h1>Aanmelden</h1>" in page and "Wachtwoord" in page
    assert "Log in" not in page

    response = client.post("/taal", data={"lang": "en", "next": "/aanmelden"})
    assert response.status_code == 302 and response.location.endswith("/aanmelden")
    page = client.get("/aanmelden").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "<h1>Log in</h1>" in page
    assert "Log in with your email address and password." in page
    assert "Password" in page and "Wachtwoord" not in page  # a lazy form label
    assert "Stay logged in" in page

    client.post("/taal", data={"lang": "nl", "next": "/aanmelden"})
    assert "<h1>Aanmelden</h1>" in client.get("/aanmelden").get_data(as_text=True)


def test_pages_and_messages_follow_the_language(client, login_as):
    """A logged-in page, a flash message and the 404 page in English after the switch."""
    login_as("admin")
    client.post("/taal", data={"lang": "en"})
    home = client.get("/").get_data(as_text=True)
    assert "Main menu" in home or "Welcome" in home
    assert "Hoofdmenu" not in home
    missing = client.get("/netwerken/999999")
    assert missing.status_code == 404
    assert "This page or object does not exist." in missing.get_data(as_text=True)
    out = client.post("/afmelden", follow_redirects=True).get_data(as_text=True)
    assert "You are logged out." in out


def test_unknown_language_falls_back_to_dutch(client):
    """A forged lang value never breaks the page: Dutch is the default."""
    client.post("/taal", data={"lang": "xx", "next": "/aanmelden"})
    assert "<h1>Aanmelden</h1>" in client.get("/aanmelden").get_data(as_text=True)


def test_contextual_and_plural_translations(app):
    """One word per meaning: 'Aanmelden' is 'Log in', 'Inschrijven' is 'Register'; ngettext
    picks the plural form."""
    template = (
        '{{ _("Aanmelden") }}|{{ _("Inschrijven") }}|'
        '{{ ngettext("%(num)s school gevonden.", "%(num)s scholen gevonden.", n, num=n) }}'
    )
    with app.test_request_context():
        with force_locale("en"):
            assert render_template_string(template, n=1) == "Log in|Register|1 school found."
            assert render_template_string(template, n=3).endswith("|3 schools found.")
        with force_locale("nl"):
            assert render_template_string(template, n=3) == (
                "Aanmelden|Inschrijven|3 scholen gevonden."
            )


def test_belgian_formats_in_both_languages(app):
    """Dates 19/11/2021 in both languages; numbers 1.234,5 in Dutch and 1,234.5 in English."""
    with app.test_request_context():
        with force_locale("nl"):
            assert format_day(date(2021, 11, 19)) == "19/11/2021"
            assert format_day(datetime(2021, 11, 19, 14, 30)) == "19/11/2021"
            assert format_number(1234.5) == "1.234,5"
            assert format_number(Decimal("1234567.25"), 1) == "1.234.567,3"
            assert format_fte(Decimal("0.5")) == "0,500"  # three decimals everywhere
            assert format_fte(Decimal("0.8333")) == "0,833"
            # The one rounding rule (half up), not Babel's half to even.
            assert format_fte(Decimal("0.8325")) == "0,833"
            assert format_number(Decimal("2.25"), 1) == "2,3"
            assert format_minutes(90) == "1u30"
            rendered = render_template_string(
                "{{ d|day }} {{ n|number }} {{ f|fte }}",
                d=date(2021, 11, 19),
                n=Decimal("1234.5"),
                f=Decimal("0.5"),
            )
            assert rendered == "19/11/2021 1.234,5 0,500"
        with force_locale("en"):
            assert format_day(date(2021, 11, 19)) == "19/11/2021"
            assert format_number(1234.5) == "1,234.5"
            assert format_fte(Decimal("0.5")) == "0.500"
            assert format_minutes(90) == "1h30"
