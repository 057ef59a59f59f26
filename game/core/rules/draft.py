"""Co-writing: a case's draft, and the promises activity's team documents.

In a case's draft phase each team writes a response, a promise and behaviours
together; in the promises activity it writes new promises (collect) and the
behaviours for each chosen promise (live). Each is one CRDT document per team
(core/draft_doc.py), found by the phase (``_documents``). Phones send Yjs
updates; applying one merges it character by character with everything the
team typed, so concurrent typing never drops text. A refused update leaves the
document and the state as they were.
"""
from __future__ import annotations

import binascii
from base64 import b64decode, b64encode
from collections.abc import Callable

from ..phase import Phase
from ..promise_board import additions_draft, behaviours_draft
from ..state import DRAFT_FIELDS, Draft, SessionState
from . import players
from .errors import reject
from .events import DraftSubmitted, DraftUpdated, Event

UPDATE_MAX_BYTES = 12 * 1024  # one update, decoded; the message limit (16 KB of JSON) bounds it too


def team_draft(state: SessionState, team_id: str) -> Draft:
    return state.open_round.drafts.setdefault(team_id, Draft())


def _documents(state: SessionState) -> tuple[dict[str, Draft], Callable[[], Draft]]:
    """The team documents written in this phase, and how a team's is made (a team that had
    nobody when the phase began gets its document on its first update)."""
    if state.phase == Phase.DRAFT:
        return state.open_round.drafts, Draft
    if state.phase == Phase.COLLECT:
        return state.open_board.additions, additions_draft
    if state.phase == Phase.LIVE:
        board = state.open_board
        return board.behaviours, lambda: behaviours_draft(board)
    reject("not_in_phase", f"Nothing is written together in the {state.phase.value} phase.")


def writing_fields(state: SessionState, team_id: str) -> tuple[str, ...]:
    """The fields a team writes together now (refused outside a co-writing phase)."""
    documents, new = _documents(state)
    return tuple((documents.get(team_id) or new()).fields)


def decode(text: object, code: str, what: str) -> bytes:
    if not isinstance(text, str):
        reject(code, f"The {what} must be base64 text.")
    try:
        raw = b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        reject(code, f"The {what} is not valid base64.")
    if not raw or len(raw) > UPDATE_MAX_BYTES:
        reject(code, f"The {what} must have 1 to {UPDATE_MAX_BYTES} bytes.")
    return raw


def update(state: SessionState, player_id: str, encoded: str) -> list[Event]:
    """Apply a phone's Yjs update to its team's document and keep the fields' texts in step."""
    raw = decode(encoded, "bad_update", "update")
    player = state.players[player_id]
    documents, new = _documents(state)
    draft = documents.get(player.team_id) or new()  # stored only once an update is accepted
    texts = draft.crdt().apply(raw)  # refusals leave the document as it was
    documents[player.team_id] = draft
    return [DraftUpdated(player.team_id, player_id, encoded, _take_texts(draft, texts, player.name))]


def _take_texts(draft: Draft, texts: dict[str, str], by: str) -> tuple[str, ...]:
    """Keep the fields' texts in step with the document; returns the fields that changed."""
    changed = tuple(name for name in draft.fields if texts[name] != draft.fields[name].text)
    for name in changed:
        field = draft.fields[name]
        field.text, field.by = texts[name], by
        field.version += 1
    return changed


def replace_text(state: SessionState, player_id: str, name: str, text: str) -> list[Event]:
    """A logged whole-text edit of an older release, replayed into the document."""
    if state.phase != Phase.DRAFT or name not in DRAFT_FIELDS or player_id not in state.players:
        reject("not_in_phase", "A whole-text draft edit is only replayed from an old log.")
    player = state.players[player_id]
    draft = team_draft(state, player.team_id)
    _take_texts(draft, draft.crdt().set_text(name, text), player.name)
    return []  # only ever replayed: nothing to publish


def catch_up(state: SessionState, player_id: str, state_vector: str) -> dict[str, str]:
    """What a phone that has seen ``state_vector`` lacks of its team's document, and the
    server's own state vector (so the phone can tell what the server lacks)."""
    team_id = players.player(state, player_id).team_id
    documents, new = _documents(state)
    raw = decode(state_vector, "bad_state_vector", "state vector")
    document = (documents.get(team_id) or new()).crdt()
    return {"update": b64encode(document.missing(raw)).decode(),
            "state_vector": b64encode(document.state_vector()).decode()}


def submit(state: SessionState, player_id: str, submitted: bool) -> list[Event]:
    if not isinstance(submitted, bool):
        reject("bad_payload", "submitted must be true or false.")
    team_id = state.players[player_id].team_id
    existing = state.open_round.drafts.get(team_id)
    if submitted and (existing is None or existing.is_empty()):
        reject("draft_empty", "Write something before you submit.")
    team_draft(state, team_id).submitted = submitted
    return [DraftSubmitted(team_id)]
