"""A trainer writes a Dutch three-card deck in the browser; a facilitator runs it.

Create from scratch, hit a validation error and fix it, reorder cards, save,
export, re-import over the saved deck (with the confirmation), then start a
session with it and see the first card on a phone.
"""
import re
import tomllib

from playwright.sync_api import expect

from tests.accounts import create_account
from tests.browser.conftest import PHONE, PROJECTOR, new_page, sign_in_through_the_form

PASSWORD = "trainer-password"

CARDS = [
    ("De lekkende tent", "Sanne", "Sanne kampeerde op een festival en haar nieuwe tent lekte de eerste nacht."),
    ("De lege luchtbed", "Jeroen", "Jeroens luchtbed liep elke nacht leeg; de winkel gaf hem de schuld."),
    ("Het uitverkochte matje", "Fatima", "Het matje uit de folder was uitverkocht en niemand belde terug."),
]


def bind(path: str) -> str:
    return f"[data-bind='{path}']"


def problem(path: str) -> str:
    return f".field[data-path='{path}'] > .field-problem"


def trainer_page(browser, live, username: str, path: str):
    """A browser signed in as a trainer (who also facilitates), on `path`."""
    create_account(live.env["DATABASE_URL"], username, PASSWORD, roles=("trainer", "facilitator"))
    page = new_page(browser, PROJECTOR, locale="nl-NL")
    page.goto(live.url + path)  # the guarded page sends a visitor to the sign-in form first
    sign_in_through_the_form(page, username, PASSWORD)
    assert page.url.endswith(path)
    return page


def fill_card(page, index: int, title: str, customer: str, story: str) -> None:
    card = f"cards[{index}]"
    page.fill(bind(f"{card}.title"), title)
    page.fill(bind(f"{card}.customer.name"), customer)
    page.fill(bind(f"{card}.customer.persona"), "Vaste klant, komt elk voorjaar")
    page.fill(bind(f"{card}.story"), story + "\n\nZe staat nu aan de balie.")
    page.fill(bind(f"{card}.short_story"), story)
    for i, label in enumerate(["Gaf de klant de schuld", "Zei wat niet kan", "Te traag", "Volgde het beleid"]):
        page.fill(bind(f"{card}.diagnose.options[{i}].label"), label)
    page.fill(bind(f"{card}.prompts.response"), "Wat zeg je tegen de klant?")
    page.fill(bind(f"{card}.prompts.promise"), "Welke belofte doe je?")
    page.fill(bind(f"{card}.prompts.behaviours"), "Wat doe je wel en niet?")
    page.fill(bind(f"{card}.notes.lesson"), "Eerst luisteren, dan oplossen.")


def nav_titles(page) -> list[str]:
    return [label.strip() for label in page.locator(".card-pick-label").all_inner_texts()]


