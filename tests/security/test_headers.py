"""Security headers on every response: no framing, no sniffing, no inline script, a Referrer-Policy."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("method, path", [
    ("GET", "/"), ("GET", "/play"), ("GET", "/signin"), ("GET", "/api/decks"), ("GET", "/static/js/dom.js"),
    ("GET", "/no/such/page"), ("GET", "/host/ABCDEF"), ("GET", "/api/sessions/ZZZZZZ"), ("POST", "/signin"),
    ("GET", "/sessions"), ("GET", "/setup"),
])
def test_every_response_carries_the_security_headers(app, method, path):
    answer = app.test_client().open(path, method=method)
    answer.close()  # a static file's response holds the file open until closed
    policy = directives(answer.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"


def test_a_refused_oversized_body_carries_them_too(app):
    answer = app.test_client().post("/signin", data=b"x" * (70 * 1024), content_type="application/octet-stream")
    assert answer.status_code == 413
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]


def test_no_page_has_inline_script_inline_styles_or_event_handler_attributes():
    """What the policy would block in a browser (tests/browser fails on any violation as well)."""
    found = []
    for template in sorted((ROOT / "templates").glob("*.html")):
        html = template.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", html):
            attributes = match.group(1)
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                found.append(f"{template.name}: inline <script{attributes}>")
        found += [f"{template.name}: {m.group(0)}" for m in re.finditer(r"<style\b|\sstyle=|\son[a-z]+=", html)]
        found += [f"{template.name}: javascript: URL" for _ in re.finditer(r"javascript:", html)]
    assert found == []
