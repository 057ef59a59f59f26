"""`busy` (docs/protocol.md, Error codes): a command that cannot be stored after every retry."""
import pytest

from game.core import commands as c
from game.core.rules import Rejected
from game.service.authority import SessionService
from game.service.memory import InMemorySessionRepository
from tests.factories import deck


class AlwaysRaced(InMemorySessionRepository):
    """Another process saves first, every time."""

    def save(self, code, expected_version, phase, deadline, log, now) -> bool:
        return False


def test_a_command_that_loses_every_save_race_is_refused_as_busy_and_changes_nothing():
    repository = AlwaysRaced()
    service = SessionService(repository)
    code = service.create(deck()).code
    with pytest.raises(Rejected) as refused:
        service.execute(code, c.Join(c.SYSTEM, name="Ann", player_id="p1", token_hash="h"))
    assert refused.value.code == "busy"
    assert SessionService(repository).state(code).players == {}
