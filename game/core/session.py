"""Starting a session: a copy of the deck, the teams and the seed, nothing else."""
from __future__ import annotations

from .deck import Deck
from .rules.players import make_team
from .state import SessionState, Settings

JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on phones
CODE_LENGTH = 6
# A join code as a regular expression that also accepts lower case (typed on a phone), for forms.
CODE_PATTERN = f"[{JOIN_ALPHABET}{''.join(ch.lower() for ch in JOIN_ALPHABET if ch.isalpha())}]{{{CODE_LENGTH}}}"


def new_session(code: str, deck: Deck, seed: int, now: float, settings: Settings | None = None) -> SessionState:
    settings = settings or Settings()
    count = settings.team_count if settings.team_size is None else 1
    state = SessionState(code=code, deck=deck.model_copy(deep=True), seed=seed, created_at=now,
                         language=deck.language, settings=settings)
    state.teams = [make_team(i) for i in range(max(1, count or 1))]
    return state


def is_valid_code(code: object) -> bool:
    """Whether ``code`` has the shape of a join code (upper case, as the server makes them)."""
    return isinstance(code, str) and len(code) == CODE_LENGTH and all(ch in JOIN_ALPHABET for ch in code)
