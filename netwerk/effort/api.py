"""JSON API endpoints of the effort feature, under /api/v1: the roll-up, and what the staff and
hours endpoints (api_staff, api_hours) share."""

from sqlalchemy import func, select

from netwerk.apiutil import ApiBlueprint, unsorted_json
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user, token_required
from netwerk.effort import report
from netwerk.effort.body import effort_json
from netwerk.effort.schemas import (
    EffortReportQuery,
    EffortReportSchema,
)
from netwerk.effort.staff import staff_member_of
from netwerk.extensions import db
from netwerk.httpcache import conditional_report
from netwerk.networks.permissions import visible_scope

blp = ApiBlueprint("api_effort", __name__, description="Inzet: de roll-up van VTE en uren")

READERS = (Role.admin, Role.ministry, Role.coach)


def _read(path: str, query_schema, response_schema):
    """What every endpoint here is: a GET for READERS, its filters in the query string, one
    response schema, a 403 for other roles."""
    decorators = (
        blp.route(path),
        token_required(*READERS),
        blp.arguments(query_schema, location="query"),
        blp.response(200, response_schema),
        blp.errors(403),
    )

    def decorate(view):
        for decorator in reversed(decorators):
            view = decorator(view)
        return view

    return decorate


def page_of_query(query, args: dict, order_by) -> dict:
    """One page of a query: {"items", "page", "per_page", "total"} in two statements."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(
        query.order_by(*order_by)
        .limit(args["per_page"])
        .offset((args["page"] - 1) * args["per_page"])
    ).all()
    return {"items": items, "page": args["page"], "per_page": args["per_page"], "total": total}


def own_staff_id(user) -> int:
    """The id of the user's own staff member (-1, matching nothing, when there is none)."""
    member = staff_member_of(user)
    return member.id if member else -1


def where_ids(query, model, args: dict, names: tuple[str, ...]):
    """The query narrowed to the rows that have the ids the arguments name."""
    for name in names:
        if name in args:
            query = query.where(getattr(model, name) == args[name])
    return query


@_read("/reports/effort", EffortReportQuery, EffortReportSchema)
@conditional_report(lambda: visible_scope(api_user()))
def effort_report(params: report.EffortParams):
    """The effort roll-up of the effort page: FTE (planned, earmarked, realised) and hours.

    known_at: the stand van de gegevens asked (assignments, planned effort and hours as recorded
    then), echoed with offset and microseconds as every report endpoint does; without it, now (a
    body from the report cache keeps the moment it was read: no write came after it)."""
    # Written by hand (effort/body.py), not dumped by the response decorator: the schema's dump
    # of hundreds of rows cost more than the roll-up, and the cache (conditional_report) keeps bytes.
    return unsorted_json(effort_json(report.effort_report(api_user(), params)))


__all__ = ["blp"]
