"""Turning events into broadcasts: one payload per room per change.

Phase changes go out at once. Frequent small changes (marks, votes, joins)
only mark sections dirty; a flush a moment later sends each dirty section
once, so a storm of 1,000 votes costs a few broadcasts, not 1,000.

Two lanes: the facilitator and single teams hear about changes within
COALESCE_SECONDS; what goes to every phone because of a join, a presence
change, progress (a count on the phone's screen) or the facilitator's work on
the promises board at most once per EVERYONE_SECONDS. At 1,000 phones each
such broadcast is 1,000 websocket writes, and during a join or vote storm
they would otherwise go out every 100 ms and take a third of the server's
time. The facilitator's player list
follows joins and presence in the slow lane too (it is 1,000 rows), but
votes, marks and the facilitator's own moves and removals in the fast one.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from ..core.rules import events as ev
from ..core.screen_view import screen_view
from ..core.state import Phase
from ..core.views import host_view, me_view, progress_view, session_view, team_views, timer_view
from .rooms import host_room, player_room, screen_room, session_room, team_room

COALESCE_SECONDS = 0.1
VOTE_REMOVED = {"hidden": "The facilitator hid the draft you voted for. Please vote again.",
                "moved": "You were moved into the team you voted for. Please vote again."}
EVERYONE_SECONDS = 1.0


class Read(Protocol):
    def __call__(self, code: str, fresh: bool = True) -> AbstractContextManager: ...


@dataclass
class Dirty:
    session: bool = False  # the session view, soon (a hidden draft leaves the ballot)
    host: bool = False
    teams: set[str] = field(default_factory=set)
    # The slow lane, to every phone: roster (session view and every team's members), progress,
    # and the promises board (session view: the room's list, 30+ KB at 1,000 players).
    roster: bool = False
    progress: bool = False
    board: bool = False
    due: float | None = None  # monotonic time at which a flush that will send this is scheduled
    # (card, phase) when these changes happened. A flush that finds the session in another
    # phase drops them: the phase change's broadcast (from this process or another) was newer.
    phase: tuple | None = None


class SocketPublisher:
    def __init__(self, socketio, read: Read, version: Callable[[str], int | None], connections=None,
                 clock: Callable[[], float] = time.time, monotonic: Callable[[], float] = time.monotonic):
        self.socketio = socketio
        self.connections = connections
        # Holds a session still while its views are built (StateCache.reading): the publisher
        # reads sessions through this, not through the service that calls it.
        self.read = read
        # The version of the state ``read`` holds (StateCache.version_in_hand): views carry it,
        # so a phone can ignore a view older than one it already has.
        self.version = version
        self.clock, self.monotonic = clock, monotonic
        self._dirty: dict[str, Dirty] = {}
        self._last_everyone: dict[str, float] = {}  # code -> monotonic time of the last send to every phone

    def publish(self, code, events, now) -> None:
        # This process just stored these events: its copy is at least that new, no need to ask the store.
        with self.read(code, fresh=False) as state:
            if state is not None:
                self._publish(code, state, events, now)

    def _publish(self, code, state, events, now) -> None:
        dirty = self._dirty.setdefault(code, Dirty())
        dirty.phase = dirty.phase or (state.card_index, state.phase.value)
        for event in events:
            react = REACTIONS.get(type(event))
            if react is not None:
                dirty = react(self, code, state, event, now, dirty) or dirty
        if dirty.session or dirty.host or dirty.teams:
            self._schedule(code, dirty, COALESCE_SECONDS)
        elif self._slow(dirty):
            self._schedule(code, dirty, max(COALESCE_SECONDS, self._everyone_wait(code)))

    # --- what each event does: send now, or mark what the next flush sends ----------------
    # Each takes (code, state, event, now, dirty); a phase change returns the fresh Dirty.
    def _phase_changed(self, code, state, event, now, dirty) -> Dirty:
        self._send_all(code, state, now, self.version(code))
        self._last_everyone[code] = self.monotonic()
        self._dirty[code] = Dirty(due=dirty.due, phase=(state.card_index, state.phase.value))
        return self._dirty[code]

    def _timer_changed(self, code, state, event, now, dirty) -> None:
        self.socketio.emit("timer", timer_view(state, now), to=session_room(code))

    def _draft_updated(self, code, state, event, now, dirty) -> None:
        # Relayed as it came, once it is stored: each teammate's Yjs merges it.
        self.socketio.emit("draft:update", {"update": event.update, "player_id": event.player_id},
                           to=team_room(code, event.team_id))
        dirty.host = True

    def _draft_handed_in(self, code, state, event, now, dirty) -> None:
        dirty.teams.add(event.team_id)
        dirty.host = dirty.progress = True
        if isinstance(event, ev.DraftHidden):
            dirty.session = True  # a hidden draft leaves the ballot
            if state.phase == Phase.VOTE:  # and every team's ballot_order gains or loses it
                dirty.teams.update(t.id for t in state.teams)

    def _votes_withdrawn(self, code, state, event, now, dirty) -> None:
        """Each voter whose vote moderation removed gets their ``me`` (no vote) and a notice."""
        notice = {"reason": event.reason, "message": VOTE_REMOVED[event.reason]}
        for pid in event.player_ids:
            if pid in state.players:
                room = player_room(code, pid)
                self.socketio.emit("view", {"me": me_view(state, pid, self.version(code))}, to=room)
                self.socketio.emit("vote_removed", notice, to=room)

    def _player_renamed(self, code, state, event, now, dirty) -> None:
        if event.player_id in state.players:  # the facilitator changed this player's `me`
            me = me_view(state, event.player_id, self.version(code))
            self.socketio.emit("view", {"me": me}, to=player_room(code, event.player_id))

    def _progress(self, code, state, event, now, dirty) -> None:
        dirty.host = dirty.progress = True

    def _closing_early(self, code, state, event, now, dirty) -> None:
        # Everyone has done the phase's task: the facilitator (and the projector) see the
        # complete tally now rather than at the next flush.
        self._send_host(code, state, self.version(code))
        dirty.host = False

    def _step_shown(self, code, state, event, now, dirty) -> None:
        self._send_host(code, state, self.version(code))

    def _player_moved(self, code, state, event, now, dirty) -> None:
        # The player's connections (maybe on another process) re-sync to change team room.
        self.socketio.emit("resync", {}, to=player_room(code, event.player_id))
        dirty.teams.update(t.id for t in state.teams)  # the facilitator moved them: show it soon
        dirty.host = True

    def _player_removed(self, code, state, event, now, dirty) -> None:
        dirty.host = True
        self.socketio.emit("removed", {"message": "The facilitator removed you from this session.",
                                       "rejoin": event.rejoin}, to=player_room(code, event.player_id))
        if self.connections is not None:
            # Later, not here: disconnect handlers read the session, whose lock is held now.
            self.socketio.start_background_task(
                self._disconnect, self.connections.sids_of_player(code, event.player_id))

    def _roster_changed(self, code, state, event, now, dirty) -> None:
        dirty.roster = True  # the facilitator's player list too: the slow lane

    def _promises_changed(self, code, state, event, now, dirty) -> None:
        # The facilitator's board work shows on the presenter and the projector soon; every phone's
        # list follows at most once a second: a facilitator merging duplicates one after another
        # would otherwise send the whole list to 1,000 phones ten times a second.
        dirty.host = dirty.board = True

    def _room_lock_changed(self, code, state, event, now, dirty) -> None:
        dirty.host = True  # the lock switch on the facilitator's panel

    def _everyone_wait(self, code: str) -> float:
        """Seconds until the slow lane may send to every phone again."""
        return self._last_everyone.get(code, float("-inf")) + EVERYONE_SECONDS - self.monotonic()

    def _schedule(self, code: str, dirty: Dirty, delay: float) -> None:
        """Make sure a flush runs within ``delay`` (an earlier one already planned will do)."""
        due = self.monotonic() + delay
        if dirty.due is None or dirty.due > due + 0.01:
            dirty.due = due
            self.socketio.start_background_task(self._flush_later, code, delay)

    def _disconnect(self, sids: set[str]) -> None:
        for sid in sids:
            self.socketio.server.disconnect(sid, namespace="/")

    @staticmethod
    def _slow(dirty: Dirty) -> bool:
        """Something for the slow lane, to every phone."""
        return dirty.roster or dirty.progress or dirty.board

    @classmethod
    def _pending(cls, dirty: Dirty) -> bool:
        return dirty.session or dirty.host or bool(dirty.teams) or cls._slow(dirty)

    def _send_all(self, code, state, now, version) -> None:
        # One message per room with every section its phones need: a client that acts on the new
        # phase never holds the old team or host section. Every player is in their team's room, so
        # this reaches each connection once; still one payload per room, never one per phone.
        session = session_view(state, now, version)
        for team_id, view in team_views(state, [t.id for t in state.teams], version).items():
            self.socketio.emit("view", {"session": session, "team": view}, to=team_room(code, team_id))
        # After the phones: the facilitator's view, and the projector's, which follows it.
        self.socketio.emit("view", {"session": session, "host": host_view(state, version)}, to=host_room(code))
        self.socketio.emit("view", {"session": session, "screen": screen_view(state, version)},
                           to=screen_room(code))

    def _send_host(self, code, state, version) -> None:
        """The facilitator's view, and the projector's, which follows what the facilitator sees."""
        self.socketio.emit("view", {"host": host_view(state, version)}, to=host_room(code))
        self.socketio.emit("view", {"screen": screen_view(state, version)}, to=screen_room(code))

    def _flush_later(self, code: str, delay: float) -> None:
        self.socketio.sleep(delay)
        dirty = self._dirty.pop(code, None)
        if dirty is None or not self._pending(dirty):
            return
        clock = self.monotonic()
        everyone_due = clock - self._last_everyone.get(code, float("-inf")) >= EVERYONE_SECONDS
        # A session view sent now carries the roster, the progress and the board as well.
        send_everyone = dirty.session or (everyone_due and self._slow(dirty))
        with self.read(code) as state:
            if state is None or (dirty.phase is not None and dirty.phase != (state.card_index, state.phase.value)):
                return
            payloads = self._flush_payloads(code, state, dirty, send_everyone)
        if send_everyone:
            self._last_everyone[code] = clock
        elif self._slow(dirty):
            self._keep_for_the_slow_lane(code, dirty)
        for event, payload, room in payloads:
            self.socketio.emit(event, payload, to=room)

    def _flush_payloads(self, code: str, state, dirty: Dirty, send_everyone: bool) -> list[tuple]:
        """(event, payload, room) for each dirty section; every phone's only if ``send_everyone``."""
        now, version = self.clock(), self.version(code)
        payloads = []
        roster = send_everyone and dirty.roster
        everyone = dirty.session or roster or (send_everyone and dirty.board)
        if everyone:
            payloads.append(("view", {"session": session_view(state, now, version)}, session_room(code)))
        elif send_everyone and dirty.progress:
            payloads.append(("progress", progress_view(state), session_room(code)))
        teams = set(dirty.teams)
        if roster:
            teams.update(t.id for t in state.teams)
        for team_id, view in team_views(state, teams, version).items():
            payloads.append(("view", {"team": view}, team_room(code, team_id)))
        if dirty.host or roster:
            # The board the phones see later, the presenter and the projector see now (their lists
            # are drawn from the session section).
            board = {"session": session_view(state, now, version)} if dirty.board and not everyone else {}
            payloads.append(("view", {**board, "host": host_view(state, version)}, host_room(code)))
            payloads.append(("view", {**board, "screen": screen_view(state, version)}, screen_room(code)))
        return payloads

    def _keep_for_the_slow_lane(self, code: str, dirty: Dirty) -> None:
        """Not yet: keep the roster, progress and board changes for the slow lane's next turn."""
        later = self._dirty.setdefault(code, Dirty())
        later.phase = later.phase or dirty.phase
        later.roster |= dirty.roster
        later.progress |= dirty.progress
        later.board |= dirty.board
        self._schedule(code, later, max(COALESCE_SECONDS, self._everyone_wait(code)))


