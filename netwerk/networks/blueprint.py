"""The blueprint of the networks pages, and what its route modules share: query-string filters
that answer a wrong value with a Dutch 400, and the commit-or-flash step after a service call."""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, flash, request
from flask_babel import gettext as _

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.ids import is_id
from netwerk.networks.life import has_ended_by
from netwerk.timeutil import parse_date, today

bp = Blueprint("networks", __name__, url_prefix="/netwerken")


def _has_ended(network) -> bool:
    """Whether the network's last day lies before today (networks.life), for the pages."""
    return has_ended_by(network, today())


@bp.record_once
def _register_template_globals(state) -> None:
    """has_ended(network): the list and detail pages mark an ended network."""
    state.app.jinja_env.globals["has_ended"] = _has_ended


T = TypeVar("T")


def _refuse_filter(name: str, value: str) -> DomainError:
    return DomainError(
        _("Ongeldige waarde voor filter '%(name)s': %(value)s", name=name, value=value[:40]),
        status_code=400,
    )


def enum_arg(name: str, enum_cls):
    """An enum filter from the query string; a wrong value is a 400 with a Dutch message."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        raise _refuse_filter(name, value) from None


def int_arg(name: str) -> int | None:
    """An id filter from the query string; a wrong value is a 400 with a Dutch message."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not is_id(value):
        raise _refuse_filter(name, value)
    return int(value)


SEARCH_MAX_LENGTH = 100


def search_arg(name: str) -> str | None:
    """A search text from the query string; one too long is a 400 with a Dutch message."""
    value = request.args.get(name, "").strip()
    if len(value) > SEARCH_MAX_LENGTH:
        raise DomainError(
            _("De zoektekst is te lang (hoogstens %(n)d tekens).", n=SEARCH_MAX_LENGTH),
            status_code=400,
        )
    return value or None


def page_arg() -> int:
    """The page of a paginated list (1 when not given)."""
    return int_arg("page") or 1


def optional_day(text: str | None):
    """A day typed in a form field that the view parses (None when left empty)."""
    return parse_date(text) if text and text.strip() else None


def commit_or_flash(work: Callable[[], T], done: str, errors: list | None = None) -> T | None:
    """Run one service call. A DomainError rolls back and is flashed (or added to `errors`, a
    field's error list) and gives None; otherwise commit and flash `done`."""
    try:
        result = work()
    except DomainError as exc:
        db.session.rollback()
        if errors is None:
            flash(exc.message, "error")
        else:
            errors.append(exc.message)
        return None
    db.session.commit()
    flash(done, "success")
    return result
