"""The JSON API's plumbing: its blueprint class, field types, paging, one error format and the Api
object.

Bearer tokens live with auth (netwerk.auth.tokens); create_app hands every feature's API blueprint
to register_api.
"""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from http import HTTPStatus

from apispec import BasePlugin
from flask import Flask, Response, current_app
from flask_babel import lazy_gettext as _l
from flask_smorest import Api, Blueprint
from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy import Select
from webargs.flaskparser import FlaskParser

from netwerk.errors import check_version
from netwerk.extensions import MAX_INT, csrf, db
from netwerk.idempotency import HEADER as IDEMPOTENCY_HEADER
from netwerk.idempotency import MAX_KEY_LENGTH
from netwerk.idempotency import finish as finish_idempotent
from netwerk.timeutil import BRUSSELS


class Id(fields.Integer):
    """The id of a row in a filter or a body: 1 up to MAX_INT, else a 422 that names the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=MAX_INT))
        super().__init__(**kwargs)


# The days the API takes, as netwerk.timeutil.parse_date takes them on pages: a date near
# 0001-01-01 or 9999-12-31 overflows the first timedelta added to it (a 500).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)


class BoundedDate(fields.Date):
    """A day (2025-03-01) in the filter or body of a request: 1900-01-01 up to 2200-12-31, else a
    422 that names the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "validate",
            validate.Range(
                min=EARLIEST_DATE,
                max=LATEST_DATE,
                error=_l("Geef een datum tussen 1900-01-01 en 2200-12-31."),
            ),
        )
        super().__init__(**kwargs)


class UtcDateTime(fields.DateTime):
    """A moment stored as naive UTC, written with its offset: 2025-03-01T08:30:00+00:00.

    OpenAPI's date-time is RFC 3339, which requires the offset; without it a client cannot tell
    UTC from local time.
    """

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class LocalDateTime(fields.DateTime):
    """A Brussels wall-clock time stored naive, written with its offset: 2025-03-01T14:00:00+01:00."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=BRUSSELS)
        return super()._serialize(value, attr, obj, **kwargs)


class PageQuerySchema(Schema):
    """?page=&per_page= of every list."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class PageSchema(Schema):
    """The envelope of every paginated list."""

    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


def unsorted_json(body: dict) -> Response:
    """A report's body as compact JSON with its keys in the order they were built: jsonify sorts
    the keys of every object, a tenth of the answer's time over thousands of rows."""
    text = json.dumps(body, separators=(",", ":"))
    return current_app.response_class(text + "\n", mimetype="application/json")


def page_of(item: type[Schema], doc: str) -> type[PageSchema]:
    """The schema of a page of items: PageSchema with `items`, named after the item's schema
    (NetworkSchema -> NetworkPageSchema), so the OpenAPI document names it as before."""
    name = item.__name__.removesuffix("Schema") + "PageSchema"
    return type(name, (PageSchema,), {"__doc__": doc, "items": fields.List(fields.Nested(item))})


def paginated(query: Select, args: dict, dump: Callable[[list], list] = list) -> dict:
    """Run a list's select for the page in `args` and wrap it as {items, page, per_page, total}."""
    page = db.paginate(query, page=args["page"], per_page=args["per_page"], error_out=False)
    return {
        "items": dump(page.items),
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
    }


class ErrorDetailSchema(Schema):
    """The inside of an error body."""

    code = fields.String(
        required=True,
        metadata={
            "description": "Vaste code: bad_request, unauthorized, forbidden, not_found, "
            "unprocessable_entity, domain_error, duplicate, network_full, ..."
        },
    )
    message = fields.String(required=True, metadata={"description": "Uitleg voor een mens."})
    details = fields.Dict(
        metadata={
            "description": "Bij ongeldige invoer: per plaats (json, query) de fouten per veld."
        }
    )


class ErrorSchema(Schema):
    """Every error of the API: {"error": {"code", "message", "details"?}} (see netwerk.errors)."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class NetwerkApi(Api):
    """flask-smorest's Api with our error body, and only the error statuses that can happen."""

    ERROR_SCHEMA = ErrorSchema
    # No catch-all "default" response: each operation lists its error statuses, so a status the
    # document does not name is a finding of the conformance test, not silently allowed.
    DEFAULT_ERROR_RESPONSE_NAME = None


# Any endpoint can answer these: every operation needs a token (401), and every request passes the
# NUL guard of netwerk.errors (400; so do a malformed JSON body and a bad school year or peildatum).
COMMON_ERRORS = (HTTPStatus.BAD_REQUEST, HTTPStatus.UNAUTHORIZED)
# A POST with an Idempotency-Key: 409 while the first is in flight, 422 for a key too long or
# reused with another body (netwerk.idempotency).
IDEMPOTENCY_ERRORS = (HTTPStatus.CONFLICT, HTTPStatus.UNPROCESSABLE_ENTITY)
IDEMPOTENCY_PARAMETER = {
    "in": "header",
    "name": IDEMPOTENCY_HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": "Een sleutel die de client kiest: hetzelfde verzoek opnieuw met dezelfde "
    "sleutel (binnen 24 uur, met hetzelfde token) krijgt het eerste antwoord en schrijft niets "
    "dubbel; een ander verzoek met dezelfde sleutel geeft 422 idempotency_key_reused, zolang het "
    "eerste loopt 409 idempotency_key_in_flight.",
}


