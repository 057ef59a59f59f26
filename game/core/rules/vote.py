"""The vote phase: anonymous drafts, one changeable ballot per player, never for one's own team."""
from __future__ import annotations

import random
import string

from ..scoring import round_points
from ..state import Player, SessionState
from .errors import reject
from .events import Event, VoteCast


def open_ballot(state: SessionState) -> None:
    """Give each votable draft an anonymous letter, in an order drawn from the session seed."""
    current = state.open_round
    teams = [t.id for t in state.teams
             if t.id in current.drafts and not current.drafts[t.id].hidden and not current.drafts[t.id].is_empty()]
    random.Random(f"{state.seed}:{state.card_index}:entries").shuffle(teams)
    letters = string.ascii_uppercase
    current.entries = {(letters[i] if i < 26 else f"Z{i}"): team for i, team in enumerate(teams)}
    current.votes = {}


def can_vote(state: SessionState, player: Player) -> bool:
    return any(team != player.team_id for team in state.open_round.entries.values())


def cast(state: SessionState, player_id: str, entry_id: str) -> list[Event]:
    current = state.open_round
    if not isinstance(entry_id, str) or entry_id not in current.entries:
        reject("unknown_entry", "That draft is not on the ballot.")
    if current.entries[entry_id] == state.players[player_id].team_id:
        reject("own_team_vote", "You cannot vote for your own team's draft.")
    current.votes[player_id] = entry_id
    return [VoteCast(player_id)]


def withdraw_entry(state: SessionState, team_id: str) -> None:
    current = state.open_round
    gone = [entry for entry, team in current.entries.items() if team == team_id]
    for entry in gone:
        del current.entries[entry]
    current.votes = {p: e for p, e in current.votes.items() if e not in gone}


def score_round(state: SessionState) -> None:
    current = state.open_round
    current.points = round_points(state, current)
