"""The reveal: the round is scored once, and every screen and export counts the same votes."""
from game.core import commands as c
from game.core.export import export_data
from game.core.phase import Phase
from game.core.views import host_view, session_view
from tests.core.conftest import voting_table


def test_entering_the_reveal_scores_the_round():
    table = voting_table()
    target = table.team_of("p1")
    for pid in ("p0", "p2"):
        table.do(c.CastVote(pid, entry_id=table.entry_of(target)))
    table.do(c.CastVote("p3", entry_id=table.entry_of(table.team_of("p2"))))
    assert table.state.round.points == {}
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.REVEAL
    assert table.state.round.points[target] == 67  # 2 of the 3 ballots cast outside the team


def test_ending_the_session_during_the_vote_still_counts_the_ballots_cast():
    table = voting_table()
    target = table.team_of("p1")
    table.do(c.CastVote("p0", entry_id=table.entry_of(target)))
    table.host(c.EndSession)
    assert table.state.rounds[-1].points[target] == 100


def test_the_results_the_host_and_the_export_show_the_same_votes_per_entry():
    table = voting_table()
    for pid in ("p0", "p2", "p3"):
        table.do(c.CastVote(pid, entry_id=table.entry_of(table.team_of("p1"))))
    table.do(c.CastVote("p1", entry_id=table.entry_of(table.team_of("p0"))))
    table.host(c.AdvancePhase)
    results = {row["entry_id"]: row["votes"] for row in session_view(table.state, table.now)["results"]["entries"]}
    exported = {d["entry"]: d["votes"] for d in export_data(table.state)["rounds"][0]["drafts"]}
    assert results == host_view(table.state)["votes"] == exported
    assert sorted(results.values()) == [0, 1, 3]
