"""Ids and page numbers typed into URLs and forms."""

import re

_ID = re.compile(r"[0-9]{1,9}")


def is_id(text: str | None) -> bool:
    """A whole number that can be an id: ASCII digits only, at most nine of them.

    str.isdigit() is not enough: '²' is a digit that int() refuses, and a number past 2**63
    overflows SQLite's INTEGER; both were 500s instead of a clear 400 or 404.
    """
    return bool(text) and _ID.fullmatch(text) is not None
