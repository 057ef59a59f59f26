"""The draft phase: each team writes a response, a promise and behaviours together.

The team's draft is one CRDT document (core/draft_doc.py). Phones send Yjs
updates; applying one merges it character by character with everything the
team typed, so concurrent typing never drops text. A refused update leaves the
document and the state as they were.
"""
from __future__ import annotations

import binascii
from base64 import b64decode, b64encode

from ..phase import Phase
from ..state import DRAFT_FIELDS, Draft, SessionState
from . import players
from .errors import reject
from .events import DraftSubmitted, DraftUpdated, Event

UPDATE_MAX_BYTES = 12 * 1024  # one update, decoded; the message limit (16 KB of JSON) bounds it too


def team_draft(state: SessionState, team_id: str) -> Draft:
    return state.open_round.drafts.setdefault(team_id, Draft())


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
    draft = state.open_round.drafts.get(player.team_id) or Draft()  # stored only once an update is accepted
    texts = draft.crdt().apply(raw)  # refusals leave the document as it was
    state.open_round.drafts[player.team_id] = draft
    return [DraftUpdated(player.team_id, player_id, encoded, _take_texts(draft, texts, player.name))]


def _take_texts(draft: Draft, texts: dict[str, str], by: str) -> tuple[str, ...]:
    """Keep the fields' texts in step with the document; returns the fields that changed."""
    changed = tuple(name for name in DRAFT_FIELDS if texts[name] != draft.fields[name].text)
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
    if state.phase != Phase.DRAFT:
        reject("not_in_phase", f"That is not possible in the {state.phase.value} phase.")
    raw = decode(state_vector, "bad_state_vector", "state vector")
    document = state.open_round.drafts.get(team_id, Draft()).crdt()
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
