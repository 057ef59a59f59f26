"""A facilitator's own past sessions (/sessions): date, deck, players, links to screens and exports."""
from __future__ import annotations

import json
import time

from flask import Blueprint, abort, current_app, request

from ..service.followup import charter_promises
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


def _kept_by_month(results: dict) -> list[dict]:
    """The follow-up's months, each with the share of answers that said "kept" (for a small chart)."""
    months = []
    for month, per_promise in results.items():
        total = sum(r.total for r in per_promise.values())
        kept = sum(r.kept for r in per_promise.values())
        months.append({"month": month, "kept": round(100 * kept / total) if total else 0, "answers": total})
    return months


@my_sessions.get("/sessions")
@role_required("facilitator")
def index():
    owned = accounts().owners.owned_by(current_user.id)
    organisation = request.args.get("organisation") or None
    shown = [o for o in owned if organisation is None or o.organisation == organisation]
    results = current_app.extensions["cxgame"].followups.results_of([o.code for o in shown])  # one query
    sessions = [{**_summary(o), "organisation": o.organisation, "followup": _kept_by_month(results.get(o.code, {}))}
                for o in shown]
    organisations = sorted({o.organisation for o in owned if o.organisation}, key=str.casefold)
    return render("my_sessions.html", sessions=sessions, groups=_by_organisation(sessions),
                  organisations=organisations, organisation=organisation)


def _by_organisation(sessions: list[dict]) -> list[tuple[str | None, list[dict]]]:
    """The sessions under their organisation, newest first in each; the group with the newest
    session first, and sessions without an organisation last."""
    groups: dict[str | None, list[dict]] = {}
    for session in sessions:  # already newest first
        groups.setdefault(session["organisation"], []).append(session)
    named = [(name, rows) for name, rows in groups.items() if name is not None]
    return named + ([(None, groups[None])] if None in groups else [])


@my_sessions.get("/organisations/<path:name>")
@role_required("facilitator")
def organisation_page(name: str):
    """One client organisation across this facilitator's sessions: each charter and its follow-up."""
    game = current_app.extensions["cxgame"]
    rows = []
    for owned in accounts().owners.owned_by(current_user.id):
        if owned.organisation != name:
            continue
        state = game.service.state(owned.code)
        promises = charter_promises(state) if state is not None else []
        rows.append({**_summary(owned), "promises": promises, "months": game.followups.results(owned.code)})
    if not rows:
        abort(404)
    return render("organisation.html", organisation=name, sessions=rows)
