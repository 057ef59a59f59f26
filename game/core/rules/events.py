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
class RoomLockChanged(Event):
    locked: bool


@dataclass(frozen=True)
class PlayerMoved(Event):
    player_id: str


@dataclass(frozen=True)
class PlayerRenamed(Event):
    player_id: str


@dataclass(frozen=True)
class PlayerRemoved(Event):
    player_id: str
    rejoin: bool = False  # whether the facilitator invites them to join again (the phone offers it)


@dataclass(frozen=True)
class DiagnoseMarked(Event):
    player_id: str


@dataclass(frozen=True)
class DraftUpdated(Event):
    """A team's draft document took an update: relay it to the team as it came (base64)."""
    team_id: str
    player_id: str
    update: str
    fields: tuple[str, ...]  # the fields whose text it changed


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
class VotesWithdrawn(Event):
    """These players' votes were removed by the facilitator's moderation: a hidden draft
    ("hidden") or a move into the team they had voted for ("moved")."""
    player_ids: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class StepShown(Event):
    """The facilitator moved the projector's show one step (presenter and projector follow)."""


@dataclass(frozen=True)
class PhaseClosingEarly(Event):
    """Everyone has done the phase's task: it closes after a short grace."""


@dataclass(frozen=True)
class DotsPlaced(Event):
    """A player's dots changed (their own view, and the live ranking)."""
    player_id: str


@dataclass(frozen=True)
class PromisesChanged(Event):
    """The board's promises changed: merged, split, reworded, hidden, chosen or committed to."""

