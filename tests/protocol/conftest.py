import os

import pytest

from game.core.deck import deck_to_toml
from tests.factories import deck
from tests.protocol.live import LiveServer

ASYNC_MODES = os.environ.get("CX_ASYNC_MODES", "eventlet,gevent").split(",")


@pytest.fixture(params=ASYNC_MODES)
def async_mode(request):
    return request.param


@pytest.fixture
def scenarios(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "test-deck.toml").write_text(deck_to_toml(deck(cards=2, perspectives=3)))
    return folder


@pytest.fixture
def server(tmp_path, async_mode, scenarios):
    live = LiveServer(tmp_path, async_mode, scenarios=scenarios).start()
    yield live
    live.stop()


def pytest_configure(config):
    config.addinivalue_line("markers", "protocol_section(name): the docs/protocol.md section a test checks")
