"""The domain error and the error pages: Dutch HTML for people, JSON for the API."""

import json

from flask import Flask, abort, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, SecurityError

from netwerk.extensions import db


class DomainError(Exception):
    """A rule of the domain was broken; the message is shown to the user as it is."""

    status_code = 422
    code = "domain_error"

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        field: str | None = None,
        details: dict | None = None,
    ):
        super().__init__(message)
        self.message = message
        # The messages per form field, when the refusal is about fields: a page shows them there
        # (`field` is the short way to say the message is about that one field).
        self.fields = fields or ({field: [message]} if field else {})
        if status_code is not None:
            self.status_code = status_code
        if code is not None:
            self.code = code
        # What a client needs to act on the refusal (the API's error.details; a page may show it).
        self.details = details


class Refusals:
    """Reads one value after another and keeps every refusal, so that a page shows all wrong
    values at once (each at its field); check() then raises the first one's message, status and
    code (what the API answers) with all of them per field."""

    def __init__(self):
        self.refused: list[tuple[str, DomainError]] = []

    def take(self, name: str, parse, *args):
        """parse(*args), or None when it refuses (the refusal is kept under the field name)."""
        try:
            return parse(*args)
        except DomainError as exc:
            self.refused.append((name, exc))
            return None

    def check(self) -> None:
        """Raise the refusals kept, if any, as one DomainError."""
        if not self.refused:
            return
        fields: dict[str, list[str]] = {}
        for name, exc in self.refused:
            fields.setdefault(name, []).append(exc.message)
        first = self.refused[0][1]
        raise DomainError(
            first.message, status_code=first.status_code, code=first.code, fields=fields
        )


class NotAllowed(DomainError):
    """The actor may not do this."""

    status_code = 403
    code = "forbidden"


def stale_version() -> DomainError:
    """The refusal of a save from a form or API call that saw an older version of the object."""
    return DomainError(
        _(
            "Iemand anders wijzigde dit intussen. Uw wijziging is niet bewaard: herlaad de pagina "
            "om de nieuwe gegevens te zien en breng uw wijziging dan opnieuw aan."
        ),
        status_code=409,
        code="stale_version",
    )


def check_version(current: int, seen: int | None) -> None:
    """Refuse a save when the caller saw another version than the stored one (None: not sent)."""
    if seen is not None and seen != current:
        raise stale_version()


def wants_json() -> bool:
    """API paths answer in JSON, everything else in HTML."""
    return request.path.startswith("/api/")


def _messages() -> dict[int, str]:
    return {
        400: _("Het verzoek is ongeldig."),
        401: _("U moet aangemeld zijn."),
        403: _("U hebt geen toegang tot deze pagina."),
        404: _("Deze pagina of dit object bestaat niet."),
        405: _("Deze methode is hier niet toegelaten."),
        409: _("Dit botst met de bestaande gegevens."),
        413: _("Het bestand is te groot."),
        422: _("De gegevens zijn ongeldig."),
        429: _("Te veel pogingen. Probeer het later opnieuw."),
        500: _("Er ging iets mis aan onze kant. Probeer het later opnieuw."),
    }


def json_error(status: int, message: str, code: str | None = None, details=None):
    """A JSON error body in the API's one format."""
    body = {"error": {"code": code or str(status), "message": message}}
    if details:
        body["error"]["details"] = details
    return jsonify(body), status


def _has_lone_surrogate(data) -> bool:
    """A string anywhere in parsed JSON (keys too) with half of a UTF-16 pair: no database
    stores it, and encoding it fails."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _check_json_body(values: list[str]) -> None:
    """NUL, a lone surrogate or nesting too deep to parse in a JSON body: a 400 before any view
    reads it (malformed JSON is left to the API's parser, which answers 400 itself)."""
    # JSON spells the character as an escape; cache the body so the view can still read it.
    body = request.get_data(cache=True)
    if b"\\u0000" in body or b"\x00" in body:
        values.append("\x00")
        return
    try:
        data = json.loads(body)
    except RecursionError:
        abort(400, description=_("De JSON-invoer is te diep genest."))
    except ValueError:
        return
    if _has_lone_surrogate(data):
        abort(
            400,
            description=_(
                "De invoer bevat een ongeldig teken (een losse surrogaat). Verwijder het en "
                "probeer opnieuw."
            ),
        )


def refuse_nul_characters() -> None:
    """Refuse a request whose path, query string, form or JSON body holds a NUL character (or,
    in JSON, a lone surrogate or nesting too deep to read).

    PostgreSQL cannot store U+0000 in text and answers with an error, so such input is refused
    up front, for every form and API call alike, before anything is written.
    """
    values = [request.path, *(value for __, value in request.args.items(multi=True))]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            _check_json_body(values)
        else:
            values.extend(value for __, value in request.form.items(multi=True))
            values.extend(upload.filename or "" for upload in request.files.values())
    if any("\x00" in value for value in values):
        abort(
            400,
            description=_(
                "De invoer bevat een ongeldig teken (NUL). Verwijder het en probeer opnieuw."
            ),
        )


def untrusted_host():
    """A request for a host name outside TRUSTED_HOSTS: plain text, because without a trusted host
    Flask builds no URLs, and the page template links to its style sheets."""
    message = _("Deze server beantwoordt geen verzoeken voor deze hostnaam.")
    if wants_json():
        return json_error(400, message, code="untrusted_host")
    return message, 400, {"Content-Type": "text/plain; charset=utf-8"}


def register_error_handlers(app: Flask) -> None:
    """Dutch error pages, JSON errors under /api/, and a rollback after every 500."""

    app.before_request(refuse_nul_characters)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if isinstance(exc, SecurityError):
            return untrusted_host()
        status = exc.code or 500
        message = _messages().get(status, exc.description or "")
        # A description we set ourselves (abort(404, description=...)) is more precise.
        if status != 429 and exc.description and exc.description != type(exc).description:
            message = exc.description
        # The exception's own headers (Allow on a 405, which RFC 9110 requires), not its HTML type.
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        if wants_json():
            # flask-smorest puts the field errors of a bad body or query string in exc.data.
            details = (getattr(exc, "data", None) or {}).get("messages")
            if details:
                message = _("De gegevens zijn ongeldig.")
            code = exc.name.lower().replace(" ", "_")
            body, status = json_error(status, message, code=code, details=details)
            return body, status, headers
        template = f"errors/{status}.html" if status in (403, 404, 500) else "errors/error.html"
        return render_template(template, status=status, message=message), status, headers

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        db.session.rollback()
        if wants_json():
            return json_error(exc.status_code, exc.message, code=exc.code, details=exc.details)
        return render_template(
            "errors/error.html", status=exc.status_code, message=exc.message
        ), exc.status_code

    @app.errorhandler(IntegrityError)
    def conflict(exc: IntegrityError):
        # A concurrent request wrote the same unique value first (the services check and lock
        # where they can; this is the net under them): a 409, never a 500.
        db.session.rollback()
        message = _("Dit botst met gegevens die intussen bewaard werden. Er is niets gewijzigd.")
        if wants_json():
            return json_error(409, message, code="conflict")
        return render_template("errors/error.html", status=409, message=message), 409

    @app.errorhandler(StaleDataError)
    def stale_data(exc: StaleDataError):
        # The row changed (or vanished) under a concurrent UPDATE that the ORM's version check saw.
        return domain_error(stale_version())

    @app.errorhandler(500)
    def server_error(exc):
        db.session.rollback()
        if wants_json():
            return json_error(500, _messages()[500], code="server_error")
        return render_template("errors/500.html", status=500, message=_messages()[500]), 500
