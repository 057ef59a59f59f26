"""Browser tests: Playwright driving Debian's Chromium against a live server."""
from pathlib import Path

import pytest

from tests.accounts import FACILITATOR
from tests.protocol.live import LiveServer

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Browser tests need Debian's chromium at /usr/bin/chromium (./dev test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live(tmp_path):
    # The shipped decks, eventlet as in production, and a short grace so early ends are quick.
    server = LiveServer(tmp_path, "eventlet", grace=1).start()
    yield server
    server.stop()


@pytest.fixture
def shots(request):
    folder = SHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"))
    shoot.folder = folder  # for pictures made otherwise (a printed PDF's pages)
    return shoot


# Every page a test opens, so the test fails afterwards if any broke the Content-Security-Policy.
_PAGES: list = []


@pytest.fixture(autouse=True)
def no_content_security_policy_violations():
    _PAGES.clear()
    yield
    violations = [text for page in _PAGES for text in page.csp_violations]
    _PAGES.clear()
    assert not violations, f"the page broke its Content-Security-Policy: {violations}"


def new_page(browser, size: dict, locale: str = "en-US"):
    context = browser.new_context(viewport=size, locale=locale, device_scale_factor=1)
    # Chromium reports a violation on the console too, but the event names the directive for sure.
    context.add_init_script("document.addEventListener('securitypolicyviolation', (e) => console.error("
                            "`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`));")
    page = context.new_page()
    errors: list[str] = []
    violations: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(message.text)
            if "CSP violation" in message.text or "Content Security Policy" in message.text:
                violations.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
    page.js_errors = errors
    page.csp_violations = violations
    _PAGES.append(page)
    return page


def sign_in_through_the_form(page, username: str = FACILITATOR[0], password: str = FACILITATOR[1]) -> None:
    """On the sign-in page (where a guarded page sends a visitor), sign in and land where it was going."""
    page.wait_for_selector("#signin-form")
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("#signin-submit")
