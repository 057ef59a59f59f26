"""A Dutch phone in an English session: the phone speaks Dutch, the projector English, and the switch sticks."""
import re

from babel.messages.pofile import read_po

from game.web.i18n import po_path
from tests.browser.checks import BROKEN_WORDS
from tests.browser.conftest import PHONE, PROJECTOR, new_page, sign_in_through_the_form
from tests.protocol.live import Client
from tests.protocol.test_drafts import to_draft


def catalog(language: str) -> dict[str, str]:
    with po_path(language).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=language) if m.id}


EN, NL = catalog("en"), catalog("nl")


def fixed_part(text: str) -> str:
    """The longest stretch of a text without placeholders (what shows whatever fills them)."""
    return max(re.split(r"\{\w+\}", text), key=len).strip()


def shows(page, key: str, texts: dict[str, str]) -> None:
    """Wait until the page shows key's text in that language (textContent: CSS may change the case)."""
    expected = fixed_part(texts[key])
    other = fixed_part((NL if texts is EN else EN)[key])
    assert expected != other, f"{key} reads the same in both languages; pick another key"
    page.wait_for_function("text => document.body.textContent.includes(text)", arg=expected, timeout=10000)


def speaks(page, language: str) -> None:
    page.wait_for_selector(f"html[lang={language}]", state="attached")


def next_phase(host):
    host.click(".hc-main button.btn-primary:not([hidden])")


def test_a_dutch_phone_plays_an_english_session_and_switches_to_english(browser, live, shots):
    host = new_page(browser, PROJECTOR)
    host.goto(live.url + "/host/new")
    sign_in_through_the_form(host)
    host.check("input[name=deck_id][value=cx-ecosystem-en]")
    host.fill("#team-count", "2")
    host.select_option("#session-language", "en")
    host.locator("#new-submit").scroll_into_view_if_needed()
    shots(host, "00-host-new")
    host.click("#new-submit")
    host.wait_for_url(re.compile(r".*/host/[A-Z0-9]{6}$"))
    code = host.url.rstrip("/").split("/")[-1]
    host.wait_for_selector(".p-code")
    speaks(host, "en")

    # The phone's browser asks for Dutch (Accept-Language nl-NL): join, name step and lobby in Dutch.
    phone = new_page(browser, PHONE, locale="nl-NL")
    phone.goto(live.url + "/")
    speaks(phone, "nl")
    shows(phone, "join.code_submit", NL)
    shots(phone, "00-landing-nl")
    phone.fill("#code", code)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#name")
    speaks(phone, "nl")
    shows(phone, "join.name_label", NL)
    shows(phone, "join.name_submit", NL)
    shots(phone, "01-name-nl")
    phone.fill("#name", "Daan")
    phone.click("button[type=submit]")
    phone.wait_for_selector(".screen-lobby")
    shows(phone, "lobby.you_are_in", NL)
    shows(phone, "lobby.your_team", NL)
    shots(phone, "02-lobby-nl")

    other = new_page(browser, PHONE)
    other.goto(f"{live.url}/play/{code}")
    other.fill("#name", "Emma")
    other.click("button[type=submit]")
    other.wait_for_selector(".screen-lobby")
    shows(other, "lobby.you_are_in", EN)
    host.wait_for_function("() => document.body.innerText.includes('Emma') && document.body.innerText.includes('Daan')")

    host.click(f"text={EN['controls.start']}")
    phone.wait_for_selector(".screen-story")
    shows(phone, "phase.story", NL)
    shots(phone, "03-story-nl")

    next_phase(host)
    for page in (phone, other):
        page.wait_for_selector(".screen-diagnose")
        page.query_selector_all(".toggle")[0].click()
    shows(phone, "diagnose.hint", NL)
    shots(phone, "04-diagnose-nl")

    # Everyone ticked: the diagnose stays open until the facilitator moves on.
    host.wait_for_selector(".p-progress.is-everyone")
    next_phase(host)
    phone.wait_for_selector(".screen-draft", timeout=15000)
    other.wait_for_selector(".screen-draft")
    shows(phone, "draft.title", NL)
    shows(phone, "draft.submit", NL)
    shows(phone, "draft.field.promise", NL)
    phone.fill("#draft-promise", "We bellen binnen een uur terug")
    other.fill("#draft-promise", "We call back within the hour")
    shots(phone, "05-draft-nl")
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    shots(phone, "05b-draft-nl-bottom")  # the longer Dutch labels and the switch at the foot of the page

    # The switch: English now, same seat, the draft just typed kept.
    phone.click(".lang-switch button[lang=en]")
    speaks(phone, "en")
    phone.wait_for_selector(".screen-draft")
    shows(phone, "draft.title", EN)
    # The field opens for typing once the reloaded page has the team's document from the server.
    phone.wait_for_selector("#draft-promise:enabled")
    assert phone.input_value("#draft-promise") == "We bellen binnen een uur terug"
    assert "Daan" in phone.inner_text(".bar-name")
    assert phone.query_selector("#name") is None
    assert phone.get_attribute(".lang-switch button[lang=en]", "aria-pressed") == "true"
    shots(phone, "06-draft-switched-en")
    phone.reload()
    speaks(phone, "en")
    phone.wait_for_selector(".screen-draft")
    shows(phone, "draft.submit", EN)

    # ... and back to Dutch for the vote.
    phone.click(".lang-switch button[lang=nl]")
    speaks(phone, "nl")
    phone.wait_for_selector(".screen-draft")
    shows(phone, "draft.title", NL)

    next_phase(host)
    for page in (phone, other):
        page.wait_for_selector(".screen-vote")
    shows(phone, "vote.title", NL)
    shows(phone, "vote.own_disabled", NL)
    shots(phone, "07-vote-nl")
    for page in (phone, other):
        page.query_selector_all(".vote-button:not([disabled])")[0].click()
    phone.wait_for_selector(".screen-reveal", timeout=15000)
    shows(phone, "reveal.title", NL)
    shows(phone, "leaderboard.title", NL)
    shots(phone, "08-reveal-nl")

    # The projector stayed English all along, whatever the Dutch phone did.
    speaks(host, "en")
    shows(host, "controls.end", EN)
    assert NL["controls.end"] not in host.text_content("body")
    shots(host, "09-projector-en")

    for page in (host, phone, other):
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.js_errors == []


