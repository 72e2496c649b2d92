"""Review finding L5 (the parts in the shared plumbing): lone surrogates and deep nesting in JSON,
20-digit page numbers, NUL late in a CSV file, control characters in a redirect target."""

import pytest

from netwerk.auth.models import Role
from netwerk.csvfiles import decode
from netwerk.errors import DomainError
from netwerk.urls import local_path
from tests.factories import make_user
from tests.schools.factories import make_token


def _post_json(client, token: str, body: bytes):
    return client.post(
        "/api/v1/programmes",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )


def test_a_lone_surrogate_in_json_is_a_400(app, client):
    """ "\\ud800" alone cannot be stored: refused in Dutch before the view; a real pair passes."""
    with app.app_context():
        token = make_token(make_user(role=Role.admin))
    refused = _post_json(client, token, b'{"name": "\\ud800"}')
    assert refused.status_code == 400
    assert "surrogaat" in refused.get_json()["error"]["message"]
    emoji = _post_json(client, token, b'{"name": "Netwerk \\ud83d\\ude00"}')
    assert emoji.status_code < 500 and emoji.status_code != 400


def test_deeply_nested_json_is_a_400(app, client):
    """100,000 brackets deep is refused, not a RecursionError."""
    with app.app_context():
        token = make_token(make_user(role=Role.admin))
    response = _post_json(client, token, b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 400
    assert "genest" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    "path", ["/gebruikers", "/scholen/", "/bijeenkomsten/", "/inzet/medewerkers"]
)
@pytest.mark.parametrize("page", ["99999999999999999999", "0", "-1", "abc"])
def test_a_page_number_that_cannot_be_is_a_404(client, login_as, path, page):
    """A page number past any integer, zero or text names no page (a 404), as a page past the
    last one does; never a database error."""
    login_as("admin")
    response = client.get(f"{path}?page={page}")
    assert response.status_code == 404
    assert "bestaat niet" in response.get_data(as_text=True)


def test_nul_anywhere_in_a_csv_file_is_refused():
    """Not only in the first 4 KB."""
    with pytest.raises(DomainError, match="geen CSV"):
        decode(b"a;b\n" * 5000 + b"x\x00y\n")


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/bijeenkomsten/?x=1", "/bijeenkomsten/?x=1"),
        ("/\r\nSet-Cookie: x=1", None),
        ("/%0D%0AX", "/%0D%0AX"),  # still escaped: harmless in a Location header
        ("/a\tb", None),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("https://evil.example/", None),
        ("", None),
    ],
)
def test_only_clean_local_paths_are_redirect_targets(target, expected):
    """Control characters, whitespace and backslashes make a target unusable."""
    assert local_path(target) == expected


def test_the_language_switch_ignores_a_next_with_a_line_break(client):
    """POST /taal with a CRLF in next goes home instead of failing."""
    response = client.post("/taal", data={"lang": "en", "next": "/\r\nX"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
