"""deploy/launch.py starts the app processes and nginx, restarts a process that dies and stops everything."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

from tests.deploy.stack import LOG_LINE
from tests.protocol.live import ROOT, free_port


def consecutive_free_ports(count: int) -> int:
    for _ in range(50):
        first = free_port()
        try:
            sockets = []
            for port in range(first, first + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free consecutive ports")


def wait_for(check, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except (OSError, requests.RequestException, ValueError):
            pass
        time.sleep(0.1)
    raise AssertionError("timed out")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_launcher_runs_two_processes_behind_nginx_and_stops_them_all(postgres, redis_server):
    first, listen = consecutive_free_ports(2), free_port()
    prefix = Path(tempfile.mkdtemp(prefix="cxgame-launch-"))
    prefix.chmod(0o755)
    env = {**os.environ, "DATABASE_URL": postgres.create_database("cx_" + uuid.uuid4().hex[:12]),
           "REDIS_URL": redis_server.url, "ASYNC_MODE": os.environ.get("CX_ASYNC_MODES", "eventlet").split(",")[0]}
    with (prefix / "launcher.log").open("ab") as log:
        launcher = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "launch.py"), "--workers", "2",
                                     "--first-port", str(first), "--listen", f"127.0.0.1:{listen}",
                                     "--prefix", str(prefix)], cwd=ROOT, env=env, stdout=log,
                                    stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{listen}"
    pids: list[int] = []
    try:
        wait_for(lambda: requests.get(url + "/api/decks", timeout=1).ok)
        ports = {f"127.0.0.1:{first}", f"127.0.0.1:{first + 1}"}
        for _ in range(40):  # fresh browsers, one address: both processes serve some
            requests.get(url + "/play", timeout=5)
            served = {m["upstream"] for m in map(LOG_LINE.search, (prefix / "logs" / "access.log").read_text()
                                                  .splitlines()) if m}
            if ports <= served:
                break
        assert ports <= served

        pids = [int((prefix / f"app-{port}.pid").read_text()) for port in (first, first + 1)]
        os.kill(pids[0], signal.SIGKILL)
        restarted = wait_for(lambda: int((prefix / f"app-{first}.pid").read_text()) != pids[0] and
                             requests.get(f"http://127.0.0.1:{first}/api/decks", timeout=1).ok and
                             int((prefix / f"app-{first}.pid").read_text()))
        pids.append(restarted)
        pids.append(int((prefix / "nginx.pid").read_text()))
        assert requests.get(url + "/api/decks", timeout=5).ok

        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(30) == 0
        assert not [pid for pid in pids[1:] if alive(pid)], "every process stopped with the launcher"
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait(10)
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        print((prefix / "launcher.log").read_text(errors="replace")[-3000:])
        shutil.rmtree(prefix, ignore_errors=True)