REACTIONS: dict[type, Callable] = {
    ev.PhaseChanged: SocketPublisher._phase_changed, ev.TimerChanged: SocketPublisher._timer_changed,
    ev.DraftUpdated: SocketPublisher._draft_updated, ev.DraftSubmitted: SocketPublisher._draft_handed_in,
    ev.DraftHidden: SocketPublisher._draft_handed_in, ev.DiagnoseMarked: SocketPublisher._progress,
    ev.VoteCast: SocketPublisher._progress, ev.PhaseClosingEarly: SocketPublisher._closing_early,
    ev.PlayerMoved: SocketPublisher._player_moved, ev.PlayerRemoved: SocketPublisher._player_removed,
    ev.RosterChanged: SocketPublisher._roster_changed, ev.VotesWithdrawn: SocketPublisher._votes_withdrawn,
    ev.PlayerRenamed: SocketPublisher._player_renamed, ev.StepShown: SocketPublisher._step_shown,
    ev.RoomLockChanged: SocketPublisher._room_lock_changed,
    # The promises activity: dots like votes (the ranking on the projector in the fast lane, the
    # phones' progress in the slow one); the facilitator's board work reaches everyone soon.
    ev.DotsPlaced: SocketPublisher._progress, ev.PromisesChanged: SocketPublisher._promises_changed,
}