def test_a_trainer_writes_a_dutch_deck_in_the_browser_and_a_facilitator_runs_it(browser, live, shots, tmp_path):
    page = trainer_page(browser, live, "ans", "/host/new")
    page.click("#manage-decks")
    page.wait_for_url(re.compile(r".*/decks$"))
    page.click("#deck-new")
    page.wait_for_url(re.compile(r".*/decks/new$"))
    page.wait_for_selector(bind("title"))

    # The deck's own fields; the id follows the title.
    page.fill(bind("title"), "Winkelklachten")
    assert page.input_value(bind("id")) == "winkelklachten"
    page.fill(bind("author"), "Trainer Ans")
    page.fill(bind("description"), "Drie klachten aan de balie van een buitensportwinkel.")

    # Card 1, with a short story that is too long: the server's message shows next to the field.
    page.click(".card-item:nth-child(1) .card-pick")
    fill_card(page, 0, *CARDS[0])
    page.fill(bind("cards[0].short_story"), "Veel te lang. " * 40)
    expect(page.locator(problem("cards[0].short_story"))).to_have_text(
        re.compile("mag hoogstens 420 tekens lang zijn; nu 5"))
    expect(page.locator(".card-item:nth-child(1) .badge")).to_have_text("1")
    shots(page, "01-validation-error")
    page.fill(bind("cards[0].short_story"), CARDS[0][2])
    expect(page.locator(problem("cards[0].short_story"))).to_be_hidden()
    # A second key leaves two distractors: the card's options get the problem, naming the card, in Dutch
    # and in the editor's words ("kernantwoord", the box's label), not the file's ("key = true").
    page.check(bind("cards[0].diagnose.options[1].key"))
    expect(page.locator(problem("cards[0].diagnose.options"))).to_have_text(
        "kaart 'de-lekkende-tent' heeft 2 opties die geen kernantwoord zijn; er zijn minstens 3"
        " aannemelijke foute antwoorden nodig")
    shots(page, "01b-too-few-distractors")
    page.uncheck(bind("cards[0].diagnose.options[1].key"))
    expect(page.locator(problem("cards[0].diagnose.options"))).to_be_hidden()
    # Every loader problem has its Dutch wording, from its code; one without a code is shown as the server wrote it.
    translate = "async (p) => (await import('/static/js/deck_problems.js')).problemText(p)"
    assert page.evaluate(translate, {"code": "count", "params": {"low": 3, "high": 8, "noun": "options", "found": 2},
                                     "message": "needs 3 to 8 options, found 2"}) == "heeft 3 tot 8 opties nodig; nu 2"
    assert page.evaluate(translate, {"code": "type", "params": {"kind": "bool", "found": "str 'ja'"},
                                     "message": "must be true or false, found str 'ja'"}) == \
        "moet waar of onwaar (true of false) zijn; nu str 'ja'"
    assert page.evaluate(translate, {"code": "", "params": {}, "message": "something new"}) == "something new"
    expect(page.locator("#problem-summary")).to_have_text("Geen problemen: klaar voor een sessie")

    # Two more cards; each starts with the previous card's prompts.
    for index in (1, 2):
        page.click("#add-card")
        assert page.input_value(bind(f"cards[{index}].prompts.promise")) == "Welke belofte doe je?"
        fill_card(page, index, *CARDS[index])
    assert nav_titles(page) == ["1. De lekkende tent", "2. De lege luchtbed", "3. Het uitverkochte matje"]

    # Reorder with the keyboard-reachable buttons: the third card moves to second place.
    page.click("button[aria-label='Kaart 3 omhoog']")
    assert nav_titles(page) == ["1. De lekkende tent", "2. Het uitverkochte matje", "3. De lege luchtbed"]
    assert page.input_value(bind("cards[1].title")) == "Het uitverkochte matje"
    # Dragging a card does the same for the mouse: the first card to the end, and back.
    page.drag_and_drop(".card-item:nth-child(1)", ".card-item:nth-child(3)")
    assert nav_titles(page) == ["1. Het uitverkochte matje", "2. De lege luchtbed", "3. De lekkende tent"]
    page.drag_and_drop(".card-item:nth-child(3)", ".card-item:nth-child(1)")
    assert nav_titles(page) == ["1. De lekkende tent", "2. Het uitverkochte matje", "3. De lege luchtbed"]
    expect(page.locator("#problem-summary")).to_have_attribute("data-kind", "ok")

    # The preview draws the selected card with the real projector and phone renderers.
    page.wait_for_function("() => document.querySelector('.preview-phone .customer-name')?.textContent === 'Fatima'")
    assert "Fatima" in page.inner_text(".preview-projector .p-customer-name")
    assert page.evaluate("document.querySelector('.preview-phone').clientWidth") == 390
    shots(page, "02-editor-preview")
    page.click(".preview-tabs [data-phase='diagnose']")
    expect(page.locator(".preview-phone .screen-diagnose .toggle")).to_have_count(4)
    expect(page.locator(".preview-projector .p-bar-label").first).to_have_text("Gaf de klant de schuld")
    page.click(".preview-tabs [data-phase='draft']")
    expect(page.locator(".preview-projector .p-prompt").nth(1)).to_contain_text("Welke belofte doe je?")
    page.wait_for_selector(".preview-phone .screen-draft")

    page.click("#save")
    expect(page.locator("#save-status")).to_have_attribute("data-kind", "ok")
    expect(page.locator("#save-status")).to_contain_text("klaar voor een sessie")
    page.wait_for_url(re.compile(r".*/decks/winkelklachten/edit$"))
    expect(page.locator("#export-link")).to_have_attribute("href", "/api/decks/winkelklachten/export.toml")
    shots(page, "03-saved")

    # Export: the download is the deck as a scenarios/ file, cards in the new order.
    page.goto(live.url + "/decks")
    row = page.locator("tr[data-deck='winkelklachten']")
    assert "Geldig" in row.inner_text()
    with page.expect_download() as download:
        row.locator("[data-action='export']").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "winkelklachten.toml"
    exported = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [card["title"] for card in exported["cards"]] == [CARDS[0][0], CARDS[2][0], CARDS[1][0]]

    # Re-import the edited file: the same id asks before anything is replaced.
    path.write_text(path.read_text(encoding="utf-8").replace('title = "Winkelklachten"', 'title = "Winkelklachten 2"'),
                    encoding="utf-8")
    page.set_input_files("#import-file", str(path))
    page.wait_for_selector("#import-exists[open]")
    assert "winkelklachten" in page.inner_text("#import-exists-text")
    shots(page, "04-import-confirm")
    page.click("#import-overwrite")
    page.wait_for_url(re.compile(r".*/decks\?imported=winkelklachten$"))
    assert "Winkelklachten 2" in page.inner_text("tr[data-deck='winkelklachten']")
    shots(page, "05-library")

    # The facilitator picks the deck on /host/new and starts; a phone joins and sees the first card.
    page.goto(live.url + "/host/new")
    page.check("input[name='deck_id'][value='winkelklachten']")
    page.click("#new-submit")
    page.wait_for_url(re.compile(r".*/host/[A-Z0-9]{6}$"))
    code = page.url.rstrip("/").split("/")[-1]
    phone = new_page(browser, PHONE, locale="nl-NL")
    phone.goto(f"{live.url}/play/{code}")
    phone.fill("#name", "Anna")
    phone.click("button[type=submit]")
    phone.wait_for_selector(".screen-lobby")
    page.click("text=Start het spel")
    page.wait_for_selector(".p-story")
    phone.wait_for_selector(".screen-story")
    assert phone.text_content(".screen-story .card-title") == "De lekkende tent"
    assert "Sanne" in page.inner_text(".p-story")
    shots(page, "06-projector-story")
    shots(phone, "07-phone-story")
    for p in (page, phone):
        # The import's first answer is a 409 (the id exists): the browser logs it, the page asks.
        assert [e for e in p.js_errors if "409" not in e] == []


