"""Socket.IO handlers as data: each client event is a row of ROUTES (payload model, who may
send it, the command it becomes), and every event goes through one path
(``Gateway.answer``): identity, rate limit, payload, sender, command, answer.

See docs/protocol.md for every event, payload and error code.

``connect`` and ``disconnect`` go through Flask-SocketIO, which gives them a Flask
request context: the facilitator's sign-in cookie is read there. The game's
events are registered on the python-socketio server underneath instead: they
need only the sid, and a request context per event (built from the websocket's
environ, with the cookie session decoded again each time) was a tenth of the
server's time while 1,000 phones typed (``python -m bench --profile``).
"""
from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from flask import request
from flask_socketio import ConnectionRefusedError

from ..core import commands as c
from ..core.rules import Rejected
from ..core.session import is_valid_code
from ..core.views import full_view
from ..service.authority import Identity, SessionService
from ..service.join_gate import JoinGate
from . import auth, draft_events
from . import payloads as p
from .connections import Connections
from .ratelimit import RateLimiter
from .rooms import host_room, player_room, screen_room, session_room, team_room
from .viewcache import ViewCache

log = logging.getLogger(__name__)

# Who may send an event (docs/protocol.md, the "who" column of "Client to server").
PLAYER, HOST, ANYONE = "player", "host", "all"


@dataclass(frozen=True)
class Route:
    """One client event. ``command(payload, actor)`` makes the command it asks for; an event
    without one changes nothing and is answered by ``read(gateway, sid, identity, payload)``
    (by default the sender's full view, ``sync``)."""

    model: type[p._Payload]
    sender: str
    command: Callable[[Any, str], c.Command] | None = None
    read: Callable[[Any, str, Identity, Any], dict] | None = None


def _moving(command_class):
    """A control that moves the game: it carries the card and phase it was pressed in."""
    return lambda d: command_class(c.HOST, from_phase=d.phase, from_card=d.card_index)


CONTROL = {"start": _moving(c.StartGame), "next": _moving(c.AdvancePhase),
           "skip": _moving(c.SkipCard), "pause": lambda d: c.PauseTimer(c.HOST),
           "resume": lambda d: c.ResumeTimer(c.HOST), "end": _moving(c.EndSession),
           "extend": lambda d: c.ExtendTimer(c.HOST, seconds=d.seconds),
           "step": lambda d: c.ShowStep(c.HOST, step=d.step),
           "lock": lambda d: c.LockRoom(c.HOST, locked=True), "unlock": lambda d: c.LockRoom(c.HOST, locked=False)}

MODERATE = {
    "move": lambda d: c.MovePlayer(c.HOST, player_id=d.player_id or "", team_id=d.team_id or ""),
    "rename": lambda d: c.RenamePlayer(c.HOST, player_id=d.player_id or "", name=d.name or ""),
    "remove": lambda d: c.RemovePlayer(c.HOST, player_id=d.player_id or "", rejoin=d.rejoin),
    "hide": lambda d: c.HideDraft(c.HOST, team_id=d.team_id or "", hidden=True),
    "unhide": lambda d: c.HideDraft(c.HOST, team_id=d.team_id or "", hidden=False),
    "remove_recent": lambda d: c.RemoveRecentJoins(c.HOST, minutes=d.minutes),
}


PROMISES = {
    "merge": lambda d: c.MergePromise(c.HOST, promise_id=d.promise_id, into=d.into),
    "split": lambda d: c.SplitPromise(c.HOST, promise_id=d.promise_id),
    "reword": lambda d: c.RewordPromise(c.HOST, promise_id=d.promise_id, text=d.text),
    "hide": lambda d: c.HidePromise(c.HOST, promise_id=d.promise_id, hidden=True),
    "unhide": lambda d: c.HidePromise(c.HOST, promise_id=d.promise_id, hidden=False),
    "choose": lambda d: c.ChoosePromises(c.HOST, promise_ids=tuple(d.promise_ids)),
    "commit": lambda d: c.SetCommitment(c.HOST, promise_id=d.promise_id, owner=d.owner, first_step=d.first_step,
                                        due=d.due),
}


