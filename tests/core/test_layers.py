"""The dependency rule of ARCHITECTURE.md: core imports no I/O, service imports no store or web."""
import ast
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parents[2] / "game"
FORBIDDEN = {
    "core": ("flask", "flask_socketio", "sqlalchemy", "socketio", "eventlet", "gevent", "requests", "time",
             "socket", "os", "game.service", "game.store", "game.web"),
    "service": ("flask", "flask_socketio", "sqlalchemy", "socketio", "game.store", "game.web"),
    "store": ("flask", "flask_socketio", "socketio", "game.web"),
}
# README, Architecture: web reaches sessions and decks through the services; of the store it
# uses only what holds no game rule (accounts, reading deck files for the CLI).
WEB_MAY_USE_FROM_STORE = ("game.store.users", "game.store.deck_files")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    package = "game." + ".".join(path.relative_to(GAME).parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                found.add(".".join(base + ([node.module] if node.module else [])))
            else:
                found.add(node.module)
    return found


@pytest.mark.parametrize("layer", FORBIDDEN)
def test_a_layer_imports_nothing_it_must_not(layer):
    offences = []
    for path in (GAME / layer).rglob("*.py"):
        for name in imports_of(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offences.append(f"{path.relative_to(GAME)} imports {name}")
    assert offences == []


def test_web_uses_the_store_only_for_accounts_and_deck_files():
    offences = []
    for path in (GAME / "web").rglob("*.py"):
        for name in imports_of(path):
            if (name == "game.store" or name.startswith("game.store.")) and name not in WEB_MAY_USE_FROM_STORE:
                offences.append(f"{path.relative_to(GAME)} imports {name}")
    assert offences == []
