"""Socket.IO handlers: parse the payload, make a command, run it through the service, ack.

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

from flask import request
from flask_socketio import ConnectionRefusedError

from ..core import commands as c
from ..core.rules import Rejected
from ..core.session import is_valid_code
from ..core.views import full_view
from ..service.sessions import Identity, SessionService
from . import auth
from . import payloads as p
from .connections import Connections
from .ratelimit import RateLimiter
from .rooms import host_room, player_room, session_room, team_room
from .viewcache import ViewCache

log = logging.getLogger(__name__)


def error(code: str, message: str) -> dict:
    return {"ok": False, "error": {"code": code, "message": message}}


CONTROL = {"start": lambda d: c.StartGame(c.HOST), "next": lambda d: c.AdvancePhase(c.HOST),
           "skip": lambda d: c.SkipCard(c.HOST), "pause": lambda d: c.PauseTimer(c.HOST),
           "resume": lambda d: c.ResumeTimer(c.HOST), "end": lambda d: c.EndSession(c.HOST),
           "extend": lambda d: c.ExtendTimer(c.HOST, seconds=d.seconds)}

MODERATE = {
    "move": lambda d: c.MovePlayer(c.HOST, player_id=d.player_id or "", team_id=d.team_id or ""),
    "rename": lambda d: c.RenamePlayer(c.HOST, player_id=d.player_id or "", name=d.name or ""),
    "remove": lambda d: c.RemovePlayer(c.HOST, player_id=d.player_id or ""),
    "hide": lambda d: c.HideDraft(c.HOST, team_id=d.team_id or "", hidden=True),
    "unhide": lambda d: c.HideDraft(c.HOST, team_id=d.team_id or "", hidden=False),
}


def register(socketio, service: SessionService, connections: Connections,
             limiter: RateLimiter | None = None, code_misses: RateLimiter | None = None) -> None:
    limiter = limiter or RateLimiter(rate=20, burst=40)
    code_misses = code_misses or RateLimiter(rate=0.5, burst=20)
    views = ViewCache()

    def place_in_rooms(sid: str, identity: Identity) -> dict:
        """Join the rooms this identity belongs to now and return its full view."""
        with service.reading(identity.code) as state:
            now = service.clock()
            if identity.role == "host":
                return full_view(state, now, host=True)
            player = state.players.get(identity.player_id)
            if player is None:
                raise Rejected("bad_token", "You are no longer in this session.")
            old_team = connections.team_of_sid.get(sid)
            if old_team != player.team_id:
                if old_team:
                    socketio.server.leave_room(sid, team_room(identity.code, old_team), namespace="/")
                socketio.server.enter_room(sid, team_room(identity.code, player.team_id), namespace="/")
                connections.team_of_sid[sid] = player.team_id
            return views.full(identity.code, service.version_in_hand(identity.code), state, now, player.id)

    @socketio.on("connect")
    def on_connect(credentials=None):
        try:
            data = p.parse(p.Auth, credentials)
        except p.BadPayload as bad:
            raise ConnectionRefusedError("bad_payload", {"message": bad.message}) from None
        if not is_valid_code(data.code) or service.state(data.code) is None:
            # Misses are limited per address, as on the HTTP API, so codes cannot be guessed here either.
            if not code_misses.allow(auth.client_address()):
                raise ConnectionRefusedError("rate_limited", {"message": "Too many unknown codes; wait a minute."})
            raise ConnectionRefusedError("unknown_code", {"message": "There is no session with that code."})
        sid = request.sid
        try:
            if data.name is not None:
                identity = _join(data.code, data.name, data.token, sid)
            elif data.token is not None:
                identity = service.authenticate(data.code, data.token)
            else:
                identity = _owner_identity(data.code)
        except Rejected as refused:
            raise ConnectionRefusedError(refused.code, {"message": refused.message}) from None
        connections.add(sid, identity)
        own = host_room(identity.code) if identity.role == "host" else player_room(identity.code, identity.player_id)
        rooms = [session_room(identity.code), own]
        for room in rooms:
            socketio.server.enter_room(sid, room, namespace="/")
        try:
            socketio.emit("view", place_in_rooms(sid, identity), to=sid)
        except Rejected as refused:
            connections.remove(sid)
            raise ConnectionRefusedError(refused.code, {"message": refused.message}) from None
        if identity.player_id:
            _set_presence(identity, away=False)

    def _join(code: str, name: str, token: str | None, sid: str) -> Identity:
        """Join in the connect itself: a phone saves an HTTP round trip, the server an HTTP request
        per phone in a join storm. With a token of the phone's own choosing the join can be
        retried safely: if a dropped connection hid that it went through, the retry finds the
        seat by its token instead of being refused as name_taken (SessionService.join)."""
        player_id, token = service.join(code, name, token)
        socketio.emit("joined", {"player_id": player_id, "token": token}, to=sid)  # before the view
        return Identity(code, "player", player_id)

    def _owner_identity(code: str) -> Identity:
        """No token: the signed-in facilitator who created the session may host it (cookie session)."""
        if not auth.current_user.is_authenticated:
            raise Rejected("not_signed_in", "Send a token, or sign in as the facilitator of this session.")
        if not auth.owns(code):
            raise Rejected("not_owner", "Only the facilitator who created this session can host it.")
        return Identity(code, "host")

    @socketio.on("disconnect")
    def on_disconnect(*_args):
        identity = connections.remove(request.sid)
        limiter.forget(request.sid)
        if identity and identity.player_id and not connections.sids_of_player(identity.code, identity.player_id):
            _set_presence(identity, away=True)

    def _set_presence(identity: Identity, away: bool) -> None:
        state = service.state(identity.code)
        player = state.players.get(identity.player_id) if state else None
        if player is None or player.away == away:
            return
        try:
            service.execute(identity.code, c.SetPresence(c.SYSTEM, player_id=identity.player_id, away=away))
        except Rejected:
            pass  # already in that state: another connection or process got there first

    def on_event(event: str, handle) -> None:
        """Register ``handle(sid, data)`` on python-socketio: no Flask request context (see the top)."""
        def guarded(sid, data=None, *_extra):
            try:
                return handle(sid, data)
            except Exception:  # a bug must still answer: the phone shows an error instead of waiting
                log.exception("%s failed", event)
                return error("server_error", "Something went wrong on the server; please try again.")

        socketio.server.on(event, guarded, namespace="/")

    def handler(event: str, model, make_command, role: str):
        def handle(sid: str, data):
            identity = connections.by_sid.get(sid)
            if identity is None:
                return error("bad_token", "This connection is not signed in to a session.")
            if not limiter.allow(sid):
                return error("rate_limited", "Too many messages; wait a moment.")
            try:
                payload = p.parse(model, data)
            except p.BadPayload as bad:
                return error("bad_payload", bad.message)
            if role == "host" and identity.role != "host":
                return error("not_host", "Only the facilitator can do that.")
            if role == "player" and identity.role != "player":
                return error("not_player", "Only a player can do that.")
            actor = c.HOST if identity.role == "host" else identity.player_id
            try:
                command = make_command(payload, actor)
                outcome = service.execute(identity.code, command)
            except Rejected as refused:
                return error(refused.code, refused.message)
            if outcome.duplicate:
                return {"ok": True, "duplicate": True}
            return {"ok": True, **outcome.result}

        on_event(event, handle)

    def pick(table: dict, payload, actor):
        make = table.get(payload.action)
        if make is None:
            raise Rejected("unknown_action", f"Unknown action {payload.action!r}.")
        return make(payload)

    handler("diagnose", p.Diagnose,
            lambda d, actor: c.TickDiagnose(actor, options=tuple(d.options), action_id=d.id), "player")
    handler("draft:edit", p.DraftEdit,
            lambda d, actor: c.EditDraft(actor, field=d.field, text=d.text, base_version=d.base_version,
                                         action_id=d.id), "player")
    handler("draft:submit", p.DraftSubmit,
            lambda d, actor: c.SubmitDraft(actor, submitted=d.submitted, action_id=d.id), "player")
    handler("vote", p.Vote, lambda d, actor: c.CastVote(actor, entry_id=d.entry_id, action_id=d.id), "player")
    handler("host:control", p.Control,
            lambda d, actor: _with_id(pick(CONTROL, d, actor), d.id), "host")
    handler("host:moderate", p.Moderate,
            lambda d, actor: _with_id(pick(MODERATE, d, actor), d.id), "host")

    def on_sync(sid: str, data):
        identity = connections.by_sid.get(sid)
        if identity is None:
            return error("bad_token", "This connection is not signed in to a session.")
        if not limiter.allow(sid):
            return error("rate_limited", "Too many messages; wait a moment.")
        try:
            p.parse(p.Sync, data)
            return {"ok": True, "view": place_in_rooms(sid, identity)}
        except p.BadPayload as bad:
            return error("bad_payload", bad.message)
        except Rejected as refused:
            return error(refused.code, refused.message)

    on_event("sync", on_sync)


def _with_id(command: c.Command, action_id: str) -> c.Command:
    from dataclasses import replace
    return replace(command, action_id=action_id)