def test_two_trainers_saving_one_deck_get_a_conflict_and_unsaved_work_survives_a_crash(browser, live, shots):
    deck = {"id": "gedeeld-dek", "title": "Gedeeld dek", "language": "nl", "description": "Voor twee trainers",
            "author": "Ans", "cards": [{
                "id": "kaart", "title": "Kaart", "customer": {"name": "Sanne", "persona": "Klant"},
                "story": "Verhaal", "short_story": "Kort",
                "diagnose": {"options": [{"id": "a", "label": "A", "key": True}, {"id": "b", "label": "B"},
                                         {"id": "c", "label": "C"}, {"id": "d", "label": "D"}]},
                "prompts": {"response": "Antwoord", "promise": "Belofte", "behaviours": "Gedrag"},
                "notes": {"lesson": "Les"}}]}
    first = trainer_page(browser, live, "ans", "/decks")
    assert first.evaluate("""async (deck) => (await fetch('/api/decks', {method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRFToken':
                  document.querySelector('meta[name=csrf-token]')?.content || ''},
        body: JSON.stringify({deck})})).status""", deck) == 201
    second = trainer_page(browser, live, "bram", "/decks")
    for page in (first, second):
        page.goto(live.url + "/decks/gedeeld-dek/edit")
        page.wait_for_selector(bind("title"))

    first.fill(bind("title"), "Versie van Ans")
    first.click("#save")
    expect(first.locator("#save-status")).to_have_attribute("data-kind", "ok")

    second.fill(bind("title"), "Versie van Bram")
    second.click("#save")
    second.wait_for_selector("#conflict[open]")
    expect(second.locator("#conflict h2")).to_have_text("Iemand anders heeft dit deck opgeslagen sinds jij het opende")
    expect(second.locator("#conflict-detail")).to_contain_text("ans heeft het opgeslagen om")
    assert second.input_value(bind("title")) == "Versie van Bram"  # nothing typed is lost
    shots(second, "01-conflict")
    second.click("#conflict-keep")
    expect(second.locator("#save-status")).to_have_attribute("data-kind", "ok")

    first.click("#save")  # Ans is now the one behind
    first.wait_for_selector("#conflict[open]")
    first.click("#conflict-reload")
    expect(first.locator(bind("title"))).to_have_value("Versie van Bram")

    # Unsaved typing is kept in the browser: a new tab (after a crash) offers it back.
    first.fill(bind("description"), "Nog niet opgeslagen tekst")
    first.wait_for_timeout(600)
    again = first.context.new_page()
    again.goto(live.url + "/decks/gedeeld-dek/edit")
    again.wait_for_selector("#restore:not([hidden])")
    shots(again, "02-restore")
    again.click("#restore-yes")
    expect(again.locator(bind("description"))).to_have_value("Nog niet opgeslagen tekst")
    again.close()

    # A save after the trainer was signed out (another tab) fails; the text survives a new sign-in.
    first.fill(bind("author"), "Ans en Bram")
    other = first.context.new_page()
    other.goto(live.url + "/decks")
    with other.expect_navigation():
        other.click("#sign-out")
    first.click("#save")
    expect(first.locator("#save-status")).to_contain_text("je bent afgemeld")
    other.goto(live.url + "/decks/gedeeld-dek/edit")
    sign_in_through_the_form(other, "ans", PASSWORD)
    other.wait_for_selector("#restore:not([hidden])")
    other.click("#restore-yes")
    expect(other.locator(bind("author"))).to_have_value("Ans en Bram")
    other.click("#save")
    expect(other.locator("#save-status")).to_have_attribute("data-kind", "ok")
    # The browser logs every refused request: the conflicts (409), and after the sign-out in the
    # other tab the save and, when its timer fires after the sign-out, the live check (400/401).
    # Anything else is a fault.
    expected = ("409", "400", "401")
    for page in (first, second):
        assert [e for e in page.js_errors if not any(status in e for status in expected)] == []


