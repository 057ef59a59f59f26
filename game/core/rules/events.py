"""Events: what happened, in the past tense. The service turns them into broadcasts."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    pass


@dataclass(frozen=True)
class PhaseChanged(Event):
    phase: str
    card_index: int


@dataclass(frozen=True)
class TimerChanged(Event):
    pass


@dataclass(frozen=True)
class RosterChanged(Event):
    """Someone joined, left, came back, was renamed or moved."""


@dataclass(frozen=True)
class PlayerMoved(Event):
    player_id: str


@dataclass(frozen=True)
class PlayerRemoved(Event):
    player_id: str


@dataclass(frozen=True)
class DiagnoseMarked(Event):
    player_id: str


@dataclass(frozen=True)
class DraftEdited(Event):
    team_id: str
    field: str


@dataclass(frozen=True)
class DraftSubmitted(Event):
    team_id: str


@dataclass(frozen=True)
class DraftHidden(Event):
    team_id: str


@dataclass(frozen=True)
class VoteCast(Event):
    player_id: str


@dataclass(frozen=True)
class PhaseClosingEarly(Event):
    """Everyone has done the phase's task: it closes after a short grace."""
