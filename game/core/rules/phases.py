"""The phase table: which phase follows which, which moves are legal, when a phase is done.

Declared as data so the order of a round and each phase's task can be read in
one place. A phase's ``done`` rule is the only definition of who has done its
task: the early end, the progress count on every screen and the facilitator's
done marks all ask it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..commands import CastVote, Command, MarkDiagnose, PlaceDots, SubmitDraft, UpdateDraft
from ..phase import ACTIVITY_PHASES, Phase
from ..promise_board import DOTS_PER_PLAYER
from ..state import Player, SessionState
from .vote import can_vote

# Given the state, a check "has this player done the task?" with the round looked up
# once: the facilitator's list asks it for every player (1,000 at every flush).
DoneCheck = Callable[[Player], bool]


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    unit: Literal["players", "teams"]


@dataclass(frozen=True)
class DoneRule:
    """Who a phase waits for, and when one of them has done the phase's task."""

    unit: Literal["players", "teams"]  # what the progress counts: a team is done as a whole
    has_done: Callable[[SessionState], DoneCheck]
    # Which present players the phase waits for (None: all of them).
    waits_for: Callable[[SessionState, Player], bool] | None = None
    # Whether the phase is done when it waits for nobody (everyone away, or nobody can act).
    done_when_nobody_waited_for: bool = False

    def _waits_for(self, state: SessionState, player: Player) -> bool:
        return not player.away and (self.waits_for is None or self.waits_for(state, player))

    def is_done(self, state: SessionState) -> bool:
        """Whether everyone the phase waits for has done its task.

        It runs after every mark, submit and vote, so it stops at the first player
        still to act (during a burst that one is found among the first few) and asks
        the cheap "done?" before the dearer "waited for?"."""
        check = self.has_done(state)
        anyone = False
        for player in state.players.values():
            if check(player):
                anyone = anyone or self._waits_for(state, player)
            elif self._waits_for(state, player):
                return False
        return anyone or self.done_when_nobody_waited_for

    def progress(self, state: SessionState) -> Progress:
        check = self.has_done(state)
        players = [p for p in state.players.values() if self._waits_for(state, p)]
        if self.unit == "teams":
            teams = {p.team_id for p in players}
            return Progress(len({p.team_id for p in players if check(p)}), len(teams), "teams")
        return Progress(sum(1 for p in players if check(p)), len(players), "players")


def _has_marked(state: SessionState) -> DoneCheck:
    marks = state.open_round.marks
    return lambda player: bool(marks.get(player.id))


def _team_has_submitted(state: SessionState) -> DoneCheck:
    submitted = {team_id for team_id, draft in state.open_round.drafts.items() if draft.submitted}
    return lambda player: player.team_id in submitted


def _has_voted(state: SessionState) -> DoneCheck:
    votes = state.open_round.votes
    return lambda player: player.id in votes


def _has_spent_dots(state: SessionState) -> DoneCheck:
    dots = state.open_board.dots
    return lambda player: len(dots.get(player.id, ())) == DOTS_PER_PLAYER


@dataclass(frozen=True)
class PhaseSpec:
    next: Phase | None  # None: the next card's STORY, or FINISHED after the last card
    moves: tuple[type[Command], ...] = ()
    done: DoneRule | None = None  # None: only the clock or the facilitator ends it
    # Whether being done closes the phase by itself (if the session's settings allow early ends).
    closes_early: bool = True


PHASES: dict[Phase, PhaseSpec] = {
    Phase.LOBBY: PhaseSpec(next=Phase.STORY),
    Phase.STORY: PhaseSpec(next=Phase.DIAGNOSE),
    # Diagnose stays open when everyone has answered: the live chart is the moment to talk.
    Phase.DIAGNOSE: PhaseSpec(next=Phase.DRAFT, moves=(MarkDiagnose,),
                              done=DoneRule("players", _has_marked), closes_early=False),
    Phase.DRAFT: PhaseSpec(next=Phase.VOTE, moves=(UpdateDraft, SubmitDraft),
                           done=DoneRule("teams", _team_has_submitted)),
    Phase.VOTE: PhaseSpec(next=Phase.REVEAL, moves=(CastVote,),
                          done=DoneRule("players", _has_voted, waits_for=can_vote,
                                        done_when_nobody_waited_for=True)),
    Phase.REVEAL: PhaseSpec(next=None),
    # The promises activity (game/core/rules/promises.py): the facilitator moves it on.
    Phase.COLLECT: PhaseSpec(next=Phase.GROUP, moves=(UpdateDraft,)),
    Phase.GROUP: PhaseSpec(next=Phase.CHOOSE),
    # The ranking stays up when everyone has spent their dots: the facilitator confirms the choice.
    Phase.CHOOSE: PhaseSpec(next=Phase.LIVE, moves=(PlaceDots,),
                            done=DoneRule("players", _has_spent_dots), closes_early=False),
    Phase.LIVE: PhaseSpec(next=Phase.COMMIT, moves=(UpdateDraft,)),
    Phase.COMMIT: PhaseSpec(next=None),
    Phase.FINISHED: PhaseSpec(next=None),
}


def done_rule(state: SessionState) -> DoneRule | None:
    """The current phase's done rule, if it has one and a round is being played."""
    rule = PHASES[state.phase].done
    return rule if rule is not None and (state.round is not None or state.board is not None) else None


def following(state: SessionState) -> tuple[Phase, int] | None:
    """The phase and card that "next" moves to; None once the session has finished."""
    if state.phase == Phase.FINISHED:
        return None
    if state.phase == Phase.LOBBY:
        return first_phase(state, 0), 0
    spec = PHASES[state.phase]
    if spec.next is not None:
        return spec.next, state.card_index
    return next_card(state)


def first_phase(state: SessionState, card_index: int) -> Phase:
    """Where a card starts: the first phase of its activity type (a case's STORY)."""
    return ACTIVITY_PHASES[state.deck.cards[card_index].type][0]


def next_card(state: SessionState) -> tuple[Phase, int]:
    """Where the next card starts, or FINISHED after the last card."""
    if state.card_index + 1 < len(state.deck.cards):
        return first_phase(state, state.card_index + 1), state.card_index + 1
    return Phase.FINISHED, state.card_index
