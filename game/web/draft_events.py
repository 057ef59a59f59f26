"""The draft document's read-only socket events: catching up by state vector, and presence.

``draft:update`` (a Yjs update) changes the session and is a command like every
action (sockets.ROUTES). These two change nothing stored; they are the ``read``
of their routes, behind the same shared path (identity, rate limit, payload, sender):

- ``draft:sync`` answers a phone's state vector with what its copy of the team's
  document lacks, and the server's state vector (Yjs sync steps 1 and 2 in one
  round trip). A phone sends it on every (re)connect, then its own unacknowledged
  updates, so nothing typed on either side while it was away is lost.
- ``draft:presence`` tells teammates who is typing in which field (and where).
  Not stored: it is stale a second later. At most PRESENCE_RATE a second per
  connection; more is refused as rate_limited (the phone sends about 3).

See docs/protocol.md, "Drafts".
"""
from __future__ import annotations

from ..core.rules import Rejected
from ..core.rules import draft as draft_rules
from .ratelimit import RateLimiter
from .rooms import team_room

PRESENCE_RATE, PRESENCE_BURST = 5, 5
# Per connection of this process (socket ids are unique to it).
_presence_limiter = RateLimiter(rate=PRESENCE_RATE, burst=PRESENCE_BURST)


def catch_up(gateway, sid: str, identity, payload) -> dict:
    with gateway.service.reading(identity.code) as state:
        return draft_rules.catch_up(state, identity.player_id, payload.state_vector)


def presence(gateway, sid: str, identity, payload) -> dict:
    if not _presence_limiter.allow(sid):
        raise Rejected("rate_limited", "Presence at most a few times a second.")
    state = gateway.service.state(identity.code)
    player = state.players.get(identity.player_id) if state else None
    if player is None:
        raise Rejected("not_in_phase", "Presence is shown while the team writes together.")
    fields = draft_rules.writing_fields(state, player.team_id)  # not_in_phase outside the writing phases
    if payload.field is not None and payload.field not in fields:
        raise Rejected("unknown_field", f"The team writes the fields {', '.join(fields)}.")
    gateway.socketio.emit("draft:presence", {"player_id": player.id, "name": player.name, "field": payload.field,
                                             "index": payload.index},
                          to=team_room(identity.code, player.team_id), skip_sid=sid)
    return {}
