"""The promises activity's board: the room's promises from first draft to charter.

The closing activity (deck activity type "promises") runs through five phases,
each with its own part of this board:

- collect: every promise the teams drafted on the session's cases is an item;
  each team co-writes new promises of its own (one per line) in a CRDT
  document, as it writes a case's draft (``additions``);
- group: the facilitator merges duplicates into one (an item points at the one
  it was merged into) and may reword or hide an item;
- choose: every player puts 3 dots on the promises (several on one if they
  like); the facilitator confirms 3 to 5 and so breaks ties (``chosen``);
- live: each team co-writes, for each chosen promise, what we do and don't,
  how we thank and recognise it and how we measure it (``behaviours``: one CRDT
  document per team, its fields named "<promise id>.<part>");
- commit: an owner and a first step with a date per chosen promise.

The charter is ``chosen`` with their commitments and every team's behaviours.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from pydantic import BaseModel, Field

from .drafts import Draft, DraftField

DOTS_PER_PLAYER = 3
CHOSEN_MIN, CHOSEN_MAX = 3, 5
PROMISE_MAX = 300  # characters of one promise
OWNER_MAX = 60
STEP_MAX = 300
ADDITIONS_FIELD = "promises"  # the root text of a team's new promises, one per line
PARTS = ("we_do", "we_dont", "appreciate", "measure")


class PromiseItem(BaseModel):
    id: str
    text: str
    team_id: str | None = None  # the team that wrote it
    card_index: int | None = None  # the case it was drafted on; None: written in the collect phase
    merged_into: str | None = None  # the item it was merged into (the group's text is that item's)
    hidden: bool = False


class Commitment(BaseModel):
    owner: str = ""
    first_step: str = ""
    due: str = ""  # an ISO date, YYYY-MM-DD, or "" while none is set


class PromiseBoard(BaseModel):
    items: dict[str, PromiseItem] = Field(default_factory=dict)  # in the order they appeared
    additions: dict[str, Draft] = Field(default_factory=dict)  # team id -> its new promises
    dots: dict[str, list[str]] = Field(default_factory=dict)  # player id -> the promise ids of their dots
    chosen: list[str] = Field(default_factory=list)  # the charter's promises, in the charter's order
    behaviours: dict[str, Draft] = Field(default_factory=dict)  # team id -> its behaviours per promise
    commitments: dict[str, Commitment] = Field(default_factory=dict)

    # --- reading ------------------------------------------------------------------
    def groups(self) -> list[PromiseItem]:
        """The promises as the room sees them after grouping: visible items not merged into another."""
        return [item for item in self.items.values() if item.merged_into is None and not item.hidden]

    def members(self, promise_id: str) -> list[PromiseItem]:
        """The items merged into ``promise_id`` (not itself), in the order they appeared."""
        return [item for item in self.items.values() if item.merged_into == promise_id]

    def tally(self) -> dict[str, int]:
        """Dots per promise (every group, 0 included)."""
        counts = {item.id: 0 for item in self.groups()}
        for spent in self.dots.values():
            for promise_id in spent:
                if promise_id in counts:
                    counts[promise_id] += 1
        return counts

    def ranking(self) -> list[tuple[str, int]]:
        """(promise id, dots), most dots first; a tie keeps the order the promises appeared in."""
        order = {promise_id: i for i, promise_id in enumerate(self.items)}
        return sorted(self.tally().items(), key=lambda pair: (-pair[1], order[pair[0]]))

    def top(self) -> list[str]:
        """What "choose" confirms when the facilitator moves on without choosing: the top 3 by dots."""
        return [promise_id for promise_id, _ in self.ranking()[:CHOSEN_MIN]]

    def behaviour_fields(self) -> tuple[str, ...]:
        return tuple(f"{promise_id}.{part}" for promise_id in self.chosen for part in PARTS)

    def behaviour(self, team_id: str, promise_id: str) -> dict[str, str]:
        """One team's behaviours for one chosen promise: part -> text ("" when not written)."""
        draft = self.behaviours.get(team_id)
        fields = draft.fields if draft else {}
        return {part: fields.get(f"{promise_id}.{part}", DraftField()).text for part in PARTS}

    # --- building -----------------------------------------------------------------
    def add(self, text: str, team_id: str | None, card_index: int | None) -> PromiseItem | None:
        """A new item, or None when the text is empty. A promise worded exactly like an earlier
        one (case, spaces and accents aside) starts merged into it: the room sees it once."""
        text = " ".join(text.split())[:PROMISE_MAX]
        if not text:
            return None
        item = PromiseItem(id=f"p{len(self.items) + 1}", text=text, team_id=team_id, card_index=card_index)
        same = next((other for other in self.groups() if _key(other.text) == _key(text)), None)
        item.merged_into = same.id if same else None
        self.items[item.id] = item
        return item


# Each new promise is compared with every group on the board, so at 1,000 players (some 250
# promises) the same texts were normalised tens of thousands of times: half a second at the
# collect phase change. The key of a text never changes; remember the recent ones.
@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in plain if c.isalnum() or c.isspace()).split())


def additions_draft() -> Draft:
    return Draft(fields={ADDITIONS_FIELD: DraftField()})


def behaviours_draft(board: PromiseBoard) -> Draft:
    return Draft(fields={name: DraftField() for name in board.behaviour_fields()})
