"""The serialisable state of one session: what the database stores as a snapshot.

Everything a round needs lives here, including the random seed, so that the
same commands replayed on the same start state give the same result.
"""
from __future__ import annotations

from pydantic import AliasChoices, BaseModel, Field

from .deck import Activity, Card, Deck
from .drafts import DRAFT_FIELDS, TEXT_MAX, Draft, DraftField
from .phase import ROUND_PHASES, Phase
from .promise_board import PromiseBoard

__all__ = ["DRAFT_FIELDS", "TEXT_MAX", "Draft", "DraftField", "NAME_MAX", "Phase", "SessionState"]

NAME_MAX = 40


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
    # The promises activity's board, from its collect phase on (game/core/promise_board.py).
    board: PromiseBoard | None = None

    # --- small lookups used by rules and views -------------------------------------
    @property
    def activity(self) -> Activity:
        """The deck entry being played: a case card or the promises activity."""
        return self.deck.cards[self.card_index]

    @property
    def card(self) -> Card:
        """The case being played (rules and views of a case's phases only)."""
        card = self.deck.cards[self.card_index]
        if not isinstance(card, Card):
            raise LookupError(f"card {self.card_index + 1} is a {card.type} activity, not a case")
        return card

    @property
    def open_board(self) -> PromiseBoard:
        """The promises board, for rules and views that only run inside the promises activity."""
        if self.board is None:
            raise LookupError(f"there is no promises board in the {self.phase.value} phase")
        return self.board

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
