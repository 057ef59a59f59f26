"""Play every shipped card once through the real UI, for a content review.

The host page (presenter view with the projector screen) at 1920x1080 and three
phones at 360 px play each deck in its own language on a live server started on
a free port: story, diagnose (the live chart), draft, vote and reveal of every
card. It screenshots each screen and reports horizontal overflow and browser
errors. Not a pytest test (it takes minutes): run it after changing a deck.

    .venv/bin/python tests/browser/play_shipped_decks.py [deck-id ...] [--out DIR]

Screenshots go to test-output/decks/<deck-id>/ unless --out names a folder.
"""
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402 (after the path above)

from tests.accounts import create_account  # noqa: E402
from tests.browser.conftest import ARGS, CHROMIUM, new_page, sign_in_through_the_form  # noqa: E402
from tests.protocol.live import LiveServer  # noqa: E402

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 780}
ARGV = sys.argv[1:]
OUT = Path(ARGV[ARGV.index("--out") + 1]) if "--out" in ARGV else ROOT / "test-output" / "decks"
DECKS = [a for i, a in enumerate(ARGV) if a != "--out" and (i == 0 or ARGV[i - 1] != "--out")] or sorted(
    path.stem for path in (ROOT / "scenarios").glob("*.toml"))
problems = []


def fits(page, where):
    if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        problems.append(f"{where}: horizontal overflow ({page.evaluate('document.documentElement.scrollWidth')} px)")


def next_phase(host):
    host.click(".hc-main button:not([hidden])")


def shoot(page, folder, name, full=False):
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full)


def play_deck(browser, live, deck_id):
    language = deck_id[-2:]
    locale = "nl-NL" if language == "nl" else "en-US"
    folder = OUT / deck_id
    folder.mkdir(parents=True, exist_ok=True)
    host = new_page(browser, PROJECTOR, locale=locale)
    host.goto(live.url + "/host/new")
    if "signin" in host.url:
        sign_in_through_the_form(host)
    host.check(f"input[name=deck_id][value={deck_id}]")
    host.fill("#team-count", "2")
    host.click("#new-submit")
    host.wait_for_url(re.compile(r".*/host/[A-Z0-9]{6}$"))
    code = host.url.rstrip("/").split("/")[-1]
    host.wait_for_selector(".p-code")
    phones = []
    for name in ("Anna", "Bram", "Chloe"):
        phone = new_page(browser, PHONE, locale=locale)
        phone.goto(f"{live.url}/play/{code}")
        phone.fill("#name", name)
        phone.click("button[type=submit]")
        phone.wait_for_selector(".screen-lobby")
        phones.append(phone)
    host.wait_for_function("() => document.body.innerText.includes('Chloe')")
    host.click(".hc-main button:not([hidden])")  # start
    card = 0
    while True:
        tag = f"card{card}"
        host.wait_for_selector(".p-story")
        for phone in phones:
            phone.wait_for_selector(".screen-story")
        time.sleep(0.5)
        shoot(host, folder, f"{tag}-1-projector-story")
        for i, phone in enumerate(phones):
            shoot(phone, folder, f"{tag}-2-phone{i}-story", full=True)
            fits(phone, f"{deck_id} {tag} phone{i} story")
        fits(host, f"{deck_id} {tag} projector story")
        next_phase(host)
        host.wait_for_selector(".p-diagnose")
        for i, phone in enumerate(phones):
            phone.wait_for_selector(".screen-diagnose")
            toggles = phone.query_selector_all(".toggle")
            if i == 0:
                shoot(phone, folder, f"{tag}-3-phone-diagnose", full=True)
                fits(phone, f"{deck_id} {tag} phone diagnose")
                labels = [t.inner_text() for t in toggles]
                print(deck_id, tag, "options:", labels)
            for t in toggles[i:i + 2]:
                t.click()
            if i == 1:
                time.sleep(1.2)
                shoot(host, folder, f"{tag}-4-projector-diagnose-chart")
                fits(host, f"{deck_id} {tag} projector diagnose")
        shoot(phones[1], folder, f"{tag}-3b-phone-diagnose-marked", full=True)
        # the phase may close by itself once everyone marked; otherwise move on by hand
        try:
            host.wait_for_selector(".p-draft", timeout=6000)
        except Exception:
            next_phase(host)
            host.wait_for_selector(".p-draft")
        shoot(host, folder, f"{tag}-5-projector-draft")
        for i, phone in enumerate(phones):
            phone.wait_for_selector(".screen-draft")
            if i < 2:
                for field in phone.query_selector_all("textarea.draft-input"):
                    field.fill(f"Team text {i} for {field.get_attribute('name')}")
        phones[0].wait_for_timeout(800)
        shoot(phones[0], folder, f"{tag}-6-phone-draft", full=True)
        fits(phones[0], f"{deck_id} {tag} phone draft")
        next_phase(host)
        host.wait_for_selector(".p-vote")
        for phone in phones:
            phone.wait_for_selector(".screen-vote")
            buttons = phone.query_selector_all(".vote-button:not([disabled])")
            if buttons:
                buttons[0].click()
        shoot(phones[0], folder, f"{tag}-7-phone-vote", full=True)
        try:
            host.wait_for_selector(".p-reveal", timeout=8000)
        except Exception:
            next_phase(host)
            host.wait_for_selector(".p-reveal")
        for phone in phones:
            phone.wait_for_selector(".screen-reveal")
        time.sleep(0.5)
        shoot(host, folder, f"{tag}-8-projector-reveal")
        shoot(host, folder, f"{tag}-8b-host-reveal-full", full=True)
        shoot(phones[0], folder, f"{tag}-9-phone-reveal", full=True)
        fits(phones[0], f"{deck_id} {tag} phone reveal")
        card += 1
        next_phase(host)
        time.sleep(1.0)
        if host.query_selector(".p-story") is None:
            break
    shoot(host, folder, "end-projector")
    for page in [host, *phones]:
        errors = [e for e in page.js_errors if "409" not in e]
        if errors:
            problems.append(f"{deck_id}: JS errors {errors[:3]}")
    print(deck_id, "played", card, "cards")
    for page in [host, *phones]:
        page.context.close()
    return card


class PatientServer(LiveServer):
    """A live server that waits up to 90 seconds to come up: a busy machine can need more than 20."""

    def start(self) -> "PatientServer":
        create_account(self.env["DATABASE_URL"])
        self.process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=self.env,
                                        stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while time.time() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.url + "/api/decks", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.3)
        self.stop(kill=True)
        raise RuntimeError("server did not start:\n" + self.log.read_text())


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        live = PatientServer(Path(tmp), "eventlet", grace=1).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                for deck_id in DECKS:
                    try:
                        play_deck(browser, live, deck_id)
                    except Exception as error:
                        problems.append(f"{deck_id}: {type(error).__name__}: {error}"[:400])
                browser.close()
        finally:
            live.stop()
    print("PROBLEMS:" if problems else "no problems", *problems, sep="\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
