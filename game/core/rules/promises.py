"""The promises activity's rules: collect, group, choose, live it, commit.

Entering a phase prepares its part of the board (``enter_*``); the commands
change it only in the phase they belong to, and each checks everything before
it changes anything. The charter freezes when the commit phase begins for the
behaviours, and when the session finishes for the commitments.
See game/core/promise_board.py for what the board holds.
"""
from __future__ import annotations

import datetime as dt

from .. import commands as c
from ..phase import Phase
from ..promise_board import (
    ADDITIONS_FIELD,
    CHOSEN_MAX,
    CHOSEN_MIN,
    DOTS_PER_PLAYER,
    OWNER_MAX,
    PROMISE_MAX,
    STEP_MAX,
    Commitment,
    PromiseBoard,
    PromiseItem,
    additions_draft,
    behaviours_draft,
)
from ..state import SessionState
from ..text import typed_words
from .errors import reject
from .events import DotsPlaced, Event, PromisesChanged

# --- entering the phases -------------------------------------------------------------

def enter_collect(state: SessionState) -> None:
    """A new board with every promise a team drafted on the session's cases (hidden drafts left
    out), and an empty document per team for its own new promises."""
    board = PromiseBoard()
    for played in state.rounds:
        for team_id, draft in played.drafts.items():
            if not draft.hidden:
                board.add(draft.fields["promise"].text, team_id, played.card_index)
    for team in state.teams_with_players():
        board.additions[team.id] = additions_draft()
    state.board = board


def enter_group(state: SessionState) -> None:
    """Each line a team wrote in the collect phase becomes a promise of its own."""
    board = state.open_board
    for team_id, draft in board.additions.items():
        for line in draft.fields[ADDITIONS_FIELD].text.splitlines():
            board.add(line, team_id, None)
        draft.close_document()


def enter_live(state: SessionState) -> None:
    """The charter's promises are settled (the top 3 by dots if the facilitator chose none);
    every team gets a document with the behaviours to write for each."""
    board = state.open_board
    if not board.chosen:
        board.chosen = board.top()
    for team in state.teams_with_players():
        board.behaviours[team.id] = behaviours_draft(board)


def enter_commit(state: SessionState) -> None:
    """The behaviours are final: their documents close (their texts stay)."""
    board = state.open_board
    for draft in board.behaviours.values():
        draft.close_document()
    for promise_id in board.chosen:
        board.commitments.setdefault(promise_id, Commitment())


ENTER = {Phase.COLLECT: enter_collect, Phase.GROUP: enter_group, Phase.LIVE: enter_live,
         Phase.COMMIT: enter_commit}


# --- the facilitator's board work ---------------------------------------------------

def _in(state: SessionState, *phases: Phase) -> PromiseBoard:
    if state.phase not in phases:
        names = " or ".join(phase.value for phase in phases)
        reject("not_in_phase", f"That is done in the {names} phase.")
    return state.open_board


def _item(board: PromiseBoard, promise_id: object) -> PromiseItem:
    item = board.items.get(promise_id) if isinstance(promise_id, str) else None
    if item is None:
        reject("unknown_promise", "There is no such promise.")
    return item


def _group(board: PromiseBoard, promise_id: object) -> PromiseItem:
    """A promise the room sees: neither merged into another nor hidden."""
    item = _item(board, promise_id)
    if item.merged_into is not None or item.hidden:
        reject("unknown_promise", "That promise is merged into another or hidden.")
    return item


def merge(state: SessionState, promise_id: str, into: str) -> list[Event]:
    board = _in(state, Phase.GROUP)
    source, target = _group(board, promise_id), _group(board, into)
    if source.id == target.id:
        reject("bad_merge", "A promise cannot be merged into itself.")
    for item in [source, *board.members(source.id)]:
        item.merged_into = target.id
    return [PromisesChanged()]


def split(state: SessionState, promise_id: str) -> list[Event]:
    board = _in(state, Phase.GROUP)
    item = _item(board, promise_id)
    if item.merged_into is None:
        reject("not_merged", "That promise is not merged into another.")
    item.merged_into = None
    return [PromisesChanged()]


