"""Interface strings in English and Dutch, one JSON catalog per language for Jinja and JavaScript."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import request

LANGUAGES = ("en", "nl")
FOLDER = Path(__file__).parent / "i18n"


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    path = FOLDER / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def pick_language(preferred: str | None = None) -> str:
    if preferred in LANGUAGES:
        return preferred
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or "en"


def translator(language: str):
    strings, fallback = catalog(language), catalog("en")

    def t(key: str, **values) -> str:
        text = strings.get(key) or fallback.get(key) or key
        return text.format(**values) if values else text
    return t
