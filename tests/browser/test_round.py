"""The three screens in a real browser: a facilitator and three phones play a round through the UI."""
import re

from tests.browser.conftest import PHONE, PROJECTOR, new_page, sign_in_through_the_form


def next_phase(host):
    host.click(".hc-main button.btn-primary:not([hidden])")


def test_a_projector_and_three_phones_play_a_round_through_the_real_ui(browser, live, shots):
    host = new_page(browser, PROJECTOR)
    host.goto(live.url + "/host/new")  # sends the facilitator to the sign-in page first
    sign_in_through_the_form(host)
    assert host.url.endswith("/host/new")
    shots(host, "01-host-new")
    host.click("#new-submit")
    host.wait_for_url(re.compile(r".*/host/[A-Z0-9]{6}$"))
    code = host.url.rstrip("/").split("/")[-1]
    host.wait_for_selector(".p-code")
    assert code in host.inner_text(".p-code").replace(" ", "")

    phones = []
    for name in ("Anna", "Bram", "Chloé"):
        phone = new_page(browser, PHONE)
        phone.goto(f"{live.url}/play/{code}")
        phone.fill("#name", name)
        phone.click("button[type=submit]")
        phone.wait_for_selector(".screen-lobby")
        phones.append(phone)
    shots(phones[0], "02-phone-lobby")
    host.wait_for_function("() => document.body.innerText.includes('Chloé')")
    shots(host, "03-projector-lobby")

    # a taken name gets a clear message, not a seat
    extra = new_page(browser, PHONE)
    extra.goto(f"{live.url}/play/{code}")
    extra.fill("#name", "anna")
    extra.click("button[type=submit]")
    extra.wait_for_selector(".form-error:not([hidden])")
    assert "already has that name" in extra.inner_text(".form-error")
    assert extra.input_value("#name") == "anna"  # kept, to correct rather than retype
    shots(extra, "03b-phone-name-taken")

    host.click("text=Start the game")
    host.wait_for_selector(".p-story")
    phones[0].wait_for_selector(".screen-story")
    shots(host, "04-projector-story")
    shots(phones[0], "05-phone-story")

    # This story is longer than one screen at the back row's size: Next shows its second page first.
    assert host.inner_text(".p-story-page") == "1 / 2"
    next_phase(host)
    host.wait_for_selector(".p-story-page:text-is('2 / 2')")
    shots(host, "04b-projector-story-page-2")
    next_phase(host)
    host.wait_for_selector(".p-diagnose")
    for phone in phones:
        phone.wait_for_selector(".screen-diagnose")
        phone.query_selector_all(".toggle")[0].click()
    # Everyone ticked: diagnose stays open with its chart until the facilitator moves on.
    host.wait_for_selector(".p-progress.is-everyone")
    assert "Everyone has answered" in host.inner_text("#presenter-progress")
    next_phase(host)
    host.wait_for_selector(".p-draft")
    shots(host, "06-projector-draft")

    for i, phone in enumerate(phones):
        phone.wait_for_selector(".screen-draft")
        phone.fill("#draft-promise", f"Promise number {i}")
        phone.fill("#draft-we_do", "Listen first\nOffer a choice")
    for phone in phones:  # both typed fields say their words reached the server
        phone.wait_for_function("""() => [...document.querySelectorAll('.draft-status')]
            .filter((s) => s.dataset.kind === 'ok' && s.textContent.trim() !== '').length === 2""")
    shots(phones[0], "07-phone-draft")
    next_phase(host)
    host.wait_for_selector(".p-vote")
    shots(host, "08-projector-vote")
    for phone in phones:
        phone.wait_for_selector(".screen-vote")
        buttons = phone.query_selector_all(".vote-button:not([disabled])")
        assert buttons, "each phone can vote for another team's draft"
        buttons[0].click()
    shots(phones[0], "09-phone-voted")
    host.wait_for_selector(".p-steps", timeout=15000)  # everyone voted
    phones[0].wait_for_selector(".screen-reveal")
    shots(phones[0], "11-phone-reveal")
    # The reveal in steps: each of the three drafts on its own, the chart, the model answer, the leaderboard.
    kinds = []
    for i in range(6):
        host.wait_for_selector(f".p-step-count:text-is('{i + 1} / 6')")
        kinds.append(host.get_attribute(".p-steps", "data-step"))
        shots(host, f"10-projector-reveal-{i + 1}")
        if i < 5:
            host.keyboard.press("ArrowRight")
    assert kinds == ["entry", "entry", "entry", "answer", "model", "leaderboard"]
    host.keyboard.press("ArrowLeft")
    host.wait_for_selector(".p-step-count:text-is('5 / 6')")

    host.once("dialog", lambda dialog: dialog.accept())
    host.click("text=End session")
    host.wait_for_selector(".p-steps[data-step='final']")
    shots(host, "12-projector-final")
    next_phase(host)
    host.wait_for_selector(".p-steps[data-step='wall']")
    assert "Promise number" in host.inner_text(".stage")
    shots(host, "13-projector-promise-wall")

    for page in [host, *phones]:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        errors = [e for e in page.js_errors if "409" not in e]
        assert errors == [], errors[0]
