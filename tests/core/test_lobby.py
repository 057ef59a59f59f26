"""The lobby: joining (names, teams) and starting the game."""
import pytest

from game.core import commands as c
from game.core.phase import Phase
from game.core.rules import apply
from game.core.session import new_session
from game.core.state import Settings
from tests.core.conftest import Table, rejected
from tests.factories import deck


def test_players_are_spread_evenly_over_the_teams():
    table = Table(players=7, teams=3)
    sizes = sorted(len(table.state.members(t.id)) for t in table.state.teams)
    assert sizes == [2, 2, 3]


def test_team_size_mode_opens_a_new_team_when_all_are_full():
    state = new_session("ABCDEF", deck(), 1, 0, Settings(team_count=None, team_size=2))
    for i in range(5):
        apply(state, c.Join(c.SYSTEM, name=f"N{i}", player_id=f"p{i}", token_hash="h"), 0)
    assert [len(state.members(t.id)) for t in state.teams] == [2, 2, 1]


@pytest.mark.parametrize("name, code", [
    ("", "name_empty"), ("   ", "name_empty"), ("x" * 41, "name_too_long"),
    ("player 0", "name_taken"), (" Player   0 ", "name_taken"), (42, "bad_name"),
])
def test_an_unusable_name_is_refused(name, code):
    table = Table()
    assert rejected(table, c.Join(c.SYSTEM, name=name, player_id="new", token_hash="h")) == code


def test_a_name_is_trimmed_and_its_inner_spaces_collapsed():
    table = Table(players=0)
    table.do(c.Join(c.SYSTEM, name="  Kim   de Vries ", player_id="k", token_hash="h"))
    assert table.state.players["k"].name == "Kim de Vries"


def test_nobody_can_join_a_finished_session(table):
    table.host(c.EndSession)
    assert rejected(table, c.Join(c.SYSTEM, name="Late", player_id="late", token_hash="h")) == "session_finished"


def test_players_can_join_after_the_start(table):
    table.to_phase("draft")
    table.do(c.Join(c.SYSTEM, name="Late", player_id="late", token_hash="h"))
    assert table.state.players["late"].team_id in {t.id for t in table.state.teams}


def test_start_needs_a_player_and_happens_once():
    empty = Table(players=0)
    assert rejected(empty, c.StartGame(c.HOST)) == "no_players"
    table = Table()
    table.host(c.StartGame)
    assert rejected(table, c.StartGame(c.HOST)) == "already_started"


def test_next_in_the_lobby_starts_the_game(table):
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.STORY
