"""What the promises activity shows: the room's list, the ranking and the charter.

Everything in ``promises_view`` is public (the projector shows it): the
promises as grouped, their dots (no player's own dots: those are in ``me``),
the chosen ones and, once the behaviours are final (commit), the charter with
every team's behaviours. While teams write (collect, live), their texts are
theirs and the facilitator's: ``team_document`` and ``host_promises``.
"""
from __future__ import annotations

from typing import Any

from .deck import PromisesActivity
from .phase import Phase
from .promise_board import PARTS, PromiseBoard, PromiseItem
from .state import Draft, SessionState, Team

View = dict[str, Any]
# The dots in the room's list once the dot vote is over. While it runs, the projector's screen
# view has the live ranking (the fast lane); every phone's session view would be 1,000 writes.
RANKED = (Phase.LIVE, Phase.COMMIT, Phase.FINISHED)
CHARTERED = (Phase.COMMIT, Phase.FINISHED)  # the behaviours are final: the charter is public


def _item(item: PromiseItem, teams: dict[str, Team]) -> View:
    team = teams.get(item.team_id or "")
    return {"id": item.id, "text": item.text, "team_id": item.team_id, "team_name": team.name if team else None,
            "color": team.color if team else None, "card_index": item.card_index}


def charter(state: SessionState, board: PromiseBoard) -> list[View]:
    """The chosen promises with their owner, first step and every team's behaviours."""
    teams = {team.id: team for team in state.teams}
    rows = []
    for promise_id in board.chosen:
        commitment = board.commitments.get(promise_id)
        behaviours = []
        for team in state.teams:
            parts = board.behaviour(team.id, promise_id)
            if any(text.strip() for text in parts.values()):
                behaviours.append({"team_id": team.id, "team_name": team.name, "color": team.color, **parts})
        rows.append({**_item(board.items[promise_id], teams),
                     "commitment": commitment.model_dump() if commitment else None, "teams": behaviours})
    return rows


def promises_view(state: SessionState) -> View | None:
    board, activity = state.board, state.activity
    if board is None or not isinstance(activity, PromisesActivity):
        return None
    teams = {team.id: team for team in state.teams}
    ranked = state.phase in RANKED
    tally = board.tally() if ranked else {}
    return {
        "title": activity.title, "intro": activity.intro, "prompts": activity.prompts.model_dump(mode="json"),
        "items": [{**_item(item, teams), "dots": tally.get(item.id) if ranked else None,
                   "members": [_item(member, teams) for member in board.members(item.id)]}
                  for item in board.groups()],
        "ranking": [{"id": promise_id, "dots": dots} for promise_id, dots in board.ranking()] if ranked else None,
        "chosen": list(board.chosen),
        "charter": charter(state, board) if state.phase in CHARTERED else None,
    }


def live_ranking(state: SessionState) -> list[View] | None:
    """The dot vote's ranking while it runs (the projector's and the facilitator's)."""
    board = state.board
    if board is None or state.phase != Phase.CHOOSE:
        return None
    return [{"id": promise_id, "dots": dots} for promise_id, dots in board.ranking()]


def _document_view(draft: Draft) -> View:
    return {"fields": {name: {"text": f.text, "version": f.version, "by": f.by} for name, f in draft.fields.items()},
            "submitted": draft.submitted, "hidden": draft.hidden}


def team_document(state: SessionState, team_id: str) -> View | None:
    """The team's document in collect (its new promises) or live (its behaviours), shaped as a
    case's ``team.draft``: the phone's co-writing editor reads both the same way."""
    board = state.board
    if board is None:
        return None
    if state.phase == Phase.COLLECT:
        draft = board.additions.get(team_id)
    elif state.phase in (Phase.LIVE, Phase.COMMIT):
        draft = board.behaviours.get(team_id)
    else:
        return None
    return _document_view(draft) if draft is not None else None


def host_promises(state: SessionState) -> View | None:
    """For the facilitator: every team's new promises and behaviours as they are written, and
    every item (hidden and merged ones too) to moderate and group."""
    board = state.board
    if board is None:
        return None
    teams = {team.id: team for team in state.teams}
    return {
        "items": [{**_item(item, teams), "merged_into": item.merged_into, "hidden": item.hidden}
                  for item in board.items.values()],
        "additions": {team_id: draft.fields["promises"].text for team_id, draft in board.additions.items()},
        "behaviours": {team_id: {promise_id: board.behaviour(team_id, promise_id) for promise_id in board.chosen}
                       for team_id in board.behaviours},
        "parts": list(PARTS),
    }
