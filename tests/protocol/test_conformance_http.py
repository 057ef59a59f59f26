"""docs/protocol.md over HTTP, section by section: "HTTP", "Names", "Exports" (issue 11)."""
import csv
import io
import time

import requests

from tests.protocol.conformance import section
from tests.protocol.live import Client
from tests.protocol.test_session import setup_room


def join(server, code: str, name) -> requests.Response:
    return requests.post(f"{server.url}/api/sessions/{code}/players", json={"name": name}, timeout=5)


@section("HTTP")
def test_http_team_count_and_team_size_together_are_bad_payload_and_neither_gives_three_teams(server):
    both = server.facilitator.post(server.url + "/api/sessions", timeout=5,
                                   json={"deck_id": "test-deck", "team_count": 2, "team_size": 4})
    assert both.status_code == 400 and both.json()["error"]["code"] == "bad_payload"
    created = server.create("test-deck")
    host = Client(server, created["code"], created["host_token"], "host").connect()
    assert len(host.session["teams"]) == 3


@section("HTTP")
def test_http_every_429_says_how_long_to_wait_and_that_wait_is_enough(server):
    for _ in range(40):
        response = requests.get(f"{server.url}/api/sessions/ZZZZZZ", timeout=5)
        if response.status_code == 429:
            break
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    error = response.json()["error"]
    assert error["code"] == "rate_limited" and error["retry_after"] == wait >= 1
    assert f"{wait} second" in error["message"]
    time.sleep(wait + 0.2)
    assert requests.get(f"{server.url}/api/sessions/ZZZZZZ", timeout=5).status_code == 404


@section("HTTP")
def test_http_an_oversized_body_is_message_too_large(server):
    created = server.create("test-deck", team_count=2)
    big = requests.post(f"{server.url}/api/sessions/{created['code']}/players", timeout=5,
                        json={"name": "Kim", "token": "t" * 40, "x": "y" * 20_000})
    assert big.status_code == 413 and big.json()["error"]["code"] == "message_too_large"


@section("Names")
def test_names_with_control_bidi_or_no_visible_characters_are_bad_names_over_http(server):
    created = server.create("test-deck", team_count=2)
    for name in ["\u200d", "\u200b", "\u202e", "\u202eevil", "Bad\nName\x07"]:
        refused = join(server, created["code"], name)
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_name", name
    assert join(server, created["code"], "Ana").status_code == 201
    taken = join(server, created["code"], "A\u200dna")
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "name_taken"
    for length in (41, 10_000, 30_000):
        long = join(server, created["code"], "x" * length)
        assert long.status_code == 400 and long.json()["error"]["code"] == "name_too_long", length


@section("Exports")
def test_exports_have_a_file_name_one_charset_and_stable_ids(server):
    created, host, phones = setup_room(server, phones=2, teams=2)
    url = f"{server.url}/api/sessions/{created['code']}/export"
    types = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8",
             "md": "text/markdown; charset=utf-8"}
    for ending, content_type in types.items():
        response = requests.get(f"{url}.{ending}", headers={"X-Host-Token": created["host_token"]}, timeout=5)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == content_type
        assert response.headers["Content-Disposition"] == \
            f'attachment; filename="cxgame-{created["code"]}-test-deck.{ending}"'
    data = requests.get(f"{url}.json", headers={"X-Host-Token": created["host_token"]}, timeout=5).json()
    ids = {phone.view["me"]["player_id"] for phone in phones}
    assert {m["id"] for team in data["teams"] for m in team["members"]} == ids
    rows = csv.reader(io.StringIO(requests.get(f"{url}.csv", headers={"X-Host-Token": created["host_token"]},
                                               timeout=5).text))
    assert next(rows) == ["round", "card_id", "card", "record", "team_id", "team", "player_id", "option_id",
                          "field", "value"]
    assert requests.get(f"{url}.pdf", headers={"X-Host-Token": created["host_token"]},
                        timeout=5).json()["error"]["code"] == "unknown_format"


@section("Exports")
def test_exports_keep_an_ended_rounds_tally_and_ballots_when_players_are_removed_later(server):
    created, host, phones = setup_room(server, phones=4, teams=2)
    assert host.control("start")["ok"] and host.control("next")["ok"]
    for i, phone in enumerate(phones):
        phone.wait_phase("diagnose")
        phone.call("diagnose", options=["blamed", "kick"][: 1 + i % 2])
    host.wait(lambda v: sum(v["host"]["tally"].values()) == 6)
    assert host.control("next")["ok"]  # diagnose never closes early: the facilitator moves on
    for phone in phones:
        phone.wait_phase("draft")
    for phone in phones[:2]:
        assert phone.type("promise", f"Promise {phone.name}") == {"ok": True}
    host.wait(lambda v: all(d["promise"] for d in v["host"]["drafts"].values()))
    assert host.control("next")["ok"]  # vote
    for phone in phones:
        team = phone.wait(lambda v: v["session"]["phase"] == "vote" and v["team"]["ballot_order"])["team"]
        phone.call("vote", entry_id=next(e for e in team["ballot_order"] if e != team["own_entry"]))
    host.wait_phase("reveal")
    url = f"{server.url}/api/sessions/{created['code']}/export.json"
    before = requests.get(url, headers={"X-Host-Token": created["host_token"]}, timeout=5).json()["rounds"][0]
    assert host.control("next")["ok"]  # card 2
    for phone in phones[:2]:
        assert host.call("host:moderate", action="remove", player_id=phone.view["me"]["player_id"])["ok"]
    after = requests.get(url, headers={"X-Host-Token": created["host_token"]}, timeout=5).json()["rounds"][0]
    assert after == before
    assert sum(before["tally"].values()) == 6 and len(before["ballots"]) == 4
