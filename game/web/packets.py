"""How this server's Socket.IO packets are encoded: JSON only, by orjson.

python-socketio's default packet walks every outgoing payload looking for
``bytes`` (to send them as binary attachments) and encodes it with the
standard library. This game never sends binary, and at 1,000 phones the walk
and the encoding were a tenth of the server's time in a typing burst
(``python -m bench --profile``). orjson writes the same JSON several times
faster and is stricter on input: NaN, Infinity and invalid surrogates are
refused as malformed instead of read.
"""
from __future__ import annotations

import orjson
from socketio.packet import Packet


class OrJSON:
    """The ``dumps``/``loads`` pair python-socketio calls."""

    @staticmethod
    def dumps(data, **_options) -> str:  # the separators python-socketio asks for are orjson's own
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode()

    @staticmethod
    def loads(text):
        return orjson.loads(text)


class JsonPacket(Packet):
    uses_binary_events = False
    json = OrJSON
