"""Three-way merge of one text field, so two people typing at once both keep their words."""
from __future__ import annotations

from difflib import SequenceMatcher


def _changes(base: str, other: str) -> list[tuple[int, int, str]]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    (a1, a2, _), (b1, b2, _) = a, b
    if a1 == a2 and b1 == b2:  # two insertions: only a clash at the same spot
        return a1 == b1
    if a1 == a2:
        return b1 < a1 < b2
    if b1 == b2:
        return a1 < b1 < a2
    return a1 < b2 and b1 < a2


def merge(base: str, current: str, mine: str) -> tuple[str, bool]:
    """Apply the edit base->mine on top of current.

    Returns (text, clean). When both sides changed the same stretch of text
    the result is ``mine`` and clean is False: the caller keeps ``current``
    in the field's history so those words can be restored.
    """
    if current == base or mine == current:
        return mine, True
    if mine == base:
        return current, True
    theirs, ours = _changes(base, current), _changes(base, mine)
    if any(_overlap(a, b) for a in theirs for b in ours):
        return mine, False
    text = base
    for start, end, replacement in sorted(theirs + ours, key=lambda c: (c[0], c[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, True
