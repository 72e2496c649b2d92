"""The app served over real sockets for the tests that need HTTP: browser flows and races."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

_RESPONSE = "tests.serving.response"


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr; errors are still logged by the app; dropped responses closed."""

    def log_request(self, code="-", size="-"):
        pass

    def connection_dropped(self, error, environ=None):
        """Close the response: werkzeug skips its own close when the reset shows in its last read.

        Left open, a static file stays open until the garbage collector warns about it, which fails
        whatever test happens to be running then (tests/test_serving.py shows it).
        """
        response = (environ or {}).get(_RESPONSE)
        if hasattr(response, "close"):
            response.close()


def _keeping_response(app: Flask):
    """The app as WSGI, leaving its response in the environ for connection_dropped to close."""

    def wsgi(environ, start_response):
        response = app(environ, start_response)
        environ[_RESPONSE] = response
        return response

    return wsgi


@contextmanager
def serve(app: Flask, name: str) -> Iterator[str]:
    """Serve app with a threaded werkzeug server on a free port of 127.0.0.1; its base URL.

    The server is stopped (and its thread joined) when the block ends, before the caller tears
    down the database under it.
    """
    server = make_server(
        "127.0.0.1", 0, _keeping_response(app), threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
