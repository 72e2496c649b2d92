"""HTTP clients for the races over real sockets (tests/hardening/test_concurrency*.py): plain
urllib openers with their own cookie jar that hand a 3xx back instead of following it."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

from tests.factories import DEFAULT_PASSWORD

# Long enough for 50 requests queued on each other's row locks, short enough to end a hung run.
TIMEOUT = 60


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand a 3xx back instead of following it: a test tells a 302 from a 422."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def opener(jar: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    """An HTTP client with its own cookie jar (or the given one), redirects not followed."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirects)


def send(client, url: str, body: bytes, headers: dict, timeout: float = TIMEOUT):
    """POST on a connection of its own (urllib closes it after one request): status, type, text."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        response = client.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:  # every 3xx, 4xx and 5xx: still a response to read
        response = error
    with response:
        return response.status, response.headers.get_content_type(), response.read().decode()


def post_form(client, url: str, fields: dict, timeout: float = TIMEOUT) -> tuple[int, str]:
    """POST a form (a list is a repeated field, as a browser sends it): status and page."""
    body = urllib.parse.urlencode(fields, doseq=True).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    code, _type, text = send(client, url, body, headers, timeout)
    return code, text


def login_jar(base_url: str, email: str) -> http.cookiejar.CookieJar:
    """The cookies of a browser logged in through the login form (CSRF is off in tests)."""
    jar = http.cookiejar.CookieJar()
    code, text = post_form(
        opener(jar), f"{base_url}/aanmelden", {"email": email, "password": DEFAULT_PASSWORD}
    )
    assert code == 302, text[:500]
    return jar


def login(base_url: str, email: str) -> urllib.request.OpenerDirector:
    """A client logged in through the login form."""
    return opener(login_jar(base_url, email))
