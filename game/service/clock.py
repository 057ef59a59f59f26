"""The service's only view of time: the defaults its parts get when nobody injects a fake.

``now`` is the game's clock (deadlines, logged times); ``monotonic`` measures intervals
(group commit, snapshots); ``sleep`` waits or, with 0, lets other work run first. They
look ``time`` up when called, not when imported: the server monkey-patches ``time.sleep``
(eventlet, gevent) so that waiting yields to other connections instead of blocking them.
"""
from __future__ import annotations

import time
from collections.abc import Callable

Now = Callable[[], float]
Sleep = Callable[[float], None]


def now() -> float:
    return time.time()


def monotonic() -> float:
    return time.monotonic()


def sleep(seconds: float) -> None:
    time.sleep(seconds)
