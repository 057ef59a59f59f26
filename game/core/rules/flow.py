"""Moving through a session: start, next phase, skip, timers, early end, the clock."""
from __future__ import annotations

from ..phase import ACTIVITY_PHASE_SET, Phase
from ..state import Draft, Round, SessionState
from . import promises, vote
from .errors import reject
from .events import Event, PhaseChanged, PhaseClosingEarly, StepShown, TimerChanged
from .phases import PHASES, done_rule, first_phase, following, next_card

MIN_EXTEND, MAX_EXTEND = 10, 600
MAX_STEP = 200


def enter(state: SessionState, phase: Phase, now: float, card_index: int | None = None) -> list[Event]:
    if state.phase == Phase.DRAFT and phase != Phase.DRAFT and state.rounds:
        # The CRDT document is needed only while the team writes; once the draft phase
        # is over no update can come, the texts are final, and every stored snapshot
        # would carry the documents.
        for draft in state.rounds[-1].drafts.values():
            draft.close_document()
    if card_index is not None:
        state.card_index = card_index
    state.phase = phase
    state.step = 0
    state.paused_remaining = None
    state.deadline = None
    if phase == Phase.STORY:
        state.rounds.append(Round(card_index=state.card_index))
    if phase == Phase.DRAFT:
        # Every team has its (empty) draft from the first moment of the phase, not the first edit.
        for team in state.teams_with_players():
            state.open_round.drafts.setdefault(team.id, Draft())
    if phase == Phase.VOTE:
        vote.open_ballot(state)
    if phase == Phase.REVEAL:
        vote.score_round(state)
    if phase in promises.ENTER:
        promises.ENTER[phase](state)
    if phase in ACTIVITY_PHASE_SET:
        seconds = state.deck.timer_for(state.card_index, phase)
        state.deadline = now + seconds if seconds else None
    return [PhaseChanged(phase.value, state.card_index)]


def advance(state: SessionState, now: float) -> list[Event]:
    if state.phase == Phase.FINISHED:
        reject("session_finished", "The session has finished.")
    if state.phase == Phase.LOBBY:
        return start(state, now)
    step = following(state)
    assert step is not None  # only a finished session has no next phase
    phase, card_index = step
    return enter(state, phase, now, card_index=card_index)


def to_next_card(state: SessionState, now: float) -> list[Event]:
    phase, card_index = next_card(state)
    return enter(state, phase, now, card_index=card_index)


def start(state: SessionState, now: float) -> list[Event]:
    if state.phase != Phase.LOBBY:
        reject("already_started", "The session has already started.")
    if not state.players:
        reject("no_players", "Wait until at least one player has joined.")
    return enter(state, first_phase(state, 0), now, card_index=0)


def skip_card(state: SessionState, now: float) -> list[Event]:
    if state.phase in (Phase.LOBBY, Phase.FINISHED):
        reject("not_in_phase", "There is no card to skip right now.")
    return to_next_card(state, now)


def end(state: SessionState, now: float) -> list[Event]:
    if state.phase == Phase.FINISHED:
        reject("session_finished", "The session has already finished.")
    if state.phase == Phase.VOTE:
        # Ending during a vote still counts the ballots already cast.
        vote.score_round(state)
    return enter(state, Phase.FINISHED, now)


def show_step(state: SessionState, step: int) -> list[Event]:
    """Move the projector's show (clients know how many steps a phase has; the server bounds it)."""
    if state.phase not in (Phase.STORY, Phase.REVEAL, Phase.COMMIT, Phase.FINISHED):
        reject("not_in_phase", "Steps are for a long story, the reveal, the charter and the promise wall.")
    if not isinstance(step, int) or isinstance(step, bool) or not 0 <= step <= MAX_STEP:
        reject("bad_step", f"A step is a whole number from 0 to {MAX_STEP}.")
    if step == state.step:
        return []
    state.step = step
    return [StepShown()]


def _timed_phase(state: SessionState) -> None:
    if state.phase in (Phase.LOBBY, Phase.FINISHED):
        reject("not_in_phase", "There is no timer in this phase.")


def pause(state: SessionState, now: float) -> list[Event]:
    _timed_phase(state)
    if state.paused_remaining is not None:
        reject("already_paused", "The timer is already paused.")
    if state.deadline is None:
        reject("no_timer", "This phase has no running timer.")
    state.paused_remaining = max(0.0, state.deadline - now)
    state.deadline = None
    return [TimerChanged()]


def resume(state: SessionState, now: float) -> list[Event]:
    if state.paused_remaining is None:
        reject("not_paused", "The timer is not paused.")
    state.deadline = now + state.paused_remaining
    state.paused_remaining = None
    return [TimerChanged()]


def extend(state: SessionState, seconds: int, now: float) -> list[Event]:
    _timed_phase(state)
    if not isinstance(seconds, int) or not MIN_EXTEND <= seconds <= MAX_EXTEND:
        reject("bad_seconds", f"Extend by {MIN_EXTEND} to {MAX_EXTEND} seconds.")
    if state.paused_remaining is not None:
        state.paused_remaining += seconds
    elif state.deadline is not None:
        state.deadline = max(state.deadline, now) + seconds
    else:
        state.deadline = now + seconds  # a phase without a timer gets one
    return [TimerChanged()]


def tick(state: SessionState, now: float) -> list[Event]:
    if state.deadline is None or now < state.deadline:
        reject("not_due", "Nothing is due yet.")
    return advance(state, now)


def check_done(state: SessionState, now: float) -> list[Event]:
    """Close the phase soon when everyone has done its task."""
    if not PHASES[state.phase].closes_early or not state.settings.early_end:
        return []
    rule = done_rule(state)
    if rule is None or state.paused_remaining is not None or not rule.is_done(state):
        return []
    grace = state.settings.early_end_grace
    if grace <= 0:
        return advance(state, now)
    if state.deadline is not None and state.deadline <= now + grace:
        return []
    state.deadline = now + grace
    return [PhaseClosingEarly(), TimerChanged()]
