"""Points. A team's points in a round are its share of the votes it could have received.

Nobody votes for their own team, so a team of six can be voted for by fewer
people than a team of two. Counting the share of ballots cast by everyone
outside the team (x100, rounded) makes team size neither a help nor a harm.
"""
from __future__ import annotations

from .state import Round, SessionState


def round_points(state: SessionState, card_round: Round) -> dict[str, int]:
    team_of_voter = {pid: p.team_id for pid, p in state.players.items()}
    ballot = card_round.ballot()
    received = {team: 0 for team in ballot.values()}
    for entry in card_round.votes.values():
        team = ballot.get(entry)
        if team is not None:
            received[team] += 1
    points = {}
    for team, votes in received.items():
        outside = sum(1 for voter in card_round.votes if team_of_voter.get(voter) != team)
        points[team] = round(100 * votes / outside) if outside else 0
    return points


def leaderboard(state: SessionState) -> list[dict]:
    """Teams by total points; equal totals share a rank (1, 1, 3)."""
    # Teams that scored stay on the board when their players have left: earlier rounds happened.
    totals = {team.id: 0 for team in state.teams_with_players()}
    for card_round in state.rounds:
        for team, points in card_round.points.items():
            totals[team] = totals.get(team, 0) + points
    order = {team.id: i for i, team in enumerate(state.teams)}
    rows = sorted(totals.items(), key=lambda item: (-item[1], order[item[0]]))
    board, rank = [], 0
    for index, (team_id, total) in enumerate(rows):
        if index == 0 or total != rows[index - 1][1]:
            rank = index + 1
        team = state.team(team_id)
        board.append({"team_id": team_id, "name": team.name, "color": team.color, "points": total, "rank": rank})
    return board
