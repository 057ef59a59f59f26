"""The rules: ``apply(state, command, now)`` is the only way a session changes.

``apply`` checks everything before it changes anything, so a rejected command
leaves the state exactly as it was. It mutates the state it is given (the
caller owns that copy) and returns the events that happened plus a small
result for the caller's acknowledgement. No I/O, no clock: ``now`` is given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import commands as c
from ..phase import Phase
from ..state import SessionState
from . import diagnose, draft, flow, players, promises, room, vote
from .errors import Rejected, reject
from .events import Event, PlayerRemoved
from .phases import PHASES

__all__ = ["apply", "Outcome", "Rejected"]
# Enough for what a phone buffers while offline, small enough for a 1,000-player snapshot.
ACTIONS_REMEMBERED = 16


@dataclass
class Outcome:
    events: list[Event] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)
    duplicate: bool = False


def _check_actor(state: SessionState, command: c.Command) -> None:
    if isinstance(command, c.HOST_COMMANDS) and command.actor != c.HOST:
        reject("not_host", "Only the facilitator can do that.")
    if isinstance(command, c.MovingControl) and command.from_phase is not None and (
            command.from_phase != state.phase.value or command.from_card != state.card_index):
        reject("stale_control", f"The game has already moved on: it is card {state.card_index + 1}, "
                                f"{state.phase.value} phase now.")
    if isinstance(command, c.PLAYER_COMMANDS):
        players.player(state, command.actor)
        if command.__class__ not in PHASES[state.phase].moves:
            reject("not_in_phase", f"That is not possible in the {state.phase.value} phase.")


def _dispatch(state: SessionState, command: c.Command, now: float) -> Outcome:
    if isinstance(command, promises.COMMANDS):
        events = promises.dispatch(state, command)
        if isinstance(command, c.PlaceDots):
            return Outcome(events + _maybe_done(state, now), {"dots": state.open_board.dots.get(command.actor, [])})
        return Outcome(events)
    match command:
        case c.Join(name=name, player_id=pid, token_hash=token_hash):
            return Outcome(players.join(state, name, pid, token_hash, now), {"player_id": pid})
        case c.SetPresence(player_id=pid, away=away):
            return Outcome(players.set_presence(state, pid, away) + _maybe_done(state, now))
        case c.Tick():
            return Outcome(flow.tick(state, now))
        case c.StartGame():
            return Outcome(flow.start(state, now))
        case c.AdvancePhase():
            return Outcome(flow.advance(state, now))
        case c.SkipCard():
            return Outcome(flow.skip_card(state, now))
        case c.PauseTimer():
            return Outcome(flow.pause(state, now))
        case c.ResumeTimer():
            return Outcome(flow.resume(state, now))
        case c.ExtendTimer(seconds=seconds):
            return Outcome(flow.extend(state, seconds, now))
        case c.EndSession():
            return Outcome(flow.end(state, now))
        case c.ShowStep(step=step):
            return Outcome(flow.show_step(state, step))
        case c.MovePlayer(player_id=pid, team_id=team_id):
            return Outcome(players.move(state, pid, team_id) + _maybe_done(state, now))
        case c.RenamePlayer(player_id=pid, name=name):
            return Outcome(players.rename(state, pid, name))
        case c.RemovePlayer(player_id=pid, rejoin=rejoin):
            return Outcome(players.remove(state, pid, rejoin) + _maybe_done(state, now))
        case c.LockRoom(locked=locked):
            return Outcome(room.lock(state, locked), {"locked": locked})
        case c.RemoveRecentJoins(minutes=minutes):
            events = room.remove_recent(state, minutes, now)
            return Outcome(events + _maybe_done(state, now),
                           {"removed": sum(isinstance(e, PlayerRemoved) for e in events)})
        case c.HideDraft(team_id=team_id, hidden=hidden):
            return Outcome(players.hide_draft(state, team_id, hidden))
        case c.MarkDiagnose(options=options):
            events = diagnose.mark_options(state, command.actor, tuple(options))
            # The wire keeps the name "ticks" (docs/protocol.md).
            return Outcome(events + _maybe_done(state, now), {"ticks": list(state.open_round.marks[command.actor])})
        case c.UpdateDraft(update=update):
            return Outcome(draft.update(state, command.actor, update))
        case c.EditDraft(field=name, text=text):
            return Outcome(draft.replace_text(state, command.actor, name, text))
        case c.SubmitDraft(submitted=submitted):
            return Outcome(draft.submit(state, command.actor, submitted) + _maybe_done(state, now))
        case c.CastVote(entry_id=entry):
            events = vote.cast(state, command.actor, entry)
            return Outcome(events + _maybe_done(state, now), {"vote": entry})
    reject("unknown_command", f"Unknown command {type(command).__name__}.")


def _maybe_done(state: SessionState, now: float) -> list[Event]:
    return flow.check_done(state, now) if state.phase not in (Phase.LOBBY, Phase.FINISHED) else []


def apply(state: SessionState, command: c.Command, now: float) -> Outcome:
    seen = state.recent_actions.get(command.actor, [])
    if command.action_id is not None and command.action_id in seen:
        # The Socket.IO client replays buffered events after a reconnect.
        return Outcome(duplicate=True)
    _check_actor(state, command)
    outcome = _dispatch(state, command, now)
    if isinstance(command, c.MovingControl):
        # Where the game is now: the facilitator's next press names this card and phase.
        outcome.result = {"phase": state.phase.value, "card_index": state.card_index}
    if command.action_id is not None:
        state.recent_actions[command.actor] = (seen + [command.action_id])[-ACTIONS_REMEMBERED:]
    return outcome
