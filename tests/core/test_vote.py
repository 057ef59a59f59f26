"""The vote phase: an anonymous ballot, one changeable vote per player, never for one's own team;
it is done when every present player who can vote has voted."""
import random

from game.core import commands as c
from game.core.phase import Phase
from game.core.views import host_view, progress_view
from tests.core.conftest import Table, rejected, voting_table


def test_a_player_cannot_vote_for_their_own_team():
    table = voting_table()
    own = table.entry_of(table.team_of("p0"))
    assert rejected(table, c.CastVote("p0", entry_id=own)) == "own_team_vote"


def test_a_vote_for_a_draft_not_on_the_ballot_is_refused():
    table = voting_table()
    assert rejected(table, c.CastVote("p0", entry_id="Q")) == "unknown_entry"


def test_one_ballot_per_player_that_can_be_changed():
    table = voting_table()
    others = [e for e, t in table.state.round.entries.items() if t != table.team_of("p0")]
    table.do(c.CastVote("p0", entry_id=others[0]))
    table.do(c.CastVote("p0", entry_id=others[1]))
    assert table.state.round.votes == {"p0": others[1]}


def test_empty_and_hidden_drafts_are_not_on_the_ballot():
    table = Table()
    table.to_phase("draft")
    table.write("p0")
    table.write("p1")
    table.host(c.HideDraft, team_id=table.team_of("p1"))
    table.host(c.AdvancePhase)
    assert list(table.state.round.entries.values()) == [table.team_of("p0")]


def test_hiding_a_draft_during_the_vote_withdraws_its_ballots():
    table = voting_table()
    target = table.team_of("p1")
    table.do(c.CastVote("p0", entry_id=table.entry_of(target)))
    table.host(c.HideDraft, team_id=target)
    assert "p0" not in table.state.round.votes and target not in table.state.round.entries.values()


def test_moving_a_voter_into_the_team_they_voted_for_withdraws_that_vote():
    table = voting_table()
    target = table.team_of("p1")
    table.do(c.CastVote("p0", entry_id=table.entry_of(target)))
    table.host(c.MovePlayer, player_id="p0", team_id=target)
    assert "p0" not in table.state.round.votes


def test_vote_closes_when_every_player_has_voted(table):
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid)
    table.host(c.AdvancePhase)
    for i in range(6):
        table.do(c.CastVote(f"p{i}", entry_id=table.other_entry(f"p{i}")))
    assert table.state.phase == Phase.REVEAL


def test_a_vote_burst_ends_the_phase_exactly_when_the_last_present_voter_votes():
    table = Table(players=30, teams=3, grace=0)
    table.to_phase("draft")
    for team in table.state.teams:
        writer = next(p for p in table.state.players.values() if p.team_id == team.id)
        table.write(writer.id)
    table.to_phase("vote")
    table.state.players["p0"].away = True  # away players are not waited for
    voters = [pid for pid in table.state.players if pid != "p0"]
    random.Random(3).shuffle(voters)
    for pid in voters[:-1]:
        table.do(c.CastVote(pid, entry_id=table.other_entry(pid)))
        assert table.state.phase == "vote"
    last = voters[-1]
    table.do(c.CastVote(last, entry_id=table.other_entry(last)))
    assert table.state.phase == "reveal"


def only_team_t1_on_the_ballot() -> Table:
    table = Table(players=4, teams=2)
    table.to_phase("draft")
    table.write("p0")  # team t1 (p0, p2); t2 (p1, p3) writes nothing
    table.host(c.AdvancePhase)
    return table


def test_players_with_no_other_teams_draft_to_vote_for_are_not_waited_for():
    table = only_team_t1_on_the_ballot()
    assert progress_view(table.state) == {"done": 0, "total": 2, "unit": "players"}
    table.do(c.CastVote("p1", entry_id=table.entry_of("t1")))
    assert progress_view(table.state) == {"done": 1, "total": 2, "unit": "players"}
    table.do(c.CastVote("p3", entry_id=table.entry_of("t1")))
    assert table.state.phase == Phase.REVEAL


def test_the_host_marks_exactly_the_players_who_voted():
    table = only_team_t1_on_the_ballot()
    table.do(c.CastVote("p1", entry_id=table.entry_of("t1")))
    done = {p["id"]: p["done"] for p in host_view(table.state)["players"]}
    assert done == {"p0": False, "p1": True, "p2": False, "p3": False}


def test_the_vote_closes_when_nobody_it_waits_for_is_left():
    table = only_team_t1_on_the_ballot()
    table.do(c.SetPresence(c.SYSTEM, player_id="p1", away=True))
    assert table.state.phase == Phase.VOTE
    table.do(c.SetPresence(c.SYSTEM, player_id="p3", away=True))
    assert table.state.phase == Phase.REVEAL
