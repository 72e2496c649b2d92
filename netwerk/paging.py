"""Lists in pages: the one reading of ?page= for every page of the app.

A page number is a whole number of at most nine digits. Anything else (letters, zero, 20 digits
that would overflow the database's integer) names no page, like a page past the last one: a 404.
"""

from collections.abc import Callable

from flask import abort, current_app, render_template, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from netwerk.extensions import db
from netwerk.ids import is_id


def page_number() -> int:
    """The ?page= of the request, 1 when not given."""
    value = request.args.get("page", "").strip()
    if not value:
        return 1
    if not is_id(value) or int(value) < 1:
        abort(404)
    return int(value)


def paginate(stmt: Select, per_page: int | None = None) -> Pagination:
    """One page of a select's rows (PAGE_SIZE per page unless said otherwise)."""
    return db.paginate(
        stmt,
        page=page_number(),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        max_per_page=200,
    )


def list_page(template: str, form, search: Callable[[], Select]):
    """A filtered list: a filter the form refuses (a hand-made URL) is a 400 that says what is
    wrong, else one page of the search's rows."""
    if not form.validate():
        return render_template(template, form=form, page=None), 400
    return render_template(template, form=form, page=paginate(search()))