class CommonErrorsPlugin(BasePlugin):
    """Document COMMON_ERRORS on every operation of the OpenAPI document."""

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        """Add a reference to flask-smorest's response of each common status, and the
        Idempotency-Key of every POST; sort by status."""
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            statuses = COMMON_ERRORS + (IDEMPOTENCY_ERRORS if method == "post" else ())
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
            for status in statuses:
                if status.value not in responses and str(status.value) not in responses:
                    responses[str(status.value)] = status.name
            # Success first, then the errors in order: easier to read in the docs page.
            operation["responses"] = dict(sorted(responses.items(), key=lambda kv: int(kv[0])))


class StrictQueryParser(FlaskParser):
    """webargs' parser, refusing unknown query parameters as it already refuses unknown JSON keys.

    A misspelt filter (?programme=3 for ?programme_id=3) would otherwise be ignored silently and
    answer with everything; now it is a 422 that names the field.
    """

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": RAISE,
        "querystring": RAISE,
    }


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint: strict query strings, error statuses documented in one line."""

    ARGUMENTS_PARSER = StrictQueryParser()

    def errors(self, *statuses: int) -> Callable:
        """Document these error statuses (besides COMMON_ERRORS) with the API's error body."""

        def decorator(view):
            for status in statuses:
                view = self.alt_response(status, response=HTTPStatus(status).name)(view)
            return view

        return decorator

    def listing(
        self, rule: str, query: type[Schema], page: type[Schema], guard: Callable
    ) -> Callable:
        """A paginated list: GET `rule` behind `guard` (the token check), its filters and paging
        read from the query string by `query`, the page written by `page`.

        The same stack every list spells out: route, guard, query arguments, 200 response.
        """

        def decorator(view):
            view = self.response(200, page)(view)
            view = self.arguments(query, location="query")(view)
            return self.route(rule)(guard(view))

        return decorator


def _decimal_as_string(converter, field, **kwargs) -> dict:
    """A Decimal written as a string ("0.500") is a string in the document, not a number."""
    if isinstance(field, fields.Decimal) and field.as_string:
        return {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"}
    return {}


def register_api(app: Flask, blueprints) -> Api:
    """The given API blueprints under /api/v1, CSRF-exempt because they use bearer tokens.

    One Api object per app: the OpenAPI document is built per app, so apps made by tests do not
    share state.
    """
    api = NetwerkApi(app)
    plugin = CommonErrorsPlugin()
    plugin.init_spec(api.spec)
    api.spec.plugins.append(plugin)
    api.ma_plugin.converter.add_attribute_function(_decimal_as_string)
    for blp in blueprints:
        csrf.exempt(blp)
        api.register_blueprint(blp, url_prefix="/api/v1")
    # A POST with an Idempotency-Key keeps its answer for a repeat (netwerk.idempotency).
    app.after_request(finish_idempotent)
    # netwerk.errors (registered after this) answers JSON for every /api/ path.
    return api


# --- the version a PATCH sends back --------------------------------------------------------------


class VersionIn(fields.Integer):
    """The version the caller read (GET), required: its Dutch messages made per request."""

    def make_error(self, key: str, **kwargs):
        """marshmallow formats only a plain str; a lazy message becomes one here, in the
        request's language."""
        if key in ("required", "null"):
            return ValidationError(str(self.error_messages[key]))
        return super().make_error(key, **kwargs)


def version_field(what: str) -> VersionIn:
    """A PATCH body's `version`: the one the caller read; missing 422, stale 409 stale_version."""
    message = _l("Geef de versie mee die u gelezen hebt (veld version).")
    return VersionIn(
        required=True,
        validate=validate.Range(min=1, max=MAX_INT),
        error_messages={"required": message, "null": message},
        metadata={"description": f"De version van {what} zoals gelezen; verouderd: 409."},
    )


def version_out() -> fields.Integer:
    """The `version` of a body: what a PATCH must send back."""
    return fields.Integer(
        dump_only=True,
        metadata={"description": "Verhoogd bij elke wijziging; een PATCH stuurt ze terug."},
    )


def patched(obj, seen: int, change: Callable[[], object]):
    """Run one change (a service call) of `obj` that the caller saw at version `seen`: refused
    with 409 stale_version when it is older than the stored one; the version goes up once, also
    when only links changed (anchors, coaches, a call's networks), which the ORM does not count.
    """
    check_version(obj.version, seen)
    result = change()
    if obj.version == seen:
        obj.version = seen + 1
        db.session.flush()
    return result
