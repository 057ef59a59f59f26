"""Serving the WSGI app in production: a deep listen queue, and no websocket compression unless asked.

Shared by ``app.py`` and the benchmark's baseline server, so the floor we
compare against runs on the same settings.
"""
from __future__ import annotations

import os

# The kernel drops connections beyond the listen queue; eventlet's default queue
# of 50 loses phones in a join storm (the kernel also caps this at somaxconn).
BACKLOG = 2048
# Concurrent connections per process: each websocket holds one green thread.
MAX_CONNECTIONS = 5000
# An idle keep-alive HTTP connection is closed after this many seconds: each holds a green
# thread and its buffers, and after joining a phone talks over its websocket only.
KEEPALIVE_SECONDS = 5


def _unmask(data, mask, length=None, offset=0) -> bytes:
    """eventlet's ``RFC6455WebSocket._apply_mask``, as one integer XOR instead of a loop per byte.

    Every frame a phone sends is masked; eventlet unmasks it byte by byte in
    Python (two objects per byte), which was 9% of the server's time while
    1,000 phones typed drafts that carry the whole field on each edit.
    """
    if length is None:
        length = len(data)
    key = bytes(mask[(offset + i) % 4] for i in range(4))
    stream = (key * (length // 4 + 1))[:length]
    return (int.from_bytes(bytes(data[:length]), "little") ^ int.from_bytes(stream, "little")).to_bytes(length,
                                                                                                       "little")


def speed_up_eventlet_websocket_unmasking() -> None:
    from eventlet.websocket import RFC6455WebSocket

    RFC6455WebSocket._apply_mask = staticmethod(_unmask)


def websocket_deflate_enabled() -> bool:
    return os.environ.get("WS_DEFLATE") == "1"


class NoWebSocketCompression:
    """Decline permessage-deflate by hiding the browser's offer from the websocket handshake.

    With deflate, eventlet keeps a zlib compressor per connection (about 240 KB
    each: +240 MB at 1,000 phones) and compresses every broadcast once per
    recipient (+25% CPU). Our messages are small JSON on a LAN, so we save the
    memory and CPU instead. ``WS_DEFLATE=1`` turns it back on.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.app(environ, start_response)


def serve(app, socketio, host: str, port: int, async_mode: str, log_output: bool = False) -> None:
    """Run the server until stopped (eventlet and gevent get the deep listen queue)."""
    if async_mode == "eventlet":
        import eventlet
        import eventlet.wsgi
        from eventlet.green import socket

        speed_up_eventlet_websocket_unmasking()
        family, *_, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listener = eventlet.listen(address, family, backlog=BACKLOG)
        eventlet.wsgi.server(listener, app, log_output=log_output, max_size=MAX_CONNECTIONS,
                             keepalive=KEEPALIVE_SECONDS)
    elif async_mode == "gevent":
        socketio.run(app, host=host, port=port, log_output=log_output, backlog=BACKLOG)
    else:
        socketio.run(app, host=host, port=port, log_output=log_output, allow_unsafe_werkzeug=True)
