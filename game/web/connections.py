"""Who is behind each socket of this process. Never the source of truth: the token is."""
from __future__ import annotations

from collections import defaultdict

from ..service.identity import Identity


class Connections:
    def __init__(self):
        self.by_sid: dict[str, Identity] = {}
        self.team_of_sid: dict[str, str] = {}
        self._sids_of_player: defaultdict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, sid: str, identity: Identity) -> None:
        self.by_sid[sid] = identity
        if identity.player_id:
            self._sids_of_player[(identity.code, identity.player_id)].add(sid)

    def remove(self, sid: str) -> Identity | None:
        identity = self.by_sid.pop(sid, None)
        self.team_of_sid.pop(sid, None)
        if identity and identity.player_id:
            key = (identity.code, identity.player_id)
            self._sids_of_player[key].discard(sid)
            if not self._sids_of_player[key]:
                del self._sids_of_player[key]
        return identity

    def sids_of_player(self, code: str, player_id: str) -> set[str]:
        return set(self._sids_of_player.get((code, player_id), ()))
