"""Joining, presence and the facilitator's moderation of players and teams."""
from __future__ import annotations

from typing import NoReturn

from ..names import clean_name, name_key
from ..phase import Phase
from ..state import Player, SessionState, Team
from . import room
from .errors import reject
from .events import DraftHidden, Event, PlayerMoved, PlayerRemoved, PlayerRenamed, RosterChanged, VotesWithdrawn

# Team names in the session's language (the room reads them on the projector and their phones).
TEAM_NAMES = {
    "en": ("Coral", "Teal", "Amber", "Violet", "Lime", "Sky", "Rose", "Indigo", "Olive", "Ruby", "Mint", "Slate"),
    "nl": ("Koraal", "Zeegroen", "Amber", "Paars", "Limoen", "Hemelsblauw", "Roze", "Indigo", "Olijf", "Robijn",
           "Munt", "Leisteen"),
}
TEAM_COLORS = ("#ff6b5a", "#14b8a6", "#f59e0b", "#8b5cf6", "#84cc16", "#38bdf8", "#f472b6",
               "#6366f1", "#a3a636", "#e11d48", "#34d399", "#64748b")
MAX_TEAMS = 60
# The phases in which a round's ticks and votes may still change; from the reveal on they are its results.
OPEN_ROUND_PHASES = (Phase.STORY, Phase.DIAGNOSE, Phase.DRAFT, Phase.VOTE)


def make_team(index: int, language: str = "en") -> Team:
    names = TEAM_NAMES.get(language, TEAM_NAMES["en"])
    name = names[index % len(names)]
    if index >= len(names):
        name = f"{name} {index // len(names) + 1}"
    return Team(id=f"t{index + 1}", name=name, color=TEAM_COLORS[index % len(TEAM_COLORS)])


def _check_free(state: SessionState, name: str, except_id: str | None = None) -> None:
    key = name_key(name)
    if any(name_key(p.name) == key for p in state.players.values() if p.id != except_id):
        _name_taken()


def _name_taken() -> NoReturn:
    reject("name_taken", "Someone in this session already has that name. Try another one.")


def _free_name_and_team_sizes(state: SessionState, name: str) -> dict[str, int]:
    """Refuse a name already taken and count each team's players, in one pass over the
    roster: a join storm of 1,000 phones makes 1,000 of these passes."""
    key = name_key(name)
    counts = {team.id: 0 for team in state.teams}
    for player in state.players.values():
        if name_key(player.name) == key:
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
            team = make_team(len(state.teams), state.language)
            state.teams.append(team)
            return team.id
    return min(candidates, key=lambda t: counts[t.id]).id  # min keeps the first on ties


def join(state: SessionState, name: str, player_id: str, token_hash: str, now: float) -> list[Event]:
    if state.phase == Phase.FINISHED:
        reject("session_finished", "This session has finished.")
    room.check_open(state)
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
    events: list[Event] = [PlayerMoved(player_id), RosterChanged()]
    current = state.round
    # A vote for one's new own team no longer stands; the voter gets the ballot back. Only
    # while the vote is open: a round's results are frozen once its vote has closed.
    if state.phase == Phase.VOTE and current is not None \
            and current.entries.get(current.votes.get(player_id, "")) == team_id:
        del current.votes[player_id]
        events.append(VotesWithdrawn((player_id,), "moved"))
    return events


def rename(state: SessionState, player_id: str, name: str) -> list[Event]:
    seat = player(state, player_id)
    name = clean_name(name)
    _check_free(state, name, except_id=player_id)
    seat.name = name
    return [PlayerRenamed(player_id), RosterChanged()]


def remove(state: SessionState, player_id: str, rejoin: bool = False) -> list[Event]:
    seat = player(state, player_id)
    del state.players[player_id]
    state.former_players[player_id] = seat.name  # earlier rounds' exports still name them
    current = state.round
    # Only the round still being played forgets them: what ended rounds showed stays as it was.
    if current is not None and state.phase in OPEN_ROUND_PHASES:
        current.marks.pop(player_id, None)
        current.votes.pop(player_id, None)
    return [PlayerRemoved(player_id, rejoin), RosterChanged()]


def hide_draft(state: SessionState, team_id: str, hidden: bool) -> list[Event]:
    current = state.round
    if current is None or team_id not in current.drafts:
        reject("unknown_draft", "That team has no draft in this round.")
    current.drafts[team_id].hidden = hidden
    events: list[Event] = [DraftHidden(team_id)]
    if hidden and state.phase == Phase.VOTE:
        # The draft keeps its letter, so unhiding puts it back on the ballot; the votes it had
        # are gone, and their voters get the ballot back to choose again.
        lost = tuple(p for p, e in current.votes.items() if current.entries.get(e) == team_id)
        for voter in lost:
            del current.votes[voter]
        if lost:
            events.append(VotesWithdrawn(lost, "hidden"))
    return events
