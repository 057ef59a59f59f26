"""The HTML pages: landing, facilitator set-up, projector/host, phone, print."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, url_for

from ..core.session import CODE_LENGTH, CODE_PATTERN, is_valid_code
from .auth import role_required
from .i18n import pin_language

pages = Blueprint("pages", __name__)


def join_url(code: str) -> str:
    base = current_app.config.get("PUBLIC_URL")
    path = url_for("pages.play", code=code)
    return f"{base.rstrip('/')}{path}" if base else url_for("pages.play", code=code, _external=True)


def render(template: str, language: str | None = None, **context):
    # t, lang and catalog_json come from game.web.i18n (Flask-Babel's locale for this request).
    pin_language(language)
    return render_template(template, **context)


def _session_language(code: str) -> str | None:
    state = current_app.extensions["cxgame"].service.state(code)
    return state.language if state else None


@pages.get("/")
def index():
    return render("index.html", code_pattern=CODE_PATTERN, code_length=CODE_LENGTH)


@pages.get("/host/new")
@role_required("facilitator")
def host_new():
    library = current_app.extensions["cxgame"].decks
    decks = [{"id": d.id, "title": d.title, "language": d.language, "description": d.description,
              "cards": len(d.cards)} for d in library.decks.values()]
    broken = [{"file": name, "problems": [str(x) for x in problems]} for name, problems in library.broken.items()]
    return render("host_new.html", decks=decks, broken=broken)


@pages.get("/host/<code>")
def host(code: str):
    if not is_valid_code(code):
        abort(404)
    # The projector speaks the session's language, whatever the laptop's browser says.
    return render("host.html", language=_session_language(code), code=code, join_url=join_url(code))


@pages.get("/host/<code>/print")
def print_page(code: str):
    if not is_valid_code(code):
        abort(404)
    return render("print.html", language=_session_language(code), code=code)


@pages.get("/play")
@pages.get("/play/<code>")
def play(code: str | None = None):
    code = code.upper() if code else None
    return render("play.html", code=code if code and is_valid_code(code) else None)
