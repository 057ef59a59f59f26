"""The authority: load a session, apply commands, save them (version-checked), publish.

One batch at a time per session in this process (a lock per session); the
version check in the repository makes several processes safe as well.

Group commit: commands that arrive while a session is busy queue up, and the
next holder of the lock applies all of them to the in-memory state and saves
once (one version bump, one log row per command). Nobody's answer is returned
before the batch holding its command is stored. At 1,000 players a vote burst
is then a few dozen writes instead of 1,000.

The whole state (the snapshot) is written only on a phase change, or when the
last one is a second old or 500 commands behind, and then after the batch is
stored and published, so it delays no answer and no broadcast: loading a session
replays the logged commands after its snapshot, and a process whose cached copy
is behind another's applies just the commands it missed.
"""
from __future__ import annotations

import hashlib
import logging
import random
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..core import commands as c
from ..core.deck import Deck
from ..core.rules import Outcome, Rejected, apply
from ..core.rules.events import PhaseChanged
from ..core.session import CODE_LENGTH, JOIN_ALPHABET, new_session
from ..core.state import SessionState, Settings
from .codec import command_from_json, command_to_json, state_from_json, state_to_json
from .ports import LoggedCommand, Publisher, SessionRepository

SAVE_ATTEMPTS = 8
# Commands per group commit at most: bounds how long the first one's answer waits.
BATCH_MAX = 500
COST_FACTOR = 8  # see SessionService._last_cost
# A batch of commands is stored as log rows; the whole state is written as well on a phase
# change, or when the last snapshot is this old or this many commands behind (which bounds
# what a load must replay).
CHOSEN_TOKEN_MIN = 32  # a token a client picks for itself must be as hard to guess as ours
SNAPSHOT_SECONDS = 1.0
SNAPSHOT_COMMANDS = 500

log = logging.getLogger(__name__)


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


@dataclass(eq=False)
class _Ticket:
    """One queued command and, once its batch is settled, its outcome or error."""

    command: c.Command
    outcome: Outcome | None = None
    error: BaseException | None = None

    @property
    def settled(self) -> bool:
        return self.outcome is not None or self.error is not None


class NullPublisher:
    def publish(self, code, state, events, now) -> None:
        pass


