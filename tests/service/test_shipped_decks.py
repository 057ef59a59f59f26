"""Every shipped deck plays a whole session, card by card, to the promise wall (and through its
closing promises activity to the charter)."""
import random
from pathlib import Path

import pytest

from game.core import commands as c
from game.core.state import Settings
from game.core.views import session_view, team_view
from game.service.authority import SessionService
from game.service.memory import InMemorySessionRepository
from game.store.deck_files import load_library
from tests.ydraft import Typist

LIBRARY = load_library(Path(__file__).resolve().parents[2] / "scenarios")


@pytest.mark.parametrize("deck_id", sorted(LIBRARY.decks))
def test_a_shipped_deck_plays_to_the_promise_wall(deck_id):
    deck = LIBRARY.decks[deck_id]
    service = SessionService(InMemorySessionRepository(), rng=random.Random(3))
    code = service.create(deck, Settings(team_count=3, early_end_grace=0)).code
    players = [service.join(code, f"Player {i}")[0] for i in range(6)]
    service.execute(code, c.StartGame(c.HOST))
    for card_index, card in enumerate(deck.cases()):
        state = service.state(code)
        assert (state.phase, state.card_index) == ("story", card_index)
        if card.perspectives:
            assert team_view(state, "t1")["perspective"]["role"] == card.perspectives[0].role
        service.execute(code, c.AdvancePhase(c.HOST))
        for pid in players:
            service.execute(code, c.MarkDiagnose(pid, options=(card.diagnose.options[0].id,)))
        assert service.state(code).phase == "diagnose"  # open for the talk until the facilitator moves on
        service.execute(code, c.AdvancePhase(c.HOST))
        for pid in players[:3]:
            update = Typist().insert("promise", 0, f"Promise {card.id} {pid}")
            service.execute(code, c.UpdateDraft(pid, update=update))
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
    if deck.closing() is not None:
        play_the_promises(service, code, players)
    assert service.state(code).phase == "finished"
    wall = session_view(service.state(code), 0)["wall"]
    assert [row["card_title"] for row in wall] == [card.title for card in deck.cases()]
    assert all(len(row["teams"]) == 3 for row in wall)


def play_the_promises(service, code, players):
    assert service.state(code).phase == "collect"
    for i, pid in enumerate(players[:3]):
        service.execute(code, c.UpdateDraft(pid, update=Typist().insert("promises", 0, f"Own promise {i}\nSecond {i}")))
    service.execute(code, c.AdvancePhase(c.HOST))  # group: each line is a promise
    items = [item["id"] for item in session_view(service.state(code), 0)["promises"]["items"]]
    assert len(items) >= 6
    service.execute(code, c.AdvancePhase(c.HOST))  # choose
    for pid in players:
        service.execute(code, c.PlaceDots(pid, promise_ids=(items[-1], items[-1], items[-2])))
    service.execute(code, c.ChoosePromises(c.HOST, promise_ids=(items[-1], items[-2], items[0])))
    service.execute(code, c.AdvancePhase(c.HOST))  # live
    update = Typist().insert(f"{items[-1]}.we_do", 0, "Call back ourselves")
    service.execute(code, c.UpdateDraft(players[0], update=update))
    service.execute(code, c.AdvancePhase(c.HOST))  # commit
    service.execute(code, c.SetCommitment(c.HOST, promise_id=items[-1], owner="Sam", first_step="A rota",
                                          due="2027-01-31"))
    service.execute(code, c.AdvancePhase(c.HOST))
    charter = session_view(service.state(code), 0)["promises"]["charter"]
    assert [row["id"] for row in charter] == [items[-1], items[-2], items[0]]
    assert charter[0]["commitment"]["owner"] == "Sam" and charter[0]["teams"][0]["we_do"] == "Call back ourselves"