def _action_of(table: dict) -> Callable[[Any, str], c.Command]:
    """A builder for an event whose ``action`` picks the command from ``table``."""
    def build(payload, _actor: str) -> c.Command:
        make = table.get(payload.action)
        if make is None:
            raise Rejected("unknown_action", f"Unknown action {payload.action!r}.")
        return replace(make(payload), action_id=payload.id)
    return build


ROUTES: dict[str, Route] = {
    "sync": Route(p.Sync, ANYONE),
    "diagnose": Route(p.Diagnose, PLAYER,
                      lambda d, actor: c.MarkDiagnose(actor, options=tuple(d.options), action_id=d.id)),
    "draft:update": Route(p.DraftUpdate, PLAYER,
                          lambda d, actor: c.UpdateDraft(actor, update=d.update, action_id=d.id)),
    "draft:sync": Route(p.DraftSync, PLAYER, read=draft_events.catch_up),
    "draft:presence": Route(p.DraftPresence, PLAYER, read=draft_events.presence),
    "draft:submit": Route(p.DraftSubmit, PLAYER,
                          lambda d, actor: c.SubmitDraft(actor, submitted=d.submitted, action_id=d.id)),
    "vote": Route(p.Vote, PLAYER, lambda d, actor: c.CastVote(actor, entry_id=d.entry_id, action_id=d.id)),
    "host:control": Route(p.Control, HOST, _action_of(CONTROL)),
    "host:moderate": Route(p.Moderate, HOST, _action_of(MODERATE)),
    "dots": Route(p.Dots, PLAYER, lambda d, actor: c.PlaceDots(actor, promise_ids=tuple(d.promise_ids),
                                                                 action_id=d.id)),
    "host:promises": Route(p.PromiseAction, HOST, _action_of(PROMISES)),
}


def error(code: str, message: str, **extra) -> dict:
    return {"ok": False, "error": {"code": code, "message": message, **extra}}


def wait_seconds(limiter: RateLimiter, key: str) -> float:
    """What a rate_limited answer tells the client to wait, in seconds (tenths, at least 0.1)."""
    return max(0.1, math.ceil(limiter.retry_after(key) * 10) / 10)


def check_sender(sender: str, identity: Identity) -> None:
    """Refuse an event its sender may not send (not_host, not_player)."""
    if sender == HOST and identity.role != "host":
        raise Rejected("not_host", "Only the facilitator can do that.")
    if sender == PLAYER and identity.role != "player":
        raise Rejected("not_player", "Only a player can do that.")


