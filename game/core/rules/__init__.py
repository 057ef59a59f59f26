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
from . import diagnose, draft, flow, players, vote
from .errors import Rejected, reject
from .events import Event
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
    if isinstance(command, c.PLAYER_COMMANDS):
        players.player(state, command.actor)
        if command.__class__ not in PHASES[state.phase].moves:
            reject("not_in_phase", f"That is not possible in the {state.phase.value} phase.")


def _dispatch(state: SessionState, command: c.Command, now: float) -> Outcome:
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
        case c.MovePlayer(player_id=pid, team_id=team_id):
            return Outcome(players.move(state, pid, team_id) + _maybe_done(state, now))
        case c.RenamePlayer(player_id=pid, name=name):
            return Outcome(players.rename(state, pid, name))
        case c.RemovePlayer(player_id=pid):
            return Outcome(players.remove(state, pid) + _maybe_done(state, now))
        case c.HideDraft(team_id=team_id, hidden=hidden):
            return Outcome(players.hide_draft(state, team_id, hidden))
        case c.MarkDiagnose(options=options):
            return Outcome(diagnose.mark_options(state, command.actor, tuple(options)) + _maybe_done(state, now))
        case c.EditDraft(field=name, text=text, base_version=base):
            events, result = draft.edit(state, command.actor, name, text, base)
            return Outcome(events, result)
        case c.SubmitDraft(submitted=submitted):
            return Outcome(draft.submit(state, command.actor, submitted) + _maybe_done(state, now))
        case c.CastVote(entry_id=entry):
            return Outcome(vote.cast(state, command.actor, entry) + _maybe_done(state, now))
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
    if command.action_id is not None:
        state.recent_actions[command.actor] = (seen + [command.action_id])[-ACTIONS_REMEMBERED:]
    return outcome
