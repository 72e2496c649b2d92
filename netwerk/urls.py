"""URLs the app takes from its users: where a redirect may lead (only to a path on this site), and
a link to another site (a meeting's online link, an output that is a link); and the absolute links
the app gives in its mails (external_url)."""

import re
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _

from netwerk.errors import DomainError

# Control characters, whitespace and the backslash (which browsers read as a slash): Werkzeug
# refuses a Location header with a line break (a 500), and "/\evil" or "/ /evil" are tricks.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")
# A link as a calendar, a Location header and a browser all take it: no space, no control
# character (C0, DEL, C1) and no other white space anywhere. icalendar refuses CR or LF in a URL.
_LINK_CHARACTERS = re.compile(r"[^\x00-\x20\x7f-\x9f\s]+")
WEB_LINK_MAX_CHARS = 500  # the columns that hold a link (meeting.online_url, output.url)


def local_path(target: str | None) -> str | None:
    """target when it is a path on this site (/bijeenkomsten/?x=1), else None."""
    if not target or _UNSAFE.search(target):
        return None
    if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return None
    return target


def is_web_link(url: str | None) -> bool:
    """Is url a link to a web page: http or https, a host, no space or control character?"""
    if not url or not _LINK_CHARACTERS.fullmatch(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is no number raises ValueError here
    except ValueError:  # "http://[::1" or "http://host:x"
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def web_link(url: str | None) -> str:
    """A link as stored: stripped, '' for none, else a web link (is_web_link); DomainError
    otherwise. The one check of every link the app takes, in forms, services and the API."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > WEB_LINK_MAX_CHARS:
        raise DomainError(_("De link is te lang."))
    if not is_web_link(url):
        raise DomainError(
            _(
                "Een link moet beginnen met http:// of https://, een server noemen en mag geen "
                "spaties of stuurtekens bevatten."
            )
        )
    return url


def external_url(endpoint: str, **values) -> str:
    """An absolute link to a page, for a mail: on NETWERK_BASE_URL when it is set, else on the
    request's host (or SERVER_NAME), else on localhost with a warning for the operator."""
    base = (current_app.config.get("BASE_URL") or "").strip()
    if not base and (has_request_context() or current_app.config.get("SERVER_NAME")):
        return url_for(endpoint, _external=True, **values)
    if not base:
        current_app.logger.warning(
            "NETWERK_BASE_URL ontbreekt: links in mails wijzen naar localhost"
        )
        base = "http://localhost"
    parts = urlsplit(base if "://" in base else "https://" + base)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
