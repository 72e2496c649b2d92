"""The tests' own HTTP server: a browser that drops a connection leaves no response open behind it.

Werkzeug closes a response in a `finally` that first reads what is left on the socket; after a reset
that read raises and the close is skipped, so a streamed file stays open until the garbage collector
warns about it (seen as a browser test failing on `ResourceWarning: unclosed file print.css`).
"""

import socket
import struct
import threading
import time

from flask import Flask

from tests.serving import serve


class _Body:
    """A response body that streams slowly and notes whether the server closed it."""

    def __init__(self):
        self.closed = threading.Event()

    def __iter__(self):
        yield b"x" * 1000
        time.sleep(0.3)  # the client resets meanwhile; the server's reading after it then fails

    def close(self):
        self.closed.set()


def _slow_app(body: _Body) -> Flask:
    """An app with one route that streams body."""
    app = Flask(__name__)
    app.add_url_rule(
        "/slow", "slow", lambda: app.response_class(body, headers={"Content-Length": "1000"})
    )
    return app


def test_a_reset_connection_still_closes_the_response():
    """The client reads the body and resets (SO_LINGER 0), as a closing browser tab does."""
    body = _Body()
    with serve(_slow_app(body), "dropped-connection") as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as sock:
            sock.sendall(f"GET /slow HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            received = b""
            while len(received) < 1000:
                received += sock.recv(4096)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        assert body.closed.wait(timeout=5)
