"""The socket handler table and its one shared path: identity, rate limit, payload, sender,
command, answer; and every event in the table documented for third-party clients."""
import re
from pathlib import Path

import pytest

from game.core import commands as c
from game.core.rules import Outcome, Rejected
from game.service.authority import Identity
from game.web.connections import Connections
from game.web.ratelimit import RateLimiter
from game.web.sockets import ANYONE, HOST, PLAYER, ROUTES, Gateway

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"

# A payload each event's model accepts.
VALID = {"sync": {}, "diagnose": {"id": "a1", "options": ["kick"]},
         "draft:update": {"id": "a1", "update": "AAA="}, "draft:sync": {"state_vector": "AA=="},
         "draft:presence": {"field": "promise", "index": 3},
         "draft:submit": {"id": "a1", "submitted": True}, "vote": {"id": "a1", "entry_id": "A"},
         "host:control": {"id": "a1", "action": "start", "card_index": 0, "phase": "lobby"},
         "host:moderate": {"id": "a1", "action": "remove", "player_id": "p1"},
         "dots": {"id": "a1", "promise_ids": ["p1", "p1", "p2"]},
         "host:promises": {"id": "a1", "action": "merge", "promise_id": "p2", "into": "p1"}}


class RecordingService:
    """Takes every command it is given; ``refuse`` makes it refuse them like the rules would."""

    def __init__(self, refuse: Rejected | None = None, duplicate: bool = False):
        self.executed: list[tuple[str, c.Command]] = []
        self.refuse, self.duplicate = refuse, duplicate

    def execute(self, code, command):
        if self.refuse:
            raise self.refuse
        self.executed.append((code, command))
        return Outcome(result={"done": True}, duplicate=self.duplicate)


def gateway(service=None, burst=40, **who):
    connections = Connections()
    for sid, identity in who.items():
        connections.add(sid, identity)
    return Gateway(None, service or RecordingService(), connections, RateLimiter(rate=0.001, burst=burst),
                   RateLimiter(rate=0.001, burst=1))


HOST_ID, PLAYER_ID = Identity("ABCDEF", "host"), Identity("ABCDEF", "player", "p1")
COMMAND_EVENTS = [event for event, route in ROUTES.items() if route.command is not None]


def documented_events() -> dict[str, str]:
    """event -> the "who" column of the "Client to server" table in docs/protocol.md."""
    text = PROTOCOL.read_text(encoding="utf-8")
    section = text.split("### Client to server", 1)[1].split("\n### ", 1)[0]
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"^\| `([^`]+)` \| ([^|]+)\|", section, re.M)}


def test_every_event_in_the_handler_table_is_documented_with_who_may_send_it():
    documented = documented_events()
    for event, route in ROUTES.items():
        assert event in documented, f"{event} is not in docs/protocol.md's Client to server table"
        assert documented[event].split(",")[0].strip() == route.sender, event


def test_every_valid_example_parses_with_its_route_s_model():
    assert set(VALID) == set(ROUTES)
    for event, route in ROUTES.items():
        route.model.model_validate(VALID[event])


@pytest.mark.parametrize("event", COMMAND_EVENTS)
def test_the_shared_path_refuses_an_event_from_a_sender_the_table_does_not_allow(event):
    route, service = ROUTES[event], RecordingService()
    wrong = {PLAYER: ("h", HOST_ID, "not_player"), HOST: ("p", PLAYER_ID, "not_host")}[route.sender]
    sid, identity, code = wrong
    answer = gateway(service, **{sid: identity}).answer(route, sid, VALID[event])
    assert answer["ok"] is False and answer["error"]["code"] == code
    assert service.executed == []


@pytest.mark.parametrize("event", COMMAND_EVENTS)
def test_the_shared_path_hands_an_allowed_event_s_command_to_the_service_as_its_sender(event):
    route, service = ROUTES[event], RecordingService()
    sid, identity = ("h", HOST_ID) if route.sender == HOST else ("p", PLAYER_ID)
    answer = gateway(service, **{sid: identity}).answer(route, sid, VALID[event])
    assert answer == {"ok": True, "done": True}
    (code, command), = service.executed
    assert code == "ABCDEF" and command.actor == (c.HOST if route.sender == HOST else "p1")
    assert command.action_id == "a1"


def test_an_event_from_a_connection_that_is_not_signed_in_is_refused_before_anything_else():
    service = RecordingService()
    answer = gateway(service).answer(ROUTES["vote"], "stranger", "not even an object")
    assert answer["error"]["code"] == "bad_token" and service.executed == []


def test_the_shared_path_limits_the_rate_per_connection_before_parsing():
    service = RecordingService()
    gate = gateway(service, burst=2, p=PLAYER_ID)
    answers = [gate.answer(ROUTES["vote"], "p", VALID["vote"]) for _ in range(3)]
    assert [a["ok"] for a in answers] == [True, True, False]
    assert answers[2]["error"]["code"] == "rate_limited" and len(service.executed) == 2


def test_a_bad_payload_and_a_refusal_become_their_error_codes_and_a_repeat_is_a_duplicate():
    gate = gateway(p=PLAYER_ID)
    assert gate.answer(ROUTES["vote"], "p", {"id": "a1"})["error"]["code"] == "bad_payload"
    refused = gateway(RecordingService(Rejected("own_team_vote", "Not your own team.")), p=PLAYER_ID)
    assert refused.answer(ROUTES["vote"], "p", VALID["vote"])["error"] == {
        "code": "own_team_vote", "message": "Not your own team."}
    again = gateway(RecordingService(duplicate=True), p=PLAYER_ID)
    assert again.answer(ROUTES["vote"], "p", VALID["vote"]) == {"ok": True, "duplicate": True}


def test_an_unknown_host_action_is_refused_without_reaching_the_service():
    service = RecordingService()
    answer = gateway(service, h=HOST_ID).answer(ROUTES["host:control"], "h", {"id": "a1", "action": "fly"})
    assert answer["error"]["code"] == "unknown_action" and service.executed == []


def test_sync_is_open_to_everyone_and_changes_nothing():
    assert ROUTES["sync"].sender == ANYONE and ROUTES["sync"].command is None


def test_a_player_s_host_event_is_refused_in_a_running_server(app, client):
    from tests.web.test_socket_events import player_client

    phone = player_client(app, client)
    ack = phone.emit("host:control", {"id": "c1", "action": "start", "card_index": 0, "phase": "lobby"}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "not_host"
