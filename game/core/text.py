"""Text people type that everyone then sees: stored as plain words, never with control or
text-direction characters (a BEL or an ESC would reach the exports raw; U+202E turns the rest of
a line around on every screen)."""
from __future__ import annotations

import unicodedata

from .errors import reject

# Bidi embeddings, overrides and isolates: they reorder the text around them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in text)


def typed_words(text: object, what: str, limit: int) -> str:
    """``text`` as stored (NFC, runs of spacing made one space), or a refusal: ``bad_payload``
    (not text), ``bad_text`` (control or text-direction characters) or ``text_too_long``."""
    if not isinstance(text, str):
        reject("bad_payload", f"The {what} must be text.")
    words = " ".join(unicodedata.normalize("NFC", text).split())
    if has_control(words):
        reject("bad_text", f"The {what} cannot contain control or text-direction characters.")
    if len(words) > limit:
        reject("text_too_long", f"The {what} has at most {limit} characters.")
    return words
