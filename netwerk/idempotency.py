"""Idempotency keys of the API: a POST sent again with the same `Idempotency-Key` is answered as
the first time and writes nothing twice.

A client that did not hear the answer to a POST (a timeout, a dropped connection) sends it again
with the same key. The key is scoped to the token, the method and the path, and kept for
KEEP (24 hours):

- `begin` (called by auth.tokens.token_required once the token is known, for every POST) stores
  the key with a digest of the body in the request's transaction, before the view writes. The
  row is committed with the view's writes or rolled back with them: a refused request (a 4xx
  DomainError, a 500) leaves no key, so sending it again tries again.
- `finish` (after the request) stores the answer on the row: status, body and the headers a
  client reads (Content-Type, Location). A success that wrote nothing (a preview) stores its key
  then; an error answer stores none.
- A second request with the key finds the row: the same body gets the stored answer (with
  `Idempotent-Replayed: true`), another body a 422 `idempotency_key_reused`, and a row without
  an answer yet (the first is still in flight) a 409 `idempotency_key_in_flight`. On PostgreSQL
  an advisory lock on the key makes a parallel duplicate answer 409 at once instead of waiting.

Rows older than KEEP are deleted when a new key is stored (`purge`), so the table holds about a
day of POSTs with a key. A process that dies between the view's commit and `finish` leaves a key
without an answer: a repeat then gets 409 until the key expires, and never a second write.
"""

import hashlib
import json
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Response, g, request
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Integer, String, Text, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.timeutil import utcnow

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEEP = timedelta(hours=24)
# The headers of the first answer that a replay repeats (the body's type, where a new object is).
REPLAYED_HEADERS = ("Content-Type", "Location")
METHODS = frozenset({"POST"})


class IdempotencyKey(db.Model):
    """A POST of the API sent with an Idempotency-Key, and its answer once it has one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of token id, method, path and key: one row per scope, whatever the key's length.
    scope_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_token.id", ondelete="CASCADE"), index=True
    )
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(2000))
    # sha256 of the body (JSON read back and written with sorted keys, else the bytes).
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # None while the first request is in flight.
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[str | None] = mapped_column(Text)
    response_body: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True)
class _Pending:
    """The key of the running request, as stored before its view (the row may be rolled back)."""

    id: int | None
    scope_hash: str
    token_id: int
    method: str
    path: str
    request_hash: str


_COPIED = ("scope_hash", "token_id", "method", "path", "request_hash")


def _digest(*parts: str | bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part if isinstance(part, bytes) else part.encode())
        sha.update(b"\x1f")
    return sha.hexdigest()


def _form_digest() -> bytes:
    """A form or multipart body by its fields and files (name, file name, content digest): the
    boundary a client draws anew for each send is no part of it."""
    fields = sorted(request.form.items(multi=True))
    files = []
    for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
        files.append((name, upload.filename or "", hashlib.sha256(upload.read()).hexdigest()))
        upload.seek(0)  # the view reads it again
    return repr((fields, files)).encode()


def _body_digest() -> str:
    """The body as the view reads it: JSON by its value (spaces and key order aside), a form or
    an upload by its fields and files, anything else by its bytes; with the query string."""
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return _digest(request.query_string, _form_digest())
    raw = request.get_data(cache=True)
    if request.is_json:
        # Malformed JSON stays bytes: the API's parser answers 400 itself.
        with suppress(ValueError):
            raw = json.dumps(json.loads(raw), sort_keys=True, ensure_ascii=False).encode()
    return _digest(request.query_string, raw)


def _refuse(message: str, status: int, code: str) -> None:
    raise DomainError(message, status_code=status, code=code, field=HEADER)


def _key_of_request() -> str | None:
    """The header's value, None without one; a 422 for an empty or too long key."""
    key = request.headers.get(HEADER)
    if key is None or request.method not in METHODS:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        _refuse(
            _("De Idempotency-Key is leeg of langer dan %(n)d tekens.", n=MAX_KEY_LENGTH),
            422,
            "invalid_idempotency_key",
        )
    return key


