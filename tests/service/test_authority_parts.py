"""The authority's three parts on a fake clock: the command path's group commit, the state
cache's catch-up and snapshots, identity, and publishing after the session lock is released."""
from game.core import commands as c
from game.core.state import Settings
from game.service.authority import SessionService
from game.service.memory import InMemorySessionRepository
from game.service.state_cache import SNAPSHOT_SECONDS, StateCache
from tests.factories import deck
from tests.service.fake_time import FakeTime, TimedRepository, on_fake_time


def test_group_commit_waits_for_the_next_write_through_the_injected_sleep():
    time = FakeTime()
    repository = TimedRepository(time, cost=0.002)
    service = on_fake_time(repository, time, commit_interval=0.05)
    code = service.create(deck()).code
    service.join(code, "Ann")  # nothing written lately: at once (a sleep(0) lets others queue)
    assert [s for s in time.slept if s > 0] == []
    service.join(code, "Bob")  # the pause follows the last write's cost: 8 x 2 ms, not 50 ms
    waits = [s for s in time.slept if s > 0]
    assert len(waits) == 1 and abs(waits[0] - 0.016) < 1e-9
    assert sorted(p.name for p in service.state(code).players.values()) == ["Ann", "Bob"]


def test_the_game_clock_given_to_the_service_stamps_the_logged_commands():
    time = FakeTime()
    repository = TimedRepository(time)
    service = on_fake_time(repository, time)
    code = service.create(deck()).code
    time.wall = 1234.5
    service.join(code, "Ann")
    assert repository.log(code)[-1].at == 1234.5


def test_the_state_cache_catches_up_by_replaying_the_commands_it_missed():
    time = FakeTime()
    repository = TimedRepository(time)
    writer = on_fake_time(repository, time)
    code = writer.create(deck(), Settings(team_count=2)).code
    writer.join(code, "Ann")
    behind = StateCache(repository, monotonic=time.monotonic, sleep=time.sleep)  # another process's copy
    with behind.lock(code):
        assert [p.name for p in behind.current(code)[1].players.values()] == ["Ann"]
    loads = repository.loads
    writer.join(code, "Bob")
    writer.execute(code, c.StartGame(c.HOST))
    with behind.reading(code) as state:
        assert sorted(p.name for p in state.players.values()) == ["Ann", "Bob"] and state.phase == "story"
        assert behind.version_in_hand(code) == repository.version(code)
    assert repository.loads == loads and repository.catch_ups == 1  # from the log, not the snapshot


def test_reading_without_freshness_trusts_the_copy_in_hand():
    time = FakeTime()
    repository = TimedRepository(time)
    writer = on_fake_time(repository, time)
    code = writer.create(deck()).code
    cache = StateCache(repository)
    with cache.reading(code):
        pass
    writer.join(code, "Ann")
    with cache.reading(code, fresh=False) as state:
        assert state.players == {}  # what this process holds: no question to the store
    with cache.reading(code) as state:
        assert [p.name for p in state.players.values()] == ["Ann"]


def test_a_snapshot_is_written_once_the_injected_clock_says_it_is_due():
    time = FakeTime()
    repository = TimedRepository(time)
    service = on_fake_time(repository, time)
    code = service.create(deck(), Settings(team_count=2)).code
    service.join(code, "Ann")
    service.join(code, "Bob")
    assert repository.snapshots == 0
    time.mono += SNAPSHOT_SECONDS
    service.join(code, "Cy")
    assert repository.snapshots == 1 and repository.rows[code]["snapshot_version"] == repository.version(code)


def test_the_publisher_is_called_after_the_lock_is_released_and_reads_through_its_read_function():
    repository = InMemorySessionRepository()
    cache = StateCache(repository, sole_writer=True)
    seen = []

    class Reading:
        def publish(self, code, events, now):
            held = cache.lock(code).locked()
            with cache.reading(code, fresh=False) as state:
                seen.append((held, [type(e).__name__ for e in events], len(state.players)))

    service = SessionService(repository, Reading(), cache=cache)
    code = service.create(deck()).code
    service.join(code, "Ann")
    service.join(code, "Bob")
    assert seen == [(False, ["RosterChanged"], 1), (False, ["RosterChanged"], 2)]


def test_identity_tells_the_host_token_from_a_player_s_and_from_garbage():
    service = SessionService(InMemorySessionRepository())
    created = service.create(deck())
    _, player_token = service.join(created.code, "Ann")
    assert service.is_host(created.code, created.host_token)
    assert not service.is_host(created.code, player_token)
    assert not service.is_host(created.code, "")
    assert not service.is_host("ZZZZZZ", created.host_token)
