"""Real Socket.IO clients against a real server: a whole workshop, and real life getting in the way."""
import requests

from tests.protocol.live import Client, LiveServer


def setup_room(server: LiveServer, phones: int = 6, teams: int = 3):
    created = server.create("test-deck", team_count=teams)
    host = Client(server, created["code"], created["host_token"], "host").connect()
    players = []
    for i in range(phones):
        joined = server.join(created["code"], f"Phone {i}")
        players.append(Client(server, created["code"], joined["token"], f"phone{i}").connect())
    return created, host, players


def everyone_in(clients, phase, card_index=None):
    for client in clients:
        client.wait_phase(phase, card_index)


def play_card(host: Client, phones: list[Client], card_index: int) -> None:
    if card_index == 0:
        assert host.control("start")["ok"]
    everyone_in(phones, "story", card_index)
    assert phones[0].session["card"]["short_story"]
    assert host.control("next")["ok"]
    everyone_in(phones, "diagnose", card_index)
    for i, phone in enumerate(phones):
        options = [o["id"] for o in phone.session["card"]["diagnose"]["options"]]
        assert phone.call("diagnose", options=options[: 1 + i % 2]) == {"ok": True, "ticks": options[: 1 + i % 2]}
    marks = sum(1 + i % 2 for i in range(len(phones)))
    host.wait(lambda v: sum(v["host"]["tally"].values()) == marks)
    # The progress count comes in the slow lane, at most once a second.
    host.wait(lambda v: v["session"]["progress"]["done"] == v["session"]["progress"]["total"])
    # Everyone ticked: diagnose stays open (the live chart is the moment to talk) until the facilitator moves on.
    host.wait(lambda v: v["session"]["progress"]["done"] == v["session"]["progress"]["total"])  # the slow lane
    assert host.session["phase"] == "diagnose"
    assert host.control("next")["ok"]
    everyone_in(phones + [host], "draft", card_index)
    teams = {}
    for phone in phones:
        teams.setdefault(phone.view["team"]["id"], []).append(phone)
    for team_id, members in teams.items():
        writer, mate = members[0], members[1]
        assert writer.type("promise", f"{team_id} promises to listen") == {"ok": True}
        mate.wait_text("promise", lambda text, t=team_id: text == f"{t} promises to listen")
        assert mate.type("we_do", "Ask what happened\nOffer help") == {"ok": True}
        assert mate.call("draft:submit", submitted=True) == {"ok": True}
    everyone_in(phones + [host], "vote", card_index)
    for phone in phones:
        team = phone.view["team"]
        assert team["own_entry"] in team["ballot_order"]
        choice = next(e for e in team["ballot_order"] if e != team["own_entry"])
        assert phone.call("vote", entry_id=choice) == {"ok": True, "vote": choice}
    everyone_in(phones + [host], "reveal", card_index)
    results = host.session["results"]
    assert sum(row["votes"] for row in results["entries"]) == len(phones)
    assert host.control("next")["ok"]


def test_a_facilitator_and_six_phones_play_two_cards_to_the_promise_wall(server):
    created, host, phones = setup_room(server)
    assert {p.view["team"]["id"] for p in phones} == {"t1", "t2", "t3"}
    assert len(host.view["host"]["players"]) == 6 or host.wait(lambda v: len(v["host"]["players"]) == 6)
    play_card(host, phones, 0)
    play_card(host, phones, 1)
    everyone_in(phones + [host], "finished")
    wall = host.session["wall"]
    assert [len(card["teams"]) for card in wall] == [3, 3]
    assert {t["promise"] for t in wall[0]["teams"]} == {"t1 promises to listen", "t2 promises to listen",
                                                      "t3 promises to listen"}
    assert phones[0].session["leaderboard"][0]["rank"] == 1

    url = f"{server.url}/api/sessions/{created['code']}/export"
    markdown = requests.get(url + ".md", headers={"X-Host-Token": created["host_token"]}, timeout=5)
    assert markdown.status_code == 200 and "t2 promises to listen" in markdown.text
    csv = requests.get(url + ".csv", headers={"X-Host-Token": created["host_token"]}, timeout=5)
    assert csv.status_code == 200 and "vote" in csv.text
    assert requests.get(url + ".md", headers={"X-Host-Token": phones[0].token}, timeout=5).status_code == 403
    assert requests.get(url + ".csv", timeout=5).status_code == 403


def test_a_phone_that_drops_mid_draft_comes_back_to_its_seat_and_its_teams_text(server):
    created, host, phones = setup_room(server, phones=4, teams=2)
    host.control("start")
    host.control("next")
    host.control("next")
    everyone_in(phones, "draft")
    dropper = phones[0]
    mate = next(p for p in phones[1:] if p.view["team"]["id"] == dropper.view["team"]["id"])
    dropper.type("response", "Dear Sanne, ")
    mate.wait_text("response", lambda text: text == "Dear Sanne, ")
    dropper.disconnect()
    host.wait(lambda v: any(p["away"] for p in v["host"]["players"]))
    mate.type("response", "we are sorry.")

    back = Client(server, created["code"], dropper.token, "back").connect()
    assert back.view["me"]["name"] == "Phone 0"
    assert back.view["team"]["id"] == dropper.view["team"]["id"]
    assert back.view["team"]["draft"]["fields"]["response"]["text"] == "Dear Sanne, we are sorry."
    assert back.session["phase"] == "draft"
    back.catch_up()
    assert back.text("response") == "Dear Sanne, we are sorry."
    host.wait(lambda v: not any(p["away"] for p in v["host"]["players"]))


def test_a_server_restart_mid_round_resumes_the_same_phase_deadline_and_drafts(tmp_path, async_mode, scenarios):
    server = LiveServer(tmp_path, async_mode, scenarios=scenarios).start()
    created, host, phones = setup_room(server, phones=2, teams=2)
    host.control("start")
    host.control("next")
    host.control("next")
    phones[0].wait_phase("draft")
    assert phones[0].type("promise", "Nothing is lost") == {"ok": True}
    assert host.control("extend", seconds=300)["ok"]
    deadline = host.wait(lambda v: v["session"]["timer"]["deadline"])["session"]["timer"]["deadline"]
    server.stop(kill=True)
    for client in [host] + phones:
        client.disconnect()

    server.start()  # same port, same database file
    again = Client(server, created["code"], phones[0].token, "again").connect()
    assert again.session["phase"] == "draft" and again.session["timer"]["deadline"] == deadline
    assert again.view["team"]["draft"]["fields"]["promise"]["text"] == "Nothing is lost"
    again.catch_up()  # the document came back from the database: it takes more typing
    assert again.text("promise") == "Nothing is lost"
    assert again.type("promise", ", not a word.") == {"ok": True}
    host_again = Client(server, created["code"], created["host_token"], "host-again").connect()
    assert host_again.control("next")["ok"]
    again.wait_phase("vote")
    server.stop()


def test_a_phase_whose_timer_runs_out_moves_on_by_itself(tmp_path, async_mode, scenarios):
    server = LiveServer(tmp_path, async_mode, scenarios=scenarios, grace=1).start()
    try:
        created, host, phones = setup_room(server, phones=2, teams=2)
        host.control("start")
        host.control("next")
        host.control("next")
        for phone in phones:
            phone.wait_phase("draft")
            assert phone.type("promise", "We listen")["ok"]
            phone.call("draft:submit", submitted=True)
        # Every team submitted: the grace deadline is set and the server's clock closes the phase.
        host.wait(lambda v: v["session"]["timer"]["deadline"] is not None)
        host.wait_phase("vote", timeout=5)
    finally:
        server.stop()
