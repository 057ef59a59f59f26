"""docs/protocol.md over Socket.IO, section by section (issue 11): every event gets an answer,
controls say where they move from, moderation can be undone, views arrive whole."""
import socketio

from tests.protocol.conformance import section
from tests.protocol.live import Client
from tests.protocol.test_refusals import refusal
from tests.protocol.test_session import setup_room


def to_vote(host: Client, phones: list[Client]) -> None:
    """Start, skip to the draft, let every team write, open the vote."""
    assert host.control("start")["ok"] and host.control("next")["ok"]
    for phone in phones:
        phone.wait_phase("diagnose")
    assert host.control("next")["ok"]
    written = set()
    for phone in phones:
        team = phone.wait_phase("draft")["team"]["id"]
        if team not in written:
            written.add(team)
            assert phone.type("promise", f"{team} listens")["ok"]
    host.wait(lambda v: len([d for d in v["host"]["drafts"].values() if d["promise"]]) == len(written))
    assert host.control("next")["ok"]
    for phone in phones:
        phone.wait(lambda v: v["session"]["phase"] == "vote" and v["team"]["ballot_order"] is not None)


def notices(client: Client) -> list:
    return [data for event, data in client.events if event == "vote_removed"]


@section("Client to server")
def test_client_to_server_two_devices_pressing_next_move_the_game_once(server):
    created, host, phones = setup_room(server, phones=2, teams=2)
    remote = Client(server, created["code"], created["host_token"], "remote").connect()
    assert host.control("start")["ok"]
    remote.wait_phase("story")
    first = host.call("host:control", action="next", card_index=0, phase="story")
    second = remote.call("host:control", action="next", card_index=0, phase="story")
    assert first == {"ok": True, "phase": "diagnose", "card_index": 0}
    assert second["ok"] is False and second["error"]["code"] == "stale_control"
    assert host.call("sync")["view"]["session"]["phase"] == "diagnose"
    missing = host.call("host:control", action="next")
    assert missing["error"]["code"] == "bad_payload"


@section("Client to server")
def test_client_to_server_a_next_from_a_phase_that_ended_by_itself_does_not_skip_the_reveal(server):
    created, host, phones = setup_room(server, phones=4, teams=2)
    to_vote(host, phones)
    for phone in phones:
        team = phone.view["team"]
        phone.call("vote", entry_id=next(e for e in team["ballot_order"] if e != team["own_entry"]))
    host.wait_phase("reveal")  # everyone voted: the vote closed by itself
    late = host.call("host:control", action="next", card_index=0, phase="vote")
    assert late["error"]["code"] == "stale_control"
    assert host.call("sync")["view"]["session"]["phase"] == "reveal"


@section("Client to server")
def test_client_to_server_unhide_puts_a_draft_back_and_voters_who_lost_their_vote_are_told(server):
    created, host, phones = setup_room(server, phones=4, teams=2)
    to_vote(host, phones)
    voter = phones[0]
    team = voter.view["team"]
    target_entry = next(e for e in team["ballot_order"] if e != team["own_entry"])
    assert voter.call("vote", entry_id=target_entry) == {"ok": True, "vote": target_entry}
    target_team = host.wait(lambda v: v["host"]["entries"])["host"]["entries"][target_entry]
    assert host.call("host:moderate", action="hide", team_id=target_team)["ok"]
    voter.wait(lambda v: notices(voter) and v["me"]["vote"] is None)
    assert notices(voter)[0]["reason"] == "hidden" and notices(voter)[0]["message"]
    voter.wait(lambda v: target_entry not in [e["entry_id"] for e in v["session"]["ballot"]]
               and target_entry not in v["team"]["ballot_order"])
    assert voter.call("vote", entry_id=target_entry)["error"]["code"] == "unknown_entry"
    assert host.call("host:moderate", action="unhide", team_id=target_team)["ok"]
    voter.wait(lambda v: target_entry in [e["entry_id"] for e in v["session"]["ballot"]]
               and target_entry in v["team"]["ballot_order"])
    assert voter.call("vote", entry_id=target_entry)["ok"]


@section("Client to server")
def test_client_to_server_a_voter_moved_into_the_team_they_voted_for_is_told(server):
    created, host, phones = setup_room(server, phones=4, teams=2)
    to_vote(host, phones)
    voter = phones[0]
    team = voter.view["team"]
    entry = next(e for e in team["ballot_order"] if e != team["own_entry"])
    voter.call("vote", entry_id=entry)
    target_team = host.wait(lambda v: v["host"]["entries"])["host"]["entries"][entry]
    assert host.call("host:moderate", action="move", player_id=voter.view["me"]["player_id"],
                     team_id=target_team)["ok"]
    voter.wait(lambda v: notices(voter) and notices(voter)[0]["reason"] == "moved")