def reword(state: SessionState, promise_id: str, text: str) -> list[Event]:
    board = _in(state, Phase.GROUP, Phase.CHOOSE)
    item = _group(board, promise_id)
    words = typed_words(text, "promise", PROMISE_MAX)
    if not words:
        reject("empty_promise", "A promise needs some words.")
    item.text = words
    return [PromisesChanged()]


def hide(state: SessionState, promise_id: str, hidden: bool) -> list[Event]:
    board = _in(state, Phase.COLLECT, Phase.GROUP)
    item = _item(board, promise_id)
    if not isinstance(hidden, bool):
        reject("bad_payload", "hidden must be true or false.")
    if item.merged_into is not None:
        reject("unknown_promise", "Hide the promise it is merged into, or split it first.")
    item.hidden = hidden
    return [PromisesChanged()]


def choose(state: SessionState, promise_ids: tuple[str, ...]) -> list[Event]:
    """The facilitator confirms the charter's promises (3 to 5, fewer only if the room has fewer)."""
    board = _in(state, Phase.CHOOSE)
    if not isinstance(promise_ids, tuple | list) or len(set(promise_ids)) != len(promise_ids):
        reject("bad_choice", "Name each promise once.")
    chosen = [_group(board, promise_id).id for promise_id in promise_ids]
    low = min(CHOSEN_MIN, len(board.groups()))
    if not max(low, 1) <= len(chosen) <= CHOSEN_MAX:
        reject("bad_choice", f"Choose {low} to {CHOSEN_MAX} promises.")
    board.chosen = chosen
    return [PromisesChanged()]


def commit(state: SessionState, promise_id: str, owner: str, first_step: str, due: str) -> list[Event]:
    board = _in(state, Phase.COMMIT)
    if promise_id not in board.chosen:
        reject("unknown_promise", "Owners and first steps are for the chosen promises.")
    board.commitments[promise_id] = Commitment(owner=typed_words(owner, "owner", OWNER_MAX),
                                               first_step=typed_words(first_step, "first step", STEP_MAX),
                                               due=_date(due))
    return [PromisesChanged()]


def _date(due: object) -> str:
    if due == "":
        return ""
    try:
        return dt.date.fromisoformat(due).isoformat() if isinstance(due, str) and len(due) == 10 else _bad_date()
    except ValueError:
        return _bad_date()


def _bad_date() -> str:
    reject("bad_date", "A date is written YYYY-MM-DD, like 2027-01-31.")


# --- the players' dots ------------------------------------------------------------------

def place_dots(state: SessionState, player_id: str, promise_ids: tuple[str, ...]) -> list[Event]:
    board = state.open_board
    if not isinstance(promise_ids, tuple | list) or len(promise_ids) > DOTS_PER_PLAYER:
        reject("too_many_dots", f"Every player has {DOTS_PER_PLAYER} dots.")
    spent = [_group(board, promise_id).id for promise_id in promise_ids]
    if board.dots.get(player_id, []) == spent:
        return []
    if spent:
        board.dots[player_id] = spent
    else:
        board.dots.pop(player_id, None)
    return [DotsPlaced(player_id)]


def dispatch(state: SessionState, command: c.Command) -> list[Event]:
    """The promises activity's commands (rules/__init__.apply has checked the actor and phase)."""
    match command:
        case c.PlaceDots(promise_ids=promise_ids):
            return place_dots(state, command.actor, tuple(promise_ids))
        case c.MergePromise(promise_id=promise_id, into=into):
            return merge(state, promise_id, into)
        case c.SplitPromise(promise_id=promise_id):
            return split(state, promise_id)
        case c.RewordPromise(promise_id=promise_id, text=text):
            return reword(state, promise_id, text)
        case c.HidePromise(promise_id=promise_id, hidden=hidden):
            return hide(state, promise_id, hidden)
        case c.ChoosePromises(promise_ids=promise_ids):
            return choose(state, tuple(promise_ids))
        case c.SetCommitment(promise_id=promise_id, owner=owner, first_step=first_step, due=due):
            return commit(state, promise_id, owner, first_step, due)
    raise TypeError(f"not a promises command: {type(command).__name__}")


COMMANDS = (c.PlaceDots, c.MergePromise, c.SplitPromise, c.RewordPromise, c.HidePromise, c.ChoosePromises,
            c.SetCommitment)
