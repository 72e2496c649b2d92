"""The one error pattern on every form page: a refused form answers 4xx with a summary at the top
("Er is een probleem") whose links lead to fields that exist on the page, a title starting with
"Fout: ", and each field's message tied to its field (aria-invalid, aria-describedby).

The pages are those of the hardening suite's form list, so a new form page is checked here too.
"""

import re
from html.parser import HTMLParser

import pytest

from netwerk.meetings.attendance import MAX_PERSONS
from tests.hardening.scene import build_scene
from tests.hardening.test_forms import POST_FORMS, _login, _url

# Pages whose empty POST is no refusal (an edit form keeps what it had, an empty attendance list is
# a valid list) get wrong values instead.
WRONG = {
    "/rapporten/deelname/volgorde/{programme_id}": {"anchor_{anchor_school_id}": "eerste"},
    "/scholen/{school_id}/bewerken": {"institution_number": "12ab", "name": "", "postcode": "1"},
    "/gebruikers/{user_id}/bewerken": {"name": "", "role": "keizer"},
    "/bijeenkomsten/{meeting_id}/aanwezigheden": {"persons-0-name": "", "persons-0-school_id": "x"},
    "/bijeenkomsten/{meeting_id}/verslag": {"version": "abc"},
    "/scholen/nieuw": {"institution_number": "12ab", "postcode": "99999", "name": "x" * 300},
    "/wachtwoord": {"current": "fout", "new": "kort", "confirm": "anders"},
    "/api-sleutels/nieuw": {"name": "", "days": "-4"},
    "/inzet/uren": {"worked_on": "30/02/2024", "minutes": "abc"},
    "/bijeenkomsten/netwerk/{network_id}/nieuw": {"starts_on": "vandaag", "duration_minutes": "0"},
}


class Page(HTMLParser):
    """What the pattern needs from a page: its title, the ids, the summary's links, the invalid
    fields and the elements their aria-describedby names."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self._in_title = False
        self.ids: set[str] = set()
        self.summary_links: list[str] = []
        self._summary_depth = 0
        self.invalid: list[dict] = []
        self.has_summary = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "title":
            self._in_title = True
        if "error-summary" in (a.get("class") or "").split():
            self.has_summary = True
            self._summary_depth = 1
        elif self._summary_depth and tag == "div":
            self._summary_depth += 1
        if self._summary_depth and tag == "a":
            self.summary_links.append(a.get("href") or "")
        if a.get("aria-invalid") == "true":
            self.invalid.append(a)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if self._summary_depth and tag == "div":
            self._summary_depth -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(text: str) -> Page:
    """The page's parts the pattern is about."""
    page = Page()
    page.feed(text)
    return page


def assert_pattern(response, url: str) -> Page:
    """A refused page: 4xx, a 'Fout:' title, a summary whose links all lead to ids on the page,
    and every invalid field described by an element that exists."""
    text = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, (url, response.status_code, text[:1500])
    page = parse(text)
    assert page.has_summary, (url, text[:3000])
    assert "Er is een probleem" in text
    assert page.title.strip().startswith("Fout: "), (url, page.title)
    for href in page.summary_links:
        assert href.startswith("#") and href[1:] in page.ids, (url, href)
    for attrs in page.invalid:
        described = (attrs.get("aria-describedby") or "").split()
        assert described and all(d in page.ids for d in described), (url, attrs)
    assert "Veld moet" not in text and "Nummer moet" not in text, url
    return page


