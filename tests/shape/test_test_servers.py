"""The servers the tests start do not outlive a killed test run (tests/children.py)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.protocol.live import ROOT

# Stands in for pytest: starts a long-running child the way the live-server fixtures do, says its
# pid, and waits to be killed.
PARENT = """
import subprocess, time
from tests.children import ending_with_us
child = subprocess.Popen(ending_with_us("-c", "import time; time.sleep(120)"))
print(child.pid, flush=True)
time.sleep(120)
"""


def running(pid: int) -> bool:
    """Alive and not a zombie: an orphan's zombie waits for whoever reaps orphans here."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_server_started_by_the_tests_ends_when_the_test_run_is_killed():
    with subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, stdout=subprocess.PIPE, text=True) as parent:
        child = int(parent.stdout.readline())
        try:
            time.sleep(0.5)  # the child has replaced its prelude with the command by now
            with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                assert b"time.sleep(120)" in cmdline.read()
            assert running(child)
            parent.send_signal(signal.SIGKILL)
            parent.wait(10)
            deadline = time.time() + 10
            while running(child) and time.time() < deadline:
                time.sleep(0.05)
            assert not running(child), "the child outlived its killed parent"
        finally:
            parent.kill()
            if running(child):
                os.kill(child, signal.SIGKILL)