def test_a_dutch_reveal_at_360_px_keeps_team_names_whole_beside_their_votes_and_points(browser, live, shots):
    """'Zeegroen' beside '2 stemmen · 100 punten' was squeezed to two letters a line ("Ze/eg/ro/en"):
    the score now goes below the name when both do not fit."""
    created = live.create("complaints-at-the-counter-nl", team_count=2)
    code, token = created["code"], created["host_token"]
    host = Client(live, code, token, "host").connect()
    phone = new_page(browser, PHONE, locale="nl-NL")
    phone.set_viewport_size({"width": 360, "height": 780})
    phone.goto(f"{live.url}/play/{code}")
    phone.fill("#name", "Anna")
    phone.click("button[type=submit]")
    phone.wait_for_selector(".screen-lobby")
    others = [Client(live, code, live.join(code, name)["token"], name).connect() for name in ("Bram", "Chloé")]
    to_draft(host, others)
    for player in others:
        assert player.type("promise", f"We luisteren eerst, en lossen het dezelfde dag op ({player.name})")["ok"]
    host.control("next")
    phone.wait_for_selector(".screen-vote")
    phone.query_selector_all(".vote-button:not([disabled])")[0].click()
    for player in others:
        team = player.view["team"]
        player.call("vote", entry_id=next(e for e in team["ballot_order"] if e != team["own_entry"]))
    host.control("next")
    phone.wait_for_selector(".screen-reveal .entry-team")
    shots(phone, "reveal-nl-360")
    names = phone.eval_on_selector_all(".entry-team", "els => els.map((e) => e.textContent)")
    assert "Zeegroen" in names
    assert phone.evaluate(BROKEN_WORDS, ".entry-team, .entry-score") == []
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for player in others:
        player.disconnect()
