"""The locks in requirements/ agree with pyproject.toml, so ./dev installs exactly what the project pins.

A pin changed in pyproject.toml without `./dev lock` fails here, before an
install would quietly miss it.
"""
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
EXTRAS = PROJECT["optional-dependencies"]
# Each install set: its lock and the extras it holds (./dev install SET).
SETS = {"serve": (), "deploy": ("gevent", "postgres"), "test": tuple(EXTRAS)}
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def pins(requirements: list[str]) -> dict[str, str]:
    found = {}
    for requirement in requirements:
        package, version = requirement.split(";")[0].split("==")
        found[name(package.split("[")[0])] = version.strip()
    return found


def lock(install_set: str) -> dict[str, tuple[str, str]]:
    text = (ROOT / "requirements" / f"{install_set}.txt").read_text()
    return {name(package): (version, hashes) for package, version, hashes in ENTRY.findall(text)}


@pytest.mark.parametrize("install_set", SETS)
def test_every_pin_of_an_install_set_is_in_its_lock_at_the_same_version(install_set):
    wanted = pins(PROJECT["dependencies"] + [r for extra in SETS[install_set] for r in EXTRAS[extra]])
    locked = {package: version for package, (version, _) in lock(install_set).items()}
    assert {p: v for p, v in wanted.items() if locked.get(p) != v} == {}, "pyproject.toml changed: run ./dev lock"


@pytest.mark.parametrize("install_set", SETS)
def test_every_locked_package_has_a_hash(install_set):
    text = (ROOT / "requirements" / f"{install_set}.txt").read_text()
    listed = re.findall(r"^[A-Za-z0-9][^\s#]*==", text, re.M)
    assert len(listed) == len(lock(install_set)) > 10


def test_a_plain_install_has_no_extra():
    extras_only = set(pins([r for extra in EXTRAS.values() for r in extra])) - set(pins(PROJECT["dependencies"]))
    assert extras_only & set(lock("serve")) == set()
    assert {"eventlet", "sqlalchemy", "flask-socketio"} <= set(lock("serve"))


@pytest.mark.parametrize("install_set", ["serve", "deploy"])
def test_a_smaller_set_locks_each_package_as_the_whole_tree_does(install_set):
    whole = lock("test")
    assert {p: entry for p, entry in lock(install_set).items() if whole.get(p) != entry} == {}
