"""Where a redirect may lead: only to a path on this site, written without tricks."""

import re
from urllib.parse import urlsplit

# Control characters, whitespace and the backslash (which browsers read as a slash): Werkzeug
# refuses a Location header with a line break (a 500), and "/\evil" or "/ /evil" are tricks.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


def local_path(target: str | None) -> str | None:
    """target when it is a path on this site (/bijeenkomsten/?x=1), else None."""
    if not target or _UNSAFE.search(target):
        return None
    if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return None
    return target
