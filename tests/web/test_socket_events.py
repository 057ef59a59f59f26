"""Socket events answered in-process (Flask-SocketIO's test client): what a fault in the server sends back."""

def player_client(app, client):
    """A phone of a new session on the first shipped deck."""
    game = app.extensions["cxgame"]
    created = client.post("/api/sessions", json={"deck_id": sorted(game.decks.decks)[0], "team_count": 1}).get_json()
    joined = app.test_client().post(f"/api/sessions/{created['code']}/players", json={"name": "Ana"}).get_json()
    return game.socketio.test_client(app, auth={"code": created["code"], "token": joined["token"]})


def test_a_fault_while_handling_an_event_is_answered_with_server_error_not_silence(app, client, monkeypatch):
    phone = player_client(app, client)
    assert phone.is_connected()
    service = app.extensions["cxgame"].service

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(service, "execute", broken)
    ack = phone.emit("vote", {"id": "v1", "entry_id": "A"}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "server_error" and ack["error"]["message"]
    # The connection is still usable.
    assert phone.emit("sync", {}, callback=True)["ok"] is True
