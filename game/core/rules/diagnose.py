"""The diagnose phase: each player marks what went wrong."""
from __future__ import annotations

from ..deck import Card
from ..state import Round, SessionState
from .errors import reject
from .events import DiagnoseMarked, Event


def mark_options(state: SessionState, player_id: str, options: tuple[str, ...]) -> list[Event]:
    known = [option.id for option in state.card.diagnose.options]
    if len(options) > len(known) or len(set(options)) != len(options):
        reject("bad_options", "Each option can be marked once.")
    unknown = [o for o in options if o not in known]
    if unknown:
        reject("unknown_option", f"Unknown option: {unknown[0]!r}.")
    # Stored in the card's order so tallies and exports read the same way.
    state.open_round.marks[player_id] = [o for o in known if o in options]
    return [DiagnoseMarked(player_id)]


def tally(state: SessionState, card_round: Round) -> dict[str, int]:
    """How many players marked each option of the round's card."""
    card = state.deck.cards[card_round.card_index]
    assert isinstance(card, Card)  # rounds are played on cases only
    counts = {option.id: 0 for option in card.diagnose.options}
    for marks in card_round.marks.values():
        for option in marks:
            counts[option] += 1
    return counts
