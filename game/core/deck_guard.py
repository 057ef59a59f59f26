"""Checks on a deck's raw data that run before (and beside) the model's validation.

- Nesting: no deck nests deeper than MAX_DEPTH; a bomb of brackets is refused before
  anything recurses over it (validation, error messages, repr).
- Text: every string is real text; a lone surrogate (possible in JSON, "\\ud800")
  cannot be stored or encoded, and control characters have no place in a deck.
- Duplicate ids: the model's own check runs only on a list that is otherwise valid,
  so a duplicate next to another problem in the same list would stay hidden.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# A deck nests six levels (deck, cards, card, diagnose, options, option); twice that is plenty.
MAX_DEPTH = 12
_NOT_TEXT = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and tables nest deeper than ``limit`` (no recursion: any input is safe)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))


def bad_text(data: Any) -> list[tuple[str, str]]:
    """(path, code) of every string that is not plain text, in document order."""
    return sorted((where, "not_text") for where, text in _strings(data) if _NOT_TEXT.search(text))


def _duplicates(items: Any, path: str) -> list[tuple[str, str]]:
    if not isinstance(items, list):
        return []
    seen: set[str] = set()
    found = []
    for item in items:
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str):
            if ident in seen:
                found.append((path, ident))
            seen.add(ident)
    return found


def duplicate_ids(data: Any) -> list[tuple[str, str]]:
    """(path of the list, id) for every id used twice among the cards or a card's options."""
    if not isinstance(data, dict):
        return []
    cards = data.get("cards")
    found = _duplicates(cards, "cards")
    for index, card in enumerate(cards if isinstance(cards, list) else []):
        diagnose = card.get("diagnose") if isinstance(card, dict) else None
        if isinstance(diagnose, dict):
            found += _duplicates(diagnose.get("options"), f"cards[{index}].diagnose.options")
    return found
