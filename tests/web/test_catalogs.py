"""Every interface string exists in English and in Dutch, and every key the pages use is in the catalogs.

The catalogs are gettext .po files with symbolic keys as msgids
(game/web/translations/<lang>/LC_MESSAGES/messages.po). The keys in use are
found with Babel's own extractors, configured by babel.cfg: Jinja for the
templates, JavaScript for static/js, keyword t (and the helpers that pass a
key on to t). Keys built at run time from a prefix are listed in DYNAMIC.
"""
import re
from pathlib import Path
from typing import get_args

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from game.core.deck import KINDS, PROBLEM_MESSAGES, Customer, PromisesPrompts, Prompts
from game.core.phase import Phase
from game.core.promise_board import PARTS
from game.core.state import DRAFT_FIELDS
from game.service.followup import ANSWERS
from game.store.users import ROLES
from game.web.i18n import LANGUAGES, po_path

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w+)\}")

# tn("points", n) reads "points.one" / "points.other".
KEYWORDS = {"t": None, "tn": None}
# Helpers that take a key and hand it to t(). Babel's JavaScript extractor drops calls nested inside a
# keyword call, and these wrap whole sections of t() calls, so they are found by a plain scan instead.
KEY_HELPERS = re.compile(r"""(?:\b(?:section|notHost)\(\s*|\bmessageKey\s*=\s*)["']([\w.]+)["']""")

# Keys completed at run time: prefix -> every ending the code can produce.
DYNAMIC = {
    "phase.": [phase.value for phase in Phase],
    "archetype.": list(get_args(get_args(Customer.model_fields["archetype"].annotation)[0])),
    "draft.field.": list(DRAFT_FIELDS),
    "draft.placeholder.": list(DRAFT_FIELDS),
    "entry.": list(DRAFT_FIELDS),
    "projector.prompt.": list(Prompts.model_fields),
    "language.": list(LANGUAGES),
    "switch.": list(LANGUAGES),
    "progress.": ["diagnose", "draft", "vote", "players", "teams"],  # static/js/i18n.js progressText
    "role.": list(ROLES),
    "account.forbidden.": list(ROLES),
    # static/js/deck_problems.js: a deck problem's code and the kind or noun it names (game/core/deck.py)
    "deckproblem.": list(PROBLEM_MESSAGES),
    "deckproblem.kind.": list(KINDS),
    "deckproblem.noun.": ["cards", "options", "questions", "tips"],
    # The promises activity (game/core/promise_board.py PARTS), its editor prompts and the follow-up's answers.
    "promises.part.": list(PARTS),
    "editor.prompt_": list(PromisesPrompts.model_fields),
    "charter.size.": ["a4", "a3"],
    "followup.answer.": list(ANSWERS),  # game/web/account_pages.py: the role a page needed
}
# t(variable): where the variable's keys come from (extracted through KEYWORDS or listed in DYNAMIC).
KEY_VARIABLES = {"messageKey": "notHost(...), see KEY_HELPERS", "titleKey": "section(...), see KEY_HELPERS",
                 "key": "static/js/i18n.js: error.<code> and progress.*",
                 "": "static/js/i18n.js tn(): t(`${key}.one`), see PLURAL_STEMS",
                 # Keys handed to templates by the Python views: see PYTHON_KEYS.
                 "error": "game/web/account_pages.py", "title_key": "game/web/account_pages.py",
                 "message_key": "game/web/account_pages.py", "message.key": "game/web/admin.py _back()"}
# Where the Python views name a key for a template to translate.
PYTHON_KEYS = re.compile(r"""(?:\b_back\(\s*|\b(?:error|title_key|message_key)\s*=\s*)["']([a-z_]+\.[\w.]+)["']""")
# Rejection codes that never reach a person (the ticker and presence bookkeeping swallow them).
INTERNAL_CODES = {"no_change", "not_due", "unknown_command"}


def load(language: str):
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def catalogs():
    return {language: load(language) for language in LANGUAGES}


def texts(catalog) -> dict[str, str]:
    return {message.id: message.string for message in catalog if message.id}


def test_english_and_dutch_have_the_same_keys(catalogs):
    en, nl = texts(catalogs["en"]), texts(catalogs["nl"])
    assert len(en) > 200
    assert sorted(set(en) - set(nl)) == [], "keys only in English"
    assert sorted(set(nl) - set(en)) == [], "keys only in Dutch"


def test_every_key_has_a_finished_text_in_every_language(catalogs):
    for language, catalog in catalogs.items():
        empty = [m.id for m in catalog if m.id and not (m.string or "").strip()]
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        assert empty == [], f"{language}: keys without a text"
        assert fuzzy == [], f"{language}: fuzzy (unchecked) texts are left out of the compiled catalog"


def test_placeholders_are_the_same_in_both_languages(catalogs):
    en, nl = texts(catalogs["en"]), texts(catalogs["nl"])
    differ = {key: (sorted(set(PLACEHOLDER.findall(en[key]))), sorted(set(PLACEHOLDER.findall(nl[key]))))
              for key in en.keys() & nl.keys()
              if set(PLACEHOLDER.findall(en[key])) != set(PLACEHOLDER.findall(nl[key]))}
    assert differ == {}


