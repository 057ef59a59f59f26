"""The authority: version-checked saves, retries, the clock, and what reaches the publisher."""
import pytest

from game.core import commands as c
from game.core.rules import Rejected
from game.core.state import Settings
from game.service.authority import SessionService
from game.service.memory import InMemorySessionRepository
from tests.factories import deck
from tests.service.fake_time import FakeTime, TimedRepository, on_fake_time


class RecordingPublisher:
    def __init__(self):
        self.published = []

    def publish(self, code, events, now):
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


def test_a_removed_player_can_no_longer_sign_in_with_a_remembered_token():
    service, _, _, _, code = make()
    player_id, token = service.join(code, "Ann")
    assert service.authenticate(code, token).player_id == player_id  # now in the token index
    service.execute(code, c.RemovePlayer(c.HOST, player_id=player_id))
    with pytest.raises(Rejected) as caught:
        service.authenticate(code, token)
    assert caught.value.code == "bad_token"


def _queue_behind_the_lock(service, code, commands):
    """Run each command in its own thread while the session is busy; return what each got."""
    import threading
    import time

    results = [None] * len(commands)

    def run(index, command):
        try:
            results[index] = service.execute(code, command)
        except Rejected as refused:
            results[index] = refused

    threads = [threading.Thread(target=run, args=(i, command)) for i, command in enumerate(commands)]
    with service.cache.lock(code):  # a batch in flight: everything that arrives now queues
        for queued, thread in enumerate(threads, start=1):
            thread.start()
            deadline = time.time() + 5  # one at a time, so the queue's order is the list's
            while service.commands.waiting(code) < queued and time.time() < deadline:
                time.sleep(0.005)
            assert service.commands.waiting(code) == queued
    for thread in threads:
        thread.join(5)
    return results


def test_commands_queued_while_a_session_is_busy_are_stored_as_one_batch():
    service, repository, publisher, _, code = make()
    version = repository.version(code)
    results = _queue_behind_the_lock(service, code, [
        c.Join(c.SYSTEM, name=f"P{i}", player_id=f"p{i}", token_hash=f"{i:064}") for i in range(5)
    ] + [c.Join(c.SYSTEM, name="P0", player_id="dup", token_hash="x" * 64)])
    assert [r.result["player_id"] for r in results[:5]] == [f"p{i}" for i in range(5)]
    assert isinstance(results[5], Rejected) and results[5].code == "name_taken"
    # One snapshot write and one publish for the five, one log row each, in order.
    assert repository.version(code) == version + 1
    assert publisher.published == [["RosterChanged"] * 5]
    assert [entry.kind for entry in repository.log(code)[-5:]] == ["Join"] * 5
    assert sorted(service.state(code).players) == [f"p{i}" for i in range(5)]


def test_a_phase_change_ends_a_batch_and_the_rest_follow_in_the_next():
    service, repository, publisher, _, code = make()
    service.join(code, "Ann")
    version = repository.version(code)
    results = _queue_behind_the_lock(service, code, [
        c.Join(c.SYSTEM, name="Bob", player_id="pb", token_hash="b" * 64),
        c.StartGame(c.HOST),
        c.Join(c.SYSTEM, name="Cy", player_id="pc", token_hash="c" * 64),
        c.AdvancePhase(c.HOST),
    ])
    assert not any(isinstance(r, Rejected) for r in results)
    assert service.state(code).phase == "diagnose" and len(service.state(code).players) == 3
    assert repository.version(code) == version + 2
    assert publisher.published[-2:] == [["RosterChanged", "PhaseChanged"], ["RosterChanged", "PhaseChanged"]]


def test_a_batch_that_lost_a_race_is_applied_again_on_the_winner_s_state():
    service, repository, _, _, code = make()
    service.join(code, "Ann")
    other = SessionService(repository)  # a second process on the same database
    other.join(code, "Bob")
    results = _queue_behind_the_lock(service, code, [
        c.Join(c.SYSTEM, name="Bob", player_id="pb2", token_hash="b" * 64),
        c.Join(c.SYSTEM, name="Cy", player_id="pc", token_hash="c" * 64),
    ])
    assert isinstance(results[0], Rejected) and results[0].code == "name_taken"
    assert results[1].result == {"player_id": "pc"}
    assert sorted(p.name for p in service.state(code).players.values()) == ["Ann", "Bob", "Cy"]


class CountingRepository(InMemorySessionRepository):
    def __init__(self):
        super().__init__()
        self.version_asks = 0

    def version(self, code):
        self.version_asks += 1
        return super().version(code)


def test_a_sole_writer_trusts_its_cached_session_and_a_shared_one_checks_the_version():
    for sole, asks in ((True, 0), (False, 3)):
        repository = CountingRepository()
        service = SessionService(repository, sole_writer=sole)
        code = service.create(deck()).code
        player_id, token = service.join(code, "Ann")
        repository.version_asks = 0
        service.state(code)
        service.authenticate(code, token)
        with service.reading(code):
            pass
        assert repository.version_asks == asks


