"""Bots on the wifi: the facilitator locks the room from the control panel; a phone is told why it cannot join."""
import re

from tests.browser.conftest import PHONE, PROJECTOR, new_page, sign_in_through_the_form


def join(browser, live, code: str, name: str):
    phone = new_page(browser, PHONE)
    phone.goto(f"{live.url}/play/{code}")
    phone.fill("#name", name)
    phone.click("button[type=submit]")
    return phone


def test_a_locked_room_tells_a_new_phone_why_and_a_sweep_removes_the_recent_joins(browser, live, shots):
    host = new_page(browser, PROJECTOR)
    host.goto(live.url + "/host/new")
    sign_in_through_the_form(host)
    host.click("#new-submit")
    host.wait_for_url(re.compile(r".*/host/[A-Z0-9]{6}$"))
    code = host.url.rstrip("/").split("/")[-1]
    join(browser, live, code, "Anna").wait_for_selector(".screen-lobby")
    host.wait_for_function("() => document.body.innerText.includes('Anna')")

    host.click(".hc-lock")
    host.wait_for_selector(".hc-lock[aria-pressed=true]")
    assert host.inner_text(".hc-lock") == "Unlock the room"
    bot = join(browser, live, code, "Bot")
    bot.wait_for_selector(".form-error:not([hidden])")
    assert "locked" in bot.inner_text(".form-error")
    shots(bot, "phone-room-locked")

    host.click(".hc-lock")
    host.wait_for_selector(".hc-lock[aria-pressed=false]")
    join(browser, live, code, "Bot").wait_for_selector(".screen-lobby")
    host.wait_for_function("() => document.body.innerText.includes('Bot')")
    host.on("dialog", lambda dialog: dialog.accept())
    host.fill(".hc-recent-minutes", "1")
    host.click(".hc-remove-recent")
    host.wait_for_selector(".hc-toast:not([hidden])")
    assert "2 players removed" in host.inner_text(".hc-toast")
    shots(host, "host-swept")
