"""The projector in a real room: it shows only what the room may see, readable from the back row.

A facilitator's presenter page (projector-safe mode) and the projector page (/host/CODE/screen)
follow a round played by three teams with long, realistic drafts, in English and in Dutch. In every
phase and every step, and after a reload, the projector's document holds no facilitator notes, no
model answer before the reveal and no authorship before the reveal, and every visible text is at
least 24 px (28 px for body text) at 1920x1080 with nothing clipped or overflowing.
"""
import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import segno

from game.store.deck_files import load_library
from game.web.reachable import is_loopback
from tests.browser.checks import MEASURE
from tests.browser.conftest import PROJECTOR, new_page
from tests.protocol.live import Client

LIBRARY = load_library(Path(__file__).resolve().parents[2] / "scenarios")

LONG = {
    "en": {
        "response": ("I am so sorry: two nights on a leaking bed with rain coming in is miserable, and not what "
                     "you bought them for. Thank you for bringing them straight back. You don't have to prove "
                     "anything: we believe you. Shall I refund the tent right away, or would you rather have a new "
                     "one sent home? The air beds are sold out here, but I can order one on the tablet now and "
                     "have it delivered. Our full return conditions are at https://www.example-outdoor-shop.com/"
                     "service/returns-and-refunds-policy-for-camping-equipment if you want to read them later."),
        "promise": "We listen first, we believe you, and we fix it the way that suits you best, the same day.",
        "we_do": "Listen without interrupting\nSay sorry for the trouble\nOffer two ways to fix it\n"
                 "Check the fix suits the customer\nOffer further help and stop there",
        "we_dont": "Blame the customer\nStart with what is not possible\nGive a lesson for next time\n"
                   "Pass them to another desk\nHide behind the rules",
    },
    "nl": {
        "response": ("Wat vervelend, twee nachten op een lekkend luchtbed en regen in de tent: dat is ellendig, en "
                     "niet waarvoor u ze kocht. Fijn dat u ze meteen terugbrengt. U hoeft niets te bewijzen: we "
                     "geloven u. Zal ik de tent direct terugbetalen, of stuurt u liever een nieuwe naar huis? De "
                     "luchtbedden zijn hier uitverkocht, maar ik bestel er nu een op de tablet. Onze "
                     "klantenservicemedewerkersopleidingsprogramma's en retourvoorwaarden staan op "
                     "https://www.voorbeeld-buitensportwinkel.nl/klantenservice/retourneren-en-terugbetalen"),
        "promise": "We luisteren eerst, we geloven u, en we lossen het op zoals het u het beste uitkomt, dezelfde dag.",
        "we_do": "Luisteren zonder te onderbreken\nSorry zeggen voor het ongemak\nTwee oplossingen aanbieden\n"
                 "Nagaan of de oplossing past\nVerdere hulp aanbieden en daar stoppen",
        "we_dont": "De klant de schuld geven\nBeginnen met wat niet kan\nEen lesje geven voor de volgende keer\n"
                   "Doorverwijzen naar een andere balie\nOns verschuilen achter de regels",
    },
}


def secrets_of(deck, card_index: int) -> list[str]:
    notes = deck.cards[card_index].notes
    return [text for text in [notes.lesson, *notes.tips, *notes.questions] if text and len(text) > 12]


def check(page, secrets: list[str], forbidden: list[str], where: str) -> None:
    """No secret in the page's document (text, attributes, scripts); nothing small or overflowing."""
    html = page.content()
    leaked = [s[:40] for s in secrets + forbidden if s in html]
    assert leaked == [], f"{where}: the projector holds {leaked}"
    measured = page.evaluate(MEASURE)
    assert measured["small"] == [], f"{where}: text too small: {measured['small'][:5]}"
    assert measured["overflow"] == [], f"{where}: {measured['overflow'][:5]}"


def settle(page) -> None:
    page.wait_for_timeout(400)  # the fit runs in the next animation frames


