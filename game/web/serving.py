"""Serving the WSGI app: a deep listen queue, limits against slow and hoarded connections,
and no websocket compression unless asked.

Shared by ``app.py`` and the benchmark's baseline server, so the floor we
compare against runs on the same settings. The limits hold on the app server
itself, not only behind nginx: ``./dev serve`` faces the venue wifi directly.
"""
from __future__ import annotations

import ipaddress
import os
import threading

# The kernel drops connections beyond the listen queue; eventlet's default queue
# of 50 loses phones in a join storm (the kernel also caps this at somaxconn).
BACKLOG = 2048
# Concurrent connections per process: each websocket holds one green thread.
MAX_CONNECTIONS = 5000
# An idle keep-alive HTTP connection is closed after this many seconds: each holds a green
# thread and its buffers, and after joining a phone talks over its websocket only.
KEEPALIVE_SECONDS = 5
# The request line and headers must arrive within this many seconds of the connection's
# (or the previous request's) start: a slowloris client trickling a header every few seconds
# is dropped instead of holding a green thread for ever.
HEADER_SECONDS = 10
# A connection on which nothing can be read or written for this long is closed. Socket.IO
# pings every websocket every 10 s (app.py), so a live phone is never idle this long.
IDLE_SECONDS = 60
# Concurrent connections from one address. A venue can put all its phones behind one NAT
# address: the product's largest session (1,000 phones) holds 1,000 websockets, plus the
# short HTTP requests of page loads and reconnects. 1,500 leaves that room, while one laptop
# on the wifi can hold at most 30% of MAX_CONNECTIONS and never freeze the others out.
PER_ADDRESS = 1500


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


class ConnectionCounter:
    """Open connections per client address, refusing one beyond ``per_address``.

    Addresses in ``exempt`` are never capped: behind our own proxy (TRUST_PROXY) every
    connection comes from the proxy's loopback address, and nginx caps per client there.
    """

    def __init__(self, per_address: int = PER_ADDRESS, exempt=lambda address: False):
        self.per_address, self.exempt = per_address, exempt
        self.open: dict[str, int] = {}
        self._lock = threading.Lock()

    def enter(self, address: str) -> bool:
        if self.exempt(address):
            return True
        with self._lock:
            count = self.open.get(address, 0)
            if count >= self.per_address:
                return False
            self.open[address] = count + 1
            return True

    def leave(self, address: str) -> None:
        if self.exempt(address):
            return
        with self._lock:
            count = self.open.pop(address, 0) - 1
            if count > 0:
                self.open[address] = count


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def connection_counter(trusted_proxy_hops: int) -> ConnectionCounter:
    return ConnectionCounter(exempt=_loopback if trusted_proxy_hops else (lambda address: False))


def _peer(client_address) -> str:
    return client_address[0] if isinstance(client_address, tuple) else str(client_address)


def serve(app, socketio, host: str, port: int, async_mode: str, log_output: bool = False,
          trusted_proxy_hops: int = 0) -> None:
    """Run the server until stopped (eventlet and gevent get the deep listen queue and the limits)."""
    counter = connection_counter(trusted_proxy_hops)
    if async_mode == "eventlet":
        _serve_eventlet(app, host, port, log_output, counter)
    elif async_mode == "gevent":
        _serve_gevent(app, host, port, log_output, counter)
    else:  # Werkzeug's development server: for debugging only, without these limits
        socketio.run(app, host=host, port=port, log_output=log_output, allow_unsafe_werkzeug=True)


def _serve_eventlet(app, host: str, port: int, log_output: bool, counter: ConnectionCounter) -> None:
    import eventlet
    import eventlet.wsgi
    from eventlet.green import socket

    class CappedPool:
        """eventlet's GreenPool, except that a connection beyond its address's cap is closed at once
        (eventlet's accept loop closes the socket when the returned thread ends)."""

        def __init__(self):
            self.pool = eventlet.GreenPool(MAX_CONNECTIONS)

        def spawn(self, handle, connection):
            address = _peer(connection[0])
            if not counter.enter(address):
                return eventlet.spawn(lambda: None)
            thread = self.pool.spawn(handle, connection)
            thread.link(lambda *_: counter.leave(address))
            return thread

        def waitall(self):
            self.pool.waitall()

    class Protocol(eventlet.wsgi.HttpProtocol):
        """Request line and headers within HEADER_SECONDS, however slowly they trickle in."""

        _headers_due = None

        def _read_request_line(self):
            self._headers_due = eventlet.Timeout(HEADER_SECONDS, TimeoutError("headers too slow"))
            return super()._read_request_line()

        def parse_request(self):
            try:
                return super().parse_request()
            finally:
                self._headers_due.cancel()

        def handle_one_request(self):
            try:
                return super().handle_one_request()
            finally:
                if self._headers_due is not None:
                    self._headers_due.cancel()

    speed_up_eventlet_websocket_unmasking()
    family, *_, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = eventlet.listen(address, family, backlog=BACKLOG)
    eventlet.wsgi.server(listener, app, log_output=log_output, custom_pool=CappedPool(), protocol=Protocol,
                         keepalive=KEEPALIVE_SECONDS, socket_timeout=IDLE_SECONDS)


def _serve_gevent(app, host: str, port: int, log_output: bool, counter: ConnectionCounter) -> None:
    import gevent
    from gevent import pywsgi
    from gevent.pool import Pool
    from geventwebsocket.handler import WebSocketHandler

    class Handler(WebSocketHandler):
        """Request line and headers within HEADER_SECONDS, however slowly they trickle in."""

        _headers_due = None

        def read_requestline(self):
            self._headers_due = gevent.Timeout.start_new(HEADER_SECONDS, TimeoutError("headers too slow"))
            try:
                line = super().read_requestline()
            except BaseException:
                self._headers_due.cancel()
                raise
            if not line:
                self._headers_due.cancel()
            return line

        def read_request(self, raw_requestline):
            try:
                return super().read_request(raw_requestline)
            finally:
                self._headers_due.cancel()

    class Server(pywsgi.WSGIServer):
        def handle(self, sock, client_address):
            address = _peer(client_address)
            if not counter.enter(address):
                sock.close()
                return
            try:
                sock.settimeout(IDLE_SECONDS)
                super().handle(sock, client_address)
            finally:
                counter.leave(address)

    server = Server((host, port), app, handler_class=Handler, log="default" if log_output else None,
                    backlog=BACKLOG, spawn=Pool(MAX_CONNECTIONS))
    server.serve_forever()
