"""The serialisable state of one session: what the database stores as a snapshot.

Everything a round needs lives here, including the random seed, so that the
same commands replayed on the same start state give the same result.
"""
from __future__ import annotations

from pydantic import AliasChoices, BaseModel, Field

from .deck import Card, Deck
from .phase import ROUND_PHASES, Phase

NAME_MAX = 40
TEXT_MAX = 2000
DRAFT_FIELDS = ("response", "promise", "we_do", "we_dont")
HISTORY_KEPT = 30  # revisions per draft field, enough to merge edits made seconds apart


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


class Revision(BaseModel):
    version: int
    text: str
    by: str | None = None


class DraftField(BaseModel):
    text: str = ""
    version: int = 0
    by: str | None = None
    # Recent revisions let the server merge an edit made on an older base;
    # texts replaced by a conflicting edit are kept so nothing is ever lost.
    history: list[Revision] = Field(default_factory=list)
    replaced: list[Revision] = Field(default_factory=list)


class Draft(BaseModel):
    fields: dict[str, DraftField] = Field(default_factory=lambda: {f: DraftField() for f in DRAFT_FIELDS})
    submitted: bool = False
    hidden: bool = False

    def is_empty(self) -> bool:
        return not any(field.text.strip() for field in self.fields.values())


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


class Settings(BaseModel):
    team_count: int | None = Field(default=3, ge=1, le=60)
    team_size: int | None = Field(default=None, ge=1, le=100)
    # When everyone has done the phase's task the phase closes after this
    # many seconds, so a last-second change of mind is still possible.
    early_end_grace: float = 3.0


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
    teams: list[Team] = Field(default_factory=list)
    players: dict[str, Player] = Field(default_factory=dict)
    rounds: list[Round] = Field(default_factory=list)
    recent_actions: dict[str, list[str]] = Field(default_factory=dict)

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
