"""The promises activity through the real UI, in English and Dutch: six phones in three teams and
the presenter with its projector window collect, group, dot-vote, live and commit the room's
promises; the charter on the projector at 1920x1080 and as a print page (through Chromium's PDF
output, turned into PNG), every projector text readable from the back row."""
import pytest

from tests.browser.checks import MEASURE
from tests.browser.conftest import PHONE, PROJECTOR, new_page
from tests.browser.test_projector import settle

NARROW = {"width": 360, "height": 740}
WORDS = {
    "en": ["We call every customer back within the hour", "We name one contact for every complaint",
           "We say what we can do before what we cannot", "We keep the customer posted every day",
           "We thank the customer for telling us", "We fix it on the first visit"],
    "nl": ["We bellen elke klant binnen het uur terug", "Elke klacht krijgt één vast aanspreekpunt",
           "We zeggen eerst wat wel kan, daarna wat niet kan", "De klant hoort elke dag hoe het ervoor staat",
           "We bedanken de klant voor de melding", "We lossen het bij het eerste bezoek op"],
}


def next_step(presenter):
    presenter.click(".hc-main button.btn-primary:not([hidden])")


def readable(screen, where: str) -> None:
    settle(screen)
    measured = screen.evaluate(MEASURE)
    assert measured["small"] == [], f"{where}: text too small: {measured['small'][:5]}"
    assert measured["overflow"] == [], f"{where}: {measured['overflow'][:5]}"


