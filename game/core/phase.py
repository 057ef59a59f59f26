"""The phases of a session, the one enum that names them (decks, state, rules and views)."""
from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    LOBBY = "lobby"
    # A case card (activity type "case").
    STORY = "story"
    DIAGNOSE = "diagnose"
    DRAFT = "draft"
    VOTE = "vote"
    REVEAL = "reveal"
    # The closing promises activity (activity type "promises").
    COLLECT = "collect"
    GROUP = "group"
    CHOOSE = "choose"
    LIVE = "live"
    COMMIT = "commit"
    FINISHED = "finished"


# The phases of one case round, in playing order: each has a timer in the deck.
ROUND_PHASES = (Phase.STORY, Phase.DIAGNOSE, Phase.DRAFT, Phase.VOTE, Phase.REVEAL)
# The promises activity's phases, in the order the facilitator moves through them.
PROMISES_PHASES = (Phase.COLLECT, Phase.GROUP, Phase.CHOOSE, Phase.LIVE, Phase.COMMIT)
# Each activity type's phases: a new type adds its phases here and its rules beside them.
ACTIVITY_PHASES: dict[str, tuple[Phase, ...]] = {"case": ROUND_PHASES, "promises": PROMISES_PHASES}
# Every phase that belongs to an activity (has a timer, a card, a task).
ACTIVITY_PHASE_SET = frozenset(ROUND_PHASES + PROMISES_PHASES)
