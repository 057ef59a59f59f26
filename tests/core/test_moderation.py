"""The facilitator's moderation of players, and players' presence."""
from game.core import commands as c
from game.core.rules import events as ev
from tests.core.conftest import rejected


def test_the_host_moves_renames_and_removes_players(table):
    table.host(c.MovePlayer, player_id="p0", team_id="t2")
    assert table.team_of("p0") == "t2"
    table.host(c.RenamePlayer, player_id="p0", name="Anna")
    assert table.state.players["p0"].name == "Anna"
    assert rejected(table, c.RenamePlayer(c.HOST, player_id="p1", name="anna")) == "name_taken"
    outcome = table.host(c.RemovePlayer, player_id="p0")
    assert "p0" not in table.state.players and ev.PlayerRemoved("p0") in outcome.events
    assert rejected(table, c.RemovePlayer(c.HOST, player_id="p0")) == "unknown_player"
    assert rejected(table, c.MovePlayer(c.HOST, player_id="p1", team_id="t9")) == "unknown_team"
    assert rejected(table, c.HideDraft(c.HOST, team_id="t1")) == "unknown_draft"


def test_presence_marks_players_away_and_back(table):
    table.do(c.SetPresence(c.SYSTEM, player_id="p0", away=True))
    assert table.state.players["p0"].away
    assert rejected(table, c.SetPresence(c.SYSTEM, player_id="p0", away=True)) == "no_change"
