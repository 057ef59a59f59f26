"""The deck library (/decks) and the deck editor (/decks/new, /decks/<id>/edit)."""
from __future__ import annotations

import json
import time
from pathlib import Path

from flask import Blueprint, abort, current_app

from ..core.deck import DEFAULT_QUESTION, MAX_TIMER, MIN_TIMER, SLUG_PATTERN, Timers
from .access import trainer_required
from .deck_api import problem_json
from .pages import render

deck_pages = Blueprint("deck_pages", __name__)


def _library_rows() -> list[dict]:
    """Every deck for the library table: shipped files (valid and broken) and editor decks."""
    catalog = current_app.extensions["cxgame"].decks
    folder = Path(current_app.config["SCENARIOS_DIR"])
    rows = []
    for deck in catalog.files.decks.values():
        path = folder / f"{deck.id}.toml"
        rows.append({"id": deck.id, "title": deck.title, "language": deck.language, "cards": len(deck.cards),
                     "valid": True, "problems": [], "shipped": True, "file": path.name,
                     "updated_at": path.stat().st_mtime if path.exists() else None, "updated_by": None})
    for name, problems in catalog.files.broken.items():
        path = folder / name
        rows.append({"id": Path(name).stem, "title": name, "language": None, "cards": None, "valid": False,
                     "problems": [problem_json(p) for p in problems], "shipped": True, "file": name,
                     "updated_at": path.stat().st_mtime if path.exists() else None, "updated_by": None})
    for summary, problems in catalog.editor_decks():
        rows.append({"id": summary.id, "title": summary.title, "language": summary.language,
                     "cards": summary.card_count, "valid": summary.valid,
                     "problems": [problem_json(p) for p in problems], "shipped": False,
                     "file": None, "updated_at": summary.updated_at, "updated_by": summary.updated_by_name})
    for row in rows:
        # The browser shows it in local time; this is the fallback without JavaScript.
        when = row["updated_at"]
        row["updated_label"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(when)) if when else ""
    rows.sort(key=lambda row: (row["title"].lower(), row["id"]))
    return rows


@deck_pages.get("/decks")
@trainer_required
def library():
    return render("decks.html", rows=_library_rows())


def _editor(deck_id: str | None):
    limits = {"slug": SLUG_PATTERN, "min_timer": MIN_TIMER, "max_timer": MAX_TIMER,
              "timers": Timers().model_dump(), "default_question": DEFAULT_QUESTION}
    page = {"deck_id": deck_id, "limits": limits}
    return render("deck_edit.html", deck_id=deck_id, page_json=json.dumps(page, ensure_ascii=False))


@deck_pages.get("/decks/new")
@trainer_required
def new_deck():
    return _editor(None)


@deck_pages.get("/decks/<deck_id>/edit")
@trainer_required
def edit_deck(deck_id: str):
    catalog = current_app.extensions["cxgame"].decks
    if deck_id in catalog.shipped_ids:
        abort(403)
    if catalog.stored(deck_id) is None:
        abort(404)
    return _editor(deck_id)
