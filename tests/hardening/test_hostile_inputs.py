"""Hostile input on every route (issue 13): no parameter a route reads answers a 5xx.

For every route of the URL map (the routes and ids of the authorization matrix) the parameters it
reads are found, not listed by hand: the fields of the forms on the app's pages (keyed by the path
they post or get to), the query parameters and JSON body properties of the OpenAPI document, and a
few query names every list or report might read. Each parameter gets hostile values: control
characters, a lone surrogate (sent as its raw UTF-8 bytes or as a JSON escape), a 20-digit
integer, the first and the last day of the calendar and, for a few fields, a 1 MB string. A form
is posted with the values of the page (so that the hostile field is the only odd one) and a JSON
body with a valid body around the hostile property.

To bound the time, each parameter gets one value, chosen by rotation, except the shared plumbing
(COMMON_QUERY) on the list and report pages and the API, which gets every value. Pages run as the
admin (or the first role the matrix allows); the school user repeats the GET pages and API reads it
may open, whose scoping code differs.
"""

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import make_school, make_user
from tests.hardening.scene import Scene, build_scene, session_user_id
from tests.hardening.test_authz_matrix import MATRIX, _json_body, _url, app_routes

VALUES = (
    "\x00",  # refused before the view since L5; kept so that the guard stays everywhere
    "\x01\x1f",
    "\ud800",
    "99999999999999999999",
    "0001-01-01",
    "9999-12-31",
)
MEGA = "1" * 1_000_000
# Query names that lists, reports and redirects share; each gets every value on the routes below.
COMMON_QUERY = ("page", "q", "as_of", "from", "to", "school_year", "network_id", "format", "next")
COMMON_QUERY_ON = {
    "/scholen/",
    "/netwerken/",
    "/bijeenkomsten/",
    "/bijeenkomsten/netwerk/<int:network_id>",
    "/bijeenkomsten/netwerk/<int:network_id>/outputs",
    "/netwerken/<int:network_id>/aanmeldingen",
    "/inzet/",
    "/inzet/medewerkers",
    "/inzet/uren",
    "/rapporten/deelname",
    "/rapporten/bereik",
    "/rapporten/evolutie",
    "/rapporten/inzet",
    "/aanmelden",
    "/api/v1/meetings",
    "/api/v1/hour-entries",
    "/api/v1/reports/participation",
}
# (method, rule, where, parameter): the few that also get 1 MB (a search, a name, a long text).
MEGA_CASES = {
    ("GET", "/scholen/", "query", "q"),
    ("GET", "/api/v1/schools", "query", "q"),
    ("POST", "/netwerken/programmas", "form", "name"),
    ("POST", "/bijeenkomsten/<int:meeting_id>/verslag", "form", "body"),
    ("POST", "/api/v1/programmes", "json", "name"),
}
# Routes that remove or end what later routes use: they run last.
DESTRUCTIVE = re.compile(r"/(verwijderen|intrekken|afgelasten|heropenen)$|^/afmelden$")


# (endpoint, parameter, value) of 5xx answers that belong to another helper's branch of issue 13;
# they are reported, not failed. The merger empties this list after merging those branches.
@dataclass(frozen=True)
class Case:
    """One request: a route as a role, one parameter (where: query, form or json) set to a value."""

    role: str
    method: str
    rule: str
    endpoint: str
    where: str
    param: str
    value: str


