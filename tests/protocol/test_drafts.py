"""Co-writing over the real protocol: Yjs updates (made with pycrdt) through a real server."""
from __future__ import annotations

import threading
import time

import requests

from tests.protocol.live import Client
from tests.protocol.test_session import everyone_in, setup_room
from tests.ydraft import Typist

SENTENCES = ["Greet her by name.", "Offer a chair.", "Listen to the end.", "Say what happens next.",
             "Call back by five."]
OFFLINE_SECONDS = 20  # the "types for 20 s while offline"


def to_draft(host: Client, phones: list[Client]) -> None:
    host.control("start")
    host.control("next")
    host.control("next")
    everyone_in(phones + [host], "draft")


def test_five_members_typing_into_the_same_field_at_once_all_keep_their_text(server):
    created, host, phones = setup_room(server, phones=5, teams=1)
    to_draft(host, phones)
    start = threading.Barrier(len(phones))

    def write(phone: Client, sentence: str) -> None:
        start.wait()
        for word in sentence.split(" "):
            # Right after this phone's own words so far (index 0 for the first word, as for everyone).
            at = phone.text("we_do").find(phone.own) + len(phone.own) if phone.own else 0
            assert phone.type("we_do", word + " ", at=at)["ok"]
            phone.own += word + " "

    for phone in phones:
        phone.own = ""
    threads = [threading.Thread(target=write, args=(phone, sentence))
               for phone, sentence in zip(phones, SENTENCES, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for phone in phones:
        phone.wait_text("we_do", lambda text: all(s + " " in text for s in SENTENCES))
    texts = {phone.text("we_do") for phone in phones}
    assert len(texts) == 1, "every member has the same text"
    final = texts.pop()
    assert len(final) == sum(len(s) + 1 for s in SENTENCES), "nothing doubled, nothing lost"
    host.wait(lambda v: v["host"]["drafts"]["t1"]["we_do"] == final)
    export = requests.get(f"{server.url}/api/sessions/{created['code']}/export.json",
                          headers={"X-Host-Token": created["host_token"]}, timeout=5).json()
    exported = next(d for r in export["rounds"] for d in r["drafts"] if d["team_id"] == "t1")
    assert exported["we_do"] == final


def test_a_member_who_types_offline_comes_back_and_the_texts_merge(server):
    created, host, phones = setup_room(server, phones=3, teams=1)
    to_draft(host, phones)
    away, online = phones[0], phones[1:]
    assert away.type("response", "Dear Sanne,")["ok"]
    for phone in online:
        phone.wait_text("response", lambda text: text == "Dear Sanne,")
    away.disconnect()
    offline_words, online_words = [], []
    began = time.time()
    while time.time() - began < OFFLINE_SECONDS:
        word = f"away{len(offline_words)}"
        away.type("response", " " + word, send=False)  # kept on the phone: no connection
        offline_words.append(word)
        online[0].type("response", f" here{len(online_words)}", at=0)
        online_words.append(f"here{len(online_words)}")
        time.sleep(1)
    away.sio.connect(server.url, auth={"code": away.code, "token": away.token}, transports=["websocket"],
                     wait_timeout=10)
    away.catch_up()
    for phone in phones:
        phone.wait_text("response", lambda text: all(w in text for w in offline_words + online_words))
    assert len({phone.text("response") for phone in phones}) == 1
    final = phones[0].text("response")
    assert "Dear Sanne," in final and len(final) == len("Dear Sanne,") + sum(len(w) + 1 for w in offline_words
                                                                              + online_words)
    host.wait(lambda v: v["host"]["drafts"]["t1"]["response"] == final)


def test_draft_updates_that_cannot_be_taken_are_refused_with_a_code_and_change_nothing(server):
    created, host, phones = setup_room(server, phones=2, teams=1)
    to_draft(host, phones)
    writer = phones[0]
    assert writer.type("promise", "We call back.")["ok"]
    before = host.call("sync")["view"]["host"]["drafts"]
    lost, mate = Typist(), phones[1]
    lost.insert("promise", 0, "never sent ")
    out_of_sync = lost.insert("promise", None, "builds on it")
    too_long = Typist().insert("promise", 0, "x" * 2001)
    cases = [
        (host, {"id": "a", "update": Typist().insert("promise", 0, "host")}, "not_player"),
        (mate, {"id": "b", "update": "%%% not base64"}, "bad_update"),
        (mate, {"id": "c", "update": "AQH/////DwA="}, "bad_update"),
        (mate, {"id": "d", "update": out_of_sync}, "draft_out_of_sync"),
        (mate, {"id": "e", "update": too_long}, "text_too_long"),
        (mate, {"id": "f", "update": Typist().insert("slogan", 0, "x")}, "bad_update"),
    ]
    for client, payload, code in cases:
        ack = client.sio.call("draft:update", payload, timeout=5)
        assert ack["ok"] is False and ack["error"]["code"] == code, (payload, ack)
    assert host.call("draft:sync", {"state_vector": "AA=="})["error"]["code"] == "not_player"
    assert mate.call("draft:sync", {"state_vector": "%%"})["error"]["code"] == "bad_state_vector"
    assert host.call("sync")["view"]["host"]["drafts"] == before
    assert mate.type("promise", " Today.")["ok"], "the document still takes good updates"


def test_presence_reaches_teammates_and_is_limited_to_a_few_a_second(server):
    created, host, phones = setup_room(server, phones=2, teams=1)
    to_draft(host, phones)
    ana, ben = phones
    assert ana.call("draft:presence", {"field": "we_do", "index": 4}) == {"ok": True}
    ben.wait(lambda _v: any(e == "draft:presence" and d["field"] == "we_do" and d["index"] == 4
                            for e, d in ben.events))
    seen = next(d for e, d in ben.events if e == "draft:presence")
    assert seen["name"] == "Phone 0" and seen["player_id"]
    assert not any(e == "draft:presence" for e, _ in ana.events), "not echoed to the sender"
    answers = [ana.call("draft:presence", {"field": "we_do", "index": i}) for i in range(12)]
    assert any(not a["ok"] and a["error"]["code"] == "rate_limited" for a in answers)
    assert ana.call("draft:presence", {"field": "slogan"})["error"]["code"] in ("unknown_field", "rate_limited")
