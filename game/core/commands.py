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
    """A whole-text edit of an older release. Only read back from a command log (a session
    upgraded mid-draft); no client may send it any more (not in PLAYER_COMMANDS)."""
    field: str
    text: str
    base_version: int = 0


@dataclass(frozen=True)
class UpdateDraft(Command):
    """A Yjs update (encoding v1, base64) to the team's draft document; see core/draft_doc.py."""
    update: str


@dataclass(frozen=True)
class SubmitDraft(Command):
    submitted: bool = True


@dataclass(frozen=True)
class CastVote(Command):
    entry_id: str


@dataclass(frozen=True)
class PlaceDots(Command):
    """The promises activity's dot vote: the promises this player's dots are on (replacing
    their earlier dots; a promise may be named more than once)."""
    promise_ids: tuple[str, ...]


# --- facilitator -----------------------------------------------------------------

@dataclass(frozen=True)
class MovingControl(Command):
    """A control that moves the game on. It names the card and phase it was pressed in, so a
    press that arrives after the game already moved (a second device, the phase's own end)
    is refused as stale instead of moving the game twice. None: not checked (the clock)."""
    from_phase: str | None = field(default=None, kw_only=True)
    from_card: int | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class StartGame(MovingControl):
    pass


@dataclass(frozen=True)
class AdvancePhase(MovingControl):
    pass


@dataclass(frozen=True)
class SkipCard(MovingControl):
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
class EndSession(MovingControl):
    pass


@dataclass(frozen=True)
class ShowStep(Command):
    """The projector shows this step of the phase (reveal: draft by draft; wall: page by page)."""
    step: int = 0


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
    rejoin: bool = False  # the phone may offer "join again"


@dataclass(frozen=True)
class HideDraft(Command):
    team_id: str
    hidden: bool = True


@dataclass(frozen=True)
class LockRoom(Command):
    """Lock (or unlock) the room: while locked nobody new can join; seated players keep their seats."""
    locked: bool = True


@dataclass(frozen=True)
class RemoveRecentJoins(Command):
    """Remove at once every player who joined in the last ``minutes`` (a flood of bots)."""
    minutes: int


# --- facilitator: the promises activity (game/core/rules/promises.py) ---------------

@dataclass(frozen=True)
class MergePromise(Command):
    """Merge a promise (and whatever was merged into it) into another: duplicates become one."""
    promise_id: str
    into: str


@dataclass(frozen=True)
class SplitPromise(Command):
    """Undo a merge: the promise stands on its own again."""
    promise_id: str


@dataclass(frozen=True)
class RewordPromise(Command):
    promise_id: str
    text: str


@dataclass(frozen=True)
class HidePromise(Command):
    promise_id: str
    hidden: bool = True


@dataclass(frozen=True)
class ChoosePromises(Command):
    """The charter's promises, in the charter's order (the facilitator breaks ties)."""
    promise_ids: tuple[str, ...]


@dataclass(frozen=True)
class SetCommitment(Command):
    promise_id: str
    owner: str = ""
    first_step: str = ""
    due: str = ""


# --- system ----------------------------------------------------------------------

@dataclass(frozen=True)
class SetPresence(Command):
    player_id: str
    away: bool


@dataclass(frozen=True)
class Tick(Command):
    """The clock: closes the phase when its deadline has passed."""


HOST_COMMANDS = (StartGame, AdvancePhase, SkipCard, PauseTimer, ResumeTimer, ExtendTimer,
                 EndSession, ShowStep, MovePlayer, RenamePlayer, RemovePlayer, HideDraft, LockRoom,
                 RemoveRecentJoins, MergePromise, SplitPromise, RewordPromise, HidePromise, ChoosePromises,
                 SetCommitment)
PLAYER_COMMANDS = (MarkDiagnose, UpdateDraft, SubmitDraft, CastVote, PlaceDots)
