"""URLs the app takes from its users: where a redirect may lead (only to a path on this site), and
a link to another site (a meeting's online link, an output that is a link)."""

import re
from urllib.parse import urlsplit

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
