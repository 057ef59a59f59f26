"""Slowloris and hoarded connections against the app server itself (no nginx in front).

The review froze `./dev serve` with 5,100 slow connections from one laptop: a normal
request then waited more than 10 s. These tests run the real server (eventlet and gevent).
"""
import socket
import time

import pytest

from game.web.serving import HEADER_SECONDS, MAX_CONNECTIONS, PER_ADDRESS, ConnectionCounter, connection_counter
from tests.protocol.live import LiveServer

SLOW_HEAD = b"GET /api/decks HTTP/1.1\r\nHost: x\r\nX-Slow: "  # and then nothing, or a byte now and then


def open_slow_connections(port: int, count: int) -> list[socket.socket]:
    held = []
    for _ in range(count):
        conn = socket.socket()
        conn.settimeout(0.5)
        try:
            conn.connect(("127.0.0.1", port))
            conn.sendall(SLOW_HEAD)
        except OSError:
            pass  # refused, reset or queued: the server is entitled to all of those
        held.append(conn)
    return held


def request_from(address: str, port: int, timeout: float) -> bytes:
    """A plain GET from another loopback address (Linux routes all of 127/8 to us)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(address, 0)) as conn:
        conn.sendall(b"GET /api/decks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return conn.recv(64)


@pytest.fixture(params=["eventlet", "gevent"])
def live(request, tmp_path, scenarios):
    server = LiveServer(tmp_path, request.param, scenarios=scenarios).start()
    yield server
    server.stop()


def test_thousands_of_slow_connections_from_one_laptop_do_not_keep_others_waiting(live):
    held = open_slow_connections(live.port, MAX_CONNECTIONS + 100)
    try:
        started = time.monotonic()
        head = request_from("127.0.0.2", live.port, timeout=HEADER_SECONDS - 1)
        took = time.monotonic() - started
    finally:
        for conn in held:
            conn.close()
    assert head.startswith(b"HTTP/1.1 200"), head
    # Well before the header timeout frees the slow connections' threads: the cap kept them few.
    # (A quiet machine answers in milliseconds; the bound leaves room for a loaded CI machine.)
    assert took < HEADER_SECONDS / 2, f"a normal request waited {took:.1f} s behind the slow connections"


def test_a_client_that_trickles_its_headers_is_dropped_after_the_header_timeout(live):
    with socket.create_connection(("127.0.0.1", live.port), timeout=5) as conn:
        conn.sendall(SLOW_HEAD)
        conn.setblocking(False)  # from now on recv says at once whether the server closed it
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < HEADER_SECONDS + 10:
            time.sleep(2)
            try:
                conn.sendall(b"x")  # one byte every 2 s: each read succeeds, the headers never end
                if conn.recv(1024, socket.MSG_DONTWAIT) == b"":
                    closed = True
                    break
            except BlockingIOError:
                continue
            except OSError:
                closed = True
                break
    assert closed, "the server kept a connection whose headers never ended"
    assert time.monotonic() - started <= HEADER_SECONDS + 5


def test_one_address_may_hold_a_venues_worth_of_connections_and_no_more():
    counter = ConnectionCounter()
    assert all(counter.enter("203.0.113.7") for _ in range(PER_ADDRESS))
    assert not counter.enter("203.0.113.7")
    assert counter.enter("198.51.100.1")  # another address is not affected
    counter.leave("203.0.113.7")
    assert counter.enter("203.0.113.7")
    # A 1,000-phone session behind one NAT fits, and one address can hold under a third of the server.
    assert 1000 < PER_ADDRESS <= MAX_CONNECTIONS * 0.3


def test_behind_a_trusted_proxy_its_loopback_connections_are_not_capped():
    counter = connection_counter(trusted_proxy_hops=1)
    assert all(counter.enter("127.0.0.1") for _ in range(PER_ADDRESS + 10))
    assert all(counter.enter("203.0.113.7") for _ in range(PER_ADDRESS))
    assert not counter.enter("203.0.113.7")
