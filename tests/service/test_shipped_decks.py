"""Every shipped deck plays a whole session, card by card, to the promise wall."""
import random
from pathlib import Path

import pytest

from game.core import commands as c
from game.core.state import Settings
from game.core.views import session_view, team_view
from game.service.authority import SessionService
from game.service.memory import InMemorySessionRepository
from game.store.deck_files import load_library

LIBRARY = load_library(Path(__file__).resolve().parents[2] / "scenarios")


@pytest.mark.parametrize("deck_id", sorted(LIBRARY.decks))
def test_a_shipped_deck_plays_to_the_promise_wall(deck_id):
    deck = LIBRARY.decks[deck_id]
    service = SessionService(InMemorySessionRepository(), rng=random.Random(3))
    code = service.create(deck, Settings(team_count=3, early_end_grace=0)).code
    players = [service.join(code, f"Player {i}")[0] for i in range(6)]
    service.execute(code, c.StartGame(c.HOST))
    for card_index, card in enumerate(deck.cards):
        state = service.state(code)
        assert (state.phase, state.card_index) == ("story", card_index)
        if card.perspectives:
            assert team_view(state, "t1")["perspective"]["role"] == card.perspectives[0].role
        service.execute(code, c.AdvancePhase(c.HOST))
        for pid in players:
            service.execute(code, c.MarkDiagnose(pid, options=(card.diagnose.options[0].id,)))
        assert service.state(code).phase == "draft"
        for pid in players[:3]:
            service.execute(code, c.EditDraft(pid, field="promise", text=f"Promise {card.id} {pid}", base_version=0))
            service.execute(code, c.SubmitDraft(pid))
        state = service.state(code)
        assert state.phase == "vote"
        for pid in players:
            team = team_view(state, state.players[pid].team_id)
            entry = next(e for e in team["ballot_order"] if e != team["own_entry"])
            service.execute(code, c.CastVote(pid, entry_id=entry))
        state = service.state(code)
        assert state.phase == "reveal"
        results = session_view(state, 0)["results"]
        assert sum(row["votes"] for row in results["entries"]) == 6
        assert results["model_response"] == card.model_response
        service.execute(code, c.AdvancePhase(c.HOST))
    wall = session_view(service.state(code), 0)["wall"]
    assert [row["card_title"] for row in wall] == [card.title for card in deck.cards]
    assert all(len(row["teams"]) == 3 for row in wall)
