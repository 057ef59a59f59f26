"""The authority: version-checked saves, retries, the clock, and what reaches the publisher."""
import pytest

from game.core import commands as c
from game.core.rules import Rejected
from game.core.state import Settings
from game.service.memory import InMemorySessionRepository
from game.service.sessions import SessionService
from tests.factories import deck


class RecordingPublisher:
    def __init__(self):
        self.published = []

    def publish(self, code, state, events, now):
        self.published.append([type(e).__name__ for e in events])


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def make(**timers):
    repository, publisher, clock = InMemorySessionRepository(), RecordingPublisher(), Clock()
    service = SessionService(repository, publisher, clock)
    code = service.create(deck(**timers), Settings(team_count=2)).code
    return service, repository, publisher, clock, code


def test_a_refused_command_is_neither_saved_nor_published():
    service, repository, publisher, _, code = make()
    version = repository.version(code)
    with pytest.raises(Rejected):
        service.execute(code, c.AdvancePhase("someone"))
    assert repository.version(code) == version and publisher.published == []


def test_a_save_that_lost_a_race_reloads_and_applies_again():
    service, repository, _, _, code = make()
    service.join(code, "Ann")
    other = SessionService(repository)  # a second process on the same database
    other.join(code, "Bob")
    service.join(code, "Cy")  # its cached copy is stale: it must reload, not overwrite Bob
    assert sorted(p.name for p in service.state(code).players.values()) == ["Ann", "Bob", "Cy"]


def test_the_ticker_moves_only_sessions_whose_deadline_passed():
    service, _, publisher, clock, code = make(story=60)
    service.join(code, "Ann")
    service.execute(code, c.StartGame(c.HOST))
    clock.now += 59
    assert service.tick_due() == 0
    clock.now += 1
    assert service.tick_due() == 1
    assert service.state(code).phase == "diagnose"
    assert publisher.published[-1] == ["PhaseChanged"]


def test_an_unknown_code_is_refused():
    service, *_ = make()
    with pytest.raises(Rejected) as caught:
        service.execute("ZZZZZZ", c.StartGame(c.HOST))
    assert caught.value.code == "unknown_code"


def test_tokens_are_checked_against_the_session():
    service, _, _, _, code = make()
    player_id, token = service.join(code, "Ann")
    assert service.authenticate(code, token).player_id == player_id
    for bad in ("short", "x" * 40, None):
        with pytest.raises(Rejected) as caught:
            service.authenticate(code, bad)
        assert caught.value.code == "bad_token"