class SessionService:
    def __init__(self, repository: SessionRepository, publisher: Publisher | None = None,
                 clock: Callable[[], float] = time.time, rng: random.Random | None = None,
                 sole_writer: bool = False, commit_interval: float = 0.0):
        self.repository = repository
        # At most one batch write per session per this many seconds: under load the
        # commands arriving in between wait for the next batch instead of each forcing
        # a write of their own (0 commits as soon as the lock is free).
        self.commit_interval = commit_interval
        self._last_commit: dict[str, float] = {}
        # Seconds the last batch write of each session took. The pause before the next
        # write follows it (COST_FACTOR times, at most commit_interval): a cheap write waits
        # a few ms, not the whole interval, while a slow database still spends at most
        # 1/(1+COST_FACTOR) of its time writing.
        self._last_cost: dict[str, float] = {}
        # True when no other process writes these sessions (one server, no message queue):
        # the cached state is then the stored one and reads skip asking the database for
        # its version. Saves stay version-checked either way.
        self.sole_writer = sole_writer
        self.publisher = publisher or NullPublisher()
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        self._cache: dict[str, tuple[int, SessionState]] = {}
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._queues: defaultdict[str, list[_Ticket]] = defaultdict(list)
        # Per session: the host's token hash (never changes) and token hash -> player id.
        self._host_hashes: dict[str, str] = {}
        self._player_tokens: dict[str, dict[str, str]] = {}
        # Per session: when this process last wrote the whole state, and commands logged since.
        self._since_snapshot: dict[str, tuple[float, int]] = {}

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

    def version_in_hand(self, code: str) -> int | None:
        """The version of the state ``reading(code)`` just gave (call inside it): a key for caches."""
        cached = self._cache.get(code)
        return cached[0] if cached else None

    def authenticate(self, code: str, token: object) -> Identity:
        if not isinstance(token, str) or not 10 <= len(token) <= 100:
            raise Rejected("bad_token", "That is not a valid token.")
        digest = token_hash(token)
        with self._locks[code]:
            found = self._current(code)
            if found is None:
                raise Rejected("unknown_code", "There is no session with that code.")
            state = found[1]
            if secrets.compare_digest(digest, self._host_hashes[code]):
                return Identity(code, "host")
            # A dict lookup instead of parsing and scanning the session on every connect.
            # The key is a SHA-256 of a 256-bit random token, so lookup timing reveals nothing useful.
            player_id = self._player_tokens.get(code, {}).get(digest)
            player = state.players.get(player_id) if player_id else None
            if player is None or player.token_hash != digest:
                index = {p.token_hash: p.id for p in state.players.values()}
                self._player_tokens[code] = index
                player = state.players.get(index.get(digest, ""))
            if player is not None:
                return Identity(code, "player", player.id)
        raise Rejected("bad_token", "That token does not belong to this session.")

    def join(self, code: str, name: object, token: object = None) -> tuple[str, str]:
        """Join a new player and return (player id, token).

        ``token`` is the client's own (random, at least CHOSEN_TOKEN_MIN characters) or
        made here. With its own token a client can retry a join whose answer it lost: a
        token that already holds a seat in this session returns that seat, not name_taken.
        """
        if token is not None:
            if not isinstance(token, str) or not CHOSEN_TOKEN_MIN <= len(token) <= 100:
                raise Rejected("bad_payload", f"A token chosen for joining has {CHOSEN_TOKEN_MIN} to 100 characters.")
            try:
                seat = self.authenticate(code, token)
            except Rejected as refused:
                if refused.code != "bad_token":
                    raise
            else:
                if seat.role != "player":
                    raise Rejected("bad_payload", "Join with a token of your own, not the facilitator's.")
                return seat.player_id, token
        token = token or secrets.token_urlsafe(32)
        player_id = "p" + secrets.token_hex(5)
        digest = token_hash(token)
        self.execute(code, c.Join(c.SYSTEM, name=name, player_id=player_id, token_hash=digest))
        # The phone connects with this token next: index it now rather than rebuild the
        # index from the whole roster at its first connect (1,000 rebuilds in a join storm).
        tokens = self._player_tokens.get(code)
        if tokens is not None:
            tokens[digest] = player_id
        return player_id, token

    # --- the one way to change a session ---------------------------------------------
    def execute(self, code: str, command: c.Command) -> Outcome:
        ticket = _Ticket(command)
        self._queues[code].append(ticket)
        while True:
            with self._locks[code]:
                # Whoever holds the lock commits everything queued; by the time we hold
                # it, an earlier holder may already have stored (or refused) ours.
                if ticket.settled:
                    break
                interval = min(self.commit_interval, COST_FACTOR * self._last_cost.get(code, self.commit_interval))
                pause = self._last_commit.get(code, float("-inf")) + interval - time.monotonic()
                if pause <= 0:
                    # Let commands that already arrived (handlers scheduled in this same
                    # turn of the event loop) queue up behind us and join this batch.
                    time.sleep(0)
                    while not ticket.settled:
                        self._commit_queued(code)
                    break
            time.sleep(pause)  # without the lock: readers and other commands go on meanwhile
        if ticket.error is not None:
            raise ticket.error
        return ticket.outcome

    def _commit_queued(self, code: str) -> None:
        """Apply queued commands in order, save them as one batch, publish, settle their tickets.

        Call with the session's lock held. A batch ends after a phase change, so
        each batch's events are published against the state they happened in.
        """
        queue = self._queues[code]
        batch = queue[:BATCH_MAX]
        del queue[:len(batch)]
        for _ in range(SAVE_ATTEMPTS):
            found = self._current(code)
            if found is None:
                for ticket in batch:
                    ticket.error = Rejected("unknown_code", "There is no session with that code.")
                return
            version, state = found
            now = self.clock()
            applied: list[tuple[_Ticket, Outcome]] = []
            refused: list[tuple[_Ticket, BaseException]] = []
            cut = len(batch)
            failed = None
            for index, ticket in enumerate(batch):
                try:
                    outcome = apply(state, ticket.command, now)  # Rejected leaves state untouched
                except Rejected as rejected:
                    refused.append((ticket, rejected))
                    continue
                except Exception as bug:
                    failed = (ticket, bug)
                    break
                applied.append((ticket, outcome))
                if any(isinstance(event, PhaseChanged) for event in outcome.events):
                    cut = index + 1
                    break
            if failed is not None:
                # A bug may have half-changed the cached copy: drop it, fail only that
                # command, and try the others again on a freshly loaded state.
                self._cache.pop(code, None)
                failed[0].error = failed[1]
                batch.remove(failed[0])
                continue
            head, tail = batch[:cut], batch[cut:]
            changes = [(ticket, outcome) for ticket, outcome in applied if not outcome.duplicate]
            if changes:
                log = [LoggedCommand(*command_to_json(ticket.command), now) for ticket, _ in changes]
                started = time.monotonic()
                try:
                    saved = self.repository.save(code, version, state.phase.value, state.deadline, log, now)
                except Exception as error:
                    self._cache.pop(code, None)
                    for ticket in head:
                        ticket.error = error
                    queue[:0] = tail
                    return
                if not saved:
                    # Another process saved first: reload its state and apply the batch again.
                    self._cache.pop(code, None)
                    continue
                self._cache[code] = (version + 1, state)
                self._last_commit[code] = time.monotonic()
                self._last_cost[code] = self._last_commit[code] - started
            queue[:0] = tail  # after a phase change: the next batch
            for ticket, outcome in applied:
                ticket.outcome = outcome
            for ticket, rejected in refused:
                ticket.error = rejected
            if changes:
                events = [event for _, outcome in changes for event in outcome.events]
                self.publisher.publish(code, state, events, now)
                self._snapshot_if_due(code, version + 1, state, len(log),
                                      any(isinstance(event, PhaseChanged) for event in events))
            return
        for ticket in batch:
            ticket.error = Rejected("busy", "The session is busy; please try again.")

    def _snapshot_if_due(self, code: str, version: int, state: SessionState, logged: int, phase_changed: bool):
        """Write the whole state as the snapshot of ``version`` if it is due: on a phase change,
        or when the last one is SNAPSHOT_SECONDS old or SNAPSHOT_COMMANDS behind.

        After the batch is stored and published, and after letting the acks and the
        broadcast go out first, so a snapshot never delays an answer or a phase change.
        A failed snapshot costs nothing but a longer replay: the log holds every command.
        """
        last, since = self._since_snapshot.get(code, (float("-inf"), 0))
        since += logged
        self._since_snapshot[code] = (last, since)
        if not (phase_changed or time.monotonic() - last >= SNAPSHOT_SECONDS or since >= SNAPSHOT_COMMANDS):
            return
        time.sleep(0)
        try:
            if self.repository.save_snapshot(code, version, state_to_json(state)):
                self._since_snapshot[code] = (time.monotonic(), 0)
        except Exception:
            log.exception("session %s: writing the snapshot of version %s failed", code, version)

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
        if cached is not None:
            if self.sole_writer:
                return cached
            stored_version = self.repository.version(code)
            if stored_version == cached[0]:
                return cached
            if stored_version is not None and stored_version > cached[0]:
                caught_up = self._catch_up(code, *cached)
                if caught_up is not None:
                    return caught_up
        stored = self.repository.load(code)
        if stored is None:
            return None
        state = state_from_json(stored.state_json)
        self._replay(code, state, stored.after)
        entry = (stored.version, state)
        self._cache[code] = entry
        self._host_hashes[code] = stored.host_token_hash
        # A long tail to replay: write a snapshot with the next batch.
        self._since_snapshot[code] = (float("-inf") if stored.after else time.monotonic(), len(stored.after))
        return entry

    def _catch_up(self, code: str, version: int, state: SessionState) -> tuple[int, SessionState] | None:
        """Another process saved since we cached: apply its logged commands to our copy
        (a few commands instead of reading and parsing the whole snapshot again)."""
        entries = self.repository.log_since(code, version)
        versions = sorted({entry.version for entry in entries})
        if not versions or versions != list(range(version + 1, versions[-1] + 1)):
            return None  # not one unbroken run of versions after ours: load afresh
        try:
            self._replay(code, state, entries)
        except Exception:
            log.exception("catching up session %s from its log failed; loading it afresh", code)
            self._cache.pop(code, None)
            return None
        entry = (versions[-1], state)
        self._cache[code] = entry
        return entry

    @staticmethod
    def _replay(code: str, state: SessionState, entries: list[LoggedCommand]) -> None:
        """Apply logged commands again, in order, at the times they were applied: the rules are
        deterministic, so this gives the state they made (tests/core/test_replay.py)."""
        for entry in entries:
            if entry.kind == "Created":
                continue
            try:
                apply(state, command_from_json(entry.kind, entry.payload), entry.at)
            except Rejected as refused:  # it was accepted once: the rules changed under the log
                log.error("session %s: logged %s refused on replay (%s)", code, entry.kind, refused.code)