def type_at_end(page, selector: str, text: str) -> None:
    """Type as a person does: at the end of what the team has written so far."""
    page.focus(selector)
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_room_makes_its_own_promises_through_the_real_ui(browser, live, shots, language, tmp_path):
    created = live.create(f"our-promises-{language}", team_count=3, language=language)
    code, token = created["code"], created["host_token"]
    locale = "nl-NL" if language == "nl" else "en-US"
    presenter = new_page(browser, PROJECTOR, locale)
    presenter.goto(f"{live.url}/host/{code}#token={token}")
    with presenter.context.expect_page() as opened:
        presenter.click("#open-projector")
    screen = opened.value
    screen.set_viewport_size(PROJECTOR)  # the second screen: a 1920x1080 projector
    screen.wait_for_selector(".p-code")

    phones = []
    for i in range(6):
        phone = new_page(browser, NARROW if i == 0 else PHONE, locale)
        phone.goto(f"{live.url}/play/{code}")
        phone.fill("#name", f"Speler {i}" if language == "nl" else f"Player {i}")
        phone.click("button[type=submit]")
        phone.wait_for_selector(".screen-lobby")
        phones.append(phone)
    presenter.wait_for_function("() => document.body.innerText.includes('5')")

    # Collect: the teams co-write promises of their own, one per line.
    next_step(presenter)
    screen.wait_for_selector(".p-collect")
    for i, phone in enumerate(phones):
        phone.wait_for_selector(".screen-collect")
        phone.wait_for_selector("#draft-promises:enabled")
        type_at_end(phone, "#draft-promises", WORDS[language][i] + "\n")
    presenter.wait_for_function("n => document.querySelectorAll('.hc-promise-board .hc-pre').length === n", arg=3)
    presenter.wait_for_function("() => [...document.querySelectorAll('.hc-promise-board .hc-pre')]"
                                ".every((p) => p.textContent.trim().split('\\n').length === 2)")
    shots(phones[0], "01-phone-collect-360")
    readable(screen, "collect")
    shots(screen, "02-projector-collect")

    # Group: every line is a promise; the facilitator merges two.
    next_step(presenter)
    screen.wait_for_selector(".p-group")
    screen.wait_for_function("() => document.querySelectorAll('.p-promise').length === 6")
    presenter.wait_for_selector(".hc-promise select.hc-merge")
    first = presenter.locator(".hc-promise").nth(1)
    first.locator("select.hc-merge").select_option(index=1)
    screen.wait_for_function("() => document.querySelectorAll('.p-promise').length === 5")
    phones[0].wait_for_function("() => document.querySelectorAll('.screen-group .promise-line').length === 5")
    assert phones[0].locator(".promise-members").count() == 1
    shots(presenter, "03-presenter-group")
    readable(screen, "group")
    shots(phones[0], "04-phone-group-360")

    # Choose: three dots each; the projector ranks them live; the facilitator confirms the top three.
    next_step(presenter)
    screen.wait_for_selector(".p-choose")
    for i, phone in enumerate(phones):
        phone.wait_for_selector(".screen-choose")
        rows = phone.locator(".dot-row")
        for pick in (i % 2, i % 2, 2):
            rows.nth(pick).locator(".dot-more").click()
        phone.wait_for_selector(".dot-more:disabled")  # every dot spent
    shots(phones[0], "05-phone-choose-360")
    screen.wait_for_function("() => [...document.querySelectorAll('.p-ranking .p-bar-count')]"
                             ".reduce((sum, el) => sum + Number(el.textContent), 0) === 18")
    readable(screen, "choose")
    shots(screen, "06-projector-ranking")
    presenter.wait_for_selector(".hc-ranking input:checked")
    presenter.click(".hc-promise-board button.btn-primary")
    presenter.wait_for_function("() => document.querySelector('.hc-promise-board').textContent.includes('3')")

    # Live it: every team writes its behaviours for each chosen promise.
    next_step(presenter)
    screen.wait_for_selector(".p-live")
    for phone in phones[:3]:
        phone.wait_for_selector(".screen-live textarea:enabled")
        type_at_end(phone, ".screen-live textarea", "Answer the phone ourselves" if language == "en"
                    else "Zelf de telefoon opnemen")
    shots(phones[0], "07-phone-live-360")
    readable(screen, "live")
    presenter.wait_for_selector(".hc-behaviour")

    # Commit: an owner and a first step with a date; the charter on the projector, a promise at a time.
    next_step(presenter)
    screen.wait_for_selector(".p-charter")
    form = presenter.locator(".hc-commit").first
    form.locator("input[type=text]").nth(0).fill("Sanne")
    form.locator("input[type=text]").nth(1).fill("Rota" if language == "nl" else "A call-back rota")
    form.locator("input[type=date]").fill("2027-01-15")
    form.locator("button[type=submit]").click()
    screen.wait_for_function("() => document.querySelector('.p-charter').textContent.includes('Sanne')")
    readable(screen, "charter")
    shots(screen, "08-projector-charter")
    next_step(presenter)  # the first promise with every team's behaviours
    screen.wait_for_selector(".p-charter-promise")
    readable(screen, "charter promise")
    shots(screen, "09-projector-charter-promise")

    # The end: the charter first, on every phone too.
    while presenter.locator(".hc-main button.btn-primary:not([hidden])").count() and \
            screen.locator(".stage[data-phase=finished]").count() == 0:
        next_step(presenter)
        settle(screen)
    screen.wait_for_selector(".stage[data-phase=finished] .p-charter")
    phones[0].wait_for_selector(".screen-finished .charter-promise")
    shots(phones[0], "10-phone-finished-360")

    # The charter page: on screen, and printed (A3 poster) through Chromium's PDF output.
    sheet = new_page(browser, PROJECTOR, locale)
    sheet.goto(f"{live.url}/")  # the facilitator's browser: it keeps the session's host token
    sheet.evaluate("([key, token]) => localStorage.setItem(key, token)", [f"cxgame.host.{code}", token])
    sheet.goto(f"{live.url}/host/{code}/charter")
    sheet.wait_for_selector(".ch-promise")
    assert sheet.locator(".ch-promise").count() == 3
    assert "Sanne" in sheet.inner_text(".ch-promise >> nth=0")
    shots(sheet, "11-charter-page")
    sheet.click(".ch-size[data-size=a3]")
    sheet.wait_for_function("() => document.getElementById('page-size').sheet !== null")
    pdf = tmp_path / "charter.pdf"
    sheet.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    shots(sheet, "12-charter-page-a3")
    pages = pdf_pages_as_png(pdf, shots.folder)
    assert pages >= 1

    # The follow-up: weeks later a phone at 360 px answers for each promise through the charter's link.
    sheet.wait_for_selector(".ch-followup-url")
    url = sheet.inner_text(".ch-followup-url")
    later = new_page(browser, NARROW, locale)
    later.goto(url.replace(url.split("/f/")[0], live.url))
    later.wait_for_selector(".followup-promise")
    assert later.locator(".followup-promise").count() == 3
    for i, promise in enumerate(later.locator(".followup-promise").all()):
        promise.locator("input[type=radio]").nth(i % 3).check()
    later.locator(".followup-why").first.fill("De rota staat" if language == "nl" else "The rota is up")
    shots(later, "14-followup-phone-360")
    later.click("button[type=submit]")
    later.wait_for_selector(".followup-done")
    shots(later, "15-followup-thanks-360")
    later.reload()
    later.wait_for_selector(".followup-done")  # once a month per phone
    for page in [presenter, sheet, later, *phones]:
        assert page.js_errors == [], page.js_errors


def pdf_pages_as_png(pdf, folder) -> int:
    """Render every page of the PDF to PNG beside the screenshots (pypdfium2), to look at."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    width, height = document[0].get_size()
    assert round(width / 72 * 25.4) == 297 and round(height / 72 * 25.4) == 420, "an A3 portrait page"
    for number in range(len(document)):
        document[number].render(scale=1.5).to_pil().save(folder / f"13-charter-print-page-{number + 1}.png")
    return len(document)