def test_a_trainer_edits_a_promises_activity_with_its_own_form_and_preview(browser, live, shots):
    """A copy of the shipped "Our promises" deck opens in the editor with the activity's own fields,
    and its preview shows the collect, choose and live screens."""
    page = trainer_page(browser, live, "pia", "/decks")
    copied = page.evaluate("""async () => {
      const token = document.querySelector('meta[name="csrf-token"]').content;
      const response = await fetch('/api/decks/our-promises-en/duplicate',
        {method: 'POST', headers: {'X-CSRFToken': token, 'Content-Type': 'application/json'}, body: '{}'});
      return (await response.json()).id;
    }""")
    page.goto(f"{live.url}/decks/{copied}/edit")
    page.click(".card-item:nth-child(1) .card-pick")
    expect(page.locator(bind("cards[0].intro"))).to_be_visible()
    expect(page.locator(bind("cards[0].prompts.measure"))).not_to_have_value("")
    assert page.locator(bind("cards[0].customer.name")).count() == 0  # a case's fields are not asked
    expect(page.locator("#add-promises")).to_be_hidden()  # one promises activity per deck
    for phase, screen in (("collect", ".screen-collect"), ("choose", ".screen-choose"), ("live", ".screen-live")):
        page.click(f".preview-tabs button[data-phase={phase}]")
        expect(page.locator(f".preview-phone {screen}")).to_be_visible()
    shots(page, "20-promises-activity-form-and-preview")
    page.fill(bind("cards[0].prompts.measure"), "")
    page.locator(bind("cards[0].prompts.measure")).blur()
    expect(page.locator(problem("cards[0].prompts.measure"))).to_be_visible()
    page.click("#nav-deck")
    expect(page.locator(bind("end_with_promises"))).to_be_visible()
    assert page.js_errors == [], page.js_errors
