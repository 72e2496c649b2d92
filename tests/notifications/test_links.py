"""urls.external_url: the absolute links of mails, on NETWERK_BASE_URL when set, else on the
request's host or SERVER_NAME, else on localhost (with a warning)."""

import pytest

from netwerk.urls import external_url


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://netwerk.example.be", "https://netwerk.example.be/meldingen"),
        ("https://netwerk.example.be/app/", "https://netwerk.example.be/app/meldingen"),
        ("netwerk.example.be", "https://netwerk.example.be/meldingen"),
    ],
)
def test_the_base_url_decides(make_app, base, expected):
    """With a base URL, outside any request (the daily command)."""
    with make_app(BASE_URL=base).app_context():
        assert external_url("notifications.settings") == expected


def test_without_a_base_url_the_request_host_is_used(make_app):
    """During a request: the request's own host (TRUSTED_HOSTS guards it)."""
    app = make_app(SERVER_NAME=None)
    with app.test_request_context("/", base_url="https://school.example.be"):
        assert external_url("networks.roster", network_id=3) == (
            "https://school.example.be/netwerken/3/aanmeldingen"
        )


def test_without_anything_localhost_and_a_warning(make_app, caplog):
    """No base URL, no request, no SERVER_NAME: a working link on localhost, and the operator is
    told."""
    with make_app(SERVER_NAME=None).app_context():
        assert external_url("notifications.settings") == "http://localhost/meldingen"
    assert "NETWERK_BASE_URL ontbreekt" in caplog.text
