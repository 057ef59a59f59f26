"""The command log replayed on the first snapshot gives the saved state, exactly."""
import random

from game.core import commands as c
from game.core.rules import Rejected, apply
from game.service.authority import SessionService
from game.service.codec import command_from_json, state_from_json, state_to_json
from game.service.memory import InMemorySessionRepository
from tests.factories import deck


class FakeClock:
    def __init__(self):
        self.now = 5000.0

    def __call__(self):
        self.now += 0.5
        return self.now


def play_randomly(service: SessionService, code: str, players: list[str], seed: int) -> None:
    rng = random.Random(seed)
    service.execute(code, c.StartGame(c.HOST))
    for step in range(300):
        state = service.state(code)
        if state.phase == "finished":
            break
        pid = rng.choice(players)
        options = [o.id for o in state.card.diagnose.options] if state.round else []
        command = rng.choice([
            c.MarkDiagnose(pid, options=tuple(rng.sample(options, rng.randint(0, 2)))),
            c.EditDraft(pid, field=rng.choice(["promise", "we_do"]), text=f"text {step}",
                        base_version=rng.randint(0, 3)),
            c.SubmitDraft(pid, submitted=rng.random() < 0.8),
            c.CastVote(pid, entry_id=rng.choice("ABC")),
            c.AdvancePhase(c.HOST) if rng.random() < 0.3 else c.PauseTimer(c.HOST),
            c.ResumeTimer(c.HOST), c.SetPresence(c.SYSTEM, player_id=pid, away=rng.random() < 0.5),
        ])
        try:
            service.execute(code, command)
        except Rejected:
            pass


def test_a_seeded_random_game_replays_from_its_log_to_the_saved_state():
    repository = InMemorySessionRepository()
    service = SessionService(repository, clock=FakeClock(), rng=random.Random(7))
    code = service.create(deck(cards=3)).code
    players = [service.join(code, f"Player {i}")[0] for i in range(7)]
    play_randomly(service, code, players, seed=11)

    log = repository.log(code)
    assert log[0].kind == "Created" and len(log) > 50
    replayed = state_from_json(log[0].payload)
    for entry in log[1:]:
        apply(replayed, command_from_json(entry.kind, entry.payload), entry.at)
    assert state_to_json(replayed) == state_to_json(service.state(code))
    # A restarted service loads the last snapshot and replays the log after it: the same state.
    assert state_to_json(SessionService(repository).state(code)) == state_to_json(replayed)
