"""Search that forgives case, accents, hyphens and word order: "sint jozef" finds "Sint-Jozef".

A searchable row keeps its words once more in a normalised column, `search_name`, written on
every insert and update. A search normalises the query the same way and asks that every query
word occurs in that column: a LIKE per word, escaped, in SQL, so one statement whatever the size
of the table, the same on SQLite and PostgreSQL (neither can strip accents on its own here).
"""

import re
import unicodedata

from sqlalchemy import ColumnElement, String, and_, event, false, true
from sqlalchemy.orm import Mapped, mapped_column

SEARCH_NAME_LENGTH = 500
_NOT_A_WORD = re.compile(r"[\W_]+")


def normalise(text: str | None) -> str:
    """'Sint-Jozefscollege  Zelzate' -> 'sint jozefscollege zelzate': case folded, accents and
    punctuation gone, words separated by one space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_A_WORD.sub(" ", bare).split())


def query_words(query: str | None) -> list[str]:
    """The words a search asks for, each normalised, without repeats."""
    return list(dict.fromkeys(normalise(query).split()))


def matches(query: str | None, text: str | None) -> bool:
    """Whether every word of the query occurs in the text (in any order); what the SQL asks."""
    haystack = normalise(text)
    return all(word in haystack for word in query_words(query))


def search_name_of(*parts: str | None) -> str:
    """The stored search text of a row made of these fields, cut to the column's length."""
    return normalise(" ".join(p for p in parts if p))[:SEARCH_NAME_LENGTH]


def search_name_column(fields: tuple[str, ...]) -> Mapped[str]:
    """The `search_name` column of a model searchable on these fields. Core inserts that leave
    it out (the school import, demo data) get it from this default, computed from the row's own
    values; ORM writes from keep_search_name."""

    def from_row(context) -> str:
        row = context.get_current_parameters()
        return search_name_of(*(row.get(f) for f in fields))

    return mapped_column(String(SEARCH_NAME_LENGTH), default=from_row)


def keep_search_name(model: type, fields: tuple[str, ...]) -> None:
    """Keep model.search_name in step with its fields before every ORM insert and update."""

    def from_object(_mapper, _connection, target) -> None:
        target.search_name = search_name_of(*(getattr(target, f) for f in fields))

    event.listen(model, "before_insert", from_object)
    event.listen(model, "before_update", from_object)


def where_matches(column, query: str | None) -> ColumnElement[bool]:
    """A WHERE clause: every word of the query occurs in the column. An empty query matches all;
    a query of punctuation only ("%", "_") matches nothing rather than everything."""
    words = query_words(query)
    if not words:
        return false() if query and query.strip() else true()
    return and_(*(column.contains(word, autoescape=True) for word in words))
