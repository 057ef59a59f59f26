"""How the production server listens: websocket compression is declined, the listen queue is deep."""
import base64
import os
import shutil
import socket
import subprocess

import pytest

from tests.protocol.live import LiveServer


def handshake(server: LiveServer, code: str, token: str) -> str:
    """A browser-like websocket upgrade that offers permessage-deflate; returns the response head."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
               f"Host: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
               f"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                break
            head += chunk
    return head.split(b"\r\n\r\n")[0].decode("latin-1")


@pytest.mark.parametrize("deflate", ["0", "1"])
def test_permessage_deflate_is_declined_unless_switched_on(tmp_path, scenarios, deflate):
    live = LiveServer(tmp_path, "eventlet", scenarios=scenarios)
    live.env["WS_DEFLATE"] = deflate
    live.start()
    try:
        head = handshake(live, "", "")
    finally:
        live.stop()
    assert head.startswith("HTTP/1.1 101")
    assert ("permessage-deflate" in head.lower()) == (deflate == "1")


def test_the_listen_queue_holds_a_join_storm(server):
    """eventlet's default queue is 50: the kernel would drop phones arriving at once."""
    if shutil.which("ss") is None:
        pytest.skip("needs ss (iproute2) to read the listen queue")
    # For a listening socket `ss` shows the queue's size as Send-Q.
    out = subprocess.run(["ss", "-ltnH", f"sport = :{server.port}"], capture_output=True, text=True, check=True)
    backlogs = [int(line.split()[2]) for line in out.stdout.splitlines() if line.strip()]
    assert backlogs and min(backlogs) >= 1024
