"""Bad input gets a clear error code and changes nothing."""
import pytest
import requests
import socketio

from tests.protocol.live import Client
from tests.protocol.test_session import setup_room


def refusal(server, auth) -> str:
    """Connect and return the connect_error message the server refused with."""
    client = socketio.Client(reconnection=False)
    seen = []
    client.on("connect_error", lambda data=None: seen.append(data))
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, auth=auth, transports=["websocket"], wait_timeout=5)
    return (seen[0] or {}).get("message") if seen else None


def frozen(host: Client) -> dict:
    view = host.call("sync")["view"]
    view["session"]["timer"].pop("server_now")
    return view


def test_malformed_oversized_and_out_of_phase_messages_are_refused_and_change_nothing(server):
    created, host, phones = setup_room(server, phones=2, teams=2)
    host.control("start")
    phone = phones[0]
    phone.wait_phase("story")
    before = frozen(host)
    cases = [
        ("diagnose", "not an object", "bad_payload"),
        ("diagnose", {"id": "a", "options": "blamed"}, "bad_payload"),
        ("diagnose", {"id": "a", "options": ["blamed"], "extra": 1}, "bad_payload"),
        ("diagnose", {"options": ["blamed"]}, "bad_payload"),
        ("draft:update", {"id": "c", "update": 5}, "bad_payload"),
        ("draft:update", {"id": "c2", "update": "AQHC47es07jxAgOEwuO3rNO48QICBmxpc3RlbgA="}, "not_in_phase"),
        ("draft:sync", {"state_vector": "AA=="}, "not_in_phase"),
        ("draft:presence", {"field": "promise", "index": 3}, "not_in_phase"),
        ("diagnose", {"id": "d", "options": ["blamed"]}, "not_in_phase"),
        ("vote", {"id": "e", "entry_id": "A"}, "not_in_phase"),
        ("draft:submit", {"id": "f", "submitted": True}, "not_in_phase"),
        ("host:control", {"id": "g", "action": "next", "card_index": 0, "phase": "story"}, "not_host"),
        ("host:moderate", {"id": "h", "action": "remove", "player_id": "x"}, "not_host"),
    ]
    for event, payload, code in cases:
        ack = phone.sio.call(event, payload, timeout=5)
        assert ack["ok"] is False and ack["error"]["code"] == code, (event, payload, ack)
        assert ack["error"]["message"]
    assert host.call("host:control", action="warp")["error"]["code"] == "unknown_action"
    assert host.call("diagnose", options=[])["error"]["code"] == "not_player"
    # Over 16 KB: message_too_large, and then the server closes that connection (docs/protocol.md).
    big = phone.sio.call("draft:update", {"id": "b", "update": "A" * 17000}, timeout=5)
    assert big["error"]["code"] == "message_too_large"
    assert frozen(host) == before


def test_a_repeated_action_id_is_acknowledged_once_and_applied_once(server):
    created, host, phones = setup_room(server, phones=2, teams=2)
    for _ in range(2):
        host.control("next")
    phone = phones[0]
    phone.wait_phase("diagnose")
    first = phone.call("diagnose", {"id": "same", "options": ["kick"]})
    again = phone.call("diagnose", {"id": "same", "options": ["blamed"]})
    assert first == {"ok": True, "ticks": ["kick"]} and again == {"ok": True, "duplicate": True}
    assert phone.call("sync")["view"]["me"]["ticks"] == ["kick"]


def test_a_flood_of_messages_is_rate_limited(server):
    created, host, phones = setup_room(server, phones=1, teams=1)
    codes = [phones[0].sio.call("sync", {}, timeout=5).get("error", {}).get("code") for _ in range(60)]
    assert "rate_limited" in codes


@pytest.mark.parametrize("auth, code", [
    ({"code": "ZZZZZZ", "token": "x" * 20}, "unknown_code"),
    ({"code": "AB", "token": "x" * 20}, "unknown_code"),
    ({"token": "x" * 20}, "bad_payload"),
    (None, "bad_payload"),
])
def test_a_connection_without_a_valid_session_is_refused(server, auth, code):
    assert refusal(server, auth) == code


def test_a_wrong_token_is_refused_and_a_removed_player_cannot_return(server):
    created, host, phones = setup_room(server, phones=2, teams=2)
    assert refusal(server, {"code": created["code"], "token": "y" * 43}) == "bad_token"

    victim = phones[1]
    player_id = victim.view["me"]["player_id"]
    assert host.call("host:moderate", action="remove", player_id=player_id)["ok"]
    victim.wait(lambda v: any(event == "removed" for event, _ in victim.events))
    assert refusal(server, {"code": created["code"], "token": victim.token}) == "bad_token"
    host.wait(lambda v: len(v["host"]["players"]) == 1)


def test_joining_over_http_gives_clear_errors(server):
    created = server.create("test-deck", team_count=2)
    url = f"{server.url}/api/sessions/{created['code']}/players"
    assert requests.post(url, json={"name": "Kim"}, timeout=5).status_code == 201
    taken = requests.post(url, json={"name": " kim "}, timeout=5)
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "name_taken"
    assert requests.post(url, json={"name": ""}, timeout=5).json()["error"]["code"] == "name_empty"
    assert requests.post(url, json={"name": "x" * 41}, timeout=5).json()["error"]["code"] == "name_too_long"
    assert requests.post(url, data="nonsense", timeout=5).json()["error"]["code"] == "bad_payload"
    # With a token of its own a client may retry a join whose answer it lost: the same seat again.
    own = "own-token-" + "q" * 30
    first = requests.post(url, json={"name": "Lou", "token": own}, timeout=5).json()
    assert requests.post(url, json={"name": "Lou", "token": own}, timeout=5).json() == first == {
        "player_id": first["player_id"], "token": own}
    short = requests.post(url, json={"name": "Max", "token": "short"}, timeout=5)
    assert short.status_code == 400 and short.json()["error"]["code"] == "bad_payload"
    unknown = requests.get(f"{server.url}/api/sessions/ZZZZZZ", timeout=5)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_code"
    assert requests.get(f"{server.url}/api/sessions/{created['code']}/qr.svg", timeout=5).text.startswith("<svg")


def test_guessing_join_codes_is_cut_off(server):
    statuses = [requests.get(f"{server.url}/api/sessions/ZZZZZ{c}", timeout=5).status_code for c in "ABCDEFGHJK" * 3]
    assert statuses[0] == 404 and statuses[-1] == 429
