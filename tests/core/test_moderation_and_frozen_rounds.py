"""Issue 11: stale controls (finding 1), undoable moderation (2), frozen rounds (4), the draft
that exists from the start of its phase (5)."""
import pytest

from game.core import commands as c
from game.core.export import export_data
from game.core.rules import Rejected
from game.core.rules import events as ev
from game.core.views import session_view, team_view
from tests.core.conftest import Table


def refusal(table: Table, command) -> str:
    with pytest.raises(Rejected) as refused:
        table.do(command)
    return refused.value.code


def voting_table() -> Table:
    table = Table()
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid)
    table.host(c.AdvancePhase)
    return table


# --- stale controls ------------------------------------------------------------------------

def test_two_devices_pressing_next_in_the_same_phase_move_the_game_once():
    table = Table()
    table.to_phase("story")
    press = c.AdvancePhase(c.HOST, from_phase="story", from_card=0)
    table.do(press)
    assert refusal(table, press) == "stale_control"
    assert table.state.phase == "diagnose"


def test_a_next_pressed_in_a_phase_that_already_ended_by_itself_is_stale():
    table = voting_table()
    for pid in table.state.players:
        if pid != "p0":
            table.do(c.CastVote(pid, entry_id=table.other_entry(pid)))
    table.do(c.CastVote("p0", entry_id=table.other_entry("p0")))  # everyone voted: the reveal
    assert table.state.phase == "reveal"
    assert refusal(table, c.AdvancePhase(c.HOST, from_phase="vote", from_card=0)) == "stale_control"
    assert table.state.phase == "reveal" and table.state.card_index == 0


def test_start_skip_and_end_carry_the_card_and_phase_they_move_from():
    table = Table()
    assert refusal(table, c.StartGame(c.HOST, from_phase="story", from_card=0)) == "stale_control"
    table.do(c.StartGame(c.HOST, from_phase="lobby", from_card=0))
    assert refusal(table, c.SkipCard(c.HOST, from_phase="story", from_card=1)) == "stale_control"
    table.do(c.SkipCard(c.HOST, from_phase="story", from_card=0))
    assert refusal(table, c.EndSession(c.HOST, from_phase="story", from_card=0)) == "stale_control"
    table.do(c.EndSession(c.HOST, from_phase="story", from_card=1))
    assert table.state.phase == "finished"


# --- moderation that can be undone ---------------------------------------------------------

def test_unhiding_a_draft_during_the_vote_puts_it_back_on_the_ballot():
    table = voting_table()
    target = table.team_of("p1")
    entry = table.entry_of(target)
    table.do(c.CastVote("p0", entry_id=entry))
    hidden = table.host(c.HideDraft, team_id=target)
    assert ev.VotesWithdrawn(("p0",), "hidden") in hidden.events
    assert entry not in [row["entry_id"] for row in session_view(table.state, table.now)["ballot"]]
    assert refusal(table, c.CastVote("p0", entry_id=entry)) == "unknown_entry"
    table.host(c.HideDraft, team_id=target, hidden=False)
    assert entry in [row["entry_id"] for row in session_view(table.state, table.now)["ballot"]]
    assert entry in team_view(table.state, table.team_of("p0"))["ballot_order"]
    table.do(c.CastVote("p0", entry_id=entry))
    assert table.state.round.votes["p0"] == entry


def test_a_draft_hidden_before_the_vote_can_be_unhidden_onto_the_ballot():
    table = Table()
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid)
    table.host(c.HideDraft, team_id=table.team_of("p1"))
    table.host(c.AdvancePhase)
    assert table.team_of("p1") not in table.state.round.ballot().values()
    table.host(c.HideDraft, team_id=table.team_of("p1"), hidden=False)
    assert table.team_of("p1") in table.state.round.ballot().values()


def test_a_moved_voter_whose_vote_no_longer_stands_is_named_in_an_event():
    table = voting_table()
    target = table.team_of("p1")
    table.do(c.CastVote("p0", entry_id=table.entry_of(target)))
    outcome = table.host(c.MovePlayer, player_id="p0", team_id=target)
    assert ev.VotesWithdrawn(("p0",), "moved") in outcome.events


# --- a round's results are frozen when it ends -------------------------------------------

def play_first_round(table: Table) -> None:
    table.to_phase("diagnose")
    for i, pid in enumerate(sorted(table.state.players)):
        table.do(c.MarkDiagnose(pid, options=("blamed", "kick")[: 1 + i % 2]))
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid)
    table.host(c.AdvancePhase)
    for pid in sorted(table.state.players):
        table.do(c.CastVote(pid, entry_id=table.other_entry(pid)))
    assert table.state.phase == "reveal"


def test_removing_or_moving_a_player_later_never_changes_what_an_ended_round_shows_or_exports():
    table = Table()
    play_first_round(table)
    before = export_data(table.state)["rounds"][0]
    results = session_view(table.state, table.now)["results"]
    table.host(c.MovePlayer, player_id="p1", team_id=table.team_of("p0"))  # in the reveal itself
    assert session_view(table.state, table.now)["results"] == results
    table.host(c.AdvancePhase)  # card 2
    table.host(c.RemovePlayer, player_id="p0")
    table.host(c.RemovePlayer, player_id="p3")
    table.host(c.MovePlayer, player_id="p2", team_id="t1")
    assert export_data(table.state)["rounds"][0] == before


def test_the_draft_exists_empty_from_the_start_of_the_draft_phase():
    table = Table()
    table.to_phase("draft")
    draft = team_view(table.state, "t1")["draft"]
    assert draft is not None and draft["submitted"] is False
    assert {name: field["text"] for name, field in draft["fields"].items()} == {
        "response": "", "promise": "", "we_do": "", "we_dont": ""}
    table.do(c.Join(c.SYSTEM, name="Late", player_id="late", token_hash="h"))
    assert team_view(table.state, table.team_of("late"))["draft"] is not None
