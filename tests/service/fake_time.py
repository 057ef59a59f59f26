"""A fake clock and sleep for the authority, and a repository whose writes take fake time."""
from game.service.authority import SessionService
from game.service.memory import InMemorySessionRepository


class FakeTime:
    """The game's clock, a monotonic clock and a sleep that only moves them: no test waits."""

    def __init__(self):
        self.wall, self.mono = 1000.0, 50.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.mono += seconds
        self.wall += seconds


class TimedRepository(InMemorySessionRepository):
    """Each batch write takes ``cost`` seconds of the fake clock; loads and catch-ups are counted."""

    def __init__(self, time: FakeTime, cost: float = 0.0):
        super().__init__()
        self.time, self.cost = time, cost
        self.loads, self.catch_ups, self.snapshots = 0, 0, 0

    def save(self, *args, **kwargs):
        self.time.mono += self.cost
        return super().save(*args, **kwargs)

    def load(self, code):
        self.loads += 1
        return super().load(code)

    def log_since(self, code, version):
        self.catch_ups += 1
        return super().log_since(code, version)

    def save_snapshot(self, code, version, state_json):
        self.snapshots += 1
        return super().save_snapshot(code, version, state_json)


def on_fake_time(repository, time, **options) -> SessionService:
    return SessionService(repository, clock=time.now, monotonic=time.monotonic, sleep=time.sleep, **options)
