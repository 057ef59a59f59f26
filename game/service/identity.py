"""Who is who in a session: the host's token, the players' token index, joining.

Tokens are never stored, only their SHA-256. A player's token is found through an
index (token hash -> player id) per session instead of scanning the roster on every
connect; the roster stays the truth (a removed player's token stops working).
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from ..core import commands as c
from ..core.rules import Outcome, Rejected
from .state_cache import StateCache

CHOSEN_TOKEN_MIN = 32  # a token a client picks for itself must be as hard to guess as ours


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Identity:
    code: str
    role: str  # "host" or "player"
    player_id: str | None = None


class Identities:
    def __init__(self, cache: StateCache, execute: Callable[[str, c.Command], Outcome]):
        self.cache = cache
        self.execute = execute  # the command path: a join is a command like any other
        self._player_tokens: dict[str, dict[str, str]] = {}  # per session: token hash -> player id

    def authenticate(self, code: str, token: object) -> Identity:
        if not isinstance(token, str) or not 10 <= len(token) <= 100:
            raise Rejected("bad_token", "That is not a valid token.")
        digest = token_hash(token)
        with self.cache.lock(code):
            found = self.cache.current(code)
            if found is None:
                raise Rejected("unknown_code", "There is no session with that code.")
            if secrets.compare_digest(digest, self.cache.host_hash(code)):
                return Identity(code, "host")
            player_id = self._player_of(code, found[1], digest)
            if player_id is not None:
                return Identity(code, "player", player_id)
        raise Rejected("bad_token", "That token does not belong to this session.")

    def is_host(self, code: str, token: object) -> bool:
        """True if ``token`` is the host token of the session ``code``."""
        try:
            return self.authenticate(code, token).role == "host"
        except Rejected:
            return False

    def _player_of(self, code: str, state, digest: str) -> str | None:
        # A dict lookup instead of parsing and scanning the session on every connect.
        # The key is a SHA-256 of a 256-bit random token, so lookup timing reveals nothing useful.
        player_id = self._player_tokens.get(code, {}).get(digest)
        player = state.players.get(player_id) if player_id else None
        if player is None or player.token_hash != digest:
            index = {p.token_hash: p.id for p in state.players.values()}
            self._player_tokens[code] = index
            player = state.players.get(index.get(digest, ""))
        return player.id if player is not None else None

    def join(self, code: str, name: object, token: object = None) -> tuple[str, str]:
        """Join a new player and return (player id, token).

        ``token`` is the client's own (random, at least CHOSEN_TOKEN_MIN characters) or
        made here. With its own token a client can retry a join whose answer it lost: a
        token that already holds a seat in this session returns that seat, not name_taken.
        """
        if token is not None:
            seat = self._seat_of(code, token)  # refuses a token that is not a string of the right length
            if seat is not None:
                return seat, str(token)
        token = token if isinstance(token, str) else secrets.token_urlsafe(32)
        player_id = "p" + secrets.token_hex(5)
        digest = token_hash(token)
        # The rules refuse a name that is not a string (name_empty / bad_payload): pass it through as given.
        self.execute(code, c.Join(c.SYSTEM, name=cast(str, name), player_id=player_id, token_hash=digest))
        # The phone connects with this token next: index it now rather than rebuild the
        # index from the whole roster at its first connect (1,000 rebuilds in a join storm).
        tokens = self._player_tokens.get(code)
        if tokens is not None:
            tokens[digest] = player_id
        return player_id, token

    def _seat_of(self, code: str, token: object) -> str | None:
        """The player a client's own join token already seated, or None for a new seat."""
        if not isinstance(token, str) or not CHOSEN_TOKEN_MIN <= len(token) <= 100:
            raise Rejected("bad_payload", f"A token chosen for joining has {CHOSEN_TOKEN_MIN} to 100 characters.")
        try:
            seat = self.authenticate(code, token)
        except Rejected as refused:
            if refused.code != "bad_token":
                raise
            return None
        if seat.role != "player":
            raise Rejected("bad_payload", "Join with a token of your own, not the facilitator's.")
        return seat.player_id
