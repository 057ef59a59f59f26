"""The HTML pages: landing, facilitator set-up, projector/host, phone, print."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for

from ..core.session import CODE_LENGTH, CODE_PATTERN, is_valid_code
from .auth import accounts, current_user, role_required
from .i18n import pin_language
from .reachable import reachable_base

pages = Blueprint("pages", __name__)


def join_address(code: str) -> tuple[str, bool]:
    """The join URL phones should open, and whether they can reach it (never a loopback address)."""
    base, reachable = reachable_base(request.host_url, current_app.config.get("PUBLIC_URL"))
    return f"{base}{url_for('pages.play', code=code)}", reachable


def join_url(code: str) -> str:
    return join_address(code)[0]


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
    # The facilitator's earlier client organisations, offered as they type.
    owned = accounts().owners.owned_by(current_user.id) if current_user.is_authenticated else []
    organisations = sorted({o.organisation for o in owned if o.organisation}, key=str.casefold)
    return render("host_new.html", decks=decks, broken=broken, organisations=organisations)


@pages.get("/host/<code>")
def host(code: str):
    if not is_valid_code(code):
        abort(404)
    # The presenter speaks the session's language, whatever the laptop's browser says.
    return render("stage.html", page="host", language=_session_language(code), **_join_context(code))


@pages.get("/host/<code>/screen")
def screen(code: str):
    """The projector page: the audience view only (it connects for the `screen` view)."""
    if not is_valid_code(code):
        abort(404)
    return render("stage.html", page="screen", language=_session_language(code), **_join_context(code))


def _join_context(code: str) -> dict:
    url, reachable = join_address(code)
    return {"code": code, "join_url": url, "join_reachable": reachable}


@pages.get("/host/<code>/print")
def print_page(code: str):
    if not is_valid_code(code):
        abort(404)
    return render("print.html", language=_session_language(code), code=code)


@pages.get("/host/<code>/charter")
def charter_page(code: str):
    """The charter of the session's promises, to check on screen and print (A4 landscape or A3)."""
    if not is_valid_code(code):
        abort(404)
    return render("charter.html", language=_session_language(code), code=code)


@pages.get("/play")
@pages.get("/play/<code>")
def play(code: str | None = None):
    code = code.upper() if code else None
    return render("play.html", code=code if code and is_valid_code(code) else None)
