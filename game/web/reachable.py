"""Where phones can reach this server: the base of the join URL and its QR code.

A facilitator often opens the host page as ``http://localhost:PORT`` on the
server's own laptop. A join URL built from that address points every phone at
itself, so it is never used: ``PUBLIC_URL`` wins, then the address the browser
used if it is not a loopback one, then this machine's LAN address. When none is
known, the join URL is marked unreachable and the projector says what to do.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit


def is_loopback(host: str | None) -> bool:
    host = (host or "").strip("[]").lower()
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def lan_address() -> str | None:
    """The address this machine uses towards the network (no packet is sent: a UDP
    socket only picks its route), or None when there is only loopback."""
    for target in ("10.255.255.255", "192.0.2.255", "8.8.8.8"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect((target, 9))
                address = probe.getsockname()[0]
        except OSError:
            continue
        if not is_loopback(address):
            return address
    return None


def reachable_base(request_url: str, public_url: str | None, lan=None) -> tuple[str, bool]:
    """(base URL for phones, whether phones can reach it) for a page requested at ``request_url``."""
    if public_url:
        return public_url.rstrip("/"), True
    parts = urlsplit(request_url)
    if not is_loopback(parts.hostname):
        return f"{parts.scheme}://{parts.netloc}", True
    address = (lan or lan_address)()
    if address is None:
        return f"{parts.scheme}://{parts.netloc}", False
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{address}{port}", "", "", "")), True
