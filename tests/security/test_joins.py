"""Bots on the venue wifi: 1,000 joins from one address all succeeded, and the facilitator could
only remove them one by one. Now: limits per address and per session, a lock, and a sweep."""
import pytest
import requests
import socketio

from game.core import commands as c
from game.core.rules import Rejected
from game.core.rules.room import MAX_PLAYERS
from game.core.state import Settings
from game.service.join_gate import JoinGate
from tests.core.conftest import Table
from tests.factories import deck
from tests.protocol.live import Client, LiveServer
from tests.security.conftest import make_app


def join(client, code: str, name: str, address: str):
    return client.post(f"/api/sessions/{code}/players", json={"name": name},
                       environ_base={"REMOTE_ADDR": address})


def new_code(app) -> str:
    return app.extensions["cxgame"].service.create(deck(cards=1), Settings(team_count=2)).code


def test_a_script_joining_from_one_address_is_stopped_beyond_the_per_address_limit(tmp_path):
    app = make_app(tmp_path, JOIN_LIMIT=(20, 0.001))  # a venue's burst of 20 instead of 1,200, for speed
    client = app.test_client()
    first, second = new_code(app), new_code(app)
    assert all(join(client, first, f"Bot {i}", "203.0.113.9").status_code == 201 for i in range(20))
    refused = join(client, second, "Bot 21", "203.0.113.9")
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "join_rate_limited"
    assert join(client, second, "Real person", "198.51.100.4").status_code == 201  # others still get in


def test_a_flood_into_one_session_from_many_addresses_is_stopped_beyond_the_per_session_limit(tmp_path):
    app = make_app(tmp_path, JOIN_LIMIT=(20, 0.001))
    client = app.test_client()
    code = new_code(app)
    assert all(join(client, code, f"Bot {i}", f"203.0.113.{i}").status_code == 201 for i in range(20))
    assert join(client, code, "Bot 21", "203.0.113.99").get_json()["error"]["code"] == "join_rate_limited"
    assert join(client, new_code(app), "Elsewhere", "203.0.113.99").status_code == 201


def test_the_default_limits_let_a_whole_venue_behind_one_nat_join_at_once():
    gate = JoinGate(clock=lambda: 0.0)
    for _ in range(MAX_PLAYERS):
        gate.admit("ABCDEF", "203.0.113.1")
    with pytest.raises(Rejected) as refused:
        gate.admit("GHJKMN", "203.0.113.1")
    assert refused.value.code == "join_rate_limited"
    assert MAX_PLAYERS >= 1000  # the product's largest room


def test_a_session_refuses_more_players_than_it_holds():
    table = Table(players=0)
    for i in range(MAX_PLAYERS):
        table.do(c.Join(c.SYSTEM, name=f"P{i}", player_id=f"p{i}", token_hash=f"h{i}"))
    with pytest.raises(Rejected) as refused:
        table.do(c.Join(c.SYSTEM, name="One more", player_id="extra", token_hash="hx"))
    assert refused.value.code == "session_full"


def test_a_locked_room_refuses_new_players_and_keeps_the_seated_ones():
    table = Table(players=3)
    assert table.host(c.LockRoom, locked=True).result == {"locked": True}
    with pytest.raises(Rejected) as refused:
        table.do(c.Join(c.SYSTEM, name="Bot", player_id="bot", token_hash="hb"))
    assert refused.value.code == "room_locked"
    assert len(table.state.players) == 3
    table.host(c.StartGame)  # the game goes on
    table.host(c.LockRoom, locked=False)
    table.do(c.Join(c.SYSTEM, name="Late", player_id="late", token_hash="hl"))
    assert "late" in table.state.players


def test_the_facilitator_removes_everyone_who_joined_in_the_last_minutes_at_once():
    table = Table(players=4)  # joined at t=1000
    for i in range(30):
        table.do(c.Join(c.SYSTEM, name=f"Bot {i}", player_id=f"b{i}", token_hash=f"hb{i}"), after=1 if i else 600)
    outcome = table.host(c.RemoveRecentJoins, minutes=5)
    assert outcome.result == {"removed": 30}
    assert sorted(table.state.players) == ["p0", "p1", "p2", "p3"]
    with pytest.raises(Rejected) as refused:
        table.host(c.RemoveRecentJoins, minutes=0)
    assert refused.value.code == "bad_minutes"


@pytest.fixture
def live(tmp_path, scenarios):
    server = LiveServer(tmp_path, "eventlet", scenarios=scenarios).start()
    yield server
    server.stop()


def socket_join_refusal(server, code: str, name: str) -> str | None:
    phone = socketio.Client(reconnection=False)
    seen = []
    phone.on("connect_error", lambda data=None: seen.append(data))
    with pytest.raises(socketio.exceptions.ConnectionError):
        phone.connect(server.url, auth={"code": code, "name": name}, transports=["websocket"], wait_timeout=5)
    return seen[0]["message"] if seen else None


def test_a_locked_room_is_a_clear_refusal_for_phones_over_the_socket_and_http(live):
    created = live.create("test-deck", team_count=2)
    code = created["code"]
    seated = live.join(code, "Ana")
    host = Client(live, code, created["host_token"], "host").connect()
    assert host.call("host:control", action="lock") == {"ok": True, "locked": True}
    host.wait(lambda v: v["host"]["locked"] is True)
    assert socket_join_refusal(live, code, "Bot") == "room_locked"
    answer = requests.post(f"{live.url}/api/sessions/{code}/players", json={"name": "Bot 2"}, timeout=5)
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "room_locked"
    assert [p["name"] for p in host.call("sync")["view"]["host"]["players"]] == ["Ana"]
    ana = Client(live, code, seated["token"], "ana").connect()  # a seated player comes back as before
    assert ana.view["me"]["name"] == "Ana"
    assert host.call("host:control", action="unlock") == {"ok": True, "locked": False}
    live.join(code, "Bot 3")
    ack = host.call("host:moderate", action="remove_recent", minutes=1)
    assert ack["ok"] and ack["removed"] == 2  # Ana joined within the minute too: both go
    host.disconnect()
    ana.disconnect()
