"""The draft phase: each team writes a response, a promise and behaviours together."""
from __future__ import annotations

from typing import Any

from ..merge import merge
from ..state import DRAFT_FIELDS, HISTORY_KEPT, TEXT_MAX, Draft, Revision, SessionState
from .errors import reject
from .events import DraftEdited, DraftSubmitted, Event


def team_draft(state: SessionState, team_id: str) -> Draft:
    return state.open_round.drafts.setdefault(team_id, Draft())


def edit(state: SessionState, player_id: str, field: str, text: str,
         base_version: int) -> tuple[list[Event], dict[str, Any]]:
    if field not in DRAFT_FIELDS:
        reject("unknown_field", f"A draft has the fields {', '.join(DRAFT_FIELDS)}.")
    if not isinstance(text, str) or len(text) > TEXT_MAX:
        reject("text_too_long", f"A draft field holds at most {TEXT_MAX} characters.")
    player = state.players[player_id]
    existing = state.open_round.drafts.get(player.team_id)
    known = existing.fields[field].version if existing else 0
    if not isinstance(base_version, int) or isinstance(base_version, bool) or not 0 <= base_version <= known:
        reject("bad_version", "That draft version does not exist.")
    slot = team_draft(state, player.team_id).fields[field]
    if base_version == slot.version:
        merged, clean = text, True
    else:
        base = "" if base_version == 0 else next(
            (r.text for r in slot.history if r.version == base_version), None)
        merged, clean = merge(base, slot.text, text) if base is not None else (text, False)
    if not clean:
        # Both changed the same words: the newest edit wins and the replaced text is kept.
        slot.replaced = (slot.replaced + [Revision(version=slot.version, text=slot.text, by=slot.by)])[-10:]
    if merged == slot.text:
        return [], {"version": slot.version, "text": slot.text, "merged": base_version != slot.version}
    slot.text, slot.by = merged, player.name
    slot.version += 1
    slot.history = (slot.history + [Revision(version=slot.version, text=merged, by=player.name)])[-HISTORY_KEPT:]
    result = {"version": slot.version, "text": merged,
              "merged": base_version != slot.version - 1, "conflict": not clean}
    return [DraftEdited(player.team_id, field)], result


def submit(state: SessionState, player_id: str, submitted: bool) -> list[Event]:
    if not isinstance(submitted, bool):
        reject("bad_payload", "submitted must be true or false.")
    team_id = state.players[player_id].team_id
    existing = state.open_round.drafts.get(team_id)
    if submitted and (existing is None or existing.is_empty()):
        reject("draft_empty", "Write something before you submit.")
    team_draft(state, team_id).submitted = submitted
    return [DraftSubmitted(team_id)]
