"""The small interfaces the service sees the world through."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass
class StoredSession:
    code: str
    version: int
    state_json: str
    host_token_hash: str


@dataclass
class LoggedCommand:
    kind: str
    payload: str
    at: float


class SessionRepository(Protocol):
    def create(self, code: str, state_json: str, host_token_hash: str, deck_id: str,
               deadline: float | None, now: float) -> bool:
        """Store a new session; False if the code is taken."""

    def load(self, code: str) -> StoredSession | None: ...

    def version(self, code: str) -> int | None: ...

    def save(self, code: str, expected_version: int, state_json: str, phase: str,
             deadline: float | None, log: list[LoggedCommand], now: float) -> bool:
        """Write the snapshot and append to the log if the version is still ``expected_version``."""

    def due(self, now: float, limit: int = 50) -> list[str]:
        """Codes of sessions whose deadline has passed."""

    def log(self, code: str) -> list[LoggedCommand]: ...


class Publisher(Protocol):
    def publish(self, code: str, state, events: list, now: float) -> None:
        """Tell the connected clients what changed."""


class Clock(Protocol):
    def __call__(self) -> float: ...