def test_with_a_commit_interval_a_session_is_written_at_most_once_per_interval():
    time = FakeTime()
    repository = TimedRepository(time, cost=0.02)  # 8 x 20 ms is more than the interval: the interval holds
    service = on_fake_time(repository, time, commit_interval=0.05)
    code = service.create(deck()).code
    version = repository.version(code)
    started = time.monotonic()
    service.join(code, "Ann")  # nothing written lately: at once
    first = time.monotonic()
    service.join(code, "Bob")  # waits for the interval, then is stored before it returns
    second = time.monotonic()
    assert abs(first - started - 0.02) < 1e-9 and abs(second - first - (0.05 + 0.02)) < 1e-9
    assert repository.version(code) == version + 2


def test_the_pause_between_writes_follows_the_cost_of_the_last_write():
    time = FakeTime()
    repository = TimedRepository(time, cost=0.002)  # a small session: the pause is 8 x 2 ms, not 50 ms
    service = on_fake_time(repository, time, commit_interval=0.05)
    code = service.create(deck()).code
    service.join(code, "Ann")
    first = time.monotonic()
    service.join(code, "Bob")
    assert abs(time.monotonic() - first - (0.016 + 0.002)) < 1e-9


# --- snapshots every second, the log in between ----------------------------------------

class SnapshotCountingRepository(InMemorySessionRepository):
    def __init__(self):
        super().__init__()
        self.snapshots, self.loads = 0, 0

    def save_snapshot(self, code, version, state_json):
        self.snapshots += 1
        return super().save_snapshot(code, version, state_json)

    def load(self, code):
        self.loads += 1
        return super().load(code)


def test_batches_between_snapshots_are_logged_only_and_a_restart_replays_them_to_the_same_state():
    repository = SnapshotCountingRepository()
    service = SessionService(repository, clock=Clock())
    code = service.create(deck(), Settings(team_count=2)).code
    created = repository.rows[code]["state"]
    for name in ("Ann", "Bob", "Cy", "Dee"):
        service.join(code, name)
    assert repository.snapshots == 0 and repository.version(code) == 5
    assert repository.rows[code]["state"] == created and len(repository.load(code).after) == 4
    restarted = SessionService(repository, clock=Clock())
    assert restarted.state(code).model_dump() == service.state(code).model_dump()
    assert sorted(p.name for p in restarted.state(code).players.values()) == ["Ann", "Bob", "Cy", "Dee"]


def test_a_phase_change_or_a_second_since_the_last_snapshot_writes_the_whole_state(monkeypatch):
    import game.service.state_cache as state_cache

    repository = SnapshotCountingRepository()
    service = SessionService(repository, clock=Clock())
    code = service.create(deck(), Settings(team_count=2)).code
    service.join(code, "Ann")
    service.join(code, "Bob")
    assert repository.snapshots == 0
    service.execute(code, c.StartGame(c.HOST))
    assert repository.snapshots == 1 and repository.rows[code]["snapshot_version"] == repository.version(code)
    service.join(code, "Cy")
    assert repository.snapshots == 1
    monkeypatch.setattr(state_cache, "SNAPSHOT_SECONDS", 0.0)
    service.join(code, "Dee")
    assert repository.snapshots == 2


def test_a_second_process_catches_up_from_the_log_without_loading_the_snapshot_again():
    repository = SnapshotCountingRepository()
    first = SessionService(repository, clock=Clock())
    code = first.create(deck(), Settings(team_count=2)).code
    first.join(code, "Ann")
    second = SessionService(repository, clock=Clock())  # another process, same database
    assert [p.name for p in second.state(code).players.values()] == ["Ann"]
    loads = repository.loads
    first.join(code, "Bob")
    first.execute(code, c.StartGame(c.HOST))
    second.join(code, "Cy")
    assert repository.loads == loads  # caught up from the log rows
    assert second.state(code).model_dump() == SessionService(repository).state(code).model_dump()
    assert second.state(code).phase == "story" and len(second.state(code).players) == 3


def test_the_snapshot_is_written_after_the_batch_is_stored_and_published():
    repository = SnapshotCountingRepository()
    seen = []

    class Watching:
        def publish(self, code, events, now):
            seen.append((repository.rows[code]["version"], repository.rows[code]["snapshot_version"]))

    service = SessionService(repository, Watching(), clock=Clock())
    code = service.create(deck(), Settings(team_count=2)).code
    service.join(code, "Ann")
    service.execute(code, c.StartGame(c.HOST))
    assert seen[-1] == (3, 1)  # published with the batch stored and the old snapshot still in place
    assert repository.rows[code]["snapshot_version"] == 3


def test_a_join_retried_with_the_client_s_own_token_returns_the_same_seat():
    service, _, _, _, code = make()
    own = "t" * 40
    first = service.join(code, "Ann", own)
    assert service.join(code, "Ann", own) == first == (first[0], own)
    assert [p.name for p in service.state(code).players.values()] == ["Ann"]
    with pytest.raises(Rejected) as refused:
        service.join(code, "Bob", "short")
    assert refused.value.code == "bad_payload"
