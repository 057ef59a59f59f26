"""Points are each team's share of the votes it could have received."""
import pytest

from game.core import commands as c
from game.core.scoring import leaderboard, round_points
from game.core.state import Round
from tests.core.conftest import Table


def scored(votes: dict[str, str], players: int = 6, teams: int = 3) -> dict[str, int]:
    table = Table(players=players, teams=teams)
    entries = {chr(65 + i): f"t{i + 1}" for i in range(teams)}
    return round_points(table.state, Round(card_index=0, entries=entries, votes=votes))


@pytest.mark.parametrize("votes, expected", [
    ({}, {"t1": 0, "t2": 0, "t3": 0}),
    # p0,p3 in t1; p1,p4 in t2; p2,p5 in t3
    ({"p0": "B", "p3": "B", "p1": "A", "p4": "A", "p2": "A", "p5": "B"}, {"t1": 75, "t2": 75, "t3": 0}),
    ({"p0": "C", "p1": "C", "p3": "C", "p4": "C"}, {"t1": 0, "t2": 0, "t3": 100}),
    ({"p0": "B"}, {"t1": 0, "t2": 100, "t3": 0}),
])
def test_points_are_the_share_of_ballots_cast_outside_the_team(votes, expected):
    assert scored(votes) == expected


def test_a_big_team_gains_nothing_from_its_size():
    # t1 has 4 players, t2 has 1, t3 has 1 (7 players, team sizes forced by moving).
    table = Table(players=6, teams=3)
    for pid in ("p1", "p2"):
        table.host(c.MovePlayer, player_id=pid, team_id="t1")
    # everyone outside t1 votes t1; everyone in t1 splits over t2/t3
    entries = {"A": "t1", "B": "t2", "C": "t3"}
    votes = {"p4": "A", "p5": "A", "p0": "B", "p1": "B", "p2": "C", "p3": "C"}
    points = round_points(table.state, Round(card_index=0, entries=entries, votes=votes))
    assert points["t1"] == 100  # every vote it could get: 2 of 2
    assert points["t2"] == 40 and points["t3"] == 40  # 2 of the 5 ballots cast outside each


def test_equal_totals_share_a_rank():
    table = Table()
    table.state.rounds = [Round(card_index=0, points={"t1": 50, "t2": 50, "t3": 20})]
    board = leaderboard(table.state)
    assert [(row["team_id"], row["rank"]) for row in board] == [("t1", 1), ("t2", 1), ("t3", 3)]


def test_the_leaderboard_adds_up_every_round():
    table = Table()
    table.state.rounds = [Round(card_index=0, points={"t1": 10, "t2": 90}),
                          Round(card_index=1, points={"t1": 100, "t3": 5})]
    assert [(row["name"], row["points"]) for row in leaderboard(table.state)] == [
        ("Coral", 110), ("Teal", 90), ("Amber", 5)]
