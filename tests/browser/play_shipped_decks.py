"""Play every shipped card once through the real UI, for a content review.

The facilitator's presenter page at 1920x1080 opens its projector window (the
page the room sees, also 1920x1080), and three phones at 360 px join and play
each deck in its own language on a live server started on a free port: every
page of the story, diagnose (marks, the live chart), draft (typed on the
phones), vote and every step of the reveal, for every card, then the final
leaderboard. It screenshots each screen (the presenter's notes too) and reports
a page wider than the phone, a heading, option or team name on the phone broken
inside a word, projector text under 24 px (28 px for body text) or outside its
box, and browser errors. Not a pytest test (it takes minutes):
run it after changing a deck. The closing promises activity is played by
tests/browser/test_promises.py.

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
from tests.browser.checks import BROKEN_WORDS, MEASURE  # noqa: E402
from tests.browser.conftest import ARGS, CHROMIUM, new_page, sign_in_through_the_form  # noqa: E402
from tests.protocol.live import LiveServer  # noqa: E402

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 780}
ARGV = sys.argv[1:]
OUT = Path(ARGV[ARGV.index("--out") + 1]) if "--out" in ARGV else ROOT / "test-output" / "decks"
DECKS = [a for i, a in enumerate(ARGV) if a != "--out" and (i == 0 or ARGV[i - 1] != "--out")] or sorted(
    path.stem for path in (ROOT / "scenarios").glob("*.toml") if not path.stem.startswith("our-promises"))
TEXT = {
    "en": {"response": "We are so sorry this happened, and it is ours to put right. What would help you most now? "
                       "We can do it today, and we will tell you by tonight what we changed so it does not happen "
                       "again.",
           "promise": "We listen first, we own the problem, and we fix it the way that suits you, the same day.",
           "we_do": "Listen without interrupting\nOffer two ways to fix it\nCall back when it is done",
           "we_dont": "Blame the customer\nStart with what is not possible\nGive a lesson for next time"},
    "nl": {"response": "Wat vervelend dat dit is gebeurd, en het is aan ons om het recht te zetten. Waar bent u nu "
                       "het meest mee geholpen? We regelen het vandaag, en vanavond hoort u wat we veranderen zodat "
                       "het niet nog eens gebeurt.",
           "promise": "We luisteren eerst, we nemen het probleem op ons, en lossen het dezelfde dag op zoals het u "
                      "uitkomt.",
           "we_do": "Luisteren zonder te onderbreken\nTwee oplossingen aanbieden\nTerugbellen als het klaar is",
           "we_dont": "De klant de schuld geven\nBeginnen met wat niet kan\nEen lesje geven voor de volgende keer"},
}
problems = []


def fits(page, where):
    if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        problems.append(f"{where}: horizontal overflow ({page.evaluate('document.documentElement.scrollWidth')} px)")
    broken = page.evaluate(BROKEN_WORDS, "h1, h2, h3, .toggle, .entry-team, .entry-score, .draft-label")
    if broken:
        problems.append(f"{where}: a word broken across lines in {broken[:3]}")


def readable(screen, where):
    screen.wait_for_timeout(400)  # the fit runs in the next animation frames
    measured = screen.evaluate(MEASURE)
    for kind in ("small", "overflow"):
        if measured[kind]:
            problems.append(f"{where}: projector {kind}: {measured[kind][:3]}")


def shoot(page, folder, name, full=False):
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full)


def press_next(presenter):
    presenter.click(".hc-main button.btn-primary:not([hidden])")


def step_count(screen, selector):
    """'2 / 3' -> (2, 3) for a story page or a reveal step; (1, 1) when there is no counter."""
    element = screen.query_selector(selector)
    text = element.inner_text() if element else "1 / 1"
    current, total = (int(n) for n in text.split("/"))
    return current, total


def walk_steps(presenter, screen, folder, tag, counter, where):
    """Screenshot every page or step, pressing Next between them; stop on the last."""
    while True:
        current, total = step_count(screen, counter)
        shoot(screen, folder, f"{tag}-{current}")
        readable(screen, f"{where} {current}/{total}")
        if current >= total:
            return
        press_next(presenter)
        screen.wait_for_selector(f"{counter}:text-is('{current + 1} / {total}')")


def play_card(presenter, screen, phones, folder, tag, deck_id, language):
    screen.wait_for_selector(".p-story")
    for i, phone in enumerate(phones):
        phone.wait_for_selector(".screen-story")
        shoot(phone, folder, f"{tag}-2-phone{i}-story", full=True)
        fits(phone, f"{deck_id} {tag} phone{i} story")
    walk_steps(presenter, screen, folder, f"{tag}-1-projector-story", ".p-story-page", f"{deck_id} {tag} story")
    press_next(presenter)
    screen.wait_for_selector(".p-diagnose")
    for i, phone in enumerate(phones):
        phone.wait_for_selector(".screen-diagnose")
        if i == 0:
            shoot(phone, folder, f"{tag}-3-phone-diagnose", full=True)
            fits(phone, f"{deck_id} {tag} phone diagnose")
            print(deck_id, tag, "options:", [t.inner_text() for t in phone.query_selector_all(".toggle")])
        for toggle in phone.query_selector_all(".toggle")[i:i + 2]:
            toggle.click()
    shoot(phones[1], folder, f"{tag}-3b-phone-diagnose-marked", full=True)
    screen.wait_for_selector(".p-progress.is-everyone")  # the diagnose stays open for the talk
    shoot(screen, folder, f"{tag}-4-projector-diagnose-chart")
    readable(screen, f"{deck_id} {tag} diagnose chart")
    shoot(presenter, folder, f"{tag}-4b-presenter-diagnose-notes", full=True)
    press_next(presenter)
    screen.wait_for_selector(".p-draft")
    for i, phone in enumerate(phones):
        phone.wait_for_selector(".screen-draft")
        phone.wait_for_selector("#draft-promise:enabled")
        if i < 2:  # two teams: the first two phones write for them
            for name, text in TEXT[language].items():
                if phone.query_selector(f"#draft-{name}"):
                    phone.fill(f"#draft-{name}", f"{text} ({i + 1})" if name == "promise" else text)
    phones[0].wait_for_timeout(800)
    shoot(phones[0], folder, f"{tag}-6-phone-draft", full=True)
    fits(phones[0], f"{deck_id} {tag} phone draft")
    shoot(screen, folder, f"{tag}-5-projector-draft")
    readable(screen, f"{deck_id} {tag} draft")
    press_next(presenter)
    screen.wait_for_selector(".p-vote")
    readable(screen, f"{deck_id} {tag} vote")
    for phone in phones:
        phone.wait_for_selector(".screen-vote")
        buttons = phone.query_selector_all(".vote-button:not([disabled])")
        if buttons:
            buttons[0].click()
    shoot(phones[0], folder, f"{tag}-7-phone-vote", full=True)
    fits(phones[0], f"{deck_id} {tag} phone vote")
    try:
        screen.wait_for_selector(".p-steps", timeout=8000)  # everyone voted: the vote closes early
    except Exception:
        press_next(presenter)
        screen.wait_for_selector(".p-steps")
    for phone in phones:
        phone.wait_for_selector(".screen-reveal")
    shoot(phones[0], folder, f"{tag}-9-phone-reveal", full=True)
    fits(phones[0], f"{deck_id} {tag} phone reveal")
    shoot(presenter, folder, f"{tag}-8b-presenter-reveal", full=True)
    walk_steps(presenter, screen, folder, f"{tag}-8-projector-reveal", ".p-step-count", f"{deck_id} {tag} reveal")


def play_deck(browser, live, deck_id):
    language = deck_id[-2:]
    folder = OUT / deck_id
    folder.mkdir(parents=True, exist_ok=True)
    presenter = new_page(browser, PROJECTOR, locale="nl-NL" if language == "nl" else "en-US")
    presenter.goto(live.url + "/host/new")
    if "signin" in presenter.url:
        sign_in_through_the_form(presenter)
    presenter.check(f"input[name=deck_id][value={deck_id}]")
    presenter.fill("#team-count", "2")
    presenter.click("#new-submit")
    presenter.wait_for_url(re.compile(r".*/host/[A-Z0-9]{6}$"))
    code = presenter.url.rstrip("/").split("/")[-1]
    with presenter.context.expect_page() as opened:
        presenter.click("#open-projector")
    screen = opened.value
    screen.set_viewport_size(PROJECTOR)
    screen.wait_for_selector(".p-code")
    phones = []
    for name in ("Anna", "Bram", "Chloé"):
        phone = new_page(browser, PHONE, locale="nl-NL" if language == "nl" else "en-US")
        phone.goto(f"{live.url}/play/{code}")
        phone.fill("#name", name)
        phone.click("button[type=submit]")
        phone.wait_for_selector(".screen-lobby")
        phones.append(phone)
    screen.wait_for_function("() => document.body.innerText.includes('Chloé')")
    shoot(screen, folder, "lobby-projector")
    press_next(presenter)  # start
    cards = 0
    while True:
        play_card(presenter, screen, phones, folder, f"card{cards}", deck_id, language)
        cards += 1
        press_next(presenter)  # the next card, or the end
        screen.wait_for_selector(".p-story, .p-steps[data-step='final']")
        if screen.query_selector(".p-story") is None:
            break
    shoot(screen, folder, "end-projector")
    readable(screen, f"{deck_id} final")
    for page in [presenter, screen, *phones]:
        errors = [e for e in getattr(page, "js_errors", []) if "409" not in e]
        if errors:
            problems.append(f"{deck_id}: JS errors {errors[:3]}")
    print(deck_id, "played", cards, "cards")
    for page in [presenter, *phones]:
        page.context.close()
    return cards


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
