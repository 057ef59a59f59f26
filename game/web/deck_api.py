"""The deck editor's JSON API: validate, create, read, save (version-checked), delete,
duplicate, import and export. The rules are game/core/deck.py's, nothing else:
the browser shows the problems this API returns next to the matching fields.
"""
from __future__ import annotations

import tomllib

from flask import Blueprint, Response, current_app, jsonify, request

from ..core.deck import DeckProblem
from ..service.deck_catalog import DeckCatalog, DeckConflict, DeckRefused, StoredDeck, check_deck_data
from .access import current_user_id, trainer_required

deck_api = Blueprint("deck_api", __name__, url_prefix="/api/decks")

# Thirty long cards fit comfortably; anything bigger is not a deck.
MAX_DECK_BYTES = 1024 * 1024
STATUS = {"deck_invalid": 422, "deck_id_needed": 422, "deck_exists": 409, "deck_shipped": 409,
          "version_conflict": 409, "deck_read_only": 403, "unknown_deck": 404, "too_large": 413}


@deck_api.before_request
@trainer_required
def _only_trainers():
    if request.content_length and request.content_length > MAX_DECK_BYTES:
        return _fail(DeckRefused("too_large", "The deck is too large (at most 1 MB)."))
    return None


def _catalog() -> DeckCatalog:
    return current_app.extensions["cxgame"].decks


def problem_json(problem: DeckProblem) -> dict:
    return {"path": problem.path, "message": problem.message, "line": problem.line,
            "code": problem.code, "params": problem.params}


def _fail(refused: DeckRefused, **extra):
    body = {"code": refused.code, "message": refused.message, **extra}
    if refused.problems:
        body["problems"] = [problem_json(p) for p in refused.problems]
    response = jsonify({"error": body})
    response.status_code = STATUS.get(refused.code, 400)
    return response


def _body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DeckRefused("bad_payload", "Send a JSON object.")
    return data


def _saved(stored: StoredDeck, problems: list[DeckProblem], status: int = 200):
    response = jsonify({"id": stored.id, "version": stored.version, "valid": stored.valid,
                        "problems": [problem_json(p) for p in problems], "updated_at": stored.updated_at,
                        "updated_by": stored.updated_by_name})
    response.status_code = status
    return response


def _version(body: dict) -> int:
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DeckRefused("bad_payload", "Send the version you started from as a whole number.")
    return version


@deck_api.errorhandler(DeckRefused)
def _refused(refused: DeckRefused):
    return _fail(refused)


@deck_api.post("/validate")
def validate():
    checked = check_deck_data(_body().get("deck"))
    return jsonify({"valid": not checked.problems, "problems": [problem_json(p) for p in checked.problems]})


@deck_api.post("")
def create():
    stored, checked = _catalog().create(_body().get("deck"), current_user_id())
    return _saved(stored, checked.problems, 201)


@deck_api.get("/<deck_id>")
def read(deck_id: str):
    catalog = _catalog()
    source, shipped = catalog.source_of(deck_id)
    stored = None if shipped else catalog.stored(deck_id)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError:
        data = {"id": deck_id}
    checked = check_deck_data(data)
    return jsonify({"id": deck_id, "shipped": shipped, "version": stored.version if stored else None,
                    "deck": data, "valid": not checked.problems,
                    "problems": [problem_json(p) for p in checked.problems],
                    "updated_at": stored.updated_at if stored else None,
                    "updated_by": stored.updated_by_name if stored else None})


@deck_api.put("/<deck_id>")
def save(deck_id: str):
    body = _body()
    version = _version(body)
    try:
        stored, checked = _catalog().save(deck_id, body.get("deck"), version, current_user_id())
    except DeckConflict as conflict:
        current = conflict.current
        if current is None:
            return _fail(DeckRefused("unknown_deck", "This deck was deleted since you opened it."))
        return _fail(DeckRefused("version_conflict", "Someone else saved this deck since you opened it."),
                     current_version=current.version, updated_by=current.updated_by_name,
                     updated_at=current.updated_at)
    return _saved(stored, checked.problems)


@deck_api.delete("/<deck_id>")
def delete(deck_id: str):
    _catalog().delete(deck_id)
    return jsonify({"deleted": deck_id})


@deck_api.post("/<deck_id>/duplicate")
def duplicate(deck_id: str):
    body = request.get_json(silent=True) or {}
    new_id = body.get("id") if isinstance(body, dict) else None
    stored = _catalog().duplicate(deck_id, current_user_id(), new_id if isinstance(new_id, str) and new_id else None)
    return _saved(stored, [], 201)


@deck_api.get("/<deck_id>/export.toml")
def export(deck_id: str):
    source, _shipped = _catalog().source_of(deck_id)
    return Response(source, mimetype="application/toml; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{deck_id}.toml"', "Cache-Control": "no-store"})


@deck_api.post("/import")
def import_file():
    """multipart/form-data: file (the .toml), overwrite ("1" to replace an editor deck), new_id."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise DeckRefused("bad_payload", "Choose a .toml file to import.")
    raw = upload.read(MAX_DECK_BYTES + 1)
    if len(raw) > MAX_DECK_BYTES:
        raise DeckRefused("too_large", "The deck is too large (at most 1 MB).")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DeckRefused("deck_invalid", "The file is not UTF-8 text.",
                          [DeckProblem(upload.filename, "", "cannot be read: not UTF-8 text")]) from None
    overwrite = request.form.get("overwrite") == "1"
    new_id = request.form.get("new_id") or None
    catalog = _catalog()
    try:
        stored = catalog.import_text(text, upload.filename, current_user_id(), overwrite=overwrite, new_id=new_id)
    except DeckRefused as refused:
        if refused.code in ("deck_exists", "deck_shipped"):
            deck_id = new_id or tomllib.loads(text).get("id", "")
            # The browser asks the trainer: overwrite (editor decks only) or import under this free id.
            return _fail(refused, id=deck_id, suggested_id=catalog.free_id(deck_id),
                         can_overwrite=refused.code == "deck_exists")
        raise
    except DeckConflict:
        return _fail(DeckRefused("version_conflict", "Someone else saved this deck just now; try again."))
    return _saved(stored, [], 201)
