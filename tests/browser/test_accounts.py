"""Accounts in a real browser: sign in, start a session, reopen it from another computer, sign out."""
import re

from tests.browser.conftest import PROJECTOR, new_page, sign_in_through_the_form


def test_a_facilitator_reopens_their_session_from_my_sessions_on_another_computer(browser, live, shots):
    laptop = new_page(browser, PROJECTOR)
    laptop.goto(live.url + "/")
    laptop.click("#sign-in-link")
    sign_in_through_the_form(laptop)
    assert "Signed in as facilitator" in laptop.inner_text(".account-nav")
    with laptop.expect_navigation():  # until loaded: the form's script must be running before we submit
        laptop.click("text=New session")
    laptop.click("#new-submit")
    laptop.wait_for_url(re.compile(r".*/host/[A-Z0-9]{6}$"))
    code = laptop.url.rstrip("/").split("/")[-1]
    laptop.wait_for_selector(".p-code")

    # Another computer: no host token in its storage, only the facilitator's sign-in.
    other = new_page(browser, PROJECTOR)
    failed = []
    other.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    other.goto(live.url + "/sessions")
    sign_in_through_the_form(other)
    assert other.url.endswith("/sessions")
    row = other.locator(f'#session-list tr[data-code="{code}"]')
    assert "Lobby" in row.inner_text() and "0" in row.inner_text()
    shots(other, "01-my-sessions")
    row.locator("text=Host screen").click()
    other.wait_for_url(re.compile(rf".*/host/{code}$"))
    other.wait_for_selector(".p-code")
    other.wait_for_selector("#controls")
    assert other.locator("text=The remote link is only offered on the device that created this session.").is_visible()
    shots(other, "02-host-reopened")

    other.goto(f"{live.url}/host/{code}/print")  # the results page, by sign-in as well
    other.wait_for_selector(".pr-head h1")

    other.goto(live.url + "/sessions")
    with other.expect_navigation():
        other.click("#sign-out")
    other.wait_for_selector("#sign-in-link")
    other.goto(f"{live.url}/host/{code}")  # signed out and no token: not the host any more
    other.wait_for_selector("text=Not the host")
    other.click("#host-sign-in")  # ...until the owner signs in again, straight from there
    sign_in_through_the_form(other)
    assert other.url.endswith(f"/host/{code}")
    other.wait_for_selector("#controls")
    # A refused connection (signed out, above) ends its Engine.IO session on the server, so the
    # client's poll still in flight may get "400 Invalid session": Socket.IO's way, not an error of ours.
    closed_polls = [f for f in failed if f[0] == 400 and "/socket.io/" in f[1] and "sid=" in f[1]]
    assert [f for f in failed if f not in closed_polls] == []
    assert laptop.js_errors == []
    assert [e for e in other.js_errors if not (closed_polls and "status of 400" in e)] == []
