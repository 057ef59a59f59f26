"""What every request and response goes through: trusted proxies, body sizes, security headers.

- ``TRUST_PROXY=N``: Werkzeug's ProxyFix takes the client's address from the N-th
  address from the right of X-Forwarded-For (the one our own proxy appended), never
  from the leftmost one, which any client can write. Rate limits use that address.
- Bodies: the size is checked against the route's limit before anything reads or
  parses the body (forms included), and answered 413 ``too_large``.
- Headers: a Content-Security-Policy without inline script, no framing, nosniff and
  a Referrer-Policy on every response.
"""
from __future__ import annotations

import json

from werkzeug.middleware.proxy_fix import ProxyFix

# Bodies we accept. Forms and the JSON API carry a few fields (the socket's messages are
# at most 16 KB, game/web/payloads.py); the deck editor sends whole decks (1 MB, deck_api.py).
SMALL_BODY = 64 * 1024
DECK_BODY = 1024 * 1024 + 64 * 1024
# Flask's own cap: a second line for bodies without a Content-Length (chunked).
MAX_CONTENT_LENGTH = DECK_BODY

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def body_limit(path: str) -> int:
    return DECK_BODY if path == "/api/decks" or path.startswith("/api/decks/") else SMALL_BODY


class BodyLimit:
    """Refuse a request whose declared body is larger than its route takes, before Flask,
    the form parser or the CSRF check read a byte of it."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(environ.get("PATH_INFO", ""))
        if length <= limit:
            return self.app(environ, start_response)
        body = json.dumps({"error": {"code": "too_large", "message": f"The request is too large (at most {limit} "
                                                                     "bytes)."}}).encode()
        start_response("413 Request Entity Too Large", [
            ("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("Connection", "close"),
            *HEADERS.items()])
        return [body]


def protect(app) -> None:
    """Wrap the app in the body limit and, with TRUST_PROXY=N, in ProxyFix for N proxies;
    add the security headers to every response. Call it last: the wrappers are outermost."""
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or MAX_CONTENT_LENGTH
    app.wsgi_app = BodyLimit(app.wsgi_app)
    hops = int(app.config.get("TRUST_PROXY") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    @app.after_request
    def _security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
