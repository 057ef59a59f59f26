"""A plain install is eventlet and SQLite; gevent, PostgreSQL, Redis and the benchmark's client are extras."""
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from game.extras import MissingExtra

ROOT = Path(__file__).resolve().parents[2]
EXTRA_PACKAGES = ("gevent", "geventwebsocket", "psycopg2", "psycogreen", "redis", "aiohttp")


@pytest.mark.parametrize("setting, package, extra", [
    ({"ASYNC_MODE": "gevent"}, "gevent", "gevent"),
    ({"DATABASE_URL": "postgresql+psycopg2://cxgame:secret@127.0.0.1/cxgame"}, "psycopg2", "postgres"),
    ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "redis", "postgres"),
])
def test_a_setting_whose_package_is_missing_names_the_extra_that_brings_it(tmp_path, monkeypatch, setting, package,
                                                                           extra):
    monkeypatch.setitem(sys.modules, package, None)  # as if not installed: importing it raises ImportError
    config = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "ASYNC_MODE": "threading", **setting}
    with pytest.raises(MissingExtra, match=rf"needs the Python package '{package}'.*\.\[{extra}\]"):
        create_app(config)


def test_the_app_is_created_and_serves_a_page_without_any_extra(tmp_path):
    # A fresh interpreter in which every extra's package is unimportable, on the default eventlet setting.
    script = (
        f"import sys; sys.modules.update(dict.fromkeys({EXTRA_PACKAGES!r}))\n"
        "from app import create_app\n"
        f"app = create_app({{'DATABASE_URL': 'sqlite:///{tmp_path / 'plain.db'}'}})\n"
        "assert app.test_client().get('/').status_code == 200\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in " f"{EXTRA_PACKAGES!r} and sys.modules[m]]\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