def joins_from_a_phone(screen, live, code: str) -> None:
    """Opened as http://127.0.0.1:PORT, the projector's join URL and QR code still point where phones can go."""
    url = screen.inner_text(".p-join-url")
    host = urlsplit(url).hostname
    assert url.endswith(f"/play/{code}")
    if is_loopback(host):  # a machine without any network: then the projector must say so
        assert screen.is_visible(".p-warning")
    else:
        assert not screen.is_visible(".p-warning")
    qr = requests.get(f"{live.url}/api/sessions/{code}/qr.svg", timeout=5).text
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=2, xmldecl=False, svgns=True)
    assert qr == buffer.getvalue().decode("utf-8"), "the QR code encodes the join URL on the screen"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_projector_shows_only_what_the_room_may_see_and_is_readable_from_the_back_row(
        browser, live, shots, language):
    deck_id = f"complaints-at-the-counter-{language}"
    deck = LIBRARY.decks[deck_id]
    created = live.create(deck_id, team_count=3)
    code, token = created["code"], created["host_token"]
    host = Client(live, code, token, "host").connect()
    players = []
    for i in range(3):
        seat = live.join(code, f"Speler {i}")
        players.append(Client(live, code, seat["token"], f"p{i}").connect())

    screen = new_page(browser, PROJECTOR)
    frames: list[str] = []
    screen.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    screen.goto(f"{live.url}/host/{code}/screen#token={token}")
    screen.wait_for_selector(".p-code")
    assert "token" not in screen.url
    presenter = new_page(browser, PROJECTOR)
    presenter.goto(f"{live.url}/host/{code}#token={token}")
    presenter.wait_for_selector(".hc-pace")
    assert presenter.evaluate("document.body.dataset.mode") == "safe"

    def look(name: str, secrets: list[str], forbidden: list[str], reload: bool = False) -> None:
        settle(screen)
        shots(screen, f"{language}-{name}")
        check(screen, secrets, forbidden, f"{language} {name}")
        html = presenter.content()
        assert [s[:40] for s in secrets if s in html] == [], f"{name}: the projector-safe presenter shows notes"
        if reload:
            screen.reload()
            screen.wait_for_selector(f".stage[data-phase='{host.session['phase']}']")
            settle(screen)
            check(screen, secrets, forbidden, f"{language} {name} after a reload")

    look("01-lobby", secrets_of(deck, 0), [])
    joins_from_a_phone(screen, live, code)
    model = deck.cards[0].model_response.strip().splitlines()[0][:60]
    host.control("start")
    screen.wait_for_selector(".p-story")
    look("02-story", secrets_of(deck, 0), [model], reload=True)
    host.control("next")
    screen.wait_for_selector(".p-diagnose")
    for player in players:
        options = [o["id"] for o in player.session["card"]["diagnose"]["options"]]
        player.call("diagnose", options=options[:2])
    screen.wait_for_selector(".p-progress.is-everyone")
    look("03-diagnose-everyone-answered", secrets_of(deck, 0), [model], reload=True)
    assert host.session["phase"] == "diagnose"  # it stays open for the talk

    host.control("next")
    screen.wait_for_selector(".p-draft")
    teams = {}
    promises = []
    for i, player in enumerate(players):
        player.wait_phase("draft")
        team = player.view["team"]
        teams[team["id"]] = team["name"]
        for field, text in LONG[language].items():
            # Each team's own words: on the projector before the vote they would betray who wrote what.
            text = f"{i + 1}. {text}" if field == "promise" else text
            ack = player.type(field, text)
            assert ack["ok"], ack
            if field == "promise":
                promises.append(text)
    look("04-draft", secrets_of(deck, 0), [model, *promises], reload=True)

    host.control("next")
    screen.wait_for_selector(".p-vote")
    look("05-vote", secrets_of(deck, 0), [model, *teams.values()], reload=True)
    before_reveal = "".join(frames)
    assert [s[:40] for s in secrets_of(deck, 0) + [model] if s in before_reveal] == []

    for player in players:
        team = player.view["team"]
        entry = next(e for e in team["ballot_order"] if e != team["own_entry"])
        player.call("vote", entry_id=entry)
    host.control("next")
    screen.wait_for_selector(".p-steps")
    for step in range(6):  # three drafts, the chart, the model answer, the leaderboard
        host.call("host:control", action="step", step=step)
        screen.wait_for_selector(f".p-step-count:text-is('{step + 1} / 6')")
        look(f"06-reveal-step-{step + 1}", secrets_of(deck, 0), [], reload=step in (0, 4))

    host.control("end")
    screen.wait_for_selector(".p-steps[data-step='final']")
    look("07-final", secrets_of(deck, 0), [])
    host.call("host:control", action="step", step=1)
    screen.wait_for_selector(".p-steps[data-step='wall']")
    look("08-wall-page-1", secrets_of(deck, 0), [], reload=True)
    host.call("host:control", action="step", step=2)
    screen.wait_for_function("() => document.querySelector('.p-step-count').textContent.startsWith('3')")
    look("09-wall-page-2", secrets_of(deck, 0), [])
    for page in (screen, presenter):
        assert page.js_errors == []
    for client in [host, *players]:
        client.disconnect()
