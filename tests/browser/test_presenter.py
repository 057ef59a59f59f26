"""The facilitator's presenter view and its projector window, and the client's view store."""
from pathlib import Path

from game.store.deck_files import load_library
from tests.browser.conftest import PROJECTOR, new_page
from tests.protocol.live import Client
from tests.protocol.test_drafts import to_draft

LIBRARY = load_library(Path(__file__).resolve().parents[2] / "scenarios")


def test_the_presenter_has_notes_and_a_preview_and_opens_a_projector_window_without_them(browser, live, shots):
    created = live.create("complaints-at-the-counter-en", team_count=2)
    code, token = created["code"], created["host_token"]
    player = Client(live, code, live.join(code, "Ann")["token"], "ann").connect()
    presenter = new_page(browser, PROJECTOR)
    presenter.goto(f"{live.url}/host/{code}#token={token}")
    presenter.wait_for_selector("#mode-presenter")  # a wide screen starts projector-safe
    assert presenter.query_selector(".hc-notes") is None
    with presenter.context.expect_page() as opened:
        presenter.click("#open-projector")
    screen = opened.value
    screen.wait_for_selector(".p-code")
    assert screen.url.endswith(f"/host/{code}/screen")
    # Opening the projector window turned this page into the presenter view, and it stays so after a reload.
    presenter.wait_for_selector("#mode-safe")
    presenter.reload()
    presenter.wait_for_selector(".presenter-preview .stage[data-phase=lobby]")
    presenter.click(".hc-main button.btn-primary:not([hidden])")
    presenter.wait_for_selector(".hc-notes h3")
    lesson = LIBRARY.decks["complaints-at-the-counter-en"].cards[0].notes.lesson.split("\n")[0][:60]
    presenter.wait_for_function("t => document.querySelector('.hc-notes').textContent.includes(t)", arg=lesson)
    screen.wait_for_selector(".p-story")
    assert lesson not in screen.content()
    shots(presenter, "presenter-story")
    shots(screen, "projector-window-story")
    # The story on the presenter's preview is the projector's.
    assert presenter.inner_text(".presenter-preview .p-customer-name") == screen.inner_text(".p-customer-name")
    player.disconnect()


def test_the_store_ignores_a_view_older_than_the_one_it_has(browser, live):
    page = new_page(browser, PROJECTOR)
    page.goto(live.url + "/")
    result = page.evaluate("""async () => {
      const { createStore } = await import('/static/js/store.js');
      const store = createStore();
      const seen = [];
      store.apply({ version: 5, session: { phase: 'draft' } });
      seen.push(store.apply({ version: 4, session: { phase: 'diagnose' } }));  // late: ignored
      seen.push(store.state.session.phase);
      seen.push(store.apply({ session: { version: 6, phase: 'vote' } }));      // the version in the section
      seen.push(store.apply({ host: { step: 1 } }));                           // no version: applied
      seen.push(store.apply({ version: 6, team: { id: 't1' } }));             // the same version: applied
      seen.push(store.apply({ host: { version: 3, step: 2 } }));               // a late host section: ignored
      return [...seen, store.state.session.phase, store.state.host.step, store.version];
    }""")
    assert result == [False, "draft", True, True, True, False, "vote", 1, 6]


def test_after_the_writing_a_draft_nobody_handed_in_reads_not_handed_in_not_writing(browser, live):
    created = live.create("complaints-at-the-counter-en", team_count=2)
    code, token = created["code"], created["host_token"]
    host = Client(live, code, token, "host").connect()
    players = [Client(live, code, live.join(code, name)["token"], name).connect() for name in ("Ann", "Bo")]
    presenter = new_page(browser, PROJECTOR)
    presenter.goto(f"{live.url}/host/{code}#token={token}")
    presenter.wait_for_selector("#mode-presenter")
    presenter.click("#mode-presenter")  # the presenter view: drafts with their teams
    to_draft(host, players)
    for player in players:
        assert player.type("promise", f"A promise from {player.name}")["ok"]
    presenter.wait_for_function("() => [...document.querySelectorAll('.hc-draft-state')].length === 2")
    assert presenter.eval_on_selector_all(".hc-draft-state", "els => els.map((e) => e.textContent)") == [
        "writing", "writing"]
    host.control("next")  # the vote: the drafts go to the ballot as they stand
    presenter.wait_for_function(
        "() => [...document.querySelectorAll('.hc-draft-state')].every((e) => e.textContent === 'not handed in')")
    for player in players:
        player.disconnect()