class Forms(HTMLParser):
    """The forms of a page: (method, action path) -> {field name: the value the page gives it}."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.forms: dict[tuple[str, str], dict[str, str]] = {}
        self._form: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "form":
            key = ((a.get("method") or "get").lower(), urlsplit(a.get("action") or "").path)
            self._form = self.forms.setdefault((key[0], key[1] or self.page_path), {})
        elif self._form is None or not name or name == "csrf_token":
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "reset", "image", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self._form[name] = a.get("value", "")
            else:
                self._form.setdefault(name, "")
        elif tag == "select":
            self._select = name
            self._form.setdefault(name, "")
        elif tag == "option" and self._select and ("selected" in a or not self._form[self._select]):
            self._form[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self._form[name] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _role_for(method: str, rule: str) -> str:
    """The admin where the matrix lets the admin in, else the first role it lets in."""
    allowed = MATRIX[(method, rule)]
    if rule == "/aanmelden":
        return "anonymous"  # a logged-in user is sent on from the login page
    return next(r for r in ("admin", "coach", "school", "other_school") if r in allowed)


def _login(client, app: Flask, scene: Scene, role: str) -> None:
    """Put the role's user in the client's session (or nobody, for anonymous)."""
    with client.session_transaction() as session:
        session.clear()
        if role != "anonymous":
            session["_user_id"] = session_user_id(app, scene.users[role])
            session["_fresh"] = True


def _encode(value: str) -> str:
    """A value for a query string or form body; a lone surrogate becomes its raw UTF-8 bytes."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _page_forms(app: Flask, scene: Scene) -> dict[tuple[str, str], dict[str, str]]:
    """The forms of every GET page, read as the role that opens it."""
    forms: dict[tuple[str, str], dict[str, str]] = {}
    client = app.test_client()
    for method, rule in sorted(app_routes(app)):
        if method != "GET" or rule.startswith("/api/") or rule.endswith((".csv", ".ics")):
            continue
        url = _url(rule, scene)
        _login(client, app, scene, _role_for(method, rule))
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            parser = Forms(urlsplit(url).path)
            parser.feed(response.get_data(as_text=True))
            for key, fields in parser.forms.items():
                forms.setdefault(key, {}).update(fields)
        response.close()
    return forms


