"""Carry keys from the old JSON catalogs (game/web/i18n/<lang>.json) into the gettext catalogs.

    python -m game.web.i18n_import path/to/en.json path/to/nl.json [--replace]

The language is the file's name (en.json -> en). Keys missing from
game/web/translations/<lang>/LC_MESSAGES/messages.po are added; a key whose
text differs is reported and left alone unless --replace is given. Run it on
both languages at once so the catalogs stay complete; the catalog test
(tests/web/test_catalogs.py) says what is still missing.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .i18n import LANGUAGES, SOURCE, po_path

# A fixed date keeps the header stable: git, not the .po, tells when a catalog changed.
FIRST = datetime(2026, 11, 26, tzinfo=UTC)


class ImportProblem(Exception):
    pass


def read_json(path: Path) -> tuple[str, dict[str, str]]:
    language = path.stem
    if language not in LANGUAGES:
        raise ImportProblem(f"{path}: the file name must be a language code ({', '.join(LANGUAGES)})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportProblem(f"{path}: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                             for k, v in data.items()):
        raise ImportProblem(f"{path}: expected one JSON object of non-empty strings, key -> text")
    return language, data


def load_catalog(language: str, folder: Path | None = None) -> Catalog:
    path = po_path(language, folder or SOURCE)
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=language)
    return Catalog(locale=language, project="CX Game", version="0.1.0", fuzzy=False,
                   msgid_bugs_address="-", last_translator="CX Game", language_team=f"CX Game {language}",
                   creation_date=FIRST, revision_date=FIRST,
                   header_comment=f"# CX Game interface strings ({language}). msgid is the key, msgstr the text;\n"
                                  "# {name} placeholders are filled by t() in Jinja and in static/js/i18n.js.")


def save_catalog(catalog: Catalog, language: str, folder: Path | None = None) -> None:
    path = po_path(language, folder or SOURCE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, no_location=True, omit_header=False)


def merge(language: str, texts: dict[str, str], replace: bool = False,
          folder: Path | None = None) -> tuple[list[str], list[str]]:
    """Add (and with replace, overwrite) keys; returns (added, differing) key lists."""
    catalog = load_catalog(language, folder)
    added, differing = [], []
    for key, text in sorted(texts.items()):
        message = catalog.get(key)
        if message is None or not message.string:
            catalog.add(key, text)
            added.append(key)
        elif message.string != text:
            differing.append(key)
            if replace:
                message.string = text
                message.flags.discard("fuzzy")
    if added or (replace and differing):
        save_catalog(catalog, language, folder)
    return added, differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.web.i18n_import", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="en.json, nl.json ... (key -> text)")
    parser.add_argument("--replace", action="store_true", help="overwrite texts that differ in the .po")
    args = parser.parse_args(argv)
    try:
        loaded = [read_json(path) for path in args.files]  # check every file before touching a catalog
    except ImportProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    for language, texts in loaded:
        added, differing = merge(language, texts, replace=args.replace)
        print(f"{language}: {len(added)} added" + (f": {', '.join(added)}" if added else ""))
        if differing:
            verb = "replaced" if args.replace else "differ (kept the .po text; --replace to take the JSON's)"
            print(f"{language}: {len(differing)} {verb}: {', '.join(differing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