@section("Client to server")
def test_client_to_server_every_event_gets_an_answer(server):
    created, host, phones = setup_room(server, phones=1, teams=1)
    phone = phones[0]
    assert phone.sio.call("no:such:event", {"id": "x"}, timeout=5)["error"]["code"] == "unknown_event"
    assert phone.sio.call("no:such:event", timeout=5)["error"]["code"] == "unknown_event"
    closed = []
    phone.sio.on("disconnect", lambda *_: closed.append(True))
    big = phone.sio.call("vote", {"id": "big", "entry_id": "A", "pad": "x" * 1_000_000}, timeout=10)
    assert big["ok"] is False and big["error"]["code"] == "message_too_large"
    phone.wait(lambda v: closed, timeout=5)


@section("Client to server")
def test_client_to_server_an_empty_diagnose_answer_withdraws_the_players_answer(server):
    created, host, phones = setup_room(server, phones=2, teams=1)
    assert host.control("start")["ok"] and host.control("next")["ok"]
    phone = phones[0]
    phone.wait_phase("diagnose")
    assert phone.call("diagnose", options=["kick"]) == {"ok": True, "ticks": ["kick"]}
    me = phone.view["me"]["player_id"]
    host.wait(lambda v: next(p for p in v["host"]["players"] if p["id"] == me)["done"])
    assert phone.call("diagnose", options=[]) == {"ok": True, "ticks": []}
    host.wait(lambda v: not next(p for p in v["host"]["players"] if p["id"] == me)["done"])
    assert phone.call("sync")["view"]["session"]["progress"]["done"] == 0


@section("Error codes")
def test_error_codes_rate_limited_says_how_long_to_wait(server):
    created, host, phones = setup_room(server, phones=1, teams=1)
    answers = [phones[0].sio.call("sync", {}, timeout=5) for _ in range(60)]
    limited = [a["error"] for a in answers if not a.get("ok")]
    assert limited and all(e["code"] == "rate_limited" and e["retry_after"] > 0 for e in limited)


@section("Names")
def test_names_are_checked_in_the_socket_join_and_in_a_rename(server):
    created = server.create("test-deck", team_count=2)
    server.join(created["code"], "Ana")
    for name, code in [("\u202eevil", "bad_name"), ("\u200b", "bad_name"), ("Bad\nName\x07", "bad_name"),
                       ("A\u200dna", "name_taken"), ("ＡＮＡ", "name_taken"), ("x" * 10_000, "name_too_long")]:
        assert refusal(server, {"code": created["code"], "name": name}) == code, name
    host = Client(server, created["code"], created["host_token"], "host").connect()
    bo = server.join(created["code"], "Bo")
    renamed = host.call("host:moderate", action="rename", player_id=bo["player_id"], name="x" * 10_000)
    assert renamed["error"]["code"] == "name_too_long"
    assert host.call("host:moderate", action="rename", player_id=bo["player_id"],
                     name="B\u202eo")["error"]["code"] == "bad_name"


@section("When each section is sent")
def test_when_each_section_is_sent_a_phase_change_is_one_view_with_every_section(server):
    created, host, phones = setup_room(server, phones=4, teams=2)
    assert host.control("start")["ok"] and host.control("next")["ok"]
    for phone in phones:
        phone.wait_phase("diagnose")
    marks = {phone.name: len(phone.events) for phone in phones + [host]}
    assert host.control("next")["ok"]
    for client in phones + [host]:
        client.wait_phase("draft")
        views = [data for event, data in client.events[marks[client.name]:] if event == "view"]
        first = next(v for v in views if "session" in v)
        assert first["session"]["phase"] == "draft"
        other = "host" if client is host else "team"
        assert other in first, (client.name, list(first))
        if client is not host:
            assert first["team"]["draft"] is not None  # exists, empty, from the start of the phase
            assert first["team"]["draft"]["fields"]["promise"] == {"text": "", "version": 0, "by": None}


@section("When each section is sent")
def test_when_each_section_is_sent_me_is_pushed_when_the_facilitator_renames_a_player(server):
    created, host, phones = setup_room(server, phones=1, teams=1)
    phone = phones[0]
    assert host.call("host:moderate", action="rename", player_id=phone.view["me"]["player_id"], name="Kim")["ok"]
    phone.wait(lambda v: v["me"]["name"] == "Kim")


@section("Socket.IO")
def test_socket_io_a_refused_connect_for_guessed_codes_says_how_long_to_wait(server):
    seen = []
    for _ in range(40):
        client = socketio.Client(reconnection=False)
        client.on("connect_error", lambda data=None: seen.append(data))
        try:
            client.connect(server.url, auth={"code": "ZZZZZZ", "token": "x" * 20}, transports=["websocket"],
                           wait_timeout=5)
        except socketio.exceptions.ConnectionError:
            pass
        if seen and seen[-1]["message"] == "rate_limited":
            break
    assert seen[-1]["message"] == "rate_limited" and seen[-1]["data"]["retry_after"] >= 1
