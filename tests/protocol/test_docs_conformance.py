"""docs/protocol.md and the server agree on the error codes, and the conformance tests cover the
docs section by section. No server is started: the code and the docs are read as text.

- Every code the server can produce (a ``reject``/``_refuse``/``fail``/``error``/``Rejected``/
  ``ConnectionRefusedError``/``DeckRefused``/``BadPayload`` call or a ``STATUS`` table in game/
  and app.py) is listed in the docs, unless it is one of INTERNAL (never sent to a client).
- Every code the docs list (the Error codes table, the HTTP tables' error columns, the deck error
  codes) is produced by some test: its literal appears in a test module (tests/**/test_*.py),
  where the tests compare answers with it.
- Every section a client needs has a conformance test (``@section``, tests/protocol/conformance.py).
"""
import re
from pathlib import Path

from tests.protocol.conformance import DOCS, headings

ROOT = Path(__file__).resolve().parents[2]
# Codes that never reach a client, each with the reason.
INTERNAL = {
    "not_due": "the ticker's Tick before a deadline (SYSTEM command, swallowed)",
    "unknown_command": "a Command class the rules do not know: a programming error",
    "already_joined": "a join with a player id already in use: the server makes the ids",
}
PRODUCERS = re.compile(
    r"""\b(?:reject|_refuse|fail|_fail|error|json_error|Rejected|ConnectionRefusedError|DeckRefused)\(\s*["']([a-z_]+)["']""")
BAD_PAYLOAD = re.compile(r"""\bBadPayload\([^\n]*,\s*["']([a-z_]+)["']\)""")
STATUS_TABLE = re.compile(r"""^STATUS\s*=\s*\{(.*?)\}""", re.S | re.M)
# Sections a client of the protocol needs, each of which must have a conformance test.
COVERED_SECTIONS = {"HTTP", "Names", "Exports", "Socket.IO", "Client to server", "When each section is sent",
                    "Error codes"}


def codes_in_server() -> set[str]:
    codes = set()
    for path in [ROOT / "app.py", *(ROOT / "game").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        codes |= set(PRODUCERS.findall(source)) | set(BAD_PAYLOAD.findall(source))
        for table in STATUS_TABLE.findall(source):
            codes |= set(re.findall(r"""["']([a-z_]+)["']\s*:\s*\d{3}""", table))
    return codes


def codes_in_docs() -> set[str]:
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("### Error codes"):]
    codes = {code for row in re.findall(r"^\| (.+?) \|", table, re.M) for code in re.findall(r"`([a-z_]+)`", row)}
    codes |= set(re.findall(r"`\d{3} ([a-z_]+)`", text))  # the HTTP tables' error columns
    deck = re.search(r"Deck error codes:(.*?)\n\n", text, re.S).group(1)
    return codes | set(re.findall(r"`([a-z_]+)`", deck))


def codes_in_tests() -> set[str]:
    """Every quoted snake_case literal in the test modules (not this one): the codes tests expect."""
    mine = {Path(__file__).name, "conformance.py"}
    found = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        if path.name not in mine:
            found |= set(re.findall(r"""["']([a-z_]+)["']""", path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_server_can_produce_is_in_the_docs():
    produced = codes_in_server()
    assert len(produced) > 30, "the scan sees the server's codes"
    assert sorted(produced - set(INTERNAL) - codes_in_docs()) == []


def test_every_code_the_docs_list_is_produced_by_some_test():
    listed = codes_in_docs()
    assert {"stale_control", "unknown_event", "message_too_large", "bad_name"} <= listed
    assert sorted(listed - codes_in_tests()) == []


def test_the_docs_list_no_code_the_server_cannot_produce():
    assert sorted(codes_in_docs() - codes_in_server()) == []


def test_each_section_a_client_needs_has_a_conformance_test():
    assert COVERED_SECTIONS <= set(headings())
    marked = set()
    for path in (ROOT / "tests" / "protocol").glob("test_*.py"):
        marked |= set(re.findall(r"""@section\(\s*["']([^"']+)["']\s*\)""", path.read_text(encoding="utf-8")))
    assert sorted(COVERED_SECTIONS - marked) == []
    assert marked <= set(headings())
