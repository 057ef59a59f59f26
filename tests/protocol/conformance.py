"""Conformance tests follow docs/protocol.md section by section: each names its section.

``@section("Client to server")`` marks a test with the heading it checks and fails at import
when docs/protocol.md has no such heading, so a renamed section cannot leave tests pointing
nowhere. tests/protocol/test_docs_conformance.py reads the marks back.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def headings() -> list[str]:
    return [m.group(2).strip() for m in re.finditer(r"^(#{2,4}) (.+)$", DOCS.read_text(encoding="utf-8"), re.M)]


def section(name: str):
    if name not in headings():
        raise AssertionError(f"docs/protocol.md has no section {name!r}")
    return pytest.mark.protocol_section(name)
