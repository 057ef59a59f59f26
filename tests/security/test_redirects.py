"""Open redirect after sign-in: `next` is read the way a browser would read it, then checked."""
from urllib.parse import urljoin, urlsplit

import pytest

from tests.security.conftest import PASSWORD, add_user

# Each would send the browser to evil.example (or run script) if taken at face value.
VARIANTS = [
    "//evil.example", "///evil.example", "////evil.example", "/\t/evil.example", "/%09/evil.example",
    "/\n/evil.example", "/\r\n/evil.example", "\n//evil.example", "/\\evil.example", "\\\\evil.example",
    "\\/evil.example", "/\\/evil.example", "\\evil.example", "https://evil.example", "http:evil.example",
    "https:/\\evil.example", "HTTPS://evil.example", " //evil.example", "\x00//evil.example",
    "\x1f//evil.example", "//evil.example/%2F..", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "\tjavascript:alert(1)", "data:text/html,hi", "/\u3000/evil.example", "／／evil.example",
    "/\u2215evil.example", "//evil。example", "/\u200b/evil.example", "//evil.example@localhost",
    "evil.example", "%2F%2Fevil.example", "/%2F%2Fevil.example", "/.//evil.example", "/\x0b/evil.example",
]
SAFE = ["/sessions", "/host/ABCDEF?x=1", "/decks/leaky-tent"]


def where_a_browser_goes(location: str) -> str:
    """The host a browser would navigate to: WHATWG drops tabs and newlines and reads \\ as /."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(urljoin("http://localhost/signin", cleaned.strip())).netloc


def sign_in_with_next(app, target: str):
    add_user(app)
    client = app.test_client()
    page = client.get("/signin", query_string={"next": target})
    assert page.status_code == 200
    return client.post("/signin", data={"username": "fac", "password": PASSWORD, "next": target})


@pytest.mark.parametrize("target", VARIANTS)
def test_sign_in_never_redirects_off_site_whatever_next_says(open_app, target):
    answer = sign_in_with_next(open_app, target)
    assert answer.status_code == 302  # never a 500, newline or not
    location = answer.headers["Location"]
    assert where_a_browser_goes(location) in ("", "localhost"), location
    assert urlsplit(location).scheme in ("", "http")
    assert not location.lower().lstrip().startswith(("javascript", "data"))


@pytest.mark.parametrize("target", SAFE)
def test_a_path_on_this_site_is_still_where_sign_in_goes(open_app, target):
    assert sign_in_with_next(open_app, target).headers["Location"] == target
