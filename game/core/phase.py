"""The phases of a session, the one enum that names them (decks, state, rules and views)."""
from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    LOBBY = "lobby"
    STORY = "story"
    DIAGNOSE = "diagnose"
    DRAFT = "draft"
    VOTE = "vote"
    REVEAL = "reveal"
    FINISHED = "finished"


# The phases of one round, in playing order: each has a timer in the deck.
ROUND_PHASES = (Phase.STORY, Phase.DIAGNOSE, Phase.DRAFT, Phase.VOTE, Phase.REVEAL)
