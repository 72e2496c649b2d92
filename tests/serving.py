"""The app served over real sockets for the tests that need HTTP: browser flows and races."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr; errors are still logged by the app."""

    def log_request(self, code="-", size="-"):
        pass


@contextmanager
def serve(app: Flask, name: str) -> Iterator[str]:
    """Serve app with a threaded werkzeug server on a free port of 127.0.0.1; its base URL.

    The server is stopped (and its thread joined) when the block ends, before the caller tears
    down the database under it.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
