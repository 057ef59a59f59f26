"""Signing out and disabling: a copied cookie and a disabled owner's host token open nothing."""
from game.core.state import Settings
from tests.factories import deck
from tests.security.conftest import PASSWORD, add_user


def test_a_cookie_copied_before_sign_out_no_longer_opens_my_sessions(open_app):
    add_user(open_app)
    browser = open_app.test_client()
    assert browser.post("/signin", data={"username": "fac", "password": PASSWORD}).status_code == 302
    stolen = browser.get_cookie("session").value
    assert browser.get("/sessions").status_code == 200
    browser.post("/signout")
    replay = open_app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/sessions").status_code == 302  # to the sign-in page
    assert replay.get("/api/decks/x").status_code == 401


def test_signing_in_again_after_sign_out_works(open_app):
    add_user(open_app)
    browser = open_app.test_client()
    for _ in range(2):
        assert browser.post("/signin", data={"username": "fac", "password": PASSWORD}).status_code == 302
        assert browser.get("/sessions").status_code == 200
        browser.post("/signout")
        assert browser.get("/sessions").status_code == 302


def owned_session(app, username="fac"):
    user = add_user(app, username)
    created = app.extensions["cxgame"].service.create(deck(cards=1), Settings())
    app.extensions["cxgame_accounts"].owners.claim(created.code, user.id)
    return user, created


def test_a_disabled_facilitators_host_token_no_longer_exports(app):
    user, created = owned_session(app)
    export = f"/api/sessions/{created.code}/export.json"
    headers = {"X-Host-Token": created.host_token}
    assert app.test_client().get(export, headers=headers).status_code == 200
    app.extensions["cxgame_accounts"].users.set_disabled(user.id, True)
    answer = app.test_client().get(export, headers=headers)
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "owner_disabled"
    app.extensions["cxgame_accounts"].users.set_disabled(user.id, False)  # enabled again: the rights return
    assert app.test_client().get(export, headers=headers).status_code == 200


def test_a_disabled_facilitators_host_token_no_longer_controls_or_connects(app):
    user, created = owned_session(app)
    socketio = app.extensions["cxgame"].socketio
    host = socketio.test_client(app, auth={"code": created.code, "token": created.host_token})
    assert host.is_connected()
    app.extensions["cxgame_accounts"].users.set_disabled(user.id, True)
    for event, payload in (("host:control", {"id": "c1", "action": "end", "card_index": 0, "phase": "lobby"}),
                           ("host:moderate", {"id": "m1", "action": "remove_recent", "minutes": 5})):
        ack = host.emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "owner_disabled", ack
    assert app.extensions["cxgame"].service.state(created.code).phase.value == "lobby"
    again = socketio.test_client(app, auth={"code": created.code, "token": created.host_token})
    assert not again.is_connected()
