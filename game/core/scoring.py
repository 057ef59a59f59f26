"""Points. A team's points in a round are its share of the votes it could have received.

Nobody votes for their own team, so a team of six can be voted for by fewer
people than a team of two. Counting the share of ballots cast by everyone
outside the team (x100, rounded) makes team size neither a help nor a harm.
"""
from __future__ import annotations

from typing import Any

from .state import Round, SessionState


def votes_per_entry(card_round: Round) -> dict[str, int]:
    """Ballots cast for each entry on the round's ballot (0 for an entry nobody chose)."""
    counts = {entry: 0 for entry in card_round.entries}
    for entry in card_round.votes.values():
        if entry in counts:
            counts[entry] += 1
    return counts


def round_points(state: SessionState, card_round: Round) -> dict[str, int]:
    team_of_voter = {pid: p.team_id for pid, p in state.players.items()}
    received = {card_round.entries[entry]: votes for entry, votes in votes_per_entry(card_round).items()}
    points: dict[str, int] = {}
    for team, votes in received.items():
        outside = sum(1 for voter in card_round.votes if team_of_voter.get(voter) != team)
        points[team] = round(100 * votes / outside) if outside else 0
    return points


def leaderboard(state: SessionState) -> list[dict[str, Any]]:
    """Teams by total points; equal totals share a rank (1, 1, 3)."""
    totals = {team.id: 0 for team in state.teams_with_players()}
    for card_round in state.rounds:
        for team_id, points in card_round.points.items():
            totals[team_id] = totals.get(team_id, 0) + points
    order = {team.id: i for i, team in enumerate(state.teams)}
    rows = sorted(totals.items(), key=lambda item: (-item[1], order[item[0]]))
    board: list[dict[str, Any]] = []
    rank = 0
    for index, (team_id, total) in enumerate(rows):
        if index == 0 or total != rows[index - 1][1]:
            rank = index + 1
        team = state.teams[order[team_id]]
        board.append({"team_id": team_id, "name": team.name, "color": team.color, "points": total, "rank": rank})
    return board
