"""Turning events into broadcasts: one payload per room per change.

Phase changes go out at once. Frequent small changes (ticks, votes, joins)
only mark sections dirty; a flush a moment later sends each dirty section
once, so a storm of 1,000 votes costs a few broadcasts, not 1,000.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.rules import events as ev
from ..core.views import host_view, progress_view, session_view, team_view, timer_view
from .rooms import host_room, player_room, session_room, team_room

COALESCE_SECONDS = 0.15


@dataclass
class Dirty:
    session: bool = False
    host: bool = False
    progress: bool = False
    teams: set[str] = field(default_factory=set)
    scheduled: bool = False


class SocketPublisher:
    def __init__(self, socketio, connections=None):
        self.socketio = socketio
        self.connections = connections
        self.service = None  # set by create_app: the flush reads the session through it
        self._dirty: dict[str, Dirty] = {}

    def publish(self, code, state, events, now) -> None:
        dirty = self._dirty.setdefault(code, Dirty())
        for event in events:
            match event:
                case ev.PhaseChanged():
                    self._send_all(code, state, now)
                    self._dirty[code] = Dirty(scheduled=dirty.scheduled)
                    dirty = self._dirty[code]
                case ev.TimerChanged():
                    self.socketio.emit("timer", timer_view(state, now), to=session_room(code))
                case ev.DraftEdited(team_id=team_id, field=name):
                    draft_field = state.round.drafts[team_id].fields[name]
                    self.socketio.emit("draft", {"field": name, "text": draft_field.text,
                                                 "version": draft_field.version, "by": draft_field.by},
                                       to=team_room(code, team_id))
                    dirty.host = True
                case ev.DraftSubmitted(team_id=team_id) | ev.DraftHidden(team_id=team_id):
                    dirty.teams.add(team_id)
                    dirty.host = dirty.progress = True
                    if isinstance(event, ev.DraftHidden):
                        dirty.session = True
                case ev.DiagnoseTicked() | ev.VoteCast():
                    dirty.host = dirty.progress = True
                case ev.PlayerMoved(player_id=pid):
                    # The player's connections (maybe on another process) re-sync to change team room.
                    self.socketio.emit("resync", {}, to=player_room(code, pid))
                    dirty.teams.update(t.id for t in state.teams)
                case ev.PlayerRemoved(player_id=pid):
                    self.socketio.emit("removed", {"message": "The facilitator removed you from this session."},
                                       to=player_room(code, pid))
                    if self.connections is not None:
                        # Later, not here: disconnect handlers read the session, whose lock is held now.
                        self.socketio.start_background_task(
                            self._disconnect, self.connections.sids_of_player(code, pid))
                case ev.RosterChanged():
                    dirty.session = dirty.host = dirty.progress = True
                    dirty.teams.update(t.id for t in state.teams)
        if self._pending(dirty) and not dirty.scheduled:
            dirty.scheduled = True
            self.socketio.start_background_task(self._flush_later, code)

    def _disconnect(self, sids: set[str]) -> None:
        for sid in sids:
            self.socketio.server.disconnect(sid, namespace="/")

    @staticmethod
    def _pending(dirty: Dirty) -> bool:
        return dirty.session or dirty.host or dirty.progress or bool(dirty.teams)

    def _send_all(self, code, state, now) -> None:
        self.socketio.emit("view", {"session": session_view(state, now)}, to=session_room(code))
        for team in state.teams:
            self.socketio.emit("view", {"team": team_view(state, team.id)}, to=team_room(code, team.id))
        self.socketio.emit("view", {"host": host_view(state)}, to=host_room(code))

    def _flush_later(self, code: str) -> None:
        self.socketio.sleep(COALESCE_SECONDS)
        dirty = self._dirty.pop(code, None)
        if dirty is None or not self._pending(dirty):
            return
        with self.service.reading(code) as state:
            if state is None:
                return
            now = self.service.clock()
            payloads = []
            if dirty.session:
                payloads.append(("view", {"session": session_view(state, now)}, session_room(code)))
            elif dirty.progress:
                payloads.append(("progress", progress_view(state), session_room(code)))
            for team_id in dirty.teams:
                if state.team(team_id):
                    payloads.append(("view", {"team": team_view(state, team_id)}, team_room(code, team_id)))
            if dirty.host:
                payloads.append(("view", {"host": host_view(state)}, host_room(code)))
        for event, payload, room in payloads:
            self.socketio.emit(event, payload, to=room)
