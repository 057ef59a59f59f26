"""The promises activity over real Socket.IO: two cases, then 12 phones in 3 teams collect, group,
dot-vote, live and commit their promises; the charter reaches every screen and the exports."""
import requests

from game.core.deck import deck_to_toml
from tests.factories import deck
from tests.protocol.conformance import section
from tests.protocol.live import Client, LiveServer
from tests.protocol.test_session import everyone_in, play_card


def room(tmp_path, phones=12, teams=3):
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "test-deck.toml").write_text(deck_to_toml(deck(cards=2, promises=True)), encoding="utf-8")
    server = LiveServer(tmp_path, "eventlet", scenarios=scenarios).start()
    created = server.create("test-deck", team_count=teams)
    host = Client(server, created["code"], created["host_token"], "host").connect()
    players = [Client(server, created["code"], server.join(created["code"], f"Phone {i}")["token"], f"phone{i}")
               .connect() for i in range(phones)]
    return server, created, host, players


def items_of(client):
    return client.session["promises"]["items"]


@section("The promises activity")
def test_a_session_ends_with_the_rooms_own_promises_on_every_screen_and_in_the_exports(tmp_path):
    server, created, host, phones = room(tmp_path)
    try:
        play_card(host, phones, 0)
        play_card(host, phones, 1)  # ends with Next after the reveal: on to the promises activity
        everyone_in(phones, "collect", 2)
        assert phones[0].session["activity"] == "promises"
        drafted = items_of(phones[0])
        # One promise per team and case; each team worded both the same, so they arrive as one.
        assert len(drafted) == 3 and all(len(item["members"]) == 1 for item in drafted)
        # Each team co-writes its own promises: two teammates at once in the same field.
        writers = {}
        for phone in phones:
            writers.setdefault(phone.view["team"]["id"], []).append(phone)
        for number, members in enumerate(writers.values()):
            assert members[0].catch_up()["ok"] and members[1].catch_up()["ok"]
            assert members[0].type("promises", f"We answer within a day {number}\n")["ok"]
            assert members[1].type("promises", f"We name one contact {number}\n", at=0)["ok"]
            members[0].wait_text("promises", lambda text, n=number: f"We name one contact {n}" in text)
        host.wait(lambda v: all(len(text.splitlines()) == 2 for text in v["host"]["promises"]["additions"].values()))
        assert host.control("next")["ok"]
        everyone_in(phones, "group", 2)
        ids = [item["id"] for item in items_of(phones[0])]
        assert len(ids) == 3 + 6
        # The facilitator merges two and rewords one; phones see the grouped list.
        merge = host.call("host:promises", action="merge", promise_id=ids[4], into=ids[3])
        assert merge == {"ok": True}
        assert host.call("host:promises", action="reword", promise_id=ids[3], text="We answer within one day")["ok"]
        phones[5].wait(lambda v: [m["id"] for m in next(i for i in v["session"]["promises"]["items"]
                                                         if i["id"] == ids[3])["members"]] == [ids[4]])
        assert host.call("host:promises", action="split", promise_id=ids[3])["error"]["code"] == "not_merged"
        assert host.control("next")["ok"]
        everyone_in(phones, "choose", 2)
        shown = [item["id"] for item in items_of(phones[0])]
        # Every phone spends its 3 dots; the projector's ranking counts each once.
        for i, phone in enumerate(phones):
            mine = [shown[i % 3], shown[i % 3], shown[3]]
            assert phone.call("dots", promise_ids=mine) == {"ok": True, "dots": mine}
        host.wait(lambda v: sum(row["dots"] for row in v["screen"]["ranking"]) == 36)
        assert host.view["screen"]["ranking"][0] == {"id": shown[3], "dots": 12}
        assert phones[0].call("dots", promise_ids=[shown[0]] * 4)["error"]["code"] == "too_many_dots"
        assert phones[0].call("host:promises", action="choose", promise_ids=shown[:3])["error"]["code"] == "not_host"
        charter_ids = [shown[3], shown[0], shown[1]]
        assert host.call("host:promises", action="choose", promise_ids=charter_ids)["ok"]
        assert host.control("next")["ok"]
        everyone_in(phones, "live", 2)
        field = f"{shown[3]}.we_do"
        assert phones[0].view["team"]["draft"]["fields"][field]["text"] == ""
        assert phones[0].catch_up()["ok"]
        assert phones[0].type(field, "We call back ourselves")["ok"]
        host.wait(lambda v: v["host"]["promises"]["behaviours"][phones[0].view["team"]["id"]][shown[3]]["we_do"]
                  == "We call back ourselves")
        assert host.control("next")["ok"]
        everyone_in(phones, "commit", 2)
        done = host.call("host:promises", action="commit", promise_id=shown[3], owner="Sanne",
                         first_step="A call-back rota", due="2027-01-15")
        assert done["ok"]
        assert host.call("host:promises", action="commit", promise_id=shown[3], due="15/01/2027")["error"]["code"] \
            == "bad_date"
        phones[3].wait(lambda v: (v["session"]["promises"]["charter"][0]["commitment"] or {}).get("owner") == "Sanne")
        charter = phones[3].session["promises"]["charter"]
        assert [row["id"] for row in charter] == charter_ids
        assert charter[0]["teams"][0]["we_do"] == "We call back ourselves"
        assert host.control("end")["ok"]
        everyone_in(phones, "finished", 2)
        exported = requests.get(f"{server.url}/api/sessions/{created['code']}/export.json",
                                headers={"X-Host-Token": created["host_token"]}, timeout=10).json()
        assert [row["id"] for row in exported["charter"]] == charter_ids
        assert sum(item["dots"] or 0 for item in exported["promises"]) == 36
        markdown = requests.get(f"{server.url}/api/sessions/{created['code']}/export.md",
                                headers={"X-Host-Token": created["host_token"]}, timeout=10).text
        assert "## Our promises" in markdown and "Sanne" in markdown
        csv_rows = requests.get(f"{server.url}/api/sessions/{created['code']}/export.csv",
                                headers={"X-Host-Token": created["host_token"]}, timeout=10).text.splitlines()
        assert any(",charter," in row and ",owner,Sanne" in row for row in csv_rows)
    finally:
        server.stop()
