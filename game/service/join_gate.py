"""How fast new players may come in, per address and per session.

A venue can put its whole room behind one NAT address, and a room fills in a
minute or two when the QR code goes up: so each address and each session may
join a full room (MAX_PLAYERS) at once, then one player a second (late-comers,
a phone that lost its token). A real venue never goes beyond that; a script
that joins bots into one session after another, or floods a session again after
the facilitator swept it (RemoveRecentJoins), does, and is refused with
``join_rate_limited``. The facilitator's lock (LockRoom) stops even the first room's worth.
"""
from __future__ import annotations

import time

from ..core.rules import Rejected
from ..core.rules.room import MAX_PLAYERS
from .ratelimit import RateLimiter

JOIN_BURST = MAX_PLAYERS
JOINS_PER_SECOND = 1.0


class JoinGate:
    def __init__(self, burst: int = JOIN_BURST, per_second: float = JOINS_PER_SECOND, clock=time.monotonic):
        self.per_address = RateLimiter(rate=per_second, burst=burst, clock=clock)
        self.per_session = RateLimiter(rate=per_second, burst=burst, clock=clock)

    def admit(self, code: str, address: str) -> None:
        """Spend one join of ``address`` and of session ``code``, or refuse with join_rate_limited."""
        if not self.per_address.allow(address) or not self.per_session.allow(code):
            raise Rejected("join_rate_limited", "Too many players joined from here just now; wait a minute.")