def test_plural_pairs_are_complete(catalogs):
    keys = set(texts(catalogs["en"]))
    stems = {key.rsplit(".", 1)[0] for key in keys if key.endswith((".one", ".other"))}
    assert sorted(s for s in stems if not {f"{s}.one", f"{s}.other"} <= keys) == []


def used_keys() -> dict[str, list[str]]:
    """key -> where it is used, through Babel's extractors and babel.cfg."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    used: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        key = message if isinstance(message, str) else message[0]
        if not key or "${" in key:  # a template literal: a DYNAMIC prefix, checked below
            continue
        used.setdefault(key, []).append(f"{filename}:{lineno}")
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        source = path.read_text(encoding="utf-8")
        for match in KEY_HELPERS.finditer(source):
            lineno = source.count("\n", 0, match.start()) + 1
            used.setdefault(match.group(1), []).append(f"{path.relative_to(ROOT).as_posix()}:{lineno}")
    return used


# tn(key, n) is found by the extractor as plain "key"; it reads key.one and key.other.
PLURAL_CALL = re.compile(r"""\btn\(\s*["']([\w.]+)["']""")
PLURAL_STEMS = {m for path in (ROOT / "static" / "js").glob("*.js")
                for m in PLURAL_CALL.findall(path.read_text(encoding="utf-8"))}


def test_every_key_the_pages_use_is_in_the_catalog(catalogs):
    known = set(texts(catalogs["en"]))
    used = used_keys()
    assert len(used) > 100, "the extractor found the t() calls"
    missing = {}
    for key, where in used.items():
        wanted = [f"{key}.one", f"{key}.other"] if key in PLURAL_STEMS else [key]
        for k in wanted:
            if k not in known:
                missing[k] = where
    assert missing == {}


def dynamic_calls() -> list[tuple[str, str]]:
    """(file, what) for every t()/tn() whose key is not one literal string."""
    call = re.compile(r"""\bt\(\s*(`[^`]*`|"[^"]*"|'[^']*'|[A-Za-z_$][\w$.]*)\s*([~+])?""")
    found = []
    for path in sorted((ROOT / "templates").glob("*.html")) + sorted((ROOT / "static" / "js").glob("*.js")):
        for literal, joined in call.findall(path.read_text(encoding="utf-8")):
            name = path.relative_to(ROOT).as_posix()
            if literal.startswith("`") and "${" in literal:
                found.append((name, literal[1:literal.index("${")]))
            elif literal[0] in "\"'" and joined:
                found.append((name, literal[1:-1]))
            elif literal[0] not in "\"'`":
                found.append((name, literal))
    return found


def test_every_key_built_at_run_time_is_listed_and_in_the_catalog(catalogs):
    known = set(texts(catalogs["en"]))
    calls = dynamic_calls()
    assert calls, "the scan sees t(`phase.${...}`)"
    unlisted = [(name, what) for name, what in calls if what not in DYNAMIC and what not in KEY_VARIABLES]
    assert unlisted == [], "a key built at run time: list its prefix and endings in DYNAMIC"
    missing = [prefix + end for prefix, ends in DYNAMIC.items() for end in ends if prefix + end not in known]
    assert missing == []


def test_every_rejection_a_person_can_see_has_a_translated_message(catalogs):
    known = set(texts(catalogs["en"]))
    codes = set()
    for path in (ROOT / "game").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r"""\breject\(\s*["']([a-z_]+)["']""", source))
        codes |= set(re.findall(r"""\bfail\(\s*["']([a-z_]+)["']""", source))
    assert len(codes) > 20
    assert sorted(c for c in codes - INTERNAL_CODES if f"error.{c}" not in known) == []


def test_every_key_a_python_view_hands_to_a_template_is_in_the_catalog(catalogs):
    known = set(texts(catalogs["en"]))
    named = {m for path in (ROOT / "game" / "web").glob("*.py")
             for m in PYTHON_KEYS.findall(path.read_text(encoding="utf-8"))}
    assert len(named) > 10, "the scan sees the views' keys"
    assert sorted(k for k in named - known if k not in DYNAMIC) == []


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_the_deck_problems_fill_in_the_same_values_as_the_loader_in_every_language(catalogs):
    # The loader words a problem for a deck file's author (e.g. "key = true"); the catalogs word it
    # for the editor, so the wording may differ, but every value the loader names must be shown.
    for lang in LANGUAGES:
        shown = texts(catalogs[lang])
        for code, loader in PROBLEM_MESSAGES.items():
            wording = shown[f"deckproblem.{code}"]
            assert set(PLACEHOLDER.findall(wording)) == set(PLACEHOLDER.findall(loader)), (lang, code)
    assert {kind: texts(catalogs["en"]).get(f"deckproblem.kind.{kind}") for kind in KINDS} == KINDS


def test_the_editor_words_deck_problems_without_the_file_syntax(catalogs):
    # The trainer in the editor sees a "Key answer" box and a "Translation of" field, never
    # "key = true" or "translation_of".
    for lang in LANGUAGES:
        for key, text in texts(catalogs[lang]).items():
            if key.startswith("deckproblem."):
                assert not re.search(r"= ?true|_of|\[\d|FORMAT\.md", text), (lang, key, text)
