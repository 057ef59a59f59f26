"""Player names: what is refused, and when two names count as the same.

A name is shown on every phone and the projector, so it must be visible text:
control characters (a BEL or an ESC would reach the exports raw) and bidi
controls (U+202E turns the rest of a line around) are refused, and so is a
name with nothing visible left once invisible and format characters are taken
out. Two names are the same when their keys are: case, width (full-width
"Ａｎａ"), spacing and invisible characters ("A\\u200dna") make no difference.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from .errors import reject
from .state import NAME_MAX
from .text import has_control

# Letters and symbols that draw nothing: Hangul fillers, the braille blank, the
# combining grapheme joiner, the Mongolian vowel separator.
BLANKS = frozenset("\u034f\u115f\u1160\u3164\uffa0\u2800\u180e")


def _blank(ch: str) -> bool:
    """Draws nothing of its own: spacing, a format character, a filler."""
    return ch in BLANKS or ch.isspace() or unicodedata.category(ch) == "Cf"


def _invisible(ch: str) -> bool:
    """Draws nothing on its own (combining marks only decorate a letter before them)."""
    return _blank(ch) or unicodedata.category(ch) in ("Mn", "Me")


def clean_name(name: object) -> str:
    """The name as stored (NFC, runs of spacing made one space), or a refusal:
    ``bad_name`` (not text, control or bidi characters, nothing visible),
    ``name_empty`` (nothing but spacing) or ``name_too_long`` (over NAME_MAX)."""
    if not isinstance(name, str):
        reject("bad_name", "A name must be text.")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        reject("name_empty", "Please type a name.")
    if len(name) > NAME_MAX:
        reject("name_too_long", f"Use at most {NAME_MAX} characters.")
    if has_control(name):
        reject("bad_name", "A name cannot contain control or text-direction characters.")
    if all(_invisible(ch) for ch in name):
        reject("bad_name", "A name needs at least one visible character.")
    return name


@lru_cache(maxsize=8192)  # a join storm compares each new name with every name so far
def name_key(name: str) -> str:
    """What two names must share to be the same name: no case, width, spacing or invisibles."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in unicodedata.normalize("NFKC", folded) if not _blank(ch))
