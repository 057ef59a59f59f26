"""This process's copy of each session: load it (snapshot + log), catch it up, replay, snapshot.

One lock per session guards the copy: the command path holds it while it applies
and stores a batch, readers while they build views. The copy is the stored state
when this process is the only writer (``sole_writer``); otherwise every checked
read asks the store for its version first, and a copy that is behind applies the
commands it missed from the log instead of loading the whole snapshot again.

The whole state (the snapshot) is written only on a phase change, or when the
last one is a second old or 500 commands behind, and after the batch is stored
and published, so it delays no answer and no broadcast: loading a session
replays the logged commands after its snapshot.
"""
from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from ..core.rules import Rejected, apply
from ..core.state import SessionState
from . import clock
from .codec import command_from_json, state_from_json, state_to_json
from .ports import LoggedCommand, SessionRepository

# The whole state is written as well on a phase change, or when the last snapshot is this old
# or this many commands behind (which bounds what a load must replay).
SNAPSHOT_SECONDS = 1.0
SNAPSHOT_COMMANDS = 500

log = logging.getLogger(__name__)

Entry = tuple[int, SessionState]  # (version, state)


class StateCache:
    def __init__(self, repository: SessionRepository, sole_writer: bool = False,
                 monotonic: clock.Now = clock.monotonic, sleep: clock.Sleep = clock.sleep):
        self.repository = repository
        # True when no other process writes these sessions (one server, no message queue):
        # the cached state is then the stored one and reads skip asking the database for
        # its version. Saves stay version-checked either way.
        self.sole_writer = sole_writer
        self.monotonic = monotonic
        self.sleep = sleep
        self._entries: dict[str, Entry] = {}
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._host_hashes: dict[str, str] = {}
        # Per session: when this process last wrote the whole state, and commands logged since.
        self._since_snapshot: dict[str, tuple[float, int]] = {}

    # --- holding a session still --------------------------------------------------------
    def lock(self, code: str) -> threading.Lock:
        return self._locks[code]

    @contextmanager
    def reading(self, code: str, fresh: bool = True) -> Iterator[SessionState | None]:
        """Hold the session still while views are built from it.

        ``fresh=False`` reads this process's copy without asking the store for its version:
        for publishing what this process just stored (its copy is at least that new).
        """
        with self._locks[code]:
            found = self.current(code) if fresh else (self._entries.get(code) or self.current(code))
            yield found[1] if found else None

    def version_in_hand(self, code: str) -> int | None:
        """The version of the state ``reading(code)`` just gave (call inside it): a key for caches."""
        cached = self._entries.get(code)
        return cached[0] if cached else None

    def host_hash(self, code: str) -> str:
        """The host token's hash of a session ``current`` found (call with its lock held)."""
        return self._host_hashes[code]

    # --- the copy (call with the session's lock held) --------------------------------------
    def current(self, code: str) -> Entry | None:
        """The stored state as this process can know it: cached, caught up or loaded."""
        cached = self._entries.get(code)
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
        return self._load(code)

    def put(self, code: str, version: int, state: SessionState) -> None:
        self._entries[code] = (version, state)

    def drop(self, code: str) -> None:
        """Forget the copy (it may be half-changed or stale): the next read loads it afresh."""
        self._entries.pop(code, None)

    def _load(self, code: str) -> Entry | None:
        stored = self.repository.load(code)
        if stored is None:
            return None
        state = state_from_json(stored.state_json)
        replay(code, state, stored.after)
        entry = (stored.version, state)
        self._entries[code] = entry
        self._host_hashes[code] = stored.host_token_hash
        # A long tail to replay: write a snapshot with the next batch.
        self._since_snapshot[code] = (float("-inf") if stored.after else self.monotonic(), len(stored.after))
        return entry

    def _catch_up(self, code: str, version: int, state: SessionState) -> Entry | None:
        """Another process saved since we cached: apply its logged commands to our copy
        (a few commands instead of reading and parsing the whole snapshot again)."""
        entries = self.repository.log_since(code, version)
        versions = sorted({entry.version for entry in entries})
        if not versions or versions != list(range(version + 1, versions[-1] + 1)):
            return None  # not one unbroken run of versions after ours: load afresh
        try:
            replay(code, state, entries)
        except Exception:
            log.exception("catching up session %s from its log failed; loading it afresh", code)
            self.drop(code)
            return None
        entry = (versions[-1], state)
        self._entries[code] = entry
        return entry

    # --- snapshots ------------------------------------------------------------------------
    def snapshot_if_due(self, code: str, logged: int, phase_changed: bool) -> None:
        """Write the whole state as the snapshot of its version if it is due: on a phase change,
        or when the last one is SNAPSHOT_SECONDS old or SNAPSHOT_COMMANDS behind.

        Called after a batch is stored and published (without the lock), and after letting
        the acks and the broadcast go out first, so a snapshot never delays an answer or a
        phase change. A failed snapshot costs nothing but a longer replay: the log holds
        every command.
        """
        last, since = self._since_snapshot.get(code, (float("-inf"), 0))
        since += logged
        self._since_snapshot[code] = (last, since)
        if not (phase_changed or self.monotonic() - last >= SNAPSHOT_SECONDS or since >= SNAPSHOT_COMMANDS):
            return
        self.sleep(0)
        with self._locks[code]:
            entry = self._entries.get(code)
            if entry is None:
                return  # dropped meanwhile: the next load writes one when its tail is long
            version, state = entry
            try:
                if self.repository.save_snapshot(code, version, state_to_json(state)):
                    self._since_snapshot[code] = (self.monotonic(), 0)
            except Exception:
                log.exception("session %s: writing the snapshot of version %s failed", code, version)


def replay(code: str, state: SessionState, entries: list[LoggedCommand]) -> None:
    """Apply logged commands again, in order, at the times they were applied: the rules are
    deterministic, so this gives the state they made (tests/service/test_replay.py)."""
    for entry in entries:
        if entry.kind == "Created":
            continue
        try:
            apply(state, command_from_json(entry.kind, entry.payload), entry.at)
        except Rejected as refused:  # it was accepted once: the rules changed under the log
            log.error("session %s: logged %s refused on replay (%s)", code, entry.kind, refused.code)