def _try_lock(scope_hash: str) -> bool:
    """On PostgreSQL an advisory lock on the key until the end of the transaction (False: another
    request holds it, it is in flight); on SQLite, one writer at a time, always True."""
    if db.session.get_bind().dialect.name != "postgresql":
        return True
    number = int.from_bytes(bytes.fromhex(scope_hash[:16]), "big", signed=True)
    return bool(db.session.scalar(select(func.pg_try_advisory_xact_lock(number))))


def _stored(scope_hash: str) -> IdempotencyKey | None:
    return db.session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.scope_hash == scope_hash,
            IdempotencyKey.created_at >= utcnow() - KEEP,
        )
    )


def _in_flight() -> None:
    _refuse(
        _(
            "Een verzoek met deze Idempotency-Key is nog bezig. Wacht even en stuur het dan "
            "opnieuw."
        ),
        409,
        "idempotency_key_in_flight",
    )


def _answer_of(row: IdempotencyKey, request_hash: str) -> Response:
    """The stored answer to the same request; a refusal for another body or one still running."""
    if row.request_hash != request_hash:
        _refuse(
            _(
                "Deze Idempotency-Key werd al gebruikt voor een ander verzoek. Gebruik een nieuwe "
                "sleutel voor elk nieuw verzoek."
            ),
            422,
            "idempotency_key_reused",
        )
    if row.response_status is None:
        _in_flight()
    response = Response(row.response_body or "", status=row.response_status)
    for name, value in json.loads(row.response_headers or "{}").items():
        response.headers[name] = value
    response.headers["Idempotent-Replayed"] = "true"
    return response


def purge(now: datetime | None = None) -> int:
    """Delete the keys older than KEEP; the number deleted."""
    cutoff = (now or utcnow()) - KEEP
    result = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    return result.rowcount or 0


def begin(token_id: int) -> Response | None:
    """Before a POST's view: the stored answer to a repeat of it, or None (carry it out, its key
    stored in the same transaction). Raises DomainError for a bad, reused or running key."""
    key = _key_of_request()
    if key is None:
        return None
    scope_hash = _digest(str(token_id), request.method, request.path, key)
    request_hash = _body_digest()
    if not _try_lock(scope_hash):
        _in_flight()
    row = _stored(scope_hash)
    if row is not None:
        return _answer_of(row, request_hash)
    purge()
    row = IdempotencyKey(
        scope_hash=scope_hash,
        token_id=token_id,
        method=request.method,
        path=request.path[:2000],
        request_hash=request_hash,
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        # A parallel request stored the key first (SQLite, or after our lock was free): read it.
        db.session.rollback()
        row = _stored(scope_hash)
        if row is None:
            _in_flight()
        return _answer_of(row, request_hash)
    g.idempotency_key = _Pending(row.id, scope_hash, token_id, row.method, row.path, request_hash)
    return None


def finish(response: Response) -> Response:
    """After a request that stored a key: keep its answer on the row, so that a repeat gets it.

    What the view did not commit is rolled back first (teardown would drop it anyway): an error
    answer keeps no key, so a repeat tries again; a success that wrote nothing (a preview) keeps
    its key and answer in a transaction of their own.
    """
    pending = g.pop("idempotency_key", None)
    if pending is None:
        return response
    db.session.rollback()
    if response.status_code >= 400:
        return response
    row = db.session.get(IdempotencyKey, pending.id) if pending.id is not None else None
    if row is None:
        row = IdempotencyKey(**{k: getattr(pending, k) for k in _COPIED})
        db.session.add(row)
    row.response_status = response.status_code
    row.response_headers = json.dumps(
        {name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers}
    )
    row.response_body = response.get_data(as_text=True)
    try:
        db.session.commit()
    except IntegrityError:  # a parallel repeat stored it meanwhile; its answer stands
        db.session.rollback()
    return response
