"""Who may still come in: the room's size, the facilitator's lock, and sweeping out a flood of joins.

A script on the venue wifi can join hundreds of bots in seconds. The facilitator
locks the room (nobody new joins; seated players keep their seats and reconnect
as before) and removes everyone who joined in the last few minutes at once,
instead of one by one.
"""
from __future__ import annotations

from ..state import SessionState
from .errors import reject
from .events import Event, RoomLockChanged

# Players in one session at most: the product's largest room (1,000) and a fifth more.
MAX_PLAYERS = 1200
RECENT_MINUTES_MAX = 120


def check_open(state: SessionState) -> None:
    if state.locked:
        reject("room_locked", "The facilitator has locked this session: no new players can join.")
    if len(state.players) >= MAX_PLAYERS:
        reject("session_full", f"This session is full ({MAX_PLAYERS} players).")


def lock(state: SessionState, locked: bool) -> list[Event]:
    if state.locked == locked:
        reject("no_change", "The room is already locked." if locked else "The room is already open.")
    state.locked = locked
    return [RoomLockChanged(locked)]


def remove_recent(state: SessionState, minutes: int, now: float) -> list[Event]:
    from .players import remove

    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= RECENT_MINUTES_MAX:
        reject("bad_minutes", f"Choose 1 to {RECENT_MINUTES_MAX} minutes.")
    since = now - minutes * 60
    events: list[Event] = []
    for player_id in [p.id for p in state.players.values() if p.joined_at >= since]:
        events += remove(state, player_id)
    return events
