"""The small interfaces the service sees the world through."""
from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class LoggedCommand:
    kind: str
    payload: str
    at: float
    version: int = 0  # the session version the command's batch made; set when read back


@dataclass
class StoredSession:
    code: str
    version: int  # the snapshot's version plus the commands after it
    state_json: str  # the snapshot
    host_token_hash: str
    after: list[LoggedCommand] = field(default_factory=list)  # commands since the snapshot, in order


class SessionRepository(Protocol):
    def create(self, code: str, state_json: str, host_token_hash: str, deck_id: str,
               deadline: float | None, now: float) -> bool:
        """Store a new session; False if the code is taken."""

    def load(self, code: str) -> StoredSession | None:
        """The latest snapshot and the logged commands after it."""

    def log_since(self, code: str, version: int) -> list[LoggedCommand]:
        """The logged commands of versions after ``version``, in order (each with its version)."""

    def version(self, code: str) -> int | None: ...

    def save(self, code: str, expected_version: int, phase: str,
             deadline: float | None, log: list[LoggedCommand], now: float) -> bool:
        """If the version is still ``expected_version``: append ``log`` (at least one command)
        as the next version. The snapshot is written apart, by ``save_snapshot``."""

    def save_snapshot(self, code: str, version: int, state_json: str) -> bool:
        """Store ``state_json`` as the snapshot of ``version`` if that is still the latest version."""

    def due(self, now: float, limit: int = 50) -> list[str]:
        """Codes of sessions whose deadline has passed."""

    def log(self, code: str) -> list[LoggedCommand]: ...


class Publisher(Protocol):
    def publish(self, code: str, events: list, now: float) -> None:
        """Tell the connected clients what changed. Called after the batch holding ``events``
        is stored and the session's lock released, in the order batches were stored; the
        publisher reads the session itself (a read function given to it) for what it sends."""


# --- decks written in the editor ---------------------------------------------------------

@dataclass(frozen=True)
class StoredDeck:
    id: str
    version: int
    source: str
    valid: bool
    title: str
    language: str
    card_count: int
    created_by: int | None
    updated_by: int | None
    created_at: float
    updated_at: float
    updated_by_name: str | None = None


@dataclass(frozen=True)
class DeckSummary:
    """One row of the library page: everything but the text."""

    id: str
    version: int
    valid: bool
    title: str
    language: str
    card_count: int
    updated_at: float
    updated_by_name: str | None


class DeckConflict(Exception):
    """The deck changed (or went away) since the caller read it."""

    def __init__(self, current: StoredDeck | None):
        super().__init__("deck changed since it was read")
        self.current = current


class DeckExists(Exception):
    """Another deck already has this id."""


@dataclass(frozen=True)
class DeckFields:
    """What a save writes: the text plus the columns the library lists without parsing it."""

    source: str
    valid: bool
    title: str
    language: str
    card_count: int


class DeckRepository(Protocol):
    """The editor's decks as stored rows (game/store/deck_repository.py)."""

    def create(self, deck_id: str, fields: DeckFields, user_id: int | None, now: float) -> StoredDeck:
        """DeckExists if the id is taken."""

    def get(self, deck_id: str) -> StoredDeck | None: ...

    def exists(self, deck_id: str) -> bool: ...

    def list(self) -> list[DeckSummary]: ...  # (the name shadows the builtin below: builtins.list)

    def valid_sources(self) -> builtins.list[tuple[str, int, str]]:
        """(id, version, source) of every valid deck."""

    def save(self, deck_id: str, expected_version: int, fields: DeckFields, user_id: int | None, now: float,
             new_id: str | None = None) -> StoredDeck:
        """DeckConflict if someone saved since ``expected_version``; DeckExists if ``new_id`` is taken."""

    def delete(self, deck_id: str) -> bool: ...


class DeckFiles(Protocol):
    """The shipped deck files (game/store/deck_files.py): read once at start."""

    decks: dict
    broken: dict

    def source(self, deck_id: str) -> str | None:
        """The text of a shipped deck's file, or None if it cannot be read any more."""
