"""The one way to change a session: queue, apply, store, publish (each a named step).

One batch at a time per session in this process (the session's lock); the version
check in the repository makes several processes safe as well.

Group commit: commands that arrive while a session is busy queue up, and the
next holder of the lock applies all of them to the in-memory state and saves
once (one version bump, one log row per command). Nobody's answer is returned
before the batch holding its command is stored and published. At 1,000 players
a vote burst is then a few dozen writes instead of 1,000.

Publishing happens after the lock is released, in the order the batches were
stored (an outbox per session, drained by one caller at a time); the publisher
reads the session through its own read function when it needs more than the events.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from ..core import commands as c
from ..core.rules import Outcome, Rejected, apply
from ..core.rules.events import PhaseChanged
from ..core.state import SessionState
from . import clock
from .codec import command_to_json
from .ports import LoggedCommand, Publisher, SessionRepository
from .state_cache import StateCache

SAVE_ATTEMPTS = 8
# Commands per group commit at most: bounds how long the first one's answer waits.
BATCH_MAX = 500
COST_FACTOR = 8  # see CommandPath._pause


@dataclass(eq=False)
class _Ticket:
    """One queued command and, once its batch is settled, its outcome or error."""

    command: c.Command
    outcome: Outcome | None = None
    error: BaseException | None = None

    @property
    def settled(self) -> bool:
        return self.outcome is not None or self.error is not None


@dataclass
class _Attempt:
    """A batch applied to the cached state: what was accepted, refused, and where it ends."""

    applied: list[tuple[_Ticket, Outcome]] = field(default_factory=list)
    refused: list[tuple[_Ticket, BaseException]] = field(default_factory=list)
    cut: int = 0  # the batch ends after this many tickets (after a phase change)
    failed: tuple[_Ticket, BaseException] | None = None  # a bug in the rules

    @property
    def changes(self) -> list[tuple[_Ticket, Outcome]]:
        return [(ticket, outcome) for ticket, outcome in self.applied if not outcome.duplicate]


@dataclass
class _Publication:
    events: list
    now: float
    logged: int

    @property
    def phase_changed(self) -> bool:
        return any(isinstance(event, PhaseChanged) for event in self.events)


class NullPublisher:
    def publish(self, code, events, now) -> None:
        pass


class CommandPath:
    def __init__(self, repository: SessionRepository, cache: StateCache, publisher: Publisher | None = None,
                 now: clock.Now = clock.now, monotonic: clock.Now = clock.monotonic,
                 sleep: clock.Sleep = clock.sleep, commit_interval: float = 0.0):
        self.repository = repository
        self.cache = cache
        self.publisher = publisher or NullPublisher()
        self.now, self.monotonic, self.sleep = now, monotonic, sleep
        # At most one batch write per session per this many seconds: under load the
        # commands arriving in between wait for the next batch instead of each forcing
        # a write of their own (0 commits as soon as the lock is free).
        self.commit_interval = commit_interval
        self._last_commit: dict[str, float] = {}
        # Seconds the last batch write of each session took (see _pause).
        self._last_cost: dict[str, float] = {}
        self._queues: defaultdict[str, list[_Ticket]] = defaultdict(list)
        self._outbox: defaultdict[str, list[_Publication]] = defaultdict(list)
        self._publishing: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

    def waiting(self, code: str) -> int:
        """Commands queued for the next batch of a session."""
        return len(self._queues[code])

    def execute(self, code: str, command: c.Command) -> Outcome:
        ticket = _Ticket(command)
        self._queues[code].append(ticket)
        committing = False  # once this caller commits, it goes on until its command is stored
        while True:
            with self.cache.lock(code):
                # Whoever holds the lock commits everything queued; by the time we hold
                # it, an earlier holder may already have stored (or refused) ours.
                if ticket.settled:
                    break
                pause = 0.0 if committing else self._pause(code)
                if pause <= 0:
                    if not committing:
                        # Let commands that already arrived (handlers scheduled in this same
                        # turn of the event loop) queue up behind us and join this batch.
                        self.sleep(0)
                    self._commit_batch(code)
                    committing = True
            if committing:
                self._publish_stored(code)  # without the lock, before the next batch
            else:
                self.sleep(pause)  # without the lock: readers and other commands go on meanwhile
        self._publish_stored(code)  # ours may be out already, or still going out: wait for it
        if ticket.error is not None:
            raise ticket.error
        assert ticket.outcome is not None  # settled without an error
        return ticket.outcome

    def _pause(self, code: str) -> float:
        """Seconds to wait before the next batch write of a session.

        The pause follows the last write's cost (COST_FACTOR times, at most commit_interval):
        a cheap write waits a few ms, not the whole interval, while a slow database still
        spends at most 1/(1+COST_FACTOR) of its time writing.
        """
        interval = min(self.commit_interval, COST_FACTOR * self._last_cost.get(code, self.commit_interval))
        return self._last_commit.get(code, float("-inf")) + interval - self.monotonic()

    def _commit_batch(self, code: str) -> None:
        """Apply the queued commands in order, store them as one batch, settle their tickets and
        put their events in the outbox. Call with the session's lock held.

        A batch ends after a phase change, so each batch's events are published against
        the phase they happened in.
        """
        queue = self._queues[code]
        batch = queue[:BATCH_MAX]
        del queue[:len(batch)]
        for _ in range(SAVE_ATTEMPTS):
            found = self.cache.current(code)
            if found is None:
                _fail(batch, Rejected("unknown_code", "There is no session with that code."))
                return
            version, state = found
            now = self.now()
            attempt = _apply(state, batch, now)
            if attempt.failed is not None:
                # A bug may have half-changed the cached copy: drop it, fail only that
                # command, and try the others again on a freshly loaded state.
                self.cache.drop(code)
                ticket, bug = attempt.failed
                ticket.error = bug
                batch.remove(ticket)
                continue
            head, tail = batch[:attempt.cut], batch[attempt.cut:]
            try:
                stored = self._store(code, version, state, attempt.changes, now)
            except Exception as error:
                self.cache.drop(code)
                _fail(head, error)
                queue[:0] = tail
                return
            if not stored:
                # Another process saved first: reload its state and apply the batch again.
                self.cache.drop(code)
                continue
            queue[:0] = tail  # after a phase change: the next batch
            self._settle(code, attempt, now)
            return
        _fail(batch, Rejected("busy", "The session is busy; please try again."))

    def _store(self, code: str, version: int, state: SessionState, changes: list, now: float) -> bool:
        """Append the batch's changes to the log as the next version; False if another process
        saved first. Nothing to store (only duplicates and refusals) counts as stored."""
        if not changes:
            return True
        log = [LoggedCommand(*command_to_json(ticket.command), now) for ticket, _ in changes]
        started = self.monotonic()
        if not self.repository.save(code, version, state.phase.value, state.deadline, log, now):
            return False
        self.cache.put(code, version + 1, state)
        self._last_commit[code] = self.monotonic()
        self._last_cost[code] = self._last_commit[code] - started
        return True

    def _settle(self, code: str, attempt: _Attempt, now: float) -> None:
        """Give each ticket of a stored batch its answer and queue the batch's events to publish."""
        for ticket, outcome in attempt.applied:
            ticket.outcome = outcome
        for ticket, rejected in attempt.refused:
            ticket.error = rejected
        changes = attempt.changes
        if changes:
            events = [event for _, outcome in changes for event in outcome.events]
            self._outbox[code].append(_Publication(events, now, len(changes)))

    def _publish_stored(self, code: str) -> None:
        """Publish stored batches in the order they were stored, then write a snapshot if due.

        One caller at a time per session: another caller's batch may be going out now, and
        waiting for it keeps every answer behind its own broadcast.
        """
        with self._publishing[code]:
            outbox = self._outbox[code]
            if not outbox:
                return
            logged, phase_changed = 0, False
            while outbox:
                publication = outbox.pop(0)
                self.publisher.publish(code, publication.events, publication.now)
                logged += publication.logged
                phase_changed = phase_changed or publication.phase_changed
            self.cache.snapshot_if_due(code, logged, phase_changed)


def _apply(state: SessionState, batch: list[_Ticket], now: float) -> _Attempt:
    """Apply a batch's commands to the state in order, up to and including a phase change."""
    attempt = _Attempt(cut=len(batch))
    for index, ticket in enumerate(batch):
        try:
            outcome = apply(state, ticket.command, now)  # Rejected leaves state untouched
        except Rejected as rejected:
            attempt.refused.append((ticket, rejected))
            continue
        except Exception as bug:
            attempt.failed = (ticket, bug)
            return attempt
        attempt.applied.append((ticket, outcome))
        if any(isinstance(event, PhaseChanged) for event in outcome.events):
            attempt.cut = index + 1
            return attempt
    return attempt


def _fail(tickets: list[_Ticket], error: BaseException) -> None:
    for ticket in tickets:
        ticket.error = error
