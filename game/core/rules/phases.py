"""The phase table: which phase follows which, which moves are legal, when a phase is done.

Declared as data so the order of a round can be read in one place.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..commands import CastVote, EditDraft, SubmitDraft, TickDiagnose
from ..state import Phase, SessionState


# The done checks run after every tick, submit and vote, so they stop at the first
# present player who has not yet acted instead of building lists of everyone:
# during a burst that player is usually found within the first few looked at.
def _all_ticked(state: SessionState) -> bool:
    ticks = state.round.ticks
    anyone = False
    for player in state.players.values():
        if player.away:
            continue
        if not ticks.get(player.id):
            return False
        anyone = True
    return anyone


def _all_submitted(state: SessionState) -> bool:
    drafts = state.round.drafts
    anyone = False
    for player in state.players.values():
        if player.away:
            continue
        anyone = True
        draft = drafts.get(player.team_id)
        if draft is None or not draft.submitted:
            return False
    return anyone


def _all_voted(state: SessionState) -> bool:
    from .vote import can_vote  # vote rules import this table

    votes = state.round.votes
    return all(p.id in votes or p.away or not can_vote(state, p) for p in state.players.values())


@dataclass(frozen=True)
class PhaseSpec:
    next: Phase | None
    moves: tuple[type, ...] = ()
    done: Callable[[SessionState], bool] | None = None  # None: only the clock or the host ends it


PHASES: dict[Phase, PhaseSpec] = {
    Phase.LOBBY: PhaseSpec(next=Phase.STORY),
    Phase.STORY: PhaseSpec(next=Phase.DIAGNOSE),
    Phase.DIAGNOSE: PhaseSpec(next=Phase.DRAFT, moves=(TickDiagnose,), done=_all_ticked),
    Phase.DRAFT: PhaseSpec(next=Phase.VOTE, moves=(EditDraft, SubmitDraft), done=_all_submitted),
    Phase.VOTE: PhaseSpec(next=Phase.REVEAL, moves=(CastVote,), done=_all_voted),
    Phase.REVEAL: PhaseSpec(next=None),  # next card's STORY, or FINISHED after the last card
    Phase.FINISHED: PhaseSpec(next=None),
}
