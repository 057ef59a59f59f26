#!/usr/bin/env python3
"""Production mode: N CX Game processes behind nginx, sharing PostgreSQL and Redis.

    DATABASE_URL=postgresql+psycopg2://cxgame:secret@127.0.0.1/cxgame \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
    .venv/bin/python deploy/launch.py --workers 2 --listen 0.0.0.0:8080

starts `app.py` on 127.0.0.1:5001, :5002, ... (ASYNC_MODE as in the
environment, eventlet by default), waits until each answers, renders
deploy/nginx.conf into PREFIX and runs nginx in the foreground. A process
that dies is started again (PREFIX/app-PORT.pid holds each one's pid);
Ctrl-C or SIGTERM stops everything. PostgreSQL and Redis are not started
here: they are services of their own (see deploy/README.md).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATE = HERE / "nginx.conf"
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy


def render_nginx_conf(listen: str, ports: list[int], worker_connections: int = 4096,
                      upstream_host: str = "127.0.0.1") -> str:
    """deploy/nginx.conf with its placeholders filled in."""
    servers = "\n".join(f"        server {upstream_host}:{port} max_fails=1 fail_timeout=10s;" for port in ports)
    text = TEMPLATE.read_text()
    for key, value in {"listen": listen, "upstream_servers": servers,
                       "worker_connections": str(worker_connections)}.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{\w+\}\}", text)
    if left:
        raise ValueError(f"deploy/nginx.conf has placeholders nobody filled: {left}")
    return text


def prepare_prefix(prefix: Path, conf: str) -> Path:
    """Write the config into an nginx prefix folder with its logs/ and tmp/; return the config path."""
    for folder in (prefix, prefix / "logs", prefix / "tmp"):
        folder.mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    path.write_text(conf)
    return path


def nginx_command(prefix: Path, conf_path: Path, nginx: str = "nginx") -> list[str]:
    # -e: errors before the config is read go to the prefix too (no /var/log needed).
    return [nginx, "-p", f"{prefix}/", "-c", str(conf_path), "-e", "logs/error.log"]


def worker_env(port: int, base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.update(PORT=str(port), HOST="127.0.0.1", TRUST_PROXY="1", PYTHONUNBUFFERED="1")
    return env


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30, stop=lambda: False) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None and not stop():
        try:
            with DIRECT.open(url, timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


class Launcher:
    def __init__(self, workers: int, first_port: int, listen: str, prefix: Path, nginx: str):
        self.ports = [first_port + i for i in range(workers)]
        self.listen, self.prefix, self.nginx = listen, prefix, nginx
        self.apps: dict[int, subprocess.Popen] = {}
        self.started: dict[int, float] = {}
        self.quick_deaths: dict[int, int] = {}
        self.proxy: subprocess.Popen | None = None
        self.stopping = False

    def start_app(self, port: int) -> subprocess.Popen:
        with (self.prefix / "logs" / f"app-{port}.log").open("ab") as log:
            process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=worker_env(port),
                                       stdout=log, stderr=subprocess.STDOUT)
        self.apps[port], self.started[port] = process, time.monotonic()
        (self.prefix / f"app-{port}.pid").write_text(f"{process.pid}\n")
        return process

    def run(self) -> int:
        conf = prepare_prefix(self.prefix, render_nginx_conf(self.listen, self.ports))
        check = subprocess.run(nginx_command(self.prefix, conf, self.nginx) + ["-t", "-q"],
                               capture_output=True, text=True)
        if check.returncode:
            print(check.stderr or check.stdout, file=sys.stderr)
            return 1
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._stop)
        # All at once: migrations take a PostgreSQL lock, so the first one migrates and the rest wait.
        for port in self.ports:
            self.start_app(port)
        for port in self.ports:
            if not wait_until_up(f"http://127.0.0.1:{port}/api/decks", self.apps[port],
                                 stop=lambda: self.stopping):
                interrupted = self.stopping  # Ctrl-C or SIGTERM while starting
                self.shutdown()
                if interrupted:
                    return 0
                print(f"app on port {port} did not start; see {self.prefix}/logs/app-{port}.log", file=sys.stderr)
                return 1
        self.proxy = subprocess.Popen(nginx_command(self.prefix, conf, self.nginx))
        print(f"CX Game: {len(self.ports)} processes on ports {self.ports[0]}-{self.ports[-1]} "
              f"({os.environ.get('ASYNC_MODE', 'eventlet')}), nginx on {self.listen}. "
              f"Logs in {self.prefix}/logs/. Ctrl-C stops everything.", flush=True)
        return self.supervise()

    def supervise(self) -> int:
        while not self.stopping:
            time.sleep(1)
            if self.proxy.poll() is not None and not self.stopping:
                print(f"nginx exited with {self.proxy.returncode}; stopping", file=sys.stderr)
                self.shutdown()
                return 1
            for port, process in list(self.apps.items()):
                if process.poll() is None or self.stopping:
                    continue
                quick = time.monotonic() - self.started[port] < 10
                self.quick_deaths[port] = self.quick_deaths.get(port, 0) + 1 if quick else 0
                if self.quick_deaths[port] >= 5:
                    print(f"app on port {port} keeps dying; stopping (see its log)", file=sys.stderr)
                    self.shutdown()
                    return 1
                print(f"app on port {port} exited with {process.returncode}; starting it again", file=sys.stderr)
                self.start_app(port)
        self.shutdown()
        return 0

    def _stop(self, *_args) -> None:
        self.stopping = True

    def shutdown(self) -> None:
        self.stopping = True
        children = ([self.proxy] if self.proxy else []) + list(self.apps.values())
        for process in children:
            if process.poll() is None:
                process.terminate()
        for process in children:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--first-port", type=int, default=5001, help="port of the first app process (default 5001)")
    parser.add_argument("--listen", default="8080", help="nginx listen address, e.g. 80 or 0.0.0.0:8080")
    parser.add_argument("--prefix", type=Path, default=ROOT / "instance" / "nginx",
                        help="folder for the rendered config, logs and nginx temp files")
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx", help="the nginx binary")
    args = parser.parse_args(argv)
    database = os.environ.get("DATABASE_URL", "")
    if args.workers > 1 and not database.startswith("postgresql"):
        parser.error("several processes need PostgreSQL: set DATABASE_URL=postgresql+psycopg2://...")
    if args.workers > 1 and not os.environ.get("REDIS_URL"):
        parser.error("several processes need Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    return Launcher(args.workers, args.first_port, args.listen, args.prefix.resolve(), args.nginx).run()


if __name__ == "__main__":
    sys.exit(main())
