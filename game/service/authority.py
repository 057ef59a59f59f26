"""The authority: the one place a session is created, read, joined and changed.

It is three small parts behind one face:
- the command path (command_path.py): queue, apply, store, publish;
- identity (identity.py): tokens, authenticate, join;
- the state cache (state_cache.py): load, catch up, replay, snapshots.
The clock and sleep are injected (clock.py holds the real ones), so tests run on a
fake clock, and the publisher reads sessions through the cache's read function.
"""
from __future__ import annotations

import random
import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass

from ..core import commands as c
from ..core.deck import Deck
from ..core.rules import Outcome, Rejected
from ..core.session import CODE_LENGTH, JOIN_ALPHABET, new_session
from ..core.state import SessionState, Settings
from . import clock as real_time
from .codec import state_to_json
from .command_path import CommandPath
from .identity import Identities, Identity, token_hash
from .ports import Publisher, SessionRepository
from .state_cache import StateCache

__all__ = ["Created", "Identity", "SessionService", "token_hash"]


@dataclass(frozen=True)
class Created:
    code: str
    host_token: str


class SessionService:
    def __init__(self, repository: SessionRepository, publisher: Publisher | None = None,
                 clock: real_time.Now = real_time.now, rng: random.Random | None = None,
                 sole_writer: bool = False, commit_interval: float = 0.0, *,
                 monotonic: real_time.Now = real_time.monotonic, sleep: real_time.Sleep = real_time.sleep,
                 cache: StateCache | None = None):
        self._repository = repository
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        # Give the publisher cache.reading: build the cache first and pass it in.
        self.cache = cache or StateCache(repository, sole_writer, monotonic, sleep)
        self.commands = CommandPath(repository, self.cache, publisher, clock, monotonic, sleep, commit_interval)
        self.identities = Identities(self.cache, self.commands.execute)

    # --- creating and reading sessions ----------------------------------------------
    def create(self, deck: Deck, settings: Settings | None = None, language: str | None = None) -> Created:
        now = self.clock()
        for _ in range(20):
            code = "".join(self.rng.choice(JOIN_ALPHABET) for _ in range(CODE_LENGTH))
            state = new_session(code, deck, self.rng.randrange(2**31), now, settings)
            if language:
                state.language = language
            host_token = secrets.token_urlsafe(32)
            if self._repository.create(code, state_to_json(state), token_hash(host_token), deck.id, None, now):
                return Created(code, host_token)
        raise RuntimeError("could not find a free join code")

    def state(self, code: str) -> SessionState | None:
        """The current state (shared: read it, do not change it)."""
        with self.cache.reading(code) as state:
            return state

    def reading(self, code: str) -> AbstractContextManager[SessionState | None]:
        """Hold the session still while views are built from it."""
        return self.cache.reading(code)

    def version_in_hand(self, code: str) -> int | None:
        """The version of the state ``reading(code)`` just gave (call inside it): a key for caches."""
        return self.cache.version_in_hand(code)

    # --- identity -----------------------------------------------------------------
    def authenticate(self, code: str, token: object) -> Identity:
        return self.identities.authenticate(code, token)

    def is_host(self, code: str, token: object) -> bool:
        return self.identities.is_host(code, token)

    def join(self, code: str, name: object, token: object = None) -> tuple[str, str]:
        return self.identities.join(code, name, token)

    # --- changing sessions --------------------------------------------------------
    def execute(self, code: str, command: c.Command) -> Outcome:
        return self.commands.execute(code, command)

    def tick_due(self) -> int:
        """Close every phase whose deadline has passed. Returns how many moved on."""
        moved = 0
        for code in self._repository.due(self.clock()):
            try:
                self.execute(code, c.Tick(c.SYSTEM))
                moved += 1
            except Rejected:
                pass  # not due any more: paused, extended, or another process was first
        return moved
