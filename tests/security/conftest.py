"""Fixtures for the attacks in tests/security: an app with CSRF on (as in production), accounts."""
import pytest

from app import create_app
from game.core.deck import deck_to_toml
from tests.factories import deck

CHEAP_HASHES = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
PASSWORD = "facilitator-password"


def make_app(tmp_path, **config):
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'security.db'}",
                       "SECRET_KEY": "test", "ASYNC_MODE": "threading", "ARGON2_PARAMETERS": CHEAP_HASHES,
                       **config})


@pytest.fixture
def app(tmp_path):
    """CSRF on: the attacks below include ones that slipped past it."""
    return make_app(tmp_path)


@pytest.fixture
def open_app(tmp_path):
    """CSRF off, for attacks that need a signed-in form without fetching tokens first."""
    return make_app(tmp_path, WTF_CSRF_ENABLED=False)


def add_user(app, username="fac", roles=("facilitator",)):
    return app.extensions["cxgame_accounts"].create_user(username, PASSWORD, roles, display_name=username)


@pytest.fixture
def scenarios(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "test-deck.toml").write_text(deck_to_toml(deck(cards=2)))
    return folder
