"""The diagnose phase: each player marks what went wrong."""
from __future__ import annotations

from ..state import SessionState
from .errors import reject
from .events import DiagnoseTicked, Event


def tick_options(state: SessionState, player_id: str, options: tuple[str, ...]) -> list[Event]:
    known = [option.id for option in state.card.diagnose.options]
    if len(options) > len(known) or len(set(options)) != len(options):
        reject("bad_options", "Each option can be marked once.")
    unknown = [o for o in options if o not in known]
    if unknown:
        reject("unknown_option", f"Unknown option: {unknown[0]!r}.")
    # Stored in the card's order so tallies and exports read the same way.
    state.round.ticks[player_id] = [o for o in known if o in options]
    return [DiagnoseTicked(player_id)]


def tally(state: SessionState, card_round) -> dict[str, int]:
    counts = {option.id: 0 for option in state.deck.cards[card_round.card_index].diagnose.options}
    for ticks in card_round.ticks.values():
        for option in ticks:
            counts[option] += 1
    return counts
