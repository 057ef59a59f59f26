"""Session and team views memoised per session version, for the connect storm.

Views are pure functions of the state, so the same version gives the same
view: 1,000 phones connecting to an unchanged session cost one session view
and one view per team, not 1,000 of each. Only the timer's ``server_now`` is
per moment, so it is filled in on every use.
"""
from __future__ import annotations

from ..core.state import SessionState
from ..core.views import me_view, session_view, team_view, timer_view


class ViewCache:
    def __init__(self):
        # code -> (version, session view, {team id: team view}); only the newest version is kept.
        self._views: dict[str, tuple[int, dict, dict[str, dict]]] = {}

    def _entry(self, code: str, version: int | None, state: SessionState, now: float):
        entry = self._views.get(code)
        if version is None or entry is None or entry[0] != version:
            entry = (version, session_view(state, now, version), {})
            if version is not None:
                self._views[code] = entry
        return entry

    def session(self, code: str, version: int | None, state: SessionState, now: float) -> dict:
        return {**self._entry(code, version, state, now)[1], "timer": timer_view(state, now)}

    def team(self, code: str, version: int | None, state: SessionState, team_id: str) -> dict:
        teams = self._entry(code, version, state, 0.0)[2]
        if team_id not in teams:
            teams[team_id] = team_view(state, team_id, version)
        return teams[team_id]

    def full(self, code: str, version: int | None, state: SessionState, now: float, player_id: str) -> dict:
        """The same as ``core.views.full_view`` for a player, from the cache."""
        return {"session": self.session(code, version, state, now), "me": me_view(state, player_id, version),
                "team": self.team(code, version, state, state.players[player_id].team_id)}
