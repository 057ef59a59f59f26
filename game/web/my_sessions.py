"""A facilitator's own past sessions (/sessions): date, deck, players, links to screens and exports."""
from __future__ import annotations

import json
import time

from flask import Blueprint

from .auth import accounts, current_user, role_required
from .pages import render

my_sessions = Blueprint("my_sessions", __name__)


def _summary(owned) -> dict:
    # The list reads the stored snapshot's JSON for two facts instead of validating whole states.
    # A live session's snapshot can miss its last second of joins (the log holds them).
    try:
        data = json.loads(owned.state_json)
        title, players = data["deck"]["title"], len(data.get("players") or {})
    except (ValueError, KeyError, TypeError):
        title, players = owned.deck_id, 0
    return {"code": owned.code, "title": title, "players": players, "phase": owned.phase,
            "date": time.strftime("%Y-%m-%d %H:%M", time.localtime(owned.created_at)),
            "iso": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(owned.created_at))}


@my_sessions.get("/sessions")
@role_required("facilitator")
def index():
    sessions = [_summary(owned) for owned in accounts().owners.owned_by(current_user.id)]
    return render("my_sessions.html", sessions=sessions)
