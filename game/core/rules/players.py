"""Joining, presence and the facilitator's moderation of players and teams."""
from __future__ import annotations

import unicodedata
from typing import NoReturn

from ..phase import Phase
from ..state import NAME_MAX, Player, SessionState, Team
from .errors import reject
from .events import DraftHidden, Event, PlayerMoved, PlayerRemoved, RosterChanged
from .vote import withdraw_entry

TEAM_NAMES = ("Coral", "Teal", "Amber", "Violet", "Lime", "Sky", "Rose", "Indigo",
              "Olive", "Ruby", "Mint", "Slate")
TEAM_COLORS = ("#ff6b5a", "#14b8a6", "#f59e0b", "#8b5cf6", "#84cc16", "#38bdf8", "#f472b6",
               "#6366f1", "#a3a636", "#e11d48", "#34d399", "#64748b")
MAX_TEAMS = 60


def make_team(index: int) -> Team:
    name = TEAM_NAMES[index % len(TEAM_NAMES)]
    if index >= len(TEAM_NAMES):
        name = f"{name} {index // len(TEAM_NAMES) + 1}"
    return Team(id=f"t{index + 1}", name=name, color=TEAM_COLORS[index % len(TEAM_COLORS)])


def clean_name(name: object) -> str:
    if not isinstance(name, str):
        reject("bad_name", "A name must be text.")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        reject("name_empty", "Please type a name.")
    if len(name) > NAME_MAX:
        reject("name_too_long", f"Use at most {NAME_MAX} characters.")
    return name


def _check_free(state: SessionState, name: str, except_id: str | None = None) -> None:
    folded = name.casefold()
    if any(p.name.casefold() == folded for p in state.players.values() if p.id != except_id):
        _name_taken()


def _name_taken() -> NoReturn:
    reject("name_taken", "Someone in this session already has that name. Try another one.")


def _free_name_and_team_sizes(state: SessionState, name: str) -> dict[str, int]:
    """Refuse a name already taken and count each team's players, in one pass over the
    roster: a join storm of 1,000 phones makes 1,000 of these passes."""
    folded = name.casefold()
    counts = {team.id: 0 for team in state.teams}
    for player in state.players.values():
        if player.name.casefold() == folded:
            _name_taken()
        counts[player.team_id] = counts.get(player.team_id, 0) + 1
    return counts


def _team_for_newcomer(state: SessionState, counts: dict[str, int]) -> str:
    size = state.settings.team_size
    candidates = [t for t in state.teams if size is None or counts[t.id] < size]
    if not candidates:
        if len(state.teams) >= MAX_TEAMS:
            candidates = state.teams
        else:
            team = make_team(len(state.teams))
            state.teams.append(team)
            return team.id
    return min(candidates, key=lambda t: counts[t.id]).id  # min keeps the first on ties


def join(state: SessionState, name: str, player_id: str, token_hash: str, now: float) -> list[Event]:
    if state.phase == Phase.FINISHED:
        reject("session_finished", "This session has finished.")
    name = clean_name(name)
    counts = _free_name_and_team_sizes(state, name)
    if player_id in state.players:
        reject("already_joined", "This player has already joined.")
    state.players[player_id] = Player(id=player_id, name=name, team_id=_team_for_newcomer(state, counts),
                                      token_hash=token_hash, joined_at=now)
    return [RosterChanged()]


def player(state: SessionState, player_id: str) -> Player:
    found = state.players.get(player_id)
    if found is None:
        reject("unknown_player", "That player is not in this session.")
    return found


def set_presence(state: SessionState, player_id: str, away: bool) -> list[Event]:
    seat = player(state, player_id)
    if seat.away == away:
        reject("no_change", "Presence unchanged.")
    seat.away = away
    return [RosterChanged()]


def move(state: SessionState, player_id: str, team_id: str) -> list[Event]:
    seat = player(state, player_id)
    if state.team(team_id) is None:
        reject("unknown_team", "That team does not exist.")
    seat.team_id = team_id
    current = state.round
    if current and current.entries.get(current.votes.get(player_id, "")) == team_id:
        del current.votes[player_id]  # a vote for one's new own team no longer stands
    return [PlayerMoved(player_id), RosterChanged()]


def rename(state: SessionState, player_id: str, name: str) -> list[Event]:
    seat = player(state, player_id)
    name = clean_name(name)
    _check_free(state, name, except_id=player_id)
    seat.name = name
    return [RosterChanged()]


def remove(state: SessionState, player_id: str) -> list[Event]:
    player(state, player_id)
    del state.players[player_id]
    for round_ in state.rounds:
        round_.marks.pop(player_id, None)
        if round_ is state.round:
            round_.votes.pop(player_id, None)
    return [PlayerRemoved(player_id), RosterChanged()]


def hide_draft(state: SessionState, team_id: str, hidden: bool) -> list[Event]:
    current = state.round
    if current is None or team_id not in current.drafts:
        reject("unknown_draft", "That team has no draft in this round.")
    current.drafts[team_id].hidden = hidden
    if hidden and state.phase == Phase.VOTE:
        withdraw_entry(state, team_id)
    return [DraftHidden(team_id)]
