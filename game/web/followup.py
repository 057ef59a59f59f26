"""The follow-up on the web: the public "did we keep it this month?" page and its API, the
session's link and QR code for the charter, and the owner's results and moderation.

The rules are game/service/followup.py's. A phone is the random id in its ``cxf``
cookie (HttpOnly, a year and a month); only a hash of it is stored.
"""
from __future__ import annotations

import io
import secrets

import segno
from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for

from ..core.rules import Rejected
from ..core.session import is_valid_code
from ..service.followup import ANSWERS, charter_promises, month_of
from .api import fail, host_only, rate_limited
from .auth import accounts, client_address, current_user, owns, role_required
from .pages import render
from .ratelimit import RateLimiter
from .reachable import reachable_base

followup = Blueprint("followup", __name__)

DEVICE_COOKIE = "cxf"
DEVICE_DAYS = 400
STATUS = {"unknown_followup": 404, "already_answered": 409, "no_charter": 409, "unknown_answer": 404}
# Answers from one address: a room behind one venue NAT answers within minutes, a script is slowed.
_answers_limiter = RateLimiter(rate=1.0, burst=60)


def _game():
    return current_app.extensions["cxgame"]


def _refused(error: Rejected):
    return fail(error.code, error.message, STATUS.get(error.code))


def followup_url(token: str) -> str:
    base, _reachable = reachable_base(request.host_url, current_app.config.get("PUBLIC_URL"))
    return f"{base}{url_for('followup.page', token=token)}"


def _session_of(token: str):
    """The session state behind a follow-up token, or None."""
    code = _game().followups.session_of(token)
    return _game().service.state(code) if code else None


def _device() -> tuple[str, bool]:
    """This phone's id (from its cookie, or a new one) and whether it is new."""
    device = request.cookies.get(DEVICE_COOKIE, "")
    if 20 <= len(device) <= 64 and device.isascii():
        return device, False
    return secrets.token_urlsafe(24), True


def _with_device(response, device: str, new: bool):
    if new:
        response.set_cookie(DEVICE_COOKIE, device, max_age=DEVICE_DAYS * 24 * 3600, httponly=True,
                            samesite="Lax", secure=request.is_secure, path="/")
    return response


# --- the public page ------------------------------------------------------------------

@followup.get("/f/<token>")
def page(token: str):
    state = _session_of(token)
    if state is None:
        abort(404)
    device, new = _device()
    response = current_app.make_response(render("followup.html", language=state.language, token=token))
    return _with_device(response, device, new)


@followup.get("/api/followup/<token>")
def read(token: str):
    state = _session_of(token)
    if state is None:
        return fail("unknown_followup", "This follow-up link does not exist.", 404)
    device, new = _device()
    body = {"title": state.deck.title, "organisation": accounts().owners.organisation_of(state.code),
            "month": month_of(_game().followups.clock()), "answers": list(ANSWERS),
            "promises": [{"id": pid, "text": text} for pid, text in charter_promises(state)],
            "answered": not new and _game().followups.answered(state.code, device)}
    return _with_device(jsonify(body), device, new)


@followup.post("/api/followup/<token>")
def answer(token: str):
    if not _answers_limiter.allow(client_address()):
        return rate_limited(_answers_limiter, client_address(), "Too many answers from this network")
    state = _session_of(token)
    if state is None:
        return fail("unknown_followup", "This follow-up link does not exist.", 404)
    body = request.get_json(silent=True)
    device, new = _device()
    try:
        month = _game().followups.answer(state.code, state, device,
                                         body.get("answers") if isinstance(body, dict) else None)
    except Rejected as error:
        return _with_device(_refused(error), device, new)
    response = jsonify({"month": month})
    response.status_code = 201
    return _with_device(response, device, new)


# --- the facilitator's side -------------------------------------------------------------

@followup.post("/api/sessions/<code>/followup")
def link(code: str):
    """The session's follow-up link (made on first use), for the charter."""
    state, refused = host_only(code)
    if refused:
        return refused
    try:
        token = _game().followups.link(state.code, state)
    except Rejected as error:
        return _refused(error)
    return jsonify({"url": followup_url(token), "qr": url_for("followup.qr", code=state.code)})


@followup.get("/api/sessions/<code>/followup/qr.svg")
def qr(code: str):
    state, refused = host_only(code)
    if refused:
        return refused
    token = _game().followups.token_of(state.code)
    if token is None:
        return fail("no_charter", "This session has no follow-up link yet.", 409)
    buffer = io.BytesIO()
    segno.make(followup_url(token), error="m").save(buffer, kind="svg", scale=10, border=2, xmldecl=False,
                                                    svgns=True)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@followup.post("/api/sessions/<code>/followup/answers/<int:answer_id>")
def moderate(code: str, answer_id: int):
    state, refused = host_only(code)
    if refused:
        return refused
    body = request.get_json(silent=True)
    try:
        _game().followups.hide(state.code, answer_id, body.get("hidden") if isinstance(body, dict) else None)
    except Rejected as error:
        return _refused(error)
    return jsonify({"hidden": body["hidden"]})


@followup.get("/sessions/<code>/followup")
@role_required("facilitator")
def results(code: str):
    """The owner's page: the link, the results month by month, every answer to hide or show."""
    code = code.upper()
    state = _game().service.state(code) if is_valid_code(code) else None
    if state is None or not owns(code):
        abort(404)
    followups = _game().followups
    token = followups.token_of(code)
    promises = charter_promises(state)
    return render("followup_results.html", language=None, code=code, title=state.deck.title,
                  organisation=accounts().owners.organisation_of(code), promises=promises,
                  url=followup_url(token) if token else None, months=followups.results(code),
                  answers=followups.all_answers(code), texts=dict(promises), user=current_user)
