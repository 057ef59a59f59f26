"""Servers the tests start end with the test run, even when pytest itself is killed (a timeout, a
Ctrl-C twice, CI giving up); otherwise they keep their ports and database files until reboot.

The child asks Linux for SIGTERM when its parent goes (``PR_SET_PDEATHSIG``) and then becomes the
real command with ``execv``, which keeps that request. This is done in a small Python prelude
rather than with ``Popen(preexec_fn=...)``, which the Python docs warn can deadlock when the parent
has threads, as a test run with Socket.IO clients and a browser always has."""
from __future__ import annotations

import os
import sys

PRELUDE = """
import ctypes, os, signal, sys
parent = int(sys.argv[1])
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
except (AttributeError, OSError):
    pass  # not Linux: no such request, the command runs as it would without the prelude
if os.getppid() != parent:
    sys.exit(0)  # the parent went before the request was in place
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
"""


def ending_with_us(*argv: str) -> list[str]:
    """The command line that runs ``python *argv`` and ends when this process does."""
    return [sys.executable, "-c", PRELUDE, str(os.getpid()), *argv]
