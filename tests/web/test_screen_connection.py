"""The projector's connection (auth `screen: true`): the audience view only, and no controls."""


def new_session(app, client):
    created = client.post("/api/sessions", json={"deck_id": "complaints-at-the-counter-en", "team_count": 2})
    code = created.get_json()["code"]
    joined = app.test_client().post(f"/api/sessions/{code}/players", json={"name": "Ana"}).get_json()
    return code, created.get_json()["host_token"], joined["token"]


def views(socket_client) -> list[dict]:
    return [packet["args"][0] for packet in socket_client.get_received() if packet["name"] == "view"]


def test_the_projector_gets_the_screen_view_and_never_the_hosts(app, client):
    code, host_token, _ = new_session(app, client)
    socketio = app.extensions["cxgame"].socketio
    screen = socketio.test_client(app, auth={"code": code, "token": host_token, "screen": True})
    assert screen.is_connected()
    first = views(screen)
    assert [sorted(view) for view in first] == [["screen", "session"]]
    assert first[0]["screen"]["players"][0]["name"] == "Ana"
    host = socketio.test_client(app, auth={"code": code, "token": host_token})
    assert sorted(views(host)[0]) == ["host", "screen", "session"]  # the presenter's preview
    start = {"id": "s1", "action": "start", "card_index": 0, "phase": "lobby"}
    assert host.emit("host:control", start, callback=True)["ok"]
    socketio.sleep(0.3)
    assert all("host" not in view for view in views(screen))
    refused = screen.emit("host:control", {"id": "s2", "action": "next", "card_index": 0, "phase": "story"},
                          callback=True)
    assert refused["error"]["code"] == "not_host"
    assert screen.emit("sync", {}, callback=True)["view"].keys() == {"session", "screen"}


def test_a_player_token_cannot_open_the_projector_and_a_projector_never_joins(app, client):
    code, _, player_token = new_session(app, client)
    socketio = app.extensions["cxgame"].socketio
    as_player = socketio.test_client(app, auth={"code": code, "token": player_token, "screen": True})
    assert not as_player.is_connected()
    joining = socketio.test_client(app, auth={"code": code, "name": "Sneaky", "screen": True})
    assert not joining.is_connected()
    state = app.extensions["cxgame"].service.state(code)
    assert [p.name for p in state.players.values()] == ["Ana"]
