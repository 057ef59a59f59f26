"""Processes that start at the same moment on an empty PostgreSQL database migrate it once, without errors."""
from __future__ import annotations

import subprocess
import sys
import time
import uuid

from tests.protocol.live import ROOT

MIGRATE_AT = """
import sys, time
from game.store.db import make_engine, migrate
engine = make_engine(sys.argv[1])
engine.connect().close()
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # everyone starts migrating at the same instant
migrate(engine)
"""


def test_processes_starting_together_migrate_an_empty_database_once(postgres):
    # Without the advisory lock in migrate(), several of these rounds fail now and then
    # (IntegrityError: two processes create alembic_version or its row at once).
    for _ in range(4):
        database = "cx_" + uuid.uuid4().hex[:12]
        url = postgres.create_database(database)
        start = time.time() + 1.5
        processes = [subprocess.Popen([sys.executable, "-c", MIGRATE_AT, url, str(start)], cwd=ROOT,
                                      stderr=subprocess.PIPE, text=True) for _ in range(3)]
        failures = []
        for process in processes:
            _, errors = process.communicate(timeout=60)
            if process.returncode:
                failures.append(errors.strip().splitlines()[-3:])
        assert not failures, failures
        assert postgres.query(database, "SELECT count(*) FROM alembic_version") == [(1,)]
        assert {row[0] for row in postgres.query(
            database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")} >= {"sessions", "commands"}