class Gateway:
    """Between the sockets of this process and the service: who is behind a socket, its
    rooms, and the one path every event takes."""

    def __init__(self, socketio, service: SessionService, connections: Connections,
                 limiter: RateLimiter, code_misses: RateLimiter, joins: JoinGate | None = None,
                 may_host: Callable[[str], bool] = lambda code: True):
        self.socketio, self.service, self.connections = socketio, service, connections
        self.limiter, self.code_misses, self.joins = limiter, code_misses, joins or JoinGate()
        # Control requires an active owner (README, Accounts): False once the owner is disabled.
        self.may_host = may_host
        self.views = ViewCache()

    # --- every game event ---------------------------------------------------------------
    def answer(self, route: Route, sid: str, data: object) -> dict:
        """The one path of every event: identity, rate limit, payload, sender, then run it."""
        identity = self.connections.by_sid.get(sid)
        if identity is None:
            return error("bad_token", "This connection is not signed in to a session.")
        if not self.limiter.allow(sid):
            return self._too_many(sid)
        try:
            payload = p.parse(route.model, data)
            check_sender(route.sender, identity)
            if route.sender == HOST:
                self._require_active_owner(identity)
            if route.command is None:
                read = route.read or Gateway.full_view_of
                return {"ok": True, **read(self, sid, identity, payload)}
            actor = c.HOST if identity.role == "host" else identity.player_id
            outcome = self.service.execute(identity.code, route.command(payload, actor))
        except p.BadPayload as bad:
            return self.refuse_payload(sid, bad)
        except Rejected as refused:
            return error(refused.code, refused.message)
        if outcome.duplicate:
            return {"ok": True, "duplicate": True}
        return {"ok": True, **outcome.result}

    def refuse_payload(self, sid: str, bad: p.BadPayload) -> dict:
        """The answer to a malformed message. An oversized one is answered, then its connection
        closed: a client sending 16 KB messages is broken or hostile (docs/protocol.md)."""
        if bad.code == "message_too_large":
            self.socketio.start_background_task(self._close_after_answer, sid)
        return error(bad.code, bad.message)

    def _close_after_answer(self, sid: str) -> None:
        self.socketio.sleep(0.2)  # the ack is queued before this runs; let it go out first
        self.socketio.server.disconnect(sid, namespace="/")

    def on_unknown(self, event, sid, *_data) -> dict:
        """Any event not in ROUTES: an answer instead of a client waiting for its timeout."""
        if self.connections.by_sid.get(sid) is not None and not self.limiter.allow(sid):
            return self._too_many(sid)
        return error("unknown_event", f"There is no event {str(event)[:64]!r}.")

    def _too_many(self, sid: str) -> dict:
        return error("rate_limited", "Too many messages; wait a moment.", retry_after=wait_seconds(self.limiter, sid))

    def listener(self, event: str, route: Route):
        """``answer`` as a python-socketio handler (no Flask request context, see the top)."""
        def on_event(sid, data=None, *_extra):
            try:
                return self.answer(route, sid, data)
            except Exception:  # a bug must still answer: the phone shows an error instead of waiting
                log.exception("%s failed", event)
                return error("server_error", "Something went wrong on the server; please try again.")
        return on_event

    def full_view_of(self, sid: str, identity: Identity, _payload) -> dict:
        return {"view": self.place_in_rooms(sid, identity)}

    def place_in_rooms(self, sid: str, identity: Identity) -> dict:
        """Join the rooms this identity belongs to now and return its full view."""
        with self.service.reading(identity.code) as state:
            now = self.service.clock()
            if identity.role in ("host", "screen"):
                # The presenter shows a live preview of the projector: the same screen view as the projector.
                return full_view(state, now, host=identity.role == "host", screen=True,
                                 version=self.service.version_in_hand(identity.code))
            player = state.players.get(identity.player_id)
            if player is None:
                raise Rejected("bad_token", "You are no longer in this session.")
            old_team = self.connections.team_of_sid.get(sid)
            if old_team != player.team_id:
                if old_team:
                    self.socketio.server.leave_room(sid, team_room(identity.code, old_team), namespace="/")
                self.socketio.server.enter_room(sid, team_room(identity.code, player.team_id), namespace="/")
                self.connections.team_of_sid[sid] = player.team_id
            version = self.service.version_in_hand(identity.code)
            return self.views.full(identity.code, version, state, now, player.id)

    # --- connect and disconnect (Flask-SocketIO: with a request context) ----------------
    def on_connect(self, credentials=None):
        try:
            data = p.parse(p.Auth, credentials)
        except p.BadPayload as bad:
            raise ConnectionRefusedError(bad.code, {"message": bad.message}) from None
        sid = request.sid
        try:
            self._require_session(data.code)
            identity = self._identify(data, sid)
            if identity.role == "host":
                self._require_active_owner(identity)
            self.connections.add(sid, identity)
            self._enter_rooms(sid, identity)
        except Rejected as refused:
            raise ConnectionRefusedError(refused.code, {"message": refused.message}) from None
        if identity.player_id:
            self._set_presence(identity, away=False)

    def _require_session(self, code: str) -> None:
        if not is_valid_code(code) or self.service.state(code) is None:
            # Misses are limited per address, as on the HTTP API, so codes cannot be guessed here either.
            address = auth.client_address()
            if not self.code_misses.allow(address):
                wait = max(1, math.ceil(self.code_misses.retry_after(address)))
                raise ConnectionRefusedError("rate_limited", {
                    "message": f"Too many unknown codes; try again in {wait} seconds.", "retry_after": wait})
            raise Rejected("unknown_code", "There is no session with that code.")

    def _require_active_owner(self, identity: Identity) -> None:
        if not self.may_host(identity.code):
            raise Rejected("owner_disabled", "The account that runs this session has been disabled.")

    def _identify(self, data: p.Auth, sid: str) -> Identity:
        if data.screen:
            return self._projector(data)
        if data.name is not None:
            return self._join(data.code, data.name, data.token, sid)
        if data.token is not None:
            return self.service.authenticate(data.code, data.token)
        return _owner_identity(data.code)

    def _projector(self, data: p.Auth) -> Identity:
        """The projector page: the host's credentials, the screen view, no controls."""
        if data.name is not None:
            raise Rejected("bad_payload", "A projector does not join as a player.")
        identity = self.service.authenticate(data.code, data.token) if data.token else _owner_identity(data.code)
        if identity.role != "host":
            raise Rejected("not_host", "Only the facilitator can open the projector.")
        return Identity(identity.code, "screen")

    def _join(self, code: str, name: str, token: str | None, sid: str) -> Identity:
        """Join in the connect itself: a phone saves an HTTP round trip, the server an HTTP request
        per phone in a join storm. With a token of the phone's own choosing the join can be
        retried safely: if a dropped connection hid that it went through, the retry finds the
        seat by its token instead of being refused as name_taken (Identities.join)."""
        self.joins.admit(code, auth.client_address())
        player_id, token = self.service.join(code, name, token)
        self.socketio.emit("joined", {"player_id": player_id, "token": token}, to=sid)  # before the view
        return Identity(code, "player", player_id)

    def _enter_rooms(self, sid: str, identity: Identity) -> None:
        if identity.role == "host":  # and the projector's room: the presenter's preview
            own = [host_room(identity.code), screen_room(identity.code)]
        elif identity.role == "screen":
            own = [screen_room(identity.code)]
        else:
            own = [player_room(identity.code, identity.player_id)]
        for room in (session_room(identity.code), *own):
            self.socketio.server.enter_room(sid, room, namespace="/")
        try:
            self.socketio.emit("view", self.place_in_rooms(sid, identity), to=sid)
        except Rejected:
            self.connections.remove(sid)
            raise

    def on_disconnect(self, *_args):
        identity = self.connections.remove(request.sid)
        self.limiter.forget(request.sid)
        if identity and identity.player_id and not self.connections.sids_of_player(identity.code, identity.player_id):
            self._set_presence(identity, away=True)

    def _set_presence(self, identity: Identity, away: bool) -> None:
        state = self.service.state(identity.code)
        player = state.players.get(identity.player_id) if state else None
        if player is None or player.away == away:
            return
        try:
            self.service.execute(identity.code, c.SetPresence(c.SYSTEM, player_id=identity.player_id, away=away))
        except Rejected:
            pass  # already in that state: another connection or process got there first


def _owner_identity(code: str) -> Identity:
    """No token: the signed-in facilitator who created the session may host it (cookie session)."""
    if not auth.current_user.is_authenticated:
        raise Rejected("not_signed_in", "Send a token, or sign in as the facilitator of this session.")
    if not auth.owns(code):
        raise Rejected("not_owner", "Only the facilitator who created this session can host it.")
    return Identity(code, "host")


def register(socketio, service: SessionService, connections: Connections,
             limiter: RateLimiter | None = None, code_misses: RateLimiter | None = None,
             joins: JoinGate | None = None, may_host: Callable[[str], bool] = lambda code: True) -> Gateway:
    gateway = Gateway(socketio, service, connections, limiter or RateLimiter(rate=20, burst=40),
                      code_misses or RateLimiter(rate=0.5, burst=20), joins, may_host)
    socketio.on("connect")(gateway.on_connect)
    socketio.on("disconnect")(gateway.on_disconnect)
    for event, route in ROUTES.items():
        socketio.server.on(event, gateway.listener(event, route), namespace="/")
    socketio.server.on("*", gateway.on_unknown, namespace="/")  # every other event name: unknown_event
    return gateway
