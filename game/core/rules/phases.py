"""The phase table: which phase follows which, which moves are legal, when a phase is done.

Declared as data so the order of a round can be read in one place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..commands import CastVote, EditDraft, SubmitDraft, TickDiagnose
from ..state import Phase, SessionState


def _all_ticked(state: SessionState) -> bool:
    ticks = state.round.ticks
    present = state.present_players()
    return bool(present) and all(ticks.get(p.id) for p in present)


def _all_submitted(state: SessionState) -> bool:
    teams = {p.team_id for p in state.present_players()}
    drafts = state.round.drafts
    return bool(teams) and all(t in drafts and drafts[t].submitted for t in teams)


def _all_voted(state: SessionState) -> bool:
    from .vote import can_vote  # vote rules import this table

    voters = [p for p in state.present_players() if can_vote(state, p)]
    return all(p.id in state.round.votes for p in voters)


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
