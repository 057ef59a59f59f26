"""Which optional package each setting needs, and a clear error when it is missing.

A plain install (``pip install .``, ``./dev serve``) is eventlet and SQLite.
The rest comes in extras named in pyproject.toml; a module that needs one
imports it where it is used, and the app checks its settings at start-up so a
missing package is named with its extra instead of failing deep in a library.
"""
from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType

# module -> the extra that installs it
EXTRA_OF = {"gevent": "gevent", "psycopg2": "postgres", "redis": "postgres", "aiohttp": "bench"}


class MissingExtra(RuntimeError):
    pass


def require(module: str, needed_for: str) -> ModuleType:
    """Import ``module``, or say which extra to install for ``needed_for``."""
    try:
        return importlib.import_module(module)
    except ImportError as missing:
        extra = EXTRA_OF[module.split(".")[0]]
        raise MissingExtra(
            f"{needed_for} needs the Python package '{module.split('.')[0]}', which a plain install leaves out: "
            f"pip install -e '.[{extra}]' (or ./dev install {'deploy' if extra in ('gevent', 'postgres') else 'test'})"
        ) from missing


def check_settings(config: Mapping) -> None:
    """Fail at start-up, with the extra to install, when a setting needs a package that is not there."""
    if config.get("ASYNC_MODE") == "gevent":
        require("gevent", "ASYNC_MODE=gevent")
    if str(config.get("DATABASE_URL") or "").startswith("postgresql"):
        require("psycopg2", "DATABASE_URL=postgresql+psycopg2://...")
    if config.get("REDIS_URL"):
        require("redis", "REDIS_URL")
