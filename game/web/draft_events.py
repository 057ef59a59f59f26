"""The draft document's read-only socket events: catching up by state vector, and presence.

``draft:update`` (a Yjs update) changes the session and goes through the command
path like every action (sockets.py). These two change nothing stored:

- ``draft:sync`` answers a phone's state vector with what its copy of the team's
  document lacks, and the server's state vector (Yjs sync steps 1 and 2 in one
  round trip). A phone sends it on every (re)connect, then its own unacknowledged
  updates, so nothing typed on either side while it was away is lost.
- ``draft:presence`` tells teammates who is typing in which field (and where).
  Not stored: it is stale a second later. At most PRESENCE_RATE per second per
  connection; more is refused as rate_limited (the phone sends at most 4).

See docs/protocol.md, "Drafts".
"""
from __future__ import annotations

from ..core.rules import Rejected
from ..core.rules import draft as draft_rules
from ..core.state import DRAFT_FIELDS
from . import payloads as p
from .ratelimit import RateLimiter
from .rooms import team_room

PRESENCE_RATE, PRESENCE_BURST = 5, 5


def register(socketio, service, connections, on_event, limiter: RateLimiter, error) -> None:
    presence_limiter = RateLimiter(rate=PRESENCE_RATE, burst=PRESENCE_BURST)

    def player_of(sid: str):
        identity = connections.by_sid.get(sid)
        if identity is None:
            raise Rejected("bad_token", "This connection is not signed in to a session.")
        if identity.role != "player":
            raise Rejected("not_player", "Only a player can do that.")
        return identity

    def on_sync(sid: str, data):
        try:
            identity = player_of(sid)
            if not limiter.allow(sid):
                return error("rate_limited", "Too many messages; wait a moment.")
            payload = p.parse(p.DraftSync, data)
            with service.reading(identity.code) as state:
                answer = draft_rules.catch_up(state, identity.player_id, payload.state_vector)
        except p.BadPayload as bad:
            return error("bad_payload", bad.message)
        except Rejected as refused:
            return error(refused.code, refused.message)
        return {"ok": True, **answer}

    def on_presence(sid: str, data):
        try:
            identity = player_of(sid)
            payload = p.parse(p.DraftPresence, data)
            if payload.field is not None and payload.field not in DRAFT_FIELDS:
                raise Rejected("unknown_field", f"A draft has the fields {', '.join(DRAFT_FIELDS)}.")
            if not presence_limiter.allow(sid):
                return error("rate_limited", "Presence at most a few times a second.")
            state = service.state(identity.code)
            player = state.players.get(identity.player_id) if state else None
            if player is None or state.phase != "draft":
                raise Rejected("not_in_phase", "Presence is shown while the team drafts.")
        except p.BadPayload as bad:
            return error("bad_payload", bad.message)
        except Rejected as refused:
            return error(refused.code, refused.message)
        socketio.emit("draft:presence", {"player_id": player.id, "name": player.name, "field": payload.field,
                                         "index": payload.index},
                      to=team_room(identity.code, player.team_id), skip_sid=sid)
        return {"ok": True}

    on_event("draft:sync", on_sync)
    on_event("draft:presence", on_presence)
