"""Hostile input in the forms: random strings, unicode, huge and odd values posted into the main
forms through the test client (and into the filter forms as query strings) never give a 500.

The fields of each form are read from its page, so a new field is fuzzed without editing this file.
"""

import io
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.scene import build_scene, session_user_id

SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ODD = st.sampled_from(
    ["", " ", "0", "-1", "2147483648", "99999999999999999999", "1e309", "NaN", "-0", "0,5",
     "1u30", "25:00", "2024-02-30", "31/12/9999", "00/00/0000", "01/01/0001", "19/11/2021",
     "x" * 20_000, "\x00", "\u202e", "<script>alert(1)</script>", "' OR 1=1 --", "٣", "²",
     "true", "y", "on", "https://example.org/a", "javascript:alert(1)", "a@b", "@"]
)  # fmt: skip
VALUE = st.one_of(ODD, st.text(max_size=40), st.integers().map(str))


class FormFields(HTMLParser):
    """The fields of the forms on a page: name -> (kind, option values)."""

    def __init__(self, method: str):
        super().__init__()
        self.method = method
        self.in_form = False
        self.fields: dict[str, tuple[str, list[str]]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_form = (a.get("method") or "get").lower() == self.method
        elif not self.in_form or not a.get("name") or a["name"] == "csrf_token":
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "reset", "image"):
            kind = a.get("type") or "text"
            options = self.fields.get(a["name"], (kind, []))[1]
            if kind in ("checkbox", "radio") and a.get("value") is not None:
                options.append(a["value"])
            self.fields[a["name"]] = (kind, options)
        elif tag in ("textarea", "select"):
            self.fields[a["name"]] = (tag, [])
            self._select = a["name"] if tag == "select" else None
        elif tag == "option" and self._select and a.get("value") is not None:
            self.fields[self._select][1].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None


