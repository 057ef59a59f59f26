"""The JSON API: decks, creating and joining sessions, the QR code and the exports."""
from __future__ import annotations

import io
import json
import math

import segno
from flask import Blueprint, Response, current_app, jsonify, request

from ..core.export import export_csv, export_data, export_markdown
from ..core.rules import Rejected
from ..core.session import is_valid_code
from ..core.state import Settings
from ..core.text import BIDI_CONTROLS
from . import payloads as p
from .auth import accounts, client_address, csrf, current_user, owns, role_required
from .i18n import translator
from .pages import join_url
from .security import SMALL_BODY

api = Blueprint("api", __name__, url_prefix="/api")

STATUS = {"unknown_code": 404, "unknown_deck": 404, "name_taken": 409, "session_finished": 409,
          "already_joined": 409, "not_host": 403, "rate_limited": 429, "busy": 503,
          "message_too_large": 413, "room_locked": 403, "session_full": 409, "join_rate_limited": 429,
          "owner_disabled": 403, "too_large": 413}


def fail(code: str, message: str, status: int | None = None, **extra):
    response = jsonify({"error": {"code": code, "message": message, **extra}})
    response.status_code = status or STATUS.get(code, 400)
    return response


def rate_limited(limiter, key: str, what: str):
    """A 429 that says how long to wait, in its message, its body and its Retry-After header."""
    wait = max(1, math.ceil(limiter.retry_after(key)))
    response = fail("rate_limited", f"{what}; try again in {wait} seconds.", retry_after=wait)
    response.headers["Retry-After"] = str(wait)
    return response


def _game():
    return current_app.extensions["cxgame"]


def _known_session(code: str):
    """The session, or a refusal. Misses are rate-limited per address so codes cannot be guessed."""
    code = code.upper()
    state = _game().service.state(code) if is_valid_code(code) else None
    if state is None:
        if not _game().code_misses.allow(client_address()):
            return None, rate_limited(_game().code_misses, client_address(), "Too many unknown codes")
        return None, fail("unknown_code", "There is no game with that code. Check the code on the screen.")
    return state, None


def _json_body(model):
    # Nothing over the route's body limit (security.BodyLimit, 64 KB) is read at all. Up to it
    # the body is read, so that a long name is name_too_long and any other message over 16 KB
    # message_too_large (p.parse), as on the socket.
    return p.parse(model, p.json_body(request, max_bytes=SMALL_BODY))


@api.get("/decks")
def decks():
    library = _game().decks
    return jsonify({
        "decks": [{"id": d.id, "title": d.title, "language": d.language, "description": d.description,
                   "cards": len(d.cards)} for d in library.decks.values()],
        "broken": [{"file": name, "problems": [str(x) for x in problems]}
                   for name, problems in library.broken.items()],
    })


def _organisation(name: str | None) -> str | None:
    """The organisation as stored: spacing collapsed, control and text-direction characters dropped."""
    if not name:
        return None
    kept = "".join(ch for ch in name if ch.isprintable() and ch not in BIDI_CONTROLS)
    return " ".join(kept.split()) or None


@api.post("/sessions")
@role_required("facilitator")
def create_session():
    try:
        body = _json_body(p.CreateRequest)
    except p.BadPayload as bad:
        return fail(bad.code, bad.message)
    deck = _game().decks.for_session(body.deck_id)
    if deck is None:
        return fail("unknown_deck", f"There is no deck {body.deck_id!r}.")
    settings = Settings(team_count=None if body.team_size else (body.team_count or p.DEFAULT_TEAM_COUNT),
                        team_size=body.team_size,
                        early_end_grace=current_app.config["EARLY_END_GRACE"], early_end=body.early_end)
    created = _game().service.create(deck, settings, body.language)
    accounts().owners.claim(created.code, current_user.id, _organisation(body.organisation))
    response = jsonify({"code": created.code, "host_token": created.host_token, "join_url": join_url(created.code)})
    response.status_code = 201
    return response


@api.get("/sessions/<code>")
def session_info(code: str):
    state, refused = _known_session(code)
    if refused:
        return refused
    return jsonify({"code": state.code, "title": state.deck.title, "language": state.language,
                    "phase": state.phase.value})


# No CSRF token here: joining uses no cookie or other ambient credential (the phone gets
# its token in the answer), so a forged cross-site join could do nothing the forger
# cannot do directly; and phones must join without loading a page of ours first.
@api.post("/sessions/<code>/players")
@csrf.exempt
def join(code: str):
    state, refused = _known_session(code)
    if refused:
        return refused
    try:
        body = _json_body(p.JoinRequest)
        current_app.extensions["cxgame_joins"].admit(state.code, client_address())
        player_id, token = _game().service.join(state.code, body.name, body.token)
    except p.BadPayload as bad:
        return fail(bad.code, bad.message)
    except Rejected as rejected:
        return fail(rejected.code, rejected.message)
    response = jsonify({"player_id": player_id, "token": token})
    response.status_code = 201
    return response


@api.get("/sessions/<code>/qr.svg")
def qr(code: str):
    state, refused = _known_session(code)
    if refused:
        return refused
    buffer = io.BytesIO()
    segno.make(join_url(state.code), error="m").save(buffer, kind="svg", scale=10, border=2,
                                                      xmldecl=False, svgns=True)
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


def host_only(code: str):
    state, refused = _known_session(code)
    if refused:
        return None, refused
    if owns(state.code):  # the signed-in facilitator who created it (e.g. from /sessions)
        return state, None
    if not _game().service.is_host(state.code, request.headers.get("X-Host-Token", "")):
        return None, fail("not_host", "Only the facilitator can download the results.")
    if not accounts().may_host(state.code):
        return None, fail("owner_disabled", "The account that runs this session has been disabled.")
    return state, None


def _download(body: str, content_type: str, name: str) -> Response:
    # content_type, not mimetype: Werkzeug adds "; charset=utf-8" to a text/* mimetype a second time.
    return Response(body, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@api.get("/sessions/<code>/export.<kind>")
def export(code: str, kind: str):
    state, refused = host_only(code)
    if refused:
        return refused
    name = f"cxgame-{state.code}-{state.deck.id}"
    if kind == "md":
        return _download(export_markdown(state, translator(state.language)), "text/markdown; charset=utf-8",
                         f"{name}.md")
    if kind == "csv":
        return _download(export_csv(state), "text/csv; charset=utf-8", f"{name}.csv")
    if kind == "json":
        return _download(json.dumps(export_data(state), ensure_ascii=False), "application/json; charset=utf-8",
                         f"{name}.json")
    return fail("unknown_format", "Exports are .md, .csv and .json.", 404)
