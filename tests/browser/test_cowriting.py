"""Two phones of one team type into the same empty field at the same time: both keep their sentence."""
import time

from tests.browser.conftest import PHONE, new_page
from tests.protocol.live import Client

ANNA = "Greet her by name."
BRAM = "Offer a chair."


def join(browser, live, code: str, name: str):
    phone = new_page(browser, PHONE)
    phone.goto(f"{live.url}/play/{code}")
    phone.fill("#name", name)
    phone.click("button[type=submit]")
    phone.wait_for_selector(".screen-lobby")
    return phone


def both_have(text: str):
    return f"document.querySelector('#draft-we_do').value.includes({text!r})"


def test_two_phones_typing_into_the_same_empty_field_at_once_both_show_both_sentences(browser, live, shots):
    created = live.create("complaints-at-the-counter-en", team_count=1)
    anna, bram = join(browser, live, created["code"], "Anna"), join(browser, live, created["code"], "Bram")
    host = Client(live, created["code"], created["host_token"], "host").connect()
    for action in ("start", "next", "next"):
        assert host.control(action)["ok"]
    for phone in (anna, bram):
        phone.wait_for_selector(".screen-draft #draft-we_do:not([disabled])")
        phone.click("#draft-we_do")
    saw_presence = False
    # About five characters a second each, keystrokes interleaved: neither phone has the
    # other's words when it starts, and both start at index 0 of the empty field.
    for i in range(max(len(ANNA), len(BRAM))):
        if i < len(ANNA):
            anna.keyboard.type(ANNA[i])
        if i < len(BRAM):
            bram.keyboard.type(BRAM[i])
        time.sleep(0.1)
        saw_presence = saw_presence or "Bram" in anna.inner_text(".draft-field-we_do .draft-presence")
    for phone in (anna, bram):
        phone.wait_for_function(f"() => {both_have(ANNA)} && {both_have(BRAM)}", timeout=10000)
    shots(anna, "01-anna-both-sentences")
    shots(bram, "02-bram-both-sentences")
    final = anna.input_value("#draft-we_do")
    assert bram.input_value("#draft-we_do") == final
    assert len(final) == len(ANNA) + len(BRAM), "nothing lost, nothing doubled"
    assert saw_presence, "Anna saw that Bram was typing in the same field"
    host.wait(lambda v: v["host"]["drafts"]["t1"]["we_do"] == final)

    # Undo on Anna's phone takes back Anna's typing only; Bram's sentence stays on both phones.
    while anna.is_enabled(".draft-field-we_do .draft-undo"):
        anna.click(".draft-field-we_do .draft-undo")
    for phone in (anna, bram):
        phone.wait_for_function(f"() => document.querySelector('#draft-we_do').value === {BRAM!r}", timeout=10000)
    shots(bram, "03-bram-after-anna-undid")
    host.wait(lambda v: v["host"]["drafts"]["t1"]["we_do"] == BRAM)
    assert anna.js_errors == [] and bram.js_errors == []
    host.disconnect()
