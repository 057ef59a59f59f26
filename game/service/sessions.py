"""The authority: load a session, apply one command, save it (version-checked), publish.

One command at a time per session in this process (a lock per session); the
version check in the repository makes several processes safe as well.
"""
from __future__ import annotations

import hashlib
import random
import secrets
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from ..core import commands as c
from ..core.deck import Deck
from ..core.rules import Outcome, Rejected, apply
from ..core.session import CODE_LENGTH, JOIN_ALPHABET, new_session
from ..core.state import SessionState, Settings
from .codec import command_to_json, state_from_json, state_to_json
from .ports import LoggedCommand, Publisher, SessionRepository

SAVE_ATTEMPTS = 8


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Identity:
    code: str
    role: str  # "host" or "player"
    player_id: str | None = None


@dataclass(frozen=True)
class Created:
    code: str
    host_token: str


class NullPublisher:
    def publish(self, code, state, events, now) -> None:
        pass


class SessionService:
    def __init__(self, repository: SessionRepository, publisher: Publisher | None = None,
                 clock: Callable[[], float] = time.time, rng: random.Random | None = None):
        self.repository = repository
        self.publisher = publisher or NullPublisher()
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        self._cache: dict[str, tuple[int, SessionState]] = {}
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

    # --- creating and finding sessions ----------------------------------------------
    def create(self, deck: Deck, settings: Settings | None = None, language: str | None = None) -> Created:
        now = self.clock()
        for _ in range(20):
            code = "".join(self.rng.choice(JOIN_ALPHABET) for _ in range(CODE_LENGTH))
            state = new_session(code, deck, self.rng.randrange(2**31), now, settings)
            if language:
                state.language = language
            host_token = secrets.token_urlsafe(32)
            if self.repository.create(code, state_to_json(state), token_hash(host_token), deck.id, None, now):
                return Created(code, host_token)
        raise RuntimeError("could not find a free join code")

    def state(self, code: str) -> SessionState | None:
        """The current state (shared: read it, do not change it)."""
        with self._locks[code]:
            found = self._current(code)
        return found[1] if found else None

    @contextmanager
    def reading(self, code: str) -> Iterator[SessionState | None]:
        """Hold the session still while views are built from it."""
        with self._locks[code]:
            found = self._current(code)
            yield found[1] if found else None

    def authenticate(self, code: str, token: object) -> Identity:
        if not isinstance(token, str) or not 10 <= len(token) <= 100:
            raise Rejected("bad_token", "That is not a valid token.")
        stored = self.repository.load(code)
        if stored is None:
            raise Rejected("unknown_code", "There is no session with that code.")
        digest = token_hash(token)
        if secrets.compare_digest(digest, stored.host_token_hash):
            return Identity(code, "host")
        state = self.state(code)
        for player in state.players.values():
            if secrets.compare_digest(player.token_hash, digest):
                return Identity(code, "player", player.id)
        raise Rejected("bad_token", "That token does not belong to this session.")

    def join(self, code: str, name: object) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        player_id = "p" + secrets.token_hex(5)
        self.execute(code, c.Join(c.SYSTEM, name=name, player_id=player_id, token_hash=token_hash(token)))
        return player_id, token

    # --- the one way to change a session ---------------------------------------------
    def execute(self, code: str, command: c.Command) -> Outcome:
        with self._locks[code]:
            for _ in range(SAVE_ATTEMPTS):
                found = self._current(code)
                if found is None:
                    raise Rejected("unknown_code", "There is no session with that code.")
                version, state = found
                now = self.clock()
                try:
                    outcome = apply(state, command, now)  # Rejected leaves state untouched
                except Rejected:
                    raise
                except Exception:
                    self._cache.pop(code, None)  # a bug may have half-changed the cached copy
                    raise
                if outcome.duplicate:
                    return outcome
                kind, payload = command_to_json(command)
                try:
                    saved = self.repository.save(code, version, state_to_json(state), state.phase.value,
                                                 state.deadline, [LoggedCommand(kind, payload, now)], now)
                except Exception:
                    self._cache.pop(code, None)
                    raise
                if saved:
                    self._cache[code] = (version + 1, state)
                    self.publisher.publish(code, state, outcome.events, now)
                    return outcome
                # Another process saved first: reload its state and apply again.
                self._cache.pop(code, None)
        raise Rejected("busy", "The session is busy; please try again.")

    def tick_due(self) -> int:
        """Close every phase whose deadline has passed. Returns how many moved on."""
        moved = 0
        for code in self.repository.due(self.clock()):
            try:
                self.execute(code, c.Tick(c.SYSTEM))
                moved += 1
            except Rejected:
                pass  # not due any more: paused, extended, or another process was first
        return moved

    def _current(self, code: str) -> tuple[int, SessionState] | None:
        cached = self._cache.get(code)
        if cached is not None and self.repository.version(code) == cached[0]:
            return cached
        stored = self.repository.load(code)
        if stored is None:
            return None
        entry = (stored.version, state_from_json(stored.state_json))
        self._cache[code] = entry
        return entry
