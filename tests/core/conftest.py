import pytest

from game.core import commands as c
from game.core.rules import Rejected, apply
from game.core.session import new_session
from game.core.state import Settings
from tests.factories import deck
from tests.ydraft import Typist


class Table:
    """A session on the table: apply commands with a hand-moved clock."""

    def __init__(self, players: int = 6, teams: int = 3, grace: float = 0, cards: int = 2, perspectives: int = 0,
                 promises: bool = False, **timers):
        self.now = 1000.0
        self.state = new_session("ABCDEF", deck(cards, perspectives, promises, **timers), seed=42, now=self.now,
                                 settings=Settings(team_count=teams, early_end_grace=grace))
        for i in range(players):
            self.do(c.Join(c.SYSTEM, name=f"Player {i}", player_id=f"p{i}", token_hash=f"h{i}"))

    def do(self, command, after: float = 0.0):
        self.now += after
        return apply(self.state, command, self.now)

    def host(self, command_class, **fields):
        return self.do(command_class(c.HOST, **fields))

    def to_phase(self, phase: str):
        if self.state.phase == "lobby":
            self.host(c.StartGame)
        while self.state.phase != phase:
            self.host(c.AdvancePhase)

    def team_of(self, pid: str) -> str:
        return self.state.players[pid].team_id

    def write(self, pid: str, text: str = "We promise to listen", field: str = "promise"):
        """``pid`` types ``text`` at the end of ``field`` on a phone that has the team's document."""
        phone = Typist()
        draft = self.document_of(pid)
        known = draft.crdt().encoded() if draft is not None else b""
        if known:  # every team has a draft from the phase's start, empty (no update) until someone writes
            phone.receive(known)
        return self.do(c.UpdateDraft(pid, update=phone.insert(field, None, text)))

    def document_of(self, pid: str):
        """The team document ``pid`` writes in this phase (a case's draft, or the promises board's)."""
        team = self.team_of(pid)
        board = self.state.board
        if self.state.phase == "collect":
            return board.additions.get(team)
        if self.state.phase == "live":
            return board.behaviours.get(team)
        return self.state.round.drafts.get(team)

    def entry_of(self, team_id: str) -> str:
        return next(e for e, t in self.state.round.entries.items() if t == team_id)

    def other_entry(self, pid: str) -> str:
        return next(e for e, t in self.state.round.entries.items() if t != self.team_of(pid))


def rejected(table: Table, command) -> str:
    """The code a refused command gets; fails if the command changed anything."""
    before = table.state.model_dump()
    with pytest.raises(Rejected) as caught:
        table.do(command)
    assert table.state.model_dump() == before, "a refused command must change nothing"
    return caught.value.code


def voting_table() -> Table:
    """Six players in three teams, each team's draft on the ballot."""
    table = Table()
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid, f"Promise of {pid}")
    table.host(c.AdvancePhase)
    return table


@pytest.fixture
def table():
    return Table()
