"""Socket.IO packets are plain JSON written by orjson: same data out as in, nothing sent as binary."""
import json

import pytest
from socketio import packet

from game.web.packets import JsonPacket


def test_an_event_packet_encodes_to_json_that_decodes_to_the_same_data():
    data = ["view", {"session": {"title": "Café — 🎪 tent", "card_index": 2, "ok": True, "none": None},
                     "votes": {"A": 3}, "list": [1.5, "x"]}]
    encoded = JsonPacket(packet.EVENT, data=data).encode()
    assert encoded.startswith("2[")
    assert json.loads(encoded[1:]) == data
    assert JsonPacket(encoded_packet=encoded).data == data


def test_an_ack_keeps_its_id_and_is_never_a_binary_packet():
    encoded = JsonPacket(packet.ACK, data=[{"ok": True}], id=17).encode()
    assert encoded == '317[{"ok":true}]'


def test_json_that_is_not_strict_is_refused():
    with pytest.raises(ValueError):
        JsonPacket(encoded_packet='2["vote",{"n":NaN}]')
