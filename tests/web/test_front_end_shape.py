"""The browser modules keep their shape: short functions, one copy of each rule on the JS side."""
import re
from pathlib import Path

from game.core.promise_board import CHOSEN_MAX, CHOSEN_MIN, DOTS_PER_PLAYER, PARTS
from game.core.session import CODE_LENGTH, JOIN_ALPHABET

JS = Path(__file__).resolve().parents[2] / "static" / "js"
MAX_FUNCTION_LINES = 80
# A line that opens a function body: `function name(...) {`, `name(...) {` in an object, or `(...) => {`.
OPENS_FUNCTION = re.compile(r"(\bfunction\b[^{]*\{\s*$)|(=>\s*\{\s*$)|(^\s*(async\s+)?\w+\([^)]*\)\s*\{\s*$)")
STRINGS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`(?:\\.|[^`\\])*`|//.*$')


def function_lengths(text: str):
    """(line number, length) of each function body, found by its braces (strings and comments skipped)."""
    lines = [STRINGS.sub('""', line) for line in text.splitlines()]
    for start, line in enumerate(lines):
        if not OPENS_FUNCTION.search(line):
            continue
        depth = 0
        for end in range(start, len(lines)):
            depth += lines[end].count("{") - lines[end].count("}")
            if depth <= 0:
                yield start + 1, end - start + 1
                break


def test_no_browser_function_is_longer_than_80_lines():
    long = [f"{path.name}:{line} ({length} lines)" for path in sorted(JS.glob("*.js"))
            for line, length in function_lengths(path.read_text(encoding="utf-8")) if length > MAX_FUNCTION_LINES]
    assert long == []


def test_the_length_check_finds_a_long_function():
    body = "\n".join(f"  x{i} = {i};" for i in range(90))
    assert list(function_lengths(f"function long() {{\n{body}\n}}\n")) == [(1, 92)]


def test_the_browser_knows_join_codes_from_one_module_with_the_servers_alphabet():
    module = (JS / "join_code.js").read_text(encoding="utf-8")
    assert re.search(r'JOIN_ALPHABET = "([^"]+)"', module).group(1) == JOIN_ALPHABET
    assert re.search(r"CODE_LENGTH = (\d+)", module).group(1) == str(CODE_LENGTH)
    others = [p.name for p in JS.glob("*.js")
              if p.name != "join_code.js" and JOIN_ALPHABET in p.read_text(encoding="utf-8")]
    assert others == []


def test_the_client_copies_no_phase_order():
    # The next phase comes from the host view (`host.next_phase`), never from a table in the client.
    for path in JS.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"lobby:\s*\"story\"", text), path.name
        assert not re.search(r"story:\s*\"diagnose\"", text), path.name


def test_the_browser_has_the_promises_activitys_numbers_and_parts_from_one_module_equal_to_the_rules():
    module = (JS / "promise_rules.js").read_text(encoding="utf-8")
    numbers = {name: int(value) for name, value in re.findall(r"export const (\w+) = (\d+);", module)}
    assert numbers == {"DOTS": DOTS_PER_PLAYER, "CHOSEN_MIN": CHOSEN_MIN, "CHOSEN_MAX": CHOSEN_MAX}
    assert re.search(r"export const PARTS = \[(.*?)\];", module).group(1) == ", ".join(f'"{p}"' for p in PARTS)
    copied = '["we_do", "we_dont", "appreciate", "measure"]'
    copies = [p.name for p in JS.glob("*.js") if p.name != "promise_rules.js" and copied in p.read_text("utf-8")]
    assert copies == []
