"""The property that makes co-writing safe: however updates travel, every copy of a team's
draft ends the same, and every character typed that nobody deleted is in it.

N phones (pycrdt documents, as Yjs on a phone) and the server's document
(core/draft_doc.py) exchange updates through a network that delivers in any
order, drops, duplicates and replays. Phones type and delete at the same few
positions at once. At the end each phone does what a reconnect does (send what
the server lacks, take what it lacks, by state vectors); then all must agree.
"""
from __future__ import annotations

from base64 import b64decode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.draft_doc import DraftDoc
from game.core.rules import Rejected
from tests.ydraft import FIELDS, Typist

# Each typed character is unique (CJK ideographs from a counter), so "which characters
# survive" is a set question.
FIRST_CHAR = 0x4E00

typing = st.tuples(st.just("type"), st.integers(0, 4), st.sampled_from(FIELDS[:2]), st.integers(0, 3),
                   st.integers(1, 4))
deleting = st.tuples(st.just("delete"), st.integers(0, 4), st.sampled_from(FIELDS[:2]), st.integers(0, 3),
                     st.integers(1, 3))
delivering = st.tuples(st.sampled_from(["deliver", "drop", "duplicate", "replay"]), st.integers(0, 1000))
steps = st.lists(st.one_of(typing, deleting, delivering, delivering), min_size=5, max_size=120)


class Network:
    """Messages in flight: (to, update). ``to`` is "server" or a phone's index."""

    def __init__(self, phones: int):
        self.phones = [Typist(client_id=1000 + i) for i in range(phones)]
        self.server = DraftDoc()
        self.in_flight: list[tuple[object, bytes]] = []
        self.delivered: list[tuple[object, bytes]] = []
        self.next_char = FIRST_CHAR
        self.typed: set[str] = set()
        self.deleted: set[str] = set()

    def type(self, phone: int, field: str, at: int, count: int) -> None:
        text = "".join(chr(self.next_char + k) for k in range(count))
        self.next_char += count
        self.typed.update(text)
        target = self.phones[phone % len(self.phones)]
        update = target.insert(field, min(at, len(target.text(field))), text)
        self.in_flight.append(("server", b64decode(update)))

    def delete(self, phone: int, field: str, at: int, count: int) -> None:
        target = self.phones[phone % len(self.phones)]
        current = target.text(field)
        if at >= len(current):
            return
        count = min(count, len(current) - at)
        self.deleted.update(current[at:at + count])
        self.in_flight.append(("server", b64decode(target.delete(field, at, count))))

    def arrive(self, to, update: bytes) -> None:
        self.delivered.append((to, update))
        if to != "server":
            self.phones[to].receive(update)
            return
        try:
            self.server.apply(update)
        except Rejected as refused:
            assert refused.code == "draft_out_of_sync"  # a dropped update it builds on; sent again at the end
            return
        # The server relays what it accepted to the team (the sender ignores its own).
        self.in_flight.extend((i, update) for i in range(len(self.phones)))

    def network_step(self, kind: str, pick: int) -> None:
        if kind == "replay":
            if self.delivered:
                self.arrive(*self.delivered[pick % len(self.delivered)])
            return
        if not self.in_flight:
            return
        message = self.in_flight[pick % len(self.in_flight)]
        if kind != "duplicate":
            self.in_flight.remove(message)
        if kind != "drop":
            self.arrive(*message)

    def reconnect_everyone(self) -> None:
        """What a phone does when it is back: send what the server lacks, take what it lacks."""
        for phone in self.phones:
            self.server.apply(b64decode(phone.everything(since=_b64(self.server.state_vector()))))
        for phone in self.phones:
            phone.receive(self.server.missing(b64decode(phone.state_vector())))


def _b64(raw: bytes) -> str:
    from base64 import b64encode
    return b64encode(raw).decode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(phones=st.integers(2, 5), script=steps)
def test_every_copy_converges_and_keeps_every_character_nobody_deleted(phones, script):
    network = Network(phones)
    for step in script:
        if step[0] == "type":
            network.type(*step[1:])
        elif step[0] == "delete":
            network.delete(*step[1:])
        else:
            network.network_step(*step)
    network.reconnect_everyone()
    server_texts = network.server.texts()
    for phone in network.phones:
        assert {field: phone.text(field) for field in FIELDS} == server_texts
    surviving = "".join(server_texts.values())
    assert len(set(surviving)) == len(surviving), "no character appears twice"
    assert set(surviving) == network.typed - network.deleted


def test_two_phones_typing_at_the_same_spot_keep_both_words_whole():
    server, ana, ben = DraftDoc(), Typist(client_id=1), Typist(client_id=2)
    first = ana.insert("we_do", 0, "Greet her by name.")
    second = ben.insert("we_do", 0, "Offer a chair.")
    server.apply(b64decode(second))
    server.apply(b64decode(first))
    text = server.texts()["we_do"]
    assert "Greet her by name." in text and "Offer a chair." in text and len(text) == 32
