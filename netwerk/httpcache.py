"""Report responses a client may keep and revalidate, and a server-side cache of their bodies.

`conditional_report(scope)` wraps a report view (page, export, API): its 200 answer carries an
ETag and `Cache-Control: private, no-cache` (the browser may keep a copy but asks each time),
and a request whose If-None-Match holds that ETag gets 304 Not Modified without a body. Every
other answer behind a login keeps no-store (netwerk/__init__.py, _security_headers).

The ETag is a hash of the body together with the reader's scope (role, networks), the language
and the content type: names and anchors can change without any date saying so, so only the body
itself tells whether the copy is still right.

The body is also kept in a per-process LRU cache, keyed by the endpoint, its normalised query,
the scope, the language, today's date (a report as of "today" moves at midnight) and the data
generation (netwerk/generation.py), read before the view runs its queries. Any committed write
raises the generation, so a cached body is never older than the data it was keyed by.

A page holds the user's CSRF token (the language switch and the logout button) and may hold
one-time submission tokens (the "Publiceren" form): they are stored as placeholders and filled
in with this request's CSRF token and fresh one-time tokens on the way out. The page's ETag
covers the session's CSRF secret and the half of the token's lifetime it was made in, so a copy
kept by the browser never holds a token that no longer works.
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import wraps

from flask import Response, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.http import parse_etags

from netwerk.generation import current_generation
from netwerk.timeutil import today

CACHE_CONTROL = "private, no-cache"
CSRF_PLACEHOLDER = b"\x00netwerk-csrf-token\x00"
# A one-time submission token (netwerk/forms.py, new_submission_token): fresh on every showing.
ONCE_PLACEHOLDER = b"\x00netwerk-once-token\x00"
# Headers of the view's answer that are part of the body's meaning; the rest (cookies, security
# headers) are made anew for every request.
KEPT_HEADERS = ("Content-Disposition",)
EXTENSION = "netwerk.report_cache"


@dataclass(frozen=True)
class StoredBody:
    """A report's answer as it is kept: the body (CSRF token as a placeholder) and its headers."""

    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...]
    digest: str  # of the body and everything the ETag covers but the session

    @property
    def size(self) -> int:
        return len(self.body) + 200


class BodyCache:
    """A least-recently-used map bounded by the bytes of its bodies; safe across threads."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, StoredBody] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> StoredBody | None:
        """The body under key (now the most recently used), None when absent."""
        with self._lock:
            stored = self._items.get(key)
            if stored is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return stored

    def put(self, key: Hashable, stored: StoredBody) -> None:
        """Keep stored under key, dropping the least recently used bodies beyond the bound."""
        if stored.size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._items[key] = stored
            self._bytes += stored.size
            while self._bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        """Forget every body."""
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)


def report_cache() -> BodyCache:
    """This app's cache of report bodies (one per process), made on first use."""
    cache = current_app.extensions.get(EXTENSION)
    if cache is None:
        cache = current_app.extensions.setdefault(
            EXTENSION, BodyCache(int(current_app.config.get("REPORT_CACHE_BYTES") or 0))
        )
    return cache


def _request_key(scope: Hashable, user_id: int | None, generation: int) -> tuple:
    """What a report's body depends on besides the data: the route, the query (order aside),
    the reader, the language and the day."""
    args = tuple(sorted(request.args.items(multi=True)))
    return (request.path, args, scope, user_id, str(get_locale()), today(), generation)


def _digest(body: bytes, content_type: str, scope: Hashable, user_id: int | None) -> str:
    """The hash of a body together with the scope, the reader, the language and the format."""
    head = repr((scope, user_id, str(get_locale()), content_type)).encode()
    return hashlib.sha256(head + b"\x00" + body).hexdigest()


def _keep(response: Response, scope: Hashable, user_id: int | None) -> StoredBody:
    """The view's 200 answer as it is kept, with the request's CSRF token taken out."""
    body = response.get_data()
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token:
        body = body.replace(token.encode(), CSRF_PLACEHOLDER)
    for once in g.get("submission_tokens", ()):
        body = body.replace(once.encode(), ONCE_PLACEHOLDER)
    headers = tuple(
        (name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers
    )
    return StoredBody(
        body, response.content_type, headers, _digest(body, response.content_type, scope, user_id)
    )


def _etag(stored: StoredBody) -> str:
    """The ETag of a kept body for this request: with a CSRF token in it, also the session's
    CSRF secret and the half of the token's lifetime we are in."""
    if CSRF_PLACEHOLDER not in stored.body:
        return stored.digest[:32]
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT") or 0
    window = int(time.time() // max(limit // 2, 1)) if limit else 0
    extra = f"{session.get(field, '')}|{window}".encode()
    return hashlib.sha256(stored.digest.encode() + extra).hexdigest()[:32]


def _answer(stored: StoredBody) -> Response:
    """The kept body as this request's answer: 304 when the client holds it, else 200."""
    etag = _etag(stored)
    match = request.headers.get("If-None-Match")
    if match and parse_etags(match).contains_weak(etag):
        response = Response(status=304)
    else:
        body = stored.body
        if CSRF_PLACEHOLDER in body:
            body = body.replace(CSRF_PLACEHOLDER, generate_csrf().encode())
        while ONCE_PLACEHOLDER in body:
            body = body.replace(ONCE_PLACEHOLDER, secrets.token_urlsafe(24).encode(), 1)
        response = Response(body, content_type=stored.content_type, headers=list(stored.headers))
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _cacheable(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and not response.is_streamed
        and not g.get("no_store")
    )


def conditional_report(scope: Callable[[], Hashable], per_user: bool = False) -> Callable:
    """Wrap a report view (after its login and role checks): ETag, 304, a cached body.

    scope() names what the reader may see (role, networks); per_user: the answer also shows who
    the reader is (a page's header), so each user gets a body of their own.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(*args, **kwargs)
            generation = current_generation()  # before the report's own queries
            reader = scope()
            user_id = _user_id() if per_user else None
            cache = report_cache()
            # Pending messages are shown once, by this very page: not from or into the cache.
            use_cache = generation is not None and cache.max_bytes > 0 and "_flashes" not in session
            key = _request_key(reader, user_id, generation) if use_cache else None
            stored = cache.get(key) if use_cache else None
            if stored is None:
                response = make_response(view(*args, **kwargs))
                if not _cacheable(response):
                    return response
                stored = _keep(response, reader, user_id)
                if use_cache:
                    cache.put(key, stored)
            return _answer(stored)

        return wrapped

    return decorator


def _user_id() -> int | None:
    """The id of the signed-in user of this request (page or API)."""
    user = g.get("api_user") or current_user
    return getattr(user, "id", None)
