"""Joining in the Socket.IO connect itself: {code, name} instead of a token from the HTTP API."""
import pytest
import socketio

from tests.protocol.live import Client
from tests.protocol.test_refusals import refusal


def join_over_socket(server, code: str, name: str, token: str | None = None):
    """Connect with a name (and a token of the phone's own); return the client and the events in order."""
    client = socketio.Client(reconnection=False)
    seen = []
    client.on("*", lambda event, data=None: seen.append((event, data)))
    auth = {"code": code, "name": name, **({"token": token} if token else {})}
    client.connect(server.url, auth=auth, transports=["websocket"], wait_timeout=5)
    client.sleep(0.5)
    return client, seen


def test_a_phone_joins_with_its_name_in_the_connect_gets_its_token_first_and_can_come_back_with_it(server):
    created = server.create("test-deck", team_count=2)
    host = Client(server, created["code"], created["host_token"], "host").connect()
    client, seen = join_over_socket(server, created["code"], "  Ana  ")
    events = [event for event, _ in seen]
    assert events[:2] == ["joined", "view"]
    joined, view = seen[0][1], seen[1][1]
    assert view["me"]["player_id"] == joined["player_id"] and view["me"]["name"] == "Ana"
    host.wait(lambda v: [p["name"] for p in v["host"]["players"]] == ["Ana"])
    client.disconnect()
    again = Client(server, created["code"], joined["token"], "ana").connect()
    assert again.view["me"]["player_id"] == joined["player_id"]
    assert [p["name"] for p in host.call("sync")["view"]["host"]["players"]] == ["Ana"]


@pytest.mark.parametrize("name, code", [("ana", "name_taken"), ("   ", "name_empty"), ("x" * 41, "name_too_long")])
def test_a_name_that_cannot_be_used_is_refused_with_its_code_and_joins_nobody(server, name, code):
    created = server.create("test-deck", team_count=2)
    server.join(created["code"], "Ana")
    assert refusal(server, {"code": created["code"], "name": name}) == code
    host = Client(server, created["code"], created["host_token"], "host").connect()
    assert [p["name"] for p in host.view["host"]["players"]] == ["Ana"]


def test_a_join_retried_with_the_phone_s_own_token_finds_its_seat_instead_of_a_taken_name(server):
    created = server.create("test-deck", team_count=2)
    own = "phone-chosen-" + "k" * 30
    first, seen_first = join_over_socket(server, created["code"], "Ana", token=own)
    first.disconnect()  # as if the connection dropped before the phone heard `joined`
    again, seen_again = join_over_socket(server, created["code"], "Ana", token=own)
    joined_first, joined_again = seen_first[0][1], seen_again[0][1]
    assert joined_first == joined_again == {"player_id": joined_first["player_id"], "token": own}
    host = Client(server, created["code"], created["host_token"], "host").connect()
    assert [p["name"] for p in host.view["host"]["players"]] == ["Ana"]


def test_a_short_chosen_token_the_host_token_or_an_unknown_code_are_refused(server):
    created = server.create("test-deck", team_count=2)
    assert refusal(server, {"code": created["code"], "token": "short-token", "name": "Bo"}) == "bad_payload"
    assert refusal(server, {"code": created["code"], "token": created["host_token"], "name": "Bo"}) == "bad_payload"
    assert refusal(server, {"code": "ZZZZZZ", "name": "Bo"}) == "unknown_code"


def test_guessing_codes_over_the_socket_is_cut_off(server):
    answers = [refusal(server, {"code": "ZZZZZZ", "name": "Bo"}) for _ in range(25)]
    assert answers[0] == "unknown_code" and answers[-1] == "rate_limited"
