"""The fast websocket unmasking gives exactly what eventlet's own byte loop gives."""
import random

from eventlet.websocket import RFC6455WebSocket

from game.web.serving import _unmask


def test_unmasking_equals_eventlet_s_for_any_length_offset_and_mask_type():
    reference = RFC6455WebSocket._apply_mask  # not patched here: only the server patches it
    rng = random.Random(5)
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 70)))
        mask = [rng.randrange(256) for _ in range(4)]
        offset, length = rng.randrange(0, 9), rng.choice([None, len(data)])
        expected = b"".join(bytes((data[i] ^ mask[(offset + i) % 4],)) for i in range(len(data)))
        assert _unmask(data, mask, length, offset) == expected
        assert _unmask(data, bytes(mask), length, offset) == expected
        assert reference(data, mask, length, offset) == expected
    assert _unmask(b"", [1, 2, 3, 4]) == b""
