"""The production stack on loopback, for tests: a private PostgreSQL cluster, Redis, app processes, nginx.

Everything listens on 127.0.0.1 on free ports, lives in its own temporary
folder and is stopped (killed if need be) by `stop()`; nothing touches the
system's own PostgreSQL, Redis or nginx.
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from deploy.launch import nginx_command, prepare_prefix, render_nginx_conf, worker_env
from tests.children import ending_with_us
from tests.protocol.live import ROOT, free_port

STARTUP_SECONDS = 90  # a quiet machine starts everything in seconds; a shared, busy one can take 40 s an app
LOG_LINE = re.compile(r'^(?P<remote>\S+) \[[^\]]*\] "(?P<request>[^"]*)" (?P<status>\d+) '
                      r'affinity=(?P<affinity>\S+) upstream="(?P<upstream>[^"]*)"')


def pg_bin(name: str) -> str | None:
    """Debian keeps initdb and postgres in /usr/lib/postgresql/VERSION/bin, off the PATH."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return candidates[-1] if candidates else shutil.which(name)


def missing_binaries() -> list[str]:
    wanted = {"initdb": pg_bin("initdb"), "postgres": pg_bin("postgres"),
              "redis-server": shutil.which("redis-server"), "nginx": shutil.which("nginx") or
              (os.access("/usr/sbin/nginx", os.X_OK) and "/usr/sbin/nginx" or None)}
    return [name for name, path in wanted.items() if not path]


def _wait(check, what: str, process: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.1)
    detail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise RuntimeError(f"{what} did not start\n{detail}")


def _end(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def _world_readable_tmpdir(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


class Postgres:
    """A throwaway cluster (initdb) on a free port; as root it runs as the `postgres` user."""

    def __init__(self):
        self.folder = _world_readable_tmpdir("cxgame-pg-")
        self.data = self.folder / "data"
        self.port = free_port()
        self.log = self.folder / "postgres.log"
        self.process: subprocess.Popen | None = None
        self.as_user = {}
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            import pwd

            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self.as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}

    def start(self) -> Postgres:
        subprocess.run([pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "cxgame", "-E", "UTF8",
                        "--no-sync", "--no-instructions"], cwd=self.folder, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **self.as_user)
        options = {"listen_addresses": "127.0.0.1", "port": str(self.port),
                   "unix_socket_directories": str(self.folder), "max_connections": "200",
                   "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        command = [pg_bin("postgres"), "-D", str(self.data)]
        for key, value in options.items():
            command += ["-c", f"{key}={value}"]
        with self.log.open("ab") as log:  # the child keeps its own copy of the file descriptor
            self.process = subprocess.Popen(command, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                                            **self.as_user)
        _wait(lambda: self._connect("postgres").close() or True, "PostgreSQL", self.process, self.log)
        return self

    def _connect(self, database: str):
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="cxgame", dbname=database,
                                      connect_timeout=2)
        connection.autocommit = True
        return connection

    def create_database(self, name: str) -> str:
        connection = self._connect("postgres")
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
        return f"postgresql+psycopg2://cxgame@127.0.0.1:{self.port}/{name}"

    def query(self, database: str, sql: str, *params) -> list[tuple]:
        connection = self._connect(database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def stop(self) -> None:
        _end(self.process, signal.SIGINT)  # SIGINT: PostgreSQL's fast shutdown
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="cxgame-redis-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = self.folder / "redis.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Redis:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.folder), "--daemonize", "no"],
                stdout=log, stderr=subprocess.STDOUT)
        import redis

        _wait(lambda: redis.Redis.from_url(self.url, socket_timeout=1).ping(), "Redis", self.process, self.log)
        return self

    def stop(self) -> None:
        _end(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


class App:
    """One `python app.py` process of the cluster."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.port = free_port()
        self.addr = f"127.0.0.1:{self.port}"
        self.url = f"http://{self.addr}"
        self.env = worker_env(self.port, env)
        self.log = folder / f"app-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> App:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(ending_with_us(str(ROOT / "app.py")), cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait_up(self) -> App:
        _wait(lambda: requests.get(self.url + "/api/decks", timeout=1).ok, f"app on {self.addr}",
              self.process, self.log)
        return self

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no goodbye, no disconnect handlers
        self.process.wait(10)

    def stop(self) -> None:
        _end(self.process)


class Nginx:
    """nginx from the distribution with deploy/nginx.conf, in a prefix folder of its own."""

    def __init__(self, upstream_ports: list[int]):
        self.prefix = _world_readable_tmpdir("cxgame-nginx-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.conf = prepare_prefix(self.prefix, render_nginx_conf(f"127.0.0.1:{self.port}", upstream_ports, 1024))
        self.access_log = self.prefix / "logs" / "access.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run(nginx_command(self.prefix, self.conf, nginx) + ["-t", "-q"],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(nginx_command(self.prefix, self.conf, nginx),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        _wait(lambda: requests.get(self.url + "/api/decks", timeout=1).ok, "nginx", self.process,
              self.prefix / "logs" / "error.log")
        return self

    def log_lines(self) -> list[dict]:
        """The access log, each line as {"remote", "request", "status", "affinity", "upstream"}.

        `upstream` lists every process tried, e.g. "127.0.0.1:5001, 127.0.0.1:5002"
        when the first one was down.
        """
        return [match.groupdict() for match in map(LOG_LINE.search, self.access_log.read_text().splitlines())
                if match]

    def stop(self) -> None:
        _end(self.process)  # SIGTERM: fast shutdown, open WebSockets too
        shutil.rmtree(self.prefix, ignore_errors=True)
