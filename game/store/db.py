"""The database engine: SQLite (WAL) by default, PostgreSQL through DATABASE_URL."""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
# PostgreSQL advisory lock key for migrations: one per database, any constant works.
MIGRATION_LOCK = 0x63786761_6D65


def private_folder(folder: str | Path) -> Path:
    """The folder, made if missing, readable by its owner only (700): it holds the database
    and the signing key."""
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def private_sqlite_file(path: str | Path) -> None:
    """The database file and its WAL and shared-memory files readable by their owner only (600).

    SQLite gives the -wal and -shm files the database file's mode, so the file is made 600
    before SQLite first opens it; files left by an older version are tightened too."""
    path = Path(path)
    if not path.parent.exists():
        private_folder(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(0o600)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            private_sqlite_file(path)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (safe to run on every start)."""
    # Imported here: the server migrates in a short-lived child process (app.py main) so
    # Alembic and Mako (~12 MB) never occupy the memory of a process holding 1,000 phones.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several processes start at once: the first one migrates, the others wait
            # here (the lock ends with this transaction) and then find nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class WriteGate:
    """Serialises writes to SQLite within this process.

    Under eventlet or gevent SQLite's busy-wait would block every greenlet, so
    writers queue on a (green) lock instead. PostgreSQL needs no gate.
    """

    def __init__(self, engine: Engine):
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else None

    @contextmanager
    def __call__(self):
        if self._lock is None:
            yield
            return
        with self._lock:
            yield


def default_url(instance_path: str) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'cxgame.db'}"
