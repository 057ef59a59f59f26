"""Fixtures for the production stack: PostgreSQL, Redis, two app processes and nginx on loopback.

Needs Debian's postgresql, redis-server and nginx (.ci/run and ./dev test
install them when root) and the Python packages psycopg2, psycogreen
and redis. Without them the tests are skipped, except in CI (CI set), where
they fail instead.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.core.deck import deck_to_toml
from tests.accounts import create_account
from tests.factories import deck

ASYNC_MODES = os.environ.get("CX_ASYNC_MODES", "eventlet,gevent").split(",")


def _missing() -> list[str]:
    from tests.deploy.stack import missing_binaries

    modules = [name for name in ("psycopg2", "psycogreen", "redis") if importlib.util.find_spec(name) is None]
    return missing_binaries() + [f"python package {name}" for name in modules]


@pytest.fixture(scope="session")
def stack_ready():
    missing = _missing()
    if missing:
        message = "the production stack needs " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must have them: see .ci/run)")
        pytest.skip(message + " (apt-get install postgresql redis-server nginx)")


@pytest.fixture(scope="session")
def postgres(stack_ready):
    from tests.deploy.stack import Postgres

    server = Postgres()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server(stack_ready):
    from tests.deploy.stack import Redis

    server = Redis()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(params=ASYNC_MODES)
def async_mode(request):
    return request.param


@dataclass
class Cluster:
    database: str
    url: str  # nginx: the only address phones use
    apps: list = field(default_factory=list)
    nginx: object = None
    postgres: object = None


@pytest.fixture
def cluster(postgres, redis_server, async_mode):
    """Two app processes started at the same moment on a new database (so their migrations race), and nginx."""
    from tests.deploy.stack import App, Nginx

    folder = Path(tempfile.mkdtemp(prefix="cxgame-cluster-"))
    scenarios = folder / "scenarios"
    scenarios.mkdir()
    # Story closes by its 10 s timer; the other phases close 1 s after everyone is done.
    (scenarios / "test-deck.toml").write_text(deck_to_toml(deck(cards=2, story=10)))
    name = "cx_" + uuid.uuid4().hex[:12]
    env = {**os.environ, "DATABASE_URL": postgres.create_database(name), "REDIS_URL": redis_server.url,
           "ASYNC_MODE": async_mode, "SCENARIOS_DIR": str(scenarios), "EARLY_END_GRACE": "1"}
    apps = [App(folder, env) for _ in range(2)]
    nginx = None
    try:
        for app in apps:
            app.start()
        for app in apps:
            app.wait_up()
        create_account(env["DATABASE_URL"])  # the facilitator who creates the session
        nginx = Nginx([app.port for app in apps])
        nginx.start()
        yield Cluster(name, nginx.url, apps, nginx, postgres)
    finally:
        if nginx:
            nginx.stop()
        for app in apps:
            app.stop()
        for app in apps:
            if app.log.exists():
                print(f"--- {app.addr} log (tail) ---\n" + app.log.read_text(errors="replace")[-3000:])
        shutil.rmtree(folder, ignore_errors=True)
