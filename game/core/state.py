"""The serialisable state of one session: what the database stores as a snapshot.

Everything a round needs lives here, including the random seed, so that the
same commands replayed on the same start state give the same result.
"""
from __future__ import annotations

from base64 import b64decode, b64encode
from typing import TYPE_CHECKING

from pydantic import AliasChoices, BaseModel, Field, PrivateAttr, field_serializer

from .deck import Card, Deck
from .phase import ROUND_PHASES, Phase

if TYPE_CHECKING:
    from .draft_doc import DraftDoc

NAME_MAX = 40
TEXT_MAX = 2000
DRAFT_FIELDS = ("response", "promise", "we_do", "we_dont")


class Team(BaseModel):
    id: str
    name: str
    color: str


class Player(BaseModel):
    id: str
    name: str
    team_id: str
    token_hash: str
    joined_at: float
    away: bool = False


class DraftField(BaseModel):
    # The field's text as the team's document has it (kept here so views, votes and
    # exports read plain text without touching the document); version counts its changes.
    text: str = ""
    version: int = 0
    by: str | None = None


class Draft(BaseModel):
    fields: dict[str, DraftField] = Field(default_factory=lambda: {f: DraftField() for f in DRAFT_FIELDS})
    submitted: bool = False
    hidden: bool = False
    # The team's CRDT document (core/draft_doc.py), encoded as one Yjs update in base64:
    # the snapshot's form. While the draft phase lasts the live document is kept beside it.
    document: str = ""
    _live: DraftDoc | None = PrivateAttr(default=None)

    def is_empty(self) -> bool:
        return not any(field.text.strip() for field in self.fields.values())

    def crdt(self) -> DraftDoc:
        """The live document, made from the stored encoding the first time it is needed."""
        from .draft_doc import DraftDoc

        if self._live is None:
            self._live = DraftDoc(b64decode(self.document))
            if not self.document:
                for name, field in self.fields.items():  # a snapshot from before the documents
                    if field.text:
                        self._live.set_text(name, field.text)
        return self._live

    def close_document(self) -> None:
        self.document, self._live = "", None

    @field_serializer("document")
    def _encode_document(self, stored: str) -> str:
        return b64encode(self._live.encoded()).decode() if self._live is not None else stored


class Round(BaseModel):
    card_index: int
    # player id -> the diagnose options they marked. Snapshots stored before the
    # rename call it "ticks": they still load.
    marks: dict[str, list[str]] = Field(default_factory=dict, validation_alias=AliasChoices("marks", "ticks"))
    drafts: dict[str, Draft] = Field(default_factory=dict)
    # The ballot: player id -> entry id. Entries are anonymous labels for drafts.
    votes: dict[str, str] = Field(default_factory=dict)
    entries: dict[str, str] = Field(default_factory=dict)  # entry id -> team id
    points: dict[str, int] = Field(default_factory=dict)

    def ballot(self) -> dict[str, str]:
        """Entry id -> team id of the drafts players can vote for: every entry whose draft is not
        hidden. A hidden draft keeps its letter, so unhiding puts it back under the same one."""
        drafts = self.drafts
        return {entry: team for entry, team in self.entries.items() if team not in drafts or not drafts[team].hidden}


class Settings(BaseModel):
    team_count: int | None = Field(default=3, ge=1, le=60)
    team_size: int | None = Field(default=None, ge=1, le=100)
    # When everyone has done the phase's task the phase closes after this
    # many seconds, so a last-second change of mind is still possible.
    early_end_grace: float = 3.0
    # Whether draft and vote close early once everyone is done (diagnose never does:
    # its live chart is the room's moment to talk). The facilitator picks it per session.
    early_end: bool = True


class SessionState(BaseModel):
    code: str
    deck: Deck
    seed: int
    created_at: float
    language: str = "en"
    settings: Settings = Field(default_factory=Settings)
    phase: Phase = Phase.LOBBY
    card_index: int = 0
    deadline: float | None = None
    paused_remaining: float | None = None
    # Which step of the phase's show the projector is at (a long story a page at a time,
    # the reveal one draft at a time, the promise wall a page at a time); back to 0 on
    # every phase change.
    step: int = 0
    teams: list[Team] = Field(default_factory=list)
    players: dict[str, Player] = Field(default_factory=dict)
    rounds: list[Round] = Field(default_factory=list)
    recent_actions: dict[str, list[str]] = Field(default_factory=dict)
    # Removed players' names by id: ended rounds' exports still name who ticked and voted.
    former_players: dict[str, str] = Field(default_factory=dict)
    # The facilitator locked the room: no new joins (game/core/rules/room.py).
    locked: bool = False

    # --- small lookups used by rules and views -------------------------------------
    @property
    def card(self) -> Card:
        return self.deck.cards[self.card_index]

    @property
    def round(self) -> Round | None:
        return self.rounds[-1] if self.rounds and self.phase in ROUND_PHASES else None

    @property
    def open_round(self) -> Round:
        """The round being played, for rules and views that only run inside one."""
        current = self.round
        if current is None:
            raise LookupError(f"no round is being played in the {self.phase.value} phase")
        return current

    def team(self, team_id: str) -> Team | None:
        return next((team for team in self.teams if team.id == team_id), None)

    def members(self, team_id: str) -> list[Player]:
        return [p for p in self.players.values() if p.team_id == team_id]

    def present_players(self) -> list[Player]:
        return [p for p in self.players.values() if not p.away]

    def teams_with_players(self) -> list[Team]:
        used = {p.team_id for p in self.players.values()}
        return [team for team in self.teams if team.id in used]