@pytest.mark.parametrize(("role", "page"), POST_FORMS)
def test_an_empty_or_wrong_post_shows_the_one_error_pattern(app, role, page):
    """Every form page sent empty (or, where empty is fine, with wrong values) shows the pattern."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, role)
    url = _url(page, scene)
    # A key no form knows: the form is read from the POST (all empty), not from the object.
    data = {key.format(**scene.ids): v for key, v in WRONG.get(page, {"leeg": ""}).items()}
    response = client.post(url, data=data, content_type="multipart/form-data")
    if response.status_code == 302 or response.status_code == 200:
        pytest.fail(f"{url} accepted {data}: give it a wrong value in WRONG")
    page_parts = assert_pattern(response, url)
    assert (
        page_parts.summary_links
        or page_parts.invalid
        or "Er is een probleem" in (response.get_data(as_text=True))
    )


# (role, page, wrong filters, how many of them the summary must list): several wrong at once, and
# all of them are reported. The network lists filter with selects only (a wrong value comes from
# a hand-made URL) and answer with the error page, so they are not here.
WRONG_FILTERS = [
    ("admin", "/scholen/", {"level": "keizer", "q": "x" * 200}, 2),
    ("ministry", "/inzet/", {"school_year": "1900-1901"}, 1),
    ("ministry", "/rapporten/deelname", {"as_of": "31/02/2024", "basis": "beide", "school_year": "x"}, 3),
    ("ministry", "/rapporten/bereik", {"as_of": "morgen", "province": "Brabant"}, 2),
    ("ministry", "/rapporten/evolutie", {"as_of": "01/01/2999", "period": "eeuw"}, 2),
]  # fmt: skip


@pytest.mark.parametrize(("role", "page", "query", "count"), WRONG_FILTERS)
def test_wrong_filters_show_the_pattern_all_at_once(app, role, page, query, count):
    """A list or report with wrong filters: the pattern, every wrong filter linked to its field,
    and the filters open to correct them."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, role)
    url = _url(page, scene)
    response = client.get(url, query_string=query)
    parts = assert_pattern(response, url)
    assert len(parts.summary_links) == count, (url, parts.summary_links)
    text = response.get_data(as_text=True)
    assert "<details" not in text or re.search(r"<details[^>]*\bopen\b", text), url


def test_a_page_shown_without_a_post_has_no_summary(app):
    """A form shown for the first time is no refusal: no summary, no 'Fout:'."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "admin")
    page = parse(client.get("/scholen/nieuw").get_data(as_text=True))
    assert not page.has_summary and not page.title.startswith("Fout")


def test_every_problem_of_a_form_is_listed_at_once(app):
    """A wrong current password, a short new one and a different repeat: three links, the
    current password's refusal (a service check) among them, not only once the rest is right."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "coach")
    response = client.post("/wachtwoord", data=WRONG["/wachtwoord"])
    parts = assert_pattern(response, "/wachtwoord")
    assert parts.summary_links == ["#current", "#new", "#confirm"]
    text = response.get_data(as_text=True)
    assert "Het huidige wachtwoord klopt niet." in text
    assert "Kies een wachtwoord van 10 tot 200 tekens." in text


def test_a_service_refusal_lands_at_its_field(app):
    """A refusal the form cannot see (a school number no school has) is linked to its field."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "coach")
    data = {"worked_on": "02/01/2024", "duration": "60", "activity": "voorbereiding",
            "network_id": scene.ids["network_id"], "school_number": "999999"}  # fmt: skip
    response = client.post("/inzet/uren", data=data)
    parts = assert_pattern(response, "/inzet/uren")
    assert parts.summary_links == ["#school_number"]


def test_a_list_of_rows_links_its_own_message_to_its_first_row(app):
    """Too many person rows: the list's message links to the first row's first field."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "coach")
    data = {f"persons-{n}-name": f"Persoon {n}" for n in range(MAX_PERSONS + 1)}
    url = _url("/bijeenkomsten/{meeting_id}/aanwezigheden", scene)
    parts = assert_pattern(client.post(url, data=data), url)
    assert parts.summary_links[0] == "#persons-0-name"


def test_the_pattern_speaks_english_too(app):
    """In English the title starts with "Error: " and the summary says "There is a problem",
    with the validators' own words translated."""
    client = app.test_client()
    client.post("/taal", data={"lang": "en"})
    response = client.post("/aanmelden", data={"email": "", "password": ""})
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert parse(text).title.strip().startswith("Error: ")
    assert "There is a problem" in text and "Enter your e-mail address." in text
    assert "Fout" not in parse(text).title
