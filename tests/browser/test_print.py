"""The print page reads the JSON export (docs/protocol.md, Exports): the tally by option, the teams."""
from game.core.deck import deck_to_toml
from tests.browser.conftest import PROJECTOR, new_page
from tests.factories import deck
from tests.protocol.live import LiveServer
from tests.protocol.test_session import setup_room


def test_the_print_page_shows_the_tally_with_key_options_and_the_team_members(browser, tmp_path, shots):
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "test-deck.toml").write_text(deck_to_toml(deck(cards=1)))
    server = LiveServer(tmp_path, "eventlet", scenarios=scenarios).start()
    try:
        created, host, phones = setup_room(server, phones=2, teams=2)
        assert host.control("start")["ok"] and host.control("next")["ok"]
        for phone in phones:
            phone.wait_phase("diagnose")
            assert phone.call("diagnose", options=["blamed", "kick"])["ok"]
        # The diagnose stays open until the facilitator moves on (the progress comes in the slow lane).
        host.wait(lambda v: v["session"]["progress"]["done"] == 2)
        assert host.control("next")["ok"]
        host.wait_phase("draft")
        page = new_page(browser, PROJECTOR)
        page.goto(f"{server.url}/")
        page.evaluate("([key, token]) => localStorage.setItem(key, token)",
                      [f"cxgame.host.{created['code']}", created["host_token"]])
        page.goto(f"{server.url}/host/{created['code']}/print")
        page.wait_for_selector("tr.is-key")
        rows = page.locator(".pr-section tr.is-key").all_inner_texts()
        assert any("Blamed the customer" in row and "2" in row for row in rows)
        teams = " ".join(page.locator(".pr-team").all_inner_texts())
        assert "Phone 0" in teams and "Phone 1" in teams
        shots(page, "print")
        assert page.js_errors == []
    finally:
        server.stop()
