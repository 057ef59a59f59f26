"""Commands: what a facilitator, a player or the clock asks the game to do.

Each is a small frozen dataclass. ``actor`` is the player id, ``HOST`` for the
facilitator or ``SYSTEM`` for the clock and the connection layer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

HOST = "host"
SYSTEM = "system"


@dataclass(frozen=True)
class Command:
    actor: str
    action_id: str | None = field(default=None, kw_only=True)


# --- players ---------------------------------------------------------------------

@dataclass(frozen=True)
class Join(Command):
    name: str
    player_id: str
    token_hash: str


@dataclass(frozen=True)
class MarkDiagnose(Command):
    """The options a player marks as what went wrong (replacing their earlier marks)."""

    options: tuple[str, ...]


@dataclass(frozen=True)
class EditDraft(Command):
    field: str
    text: str
    base_version: int


@dataclass(frozen=True)
class SubmitDraft(Command):
    submitted: bool = True


@dataclass(frozen=True)
class CastVote(Command):
    entry_id: str


# --- facilitator -----------------------------------------------------------------

@dataclass(frozen=True)
class StartGame(Command):
    pass


@dataclass(frozen=True)
class AdvancePhase(Command):
    pass


@dataclass(frozen=True)
class SkipCard(Command):
    pass


@dataclass(frozen=True)
class PauseTimer(Command):
    pass


@dataclass(frozen=True)
class ResumeTimer(Command):
    pass


@dataclass(frozen=True)
class ExtendTimer(Command):
    seconds: int = 60


@dataclass(frozen=True)
class EndSession(Command):
    pass


@dataclass(frozen=True)
class MovePlayer(Command):
    player_id: str
    team_id: str


@dataclass(frozen=True)
class RenamePlayer(Command):
    player_id: str
    name: str


@dataclass(frozen=True)
class RemovePlayer(Command):
    player_id: str


@dataclass(frozen=True)
class HideDraft(Command):
    team_id: str
    hidden: bool = True


# --- system ----------------------------------------------------------------------

@dataclass(frozen=True)
class SetPresence(Command):
    player_id: str
    away: bool


@dataclass(frozen=True)
class Tick(Command):
    """The clock: closes the phase when its deadline has passed."""


HOST_COMMANDS = (StartGame, AdvancePhase, SkipCard, PauseTimer, ResumeTimer, ExtendTimer,
                 EndSession, MovePlayer, RenamePlayer, RemovePlayer, HideDraft)
PLAYER_COMMANDS = (MarkDiagnose, EditDraft, SubmitDraft, CastVote)
