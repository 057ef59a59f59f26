"""Each phone knows what happened to it: moved (naming the new team), its team's draft set aside,
offline (a "reconnecting" banner, typing kept), removed (with "join again" only when allowed); the
presenter marks a vanished phone away. Every phone screen is shot at 360 px wide."""
from tests.browser.conftest import new_page
from tests.protocol.live import Client
from tests.protocol.test_drafts import to_draft

PHONE_360 = {"width": 360, "height": 740}


def join(browser, live, code: str, name: str, shots=None):
    phone = new_page(browser, PHONE_360)
    if shots:  # the way in: the landing page's code, then the name
        phone.goto(f"{live.url}/")
        phone.fill("#code", code)
        shots(phone, "00a-landing-code")
        phone.click("button[type=submit]")
        phone.wait_for_selector("#name")
        shots(phone, "00b-name")
    else:
        phone.goto(f"{live.url}/play/{code}")
    phone.fill("#name", name)
    phone.click("button[type=submit]")
    phone.wait_for_selector(".screen-lobby")
    return phone


def player_id(host: Client, name: str) -> str:
    host.wait(lambda v: any(p["name"] == name for p in v["host"]["players"]))
    return next(p["id"] for p in host.view["host"]["players"] if p["name"] == name)


def notice_says(phone, text: str) -> None:
    phone.wait_for_selector(".phone-notice:not([hidden])")
    phone.wait_for_function("t => document.querySelector('.notice-text').textContent.includes(t)", arg=text)


def no_overflow(phone) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"


def test_each_phone_is_told_what_happened_to_it(browser, live, shots):
    created = live.create("complaints-at-the-counter-en", team_count=4)
    code, token = created["code"], created["host_token"]
    host = Client(live, code, token, "host").connect()
    anna = join(browser, live, code, "Anna", shots)
    bram = join(browser, live, code, "Bram")
    others = [Client(live, code, live.join(code, name)["token"], name).connect() for name in ("Cleo", "Dirk")]
    shots(anna, "01-lobby")
    teams = {t["name"]: t["id"] for t in host.session["teams"]}
    cleo = player_id(host, "Cleo")  # waits for the roster to reach the facilitator
    cleo_team = next(p["team_id"] for p in host.view["host"]["players"] if p["id"] == cleo)
    cleo_team_name = next(name for name, tid in teams.items() if tid == cleo_team)

    # Moved: the phone names the new team.
    assert host.call("host:moderate", action="move", player_id=player_id(host, "Anna"), team_id=cleo_team)["ok"]
    notice_says(anna, f"moved you to team {cleo_team_name}")
    shots(anna, "02-notice-moved")

    host.control("start")
    anna.wait_for_selector(".screen-story")
    shots(anna, "03-story")
    host.control("next")
    anna.wait_for_selector(".screen-diagnose")
    anna.query_selector_all(".toggle")[0].click()
    anna.wait_for_selector(".save-status[data-kind=saved]")
    assert "until the facilitator moves on" in anna.inner_text(".screen-diagnose .hint")
    shots(anna, "04-diagnose")
    host.control("next")
    anna.wait_for_selector(".screen-draft")
    assert "submitted or not" in anna.inner_text(".ballot-note")
    anna.fill("#draft-promise", "We listen first")
    for client in others:
        client.wait_phase("draft")
        assert client.type("promise", f"{client.name} promises to call back")["ok"]
    shots(anna, "05-draft")

    # Offline: a banner at once, and what is typed meanwhile is kept and sent when back.
    bram.wait_for_selector(".screen-draft")
    bram.context.set_offline(True)
    bram.wait_for_selector(".banner:not([hidden])", timeout=10000)
    bram.fill("#draft-promise", "Typed while offline")
    shots(bram, "06-offline-banner")
    # The presenter marks the vanished phone away within seconds.
    host.wait(lambda v: next(p for p in v["host"]["players"] if p["name"] == "Bram")["away"], timeout=20)
    bram.context.set_offline(False)
    bram.wait_for_selector(".banner[hidden]", state="attached", timeout=20000)
    bram_team = next(p["team_id"] for p in host.view["host"]["players"] if p["name"] == "Bram")
    host.wait(lambda v: (v["host"]["drafts"].get(bram_team) or {}).get("promise") == "Typed while offline", timeout=20)
    assert bram.input_value("#draft-promise") == "Typed while offline"

    # The team's draft set aside: neutral words on the phone.
    assert host.call("host:moderate", action="hide", team_id=cleo_team)["ok"]
    notice_says(anna, "set your team's draft aside")
    shots(anna, "07-notice-draft-set-aside")

    host.control("next")
    anna.wait_for_selector(".screen-vote")
    assert "set it aside" in anna.inner_text(".screen-vote")
    shots(anna, "08-vote")
    anna.query_selector_all(".vote-button:not([disabled])")[0].click()
    anna.wait_for_selector(".save-status[data-kind=saved]")
    shots(anna, "09-voted")
    host.control("next")
    anna.wait_for_selector(".screen-reveal")
    shots(anna, "10-reveal")

    # Removed without the facilitator's leave to come back: no "join again".
    assert host.call("host:moderate", action="remove", player_id=player_id(host, "Bram"))["ok"]
    bram.wait_for_selector("text=The facilitator removed you from this game")
    assert bram.query_selector("#join-again") is None
    shots(bram, "11-removed")
    host.control("end")
    anna.wait_for_selector(".screen-finished")
    shots(anna, "12-finished")
    # Removed with leave to join again: the phone offers it.
    assert host.call("host:moderate", action="remove", player_id=player_id(host, "Anna"), rejoin=True)["ok"]
    anna.wait_for_selector("#join-again")
    shots(anna, "13-removed-may-join-again")

    for phone in (anna, bram):
        no_overflow(phone)
        errors = [e for e in phone.js_errors if "409" not in e and "ERR_INTERNET_DISCONNECTED" not in e]
        assert errors == [], errors[0]
    for client in [host, *others]:
        client.disconnect()


def test_a_phone_back_online_just_before_the_phase_moves_on_shows_the_new_phase_without_an_error(browser, live):
    """Back online, the draft screen catches up with the team's document a moment later. When the
    facilitator moves on in that moment, the phone has the vote screen by then, which has nothing
    to catch up: it must show it and throw nothing (CI once caught ``screen.resume is not a
    function`` here)."""
    created = live.create("complaints-at-the-counter-en", team_count=1)
    code, token = created["code"], created["host_token"]
    host = Client(live, code, token, "host").connect()
    phone = join(browser, live, code, "Anna")
    to_draft(host, [])
    phone.wait_for_selector(".screen-draft")
    phone.fill("#draft-promise", "We call back the same day")
    host.wait(lambda v: any((d or {}).get("promise") for d in v["host"]["drafts"].values()))

    phone.context.set_offline(True)
    phone.wait_for_selector(".banner:not([hidden])", timeout=10000)
    phone.context.set_offline(False)
    phone.wait_for_selector(".banner[hidden]", state="attached", timeout=20000)
    host.control("next")  # well within the phone's 300 ms catch-up delay
    phone.wait_for_selector(".screen-vote")
    phone.wait_for_timeout(600)  # past the catch-up delay
    errors = [e for e in phone.js_errors if "ERR_INTERNET_DISCONNECTED" not in e]
    assert errors == []
    host.disconnect()