def _openapi(app: Flask) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """(method, rule) -> (query parameter names, JSON body property names), from the spec."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    schemas = spec.get("components", {}).get("schemas", {})
    found = {}
    for path, operations in spec["paths"].items():
        rule = re.sub(r"\{([^}]+)\}", r"<int:\1>", path)
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            query = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if "$ref" in schema:
                schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
            body = [
                name
                for name, prop in schema.get("properties", {}).items()
                if not prop.get("readOnly")
            ]
            found[(method.upper(), rule)] = (query, body)
    return found


def _values(method: str, rule: str, where: str, param: str, turn: int) -> list[str]:
    """Every value for the shared query names on the lists and reports, else one by rotation;
    1 MB on top for the MEGA_CASES."""
    if where == "query" and param in COMMON_QUERY and rule in COMMON_QUERY_ON:
        values = list(VALUES)
    else:
        values = [VALUES[turn % len(VALUES)]]
    if (method, rule, where, param) in MEGA_CASES:
        values.append(MEGA)
    return values


def build_cases(app: Flask, scene: Scene, forms: dict) -> list[Case]:
    """Every (route, parameter, value) to send, destructive routes last."""
    api = _openapi(app)
    endpoints = {(m, r.rule): r.endpoint for r in app.url_map.iter_rules() for m in r.methods}
    cases: list[Case] = []
    turn = 0
    routes = sorted(app_routes(app), key=lambda r: (bool(DESTRUCTIVE.search(r[1])), r[1], r[0]))
    for method, rule in routes:
        path = urlsplit(_url(rule, scene)).path
        query, body = api.get((method, rule), ([], []))
        params = [("query", name) for name in query]
        params += [("json", name) for name in body]
        if not rule.startswith("/api/"):
            params += [("query", n) for n in forms.get(("get", path), {}) if n not in query]
            if method == "POST":
                params += [("form", name) for name in forms.get(("post", path), {})]
        params += [("query", n) for n in COMMON_QUERY if ("query", n) not in params]
        roles = [_role_for(method, rule)]
        if method == "GET" and "school" in MATRIX[(method, rule)] and roles != ["school"]:
            roles.append("school")
        for role in roles:
            for where, param in params:
                if role == "school" and where != "query":
                    continue
                for value in _values(method, rule, where, param, turn):
                    cases.append(
                        Case(role, method, rule, endpoints[(method, rule)], where, param, value)
                    )
                turn += 1
    return cases


def _send(app: Flask, client, scene: Scene, case: Case, forms: dict):
    """Send one case; the response, or the exception the app let through."""
    url = _url(case.rule, scene)
    split = urlsplit(url)
    query = [split.query] if split.query else []
    if case.where == "query":
        query.append(f"{case.param}={_encode(case.value)}")
    target = split.path + ("?" + "&".join(query) if query else "")
    if case.rule.startswith("/api/"):
        headers = {}
        if case.role != "anonymous":
            headers["Authorization"] = f"Bearer {scene.tokens[case.role]}"
        body = None
        if case.method == "POST":
            document = dict(_json_body(case.method, case.rule, case.role, scene) or {})
            if case.where == "json":
                document[case.param] = case.value
            body = json.dumps(document).encode()  # ensure_ascii: "\ud800" travels as an escape
            headers["Content-Type"] = "application/json"
        return client.open(target, method=case.method, headers=headers, data=body)
    if case.method != "POST":
        return client.open(target, method=case.method)
    fields = dict(forms.get(("post", split.path), {}))
    if case.where == "form":
        fields[case.param] = case.value
    data = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in fields.items())
    return client.open(
        target,
        method="POST",
        data=data.encode("ascii"),
        content_type="application/x-www-form-urlencoded",
    )


def _short(value: str) -> str:
    return repr(value if len(value) < 30 else f"{value[:10]}...({len(value)} chars)")


def run_cases(app: Flask, scene: Scene, cases: list[Case], forms: dict) -> list[str]:
    """Send the cases; the ones answered with a 5xx, each described."""
    clients: dict[str, FlaskClient] = {}
    failed = []
    for case in cases:
        client = clients.get(case.role)
        # A session per role, set again after a POST: it may have been a logout.
        if client is None or case.method == "POST":
            client = clients[case.role] = clients.get(case.role) or app.test_client()
            _login(client, app, scene, case.role)
        try:
            response = _send(app, client, scene, case, forms)
            status, detail = response.status_code, ""
            response.close()
        except Exception as exc:  # TESTING propagates what the 500 handler would have caught
            status, detail = 500, f" {type(exc).__name__}: {str(exc)[:200]}"
        if status >= 500:
            failed.append(
                f"{case.method} {case.rule} [{case.endpoint}] {case.where} "
                f"{case.param}={_short(case.value)} as {case.role}: HTTP {status}{detail}"
            )
    return failed


def test_hostile_values_in_every_parameter_of_every_route_never_give_a_5xx(app):
    """Every route, every parameter it reads, hostile values: never a 5xx."""
    scene = build_scene(app)
    forms = _page_forms(app, scene)
    cases = build_cases(app, scene, forms)
    assert {c.rule for c in cases} == {rule for _, rule in app_routes(app)}
    assert any(c.where == "form" for c in cases) and any(c.where == "json" for c in cases)
    failed = run_cases(app, scene, cases, forms)
    assert failed == [], f"{len(failed)} of {len(cases)} requests gave a 5xx:\n" + "\n".join(failed)


def test_pagination_links_take_no_url_for_options_from_the_query(make_app):
    """The pagination macro handed the whole query to url_for, so ?_external=1 made the 'next
    page' link absolute, on whatever host the request named; the query's filters stay, url_for's
    _options do not."""
    small = make_app(PAGE_SIZE=1)
    with small.app_context():
        make_school(name="School A")
        make_school(name="School B")
        admin = make_user(role="admin")
    client = small.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(small, admin)
        session["_fresh"] = True
    response = client.get("/scholen/?level=secundair&_external=1&_scheme=javascript")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "javascript:" not in page
    assert 'href="/scholen/?level=secundair&amp;page=2"' in page
