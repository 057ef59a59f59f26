"""The tools that keep the code's shape: ruff, mypy on the pure layers, the import contracts, short functions.

Each check runs the tool as CI would and shows its own output when it fails.
The configuration of each is in pyproject.toml.
"""
import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MAX_FUNCTION_LINES = 60
WEB_MAY_USE_FROM_STORE = {"game.store.users", "game.store.deck_files"}


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    done = run(str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise")
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_import_contract_is_kept():
    done = run(str(BIN / "lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_web_contract_names_every_store_module_but_accounts_and_deck_files():
    contract = next(c for c in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
                    if c.get("source_modules") == ["game.web"])
    store = {f"game.store.{p.stem}" for p in (ROOT / "game" / "store").glob("*.py") if p.stem != "__init__"}
    assert set(contract["forbidden_modules"]) == store - WEB_MAY_USE_FROM_STORE


@pytest.mark.parametrize("package, strict", [
    ("game/core", True),  # the rules: every function typed, no bare generics
    ("game/service", False),
])
def test_mypy_finds_no_error_in_the_pure_layers(package, strict):
    done = run(sys.executable, "-m", "mypy", *(["--strict"] if strict else []), package)
    assert done.returncode == 0, done.stdout + done.stderr


def functions(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.end_lineno - node.lineno + 1


def long_functions() -> dict[tuple[str, str], int]:
    paths = sorted((ROOT / "game").rglob("*.py")) + [ROOT / "app.py"]
    return {(str(path.relative_to(ROOT)), name): length
            for path in paths for name, length in functions(path) if length > MAX_FUNCTION_LINES}


def test_no_function_in_game_or_app_is_over_60_lines():
    assert long_functions() == {}


def test_the_length_check_counts_a_function_from_its_def_to_its_last_line(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n")
    assert dict(functions(tmp_path / "long.py")) == {"long": MAX_FUNCTION_LINES + 1, "short": 2}


def test_the_readme_stays_under_350_lines():
    # Details live in docs/ (performance, languages, deck editor, dependencies); the README points there.
    assert len((ROOT / "README.md").read_text().splitlines()) <= 350


def test_the_readme_names_every_test_folder():
    readme = (ROOT / "README.md").read_text()
    tests = readme[readme.index("## Tests"):]
    folders = sorted(p.parent.name for p in (ROOT / "tests").glob("*/test_*.py"))
    assert [f for f in set(folders) if f"`tests/{f}`" not in tests] == []