def _fields(client, url: str, method: str) -> dict[str, tuple[str, list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = FormFields(method)
    parser.feed(response.get_data(as_text=True))
    return parser.fields


def _field_value(kind: str, options: list[str]):
    """A strategy for one field: mostly its own options (to get past choice checks), else odd."""
    if kind == "file":
        return st.tuples(st.binary(max_size=2000), st.text(max_size=30)).map(
            lambda d: (io.BytesIO(d[0]), d[1] or "x.csv")
        )
    if options:
        own = st.sampled_from(options)
        if kind == "checkbox" or kind == "select":
            return st.one_of(own, st.lists(own, max_size=3), VALUE)
        return st.one_of(own, VALUE)
    return VALUE


def _login(client, scene, role: str) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(client.application, scene.users[role])
        session["_fresh"] = True


def _url(template: str, scene) -> str:
    return template.format(**scene.ids)


# (role, page): the main forms of the app.
POST_FORMS = [
    ("admin", "/scholen/nieuw"),
    ("admin", "/scholen/{school_id}/bewerken"),
    ("admin", "/scholen/import"),
    ("admin", "/gebruikers/nieuw"),
    ("admin", "/gebruikers/{user_id}/bewerken"),
    ("coach", "/wachtwoord"),
    ("coach", "/api-sleutels/nieuw"),
    ("admin", "/netwerken/programmas"),
    ("admin", "/netwerken/nieuw"),
    ("admin", "/netwerken/oproepen/nieuw"),
    ("school", "/netwerken/{network_id}/aanmelden"),
    ("coach", "/netwerken/{network_id}/aanmelden"),
    ("coach", "/netwerken/{network_id}/aanmeldingen"),
    ("coach", "/bijeenkomsten/netwerk/{network_id}/nieuw"),
    ("coach", "/bijeenkomsten/netwerk/{network_id}/reeks"),
    ("coach", "/bijeenkomsten/{meeting_id}/bewerken"),
    ("coach", "/bijeenkomsten/{meeting_id}/aanwezigheden"),
    ("coach", "/bijeenkomsten/{meeting_id}/verslag"),
    ("coach", "/bijeenkomsten/netwerk/{network_id}/outputs/nieuw"),
    ("coach", "/bijeenkomsten/netwerk/{network_id}/werkplan/{school_year}/thema"),
    ("coach", "/inzet/uren"),
    ("coach", "/inzet/uren/{entry_id}/bewerken"),
    ("admin", "/inzet/medewerkers/nieuw"),
    ("admin", "/inzet/medewerkers/{member_id}/opdrachten/nieuw"),
    ("admin", "/inzet/planning"),
    ("admin", "/inzet/maanden"),
    ("admin", "/rapporten/deelname/volgorde/{programme_id}"),
    ("admin", "/inzet/instellingen"),
    ("admin", "/inzet/uren/import"),
]
# (role, page): the filter forms, sent as query strings.
GET_FORMS = [
    ("admin", "/scholen/"),
    ("admin", "/netwerken/"),
    ("coach", "/netwerken/{network_id}/aanmeldingen"),
    ("ministry", "/inzet/"),
    ("ministry", "/rapporten/deelname"),
    ("ministry", "/rapporten/bereik"),
    ("ministry", "/rapporten/evolutie"),
]


@pytest.mark.parametrize(("role", "page"), POST_FORMS)
def test_posting_odd_values_never_gives_a_500(app, role, page):
    """Random and odd values in every field of a form: a 2xx, 3xx or 4xx, never a 5xx."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, role)
    url = _url(page, scene)
    fields = _fields(client, url, "post")
    assert fields, f"no form fields found on {url}"
    form = st.fixed_dictionaries({}, optional={n: _field_value(*f) for n, f in fields.items()})

    @SETTINGS
    @given(form)
    def post(data):
        response = client.post(url, data=data, content_type="multipart/form-data")
        assert response.status_code < 500, (url, data, response.get_data(as_text=True)[:2000])
        response.close()
        _login(client, scene, role)  # a password change or logout must not end the run

    post()


@pytest.mark.parametrize(("role", "page"), GET_FORMS)
def test_odd_filters_never_give_a_500(app, role, page):
    """Random and odd values in the filters of a list or report: never a 5xx."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, role)
    url = _url(page, scene)
    fields = _fields(client, url, "get")
    assert fields, f"no filter fields found on {url}"
    names = list(fields) + ["page", "per_page", "format", "publication", "table", "period"]
    query = st.dictionaries(st.sampled_from(names), VALUE, max_size=6)

    @SETTINGS
    @given(query)
    def get(params):
        response = client.get(url, query_string=params)
        assert response.status_code < 500, (url, params, response.get_data(as_text=True)[:2000])
        response.close()

    get()


HUGE = "99999999999999999999"  # past 2**63: overflowed the database driver before
# (role, page, fields, a text the answer must hold): values the fuzzer's choices did not reach.
TARGETED = [
    (
        "coach",
        "/netwerken/{network_id}/aanmeldingen",
        {"registrations": HUGE, "to": "accepted"},
        "horen niet bij dit netwerk",
    ),
    (
        "coach",
        "/bijeenkomsten/{meeting_id}/aanwezigheden",
        {"persons-0-name": "An Peeters", "persons-0-school_id": HUGE},
        "Ongeldige keuze",  # WTForms' own message, in Dutch in a row of a FieldList too
    ),
    (
        "coach",
        "/bijeenkomsten/netwerk/{network_id}/reeks",
        {"frequency": "monthly", "nth": "5", "weekday": "1", "interval": "1",
         "starts_on": "01/01/9999", "until": "31/12/9999", "start_time": "19:00",
         "duration_minutes": "120", "type": "bijeenkomst", "preview": "1"},
        "tussen 2000 en 2100",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("role", "page", "data", "message"), TARGETED)
def test_huge_ids_and_far_years_are_refused_in_dutch(app, role, page, data, message):
    """An id past any integer and a series in the year 9999 get a Dutch 4xx or the form again,
    never a 500, and nothing is written."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, role)
    response = client.post(_url(page, scene), data=data)
    text = response.get_data(as_text=True)
    assert response.status_code < 500, text[:2000]
    assert response.status_code != 302, "an impossible value was accepted"
    assert message in text


def test_the_series_end_date_takes_the_belgian_format(app):
    """'Tot en met' reads 30/11/2021 like 'Van' does (it only knew 2021-11-30)."""
    scene = build_scene(app)
    client = app.test_client()
    _login(client, scene, "coach")
    data = {"frequency": "monthly", "nth": "2", "weekday": "1", "interval": "1",
            "starts_on": "01/09/2030", "until": "30/06/2031", "start_time": "19:00",
            "duration_minutes": "120", "type": "bijeenkomst", "preview": "1"}  # fmt: skip
    response = client.post(_url("/bijeenkomsten/netwerk/{network_id}/reeks", scene), data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Geef een geldige einddatum" not in text and "Ongeldige datum" not in text
    assert "10/06/2031" in text  # the second Tuesday of June 2031 is in the preview
