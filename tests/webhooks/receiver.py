"""A webhook receiver on 127.0.0.1 for the tests: a thread with http.server that keeps every
request and answers 500 to the ones a test asks it to refuse."""

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    """One request as the receiver saw it, and what it answered."""

    headers: dict[str, str]
    body: str
    answered: int

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """The URL to register, the requests received, and which to refuse (a predicate on the
    request that returns True to answer 500)."""

    url: str
    received: list[Received] = field(default_factory=list)
    refuse: Callable[[Received], bool] = lambda request: False

    def delivered(self) -> list[Received]:
        return [r for r in self.received if r.answered == 200]


@contextmanager
def receiver() -> Iterator[Receiver]:
    """A receiver listening on a free port of 127.0.0.1 until the block ends."""
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            request = Received(dict(self.headers.items()), self.rfile.read(length).decode(), 200)
            if box[0].refuse(request):
                request.answered = 500
            box[0].received.append(request)
            self.send_response(request.answered)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.append(Receiver(f"http://127.0.0.1:{server.server_port}/hook"))
    thread = threading.Thread(target=server.serve_forever, name="webhook-receiver", daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
