"""The projector's audience: what the whole room may see on the big screen.

Built for the projector page (a connection that asks for the screen view with
the host's credentials). It is the session view's public content plus what the
room watches live: the names joining in the lobby, the diagnose chart, which
teams have submitted, and the step of the reveal or wall. It never holds the
facilitator notes, the key answers or model response before the reveal, the
draft texts before the vote, or which team wrote which draft before the reveal.
"""
from __future__ import annotations

from typing import Any

from .phase import Phase
from .promises_view import live_ranking
from .rules.diagnose import tally
from .state import SessionState


def screen_view(state: SessionState, version: int | None = None) -> dict[str, Any]:
    current = state.round
    view: dict[str, Any] = {"version": version, "players": None, "tally": None, "submitted": None,
                            "step": state.step, "ranking": live_ranking(state)}
    if state.phase == Phase.LOBBY:
        view["players"] = [{"id": p.id, "name": p.name, "team_id": p.team_id, "away": p.away}
                           for p in state.players.values()]
    if current is None:
        return view
    if state.phase in (Phase.DIAGNOSE, Phase.DRAFT, Phase.VOTE, Phase.REVEAL):
        # The chart as the room answers; which options are key comes only with the reveal.
        view["tally"] = tally(state, current)
    if state.phase == Phase.DRAFT:
        view["submitted"] = {team_id: draft.submitted for team_id, draft in current.drafts.items()}
    return view
