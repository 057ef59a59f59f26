"""A small JavaScript tokenizer for test_hardcoded_strings.py.

Babel's ``babel.messages.jslexer.tokenize`` did this until Babel deprecated it
as an implementation detail of its message extractor (a DeprecationWarning on
every call, and removal announced). This follows the same rules as that lexer
(BSD licence): names may be dotted (``el.textContent`` is one token),
template literals are one token, and a ``/`` is division after a value and the
start of a regular expression elsewhere. Comments are tokens, whitespace is not.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

OPERATORS = sorted([
    "+", "-", "*", "%", "!=", "==", "<", ">", "<=", ">=", "=", "+=", "-=", "*=", "%=", "<<", ">>", ">>>", "<<=",
    ">>=", ">>>=", "&", "&=", "|", "|=", "&&", "||", "^", "^=", "(", ")", "[", "]", "{", "}", "!", "--", "++", "~",
    ",", ";", ".", ":",
], key=len, reverse=True)

RULES: list[tuple[str | None, re.Pattern[str]]] = [
    (None, re.compile(r"\s+")),
    (None, re.compile(r"<!--[^\r\n]*")),
    ("linecomment", re.compile(r"//[^\r\n]*")),
    ("multilinecomment", re.compile(r"/\*.*?\*/", re.DOTALL)),
    ("name", re.compile(r"[\w$_][\w\d$_.]*[\w\d$_.]")),  # dotted names first
    ("name", re.compile(r"[\w$_][\w\d$_]*")),
    ("number", re.compile(r"(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?|0x[a-fA-F0-9]+")),
    ("operator", re.compile("|".join(re.escape(op) for op in OPERATORS))),
    ("template_string", re.compile(r"`(?:[^`\\]*(?:\\.[^`\\]*)*)`")),
    ("string", re.compile(r"""'(?:[^'\\]*(?:\\.[^'\\]*)*)'|"(?:[^"\\]*(?:\\.[^"\\]*)*)\"""", re.DOTALL)),
]
DIVISION = re.compile(r"/=?")
REGEXP = re.compile(r"/(?:[^/\\]*(?:\\.[^/\\]*)*)/[a-zA-Z]*", re.DOTALL)
NEWLINE = re.compile(r"\r\n|\n|\r")


class Token(NamedTuple):
    type: str
    value: str
    lineno: int


def _ends_a_value(token: Token) -> bool:
    """After a value, ``/`` divides; anywhere else it opens a regular expression."""
    if token.type == "operator":
        return token.value in (")", "]", "}", "++", "--")
    return token.type in ("name", "number", "string", "regexp")


def _next(source: str, pos: int, may_divide: bool) -> tuple[str | None, re.Match[str] | None]:
    for kind, rule in RULES:
        match = rule.match(source, pos)
        if match is not None:
            return kind, match
    if may_divide:
        return "operator", DIVISION.match(source, pos)
    return "regexp", REGEXP.match(source, pos)


def tokenize(source: str) -> Iterator[Token]:
    may_divide = False
    pos, lineno = 0, 1
    while pos < len(source):
        kind, match = _next(source, pos, may_divide)
        if match is None:  # not JavaScript we understand: skip one character
            pos += 1
            continue
        value = match.group()
        if kind is not None:
            token = Token(kind, value, lineno)
            may_divide = _ends_a_value(token)
            yield token
        lineno += len(NEWLINE.findall(value))
        pos = match.end()
