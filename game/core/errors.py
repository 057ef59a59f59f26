"""Rejections: a stable snake_case code for clients plus a sentence for people."""
from __future__ import annotations

from typing import NoReturn


class Rejected(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def reject(code: str, message: str) -> NoReturn:
    raise Rejected(code, message)
