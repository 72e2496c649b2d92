"""The printed frame of a report page: the texts of the @page margin boxes, escaped as CSS
strings, in both languages; what only paper shows stays off the screen."""

import re

import pytest
from markupsafe import Markup

from netwerk.extensions import db
from netwerk.formatting import css_page_counter, css_string
from netwerk.networks.models import Network
from tests.reports.conftest import P

FRAME = re.compile(r"<style>\s*@page \{(.*?)\}\s*</style>", re.S)
REPORTS = [
    "/rapporten/deelname?as_of=19/11/2021",
    "/rapporten/deelname/scholen?as_of=19/11/2021&level=secundair",
    "/rapporten/bereik?as_of=19/11/2021",
    "/rapporten/evolutie?as_of=19/11/2021",
    "/rapporten/inzet",
]


def _css_text(css: str) -> str:
    """The text a CSS string stands for: its hex escapes read back."""
    return re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), css)


def test_css_string_escapes_everything_that_could_end_it():
    """Quotes, backslashes, < and new lines become hex escapes: no text ends the string or the
    <style> element; plain words stay readable."""
    text = 'Netwerk "A" \\ </style><script>x</script>\nélève'
    css = str(css_string(text))
    assert css.startswith('"') and css.endswith('"')
    inner = css[1:-1]
    assert not set(inner) & set("\"'<>&\n;{}")
    assert inner.count("\\") == len(re.findall(r"\\[0-9a-f]{6}", inner))
    assert _css_text(inner) == text
    assert str(css_string("Bereik 2021")) == '"Bereik 2021"'
    assert str(css_string(None)) == '""'
    # Text a template already escaped for HTML is shown as the text it stands for.
    assert (
        _css_text(str(css_string(Markup("Netwerk &#34;A&#34; &amp; B")))[1:-1]) == 'Netwerk "A" & B'
    )


def test_page_counter_puts_counters_where_the_translation_has_them():
    """'pagina %(page)s van %(pages)s' in any word order becomes strings and counters."""
    assert css_page_counter("pagina %(page)s van %(pages)s") == (
        '"pagina " counter(page) " van " counter(pages)'
    )
    assert css_page_counter("%(page)s/%(pages)s") == 'counter(page) "/" counter(pages)'


@pytest.mark.parametrize("url", REPORTS)
def test_every_report_page_has_a_print_frame(client, data, login_as, url):
    """Title, peildatum, stand van de gegevens, source and page numbers in the margins of every
    printed page."""
    login_as("admin")
    html = client.get(url).get_data(as_text=True)
    frames = FRAME.findall(html)
    assert len(frames) == 1, url
    frame = _css_text(frames[0])
    assert "@top-left" in frame and "@bottom-right" in frame
    assert re.search(
        r"Peildatum: \d{2}/\d{2}/\d{4}\nStand van de gegevens: \d{2}/\d{2}/\d{4} \d{2}:\d{2}",
        frame,
    ), frame
    assert "bron: gegevens" in frame
    assert '"pagina " counter(page) " van " counter(pages)' in frame
    # The stand is the report's own (known_at), on screen and paper alike: no print-only copy.
    assert 'class="col-sm-9 print-only"' not in html


def test_the_frame_carries_the_reports_own_stand(client, data, login_as):
    """A report asked as known at 19/11/2021 prints that moment, not the moment of printing."""
    login_as("ministry")
    html = client.get(REPORTS[0] + "&known_at=2021-11-19").get_data(as_text=True)
    frame = _css_text(FRAME.findall(html)[0])
    assert "Stand van de gegevens: 19/11/2021 23:59" in frame
    assert "afgedrukt op" not in frame


def test_the_frame_follows_the_language(client, data, login_as):
    """In English: 'Reference date', 'Data as of', 'page X of Y'."""
    login_as("ministry")
    client.post("/taal", data={"lang": "en", "next": "/"})
    html = client.get(REPORTS[0]).get_data(as_text=True)
    frame = _css_text(FRAME.findall(html)[0])
    assert "Reference date: 19/11/2021" in frame
    assert re.search(r"Data as of: \d{2}/\d{2}/\d{4} \d{2}:\d{2}", frame)
    assert '"page " counter(page) " of " counter(pages)' in frame


def test_a_network_name_cannot_break_out_of_the_frame(app, client, data, login_as):
    """The list behind a count carries the network's name in its frame: escaped, so a name with
    quotes or </style> stays text."""
    name = 'Netwerk "X" </style><script>alert(1)</script>'
    with app.app_context():
        db.session.get(Network, data.N1).name = name
        db.session.commit()
    login_as("admin")
    html = client.get(f"/rapporten/deelname/scholen?as_of={P}&network_id={data.N1}").get_data(
        as_text=True
    )
    frame = FRAME.findall(html)[0]
    assert "<" not in frame and '"X"' not in frame
    assert name in _css_text(frame)
    assert "<script>alert(1)" not in html
