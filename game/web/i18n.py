"""Interface strings in English and Dutch through Flask-Babel, for Jinja and for the JavaScript.

The source of truth is one gettext catalog per language,
game/web/translations/<lang>/LC_MESSAGES/messages.po, with symbolic keys as
msgids ("phone.join.title") and the text as msgstr, "{name}" placeholders
filled by t(). At start the app compiles each .po into a .mo under its
instance folder (written atomically, only when it changed, so several
processes starting together agree) and Flask-Babel loads those. Pages embed
the active catalog, read back from the loaded translations, for
static/js/i18n.js: one catalog reaches both sides.

Which language a request gets (select_locale): ?lang=, then a language the
page pins (projector and print follow the session), then the phone's own
choice (the "lang" cookie the switch sets), then Accept-Language, then en.
"""
from __future__ import annotations

import json
import os
import tempfile
from io import BytesIO
from pathlib import Path
from weakref import WeakKeyDictionary

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, get_translations

LANGUAGES = ("en", "nl")
DEFAULT = "en"
DOMAIN = "messages"
SOURCE = Path(__file__).parent / "translations"
COOKIE = "lang"  # set by the phone's language switch (static/js/i18n.js)

_json_cache: WeakKeyDictionary[object, str] = WeakKeyDictionary()


def po_path(language: str, folder: Path = SOURCE) -> Path:
    return folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalogs(target: Path, source: Path = SOURCE) -> Path:
    """Write target/<lang>/LC_MESSAGES/messages.mo for every .po in source; returns target."""
    for language in LANGUAGES:
        with po_path(language, source).open("rb") as handle:
            catalog = read_po(handle, locale=language)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        compiled = buffer.getvalue()
        mo = target / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.exists() and mo.read_bytes() == compiled:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        # Another process may be compiling the same file: write aside, then rename over it.
        fd, temporary = tempfile.mkstemp(dir=mo.parent, prefix=".messages-", suffix=".mo")
        with os.fdopen(fd, "wb") as handle:
            handle.write(compiled)
        os.replace(temporary, mo)
    return target


def select_locale() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    pinned = g.get("page_language")
    if pinned in LANGUAGES:
        return pinned
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def pin_language(language: str | None) -> None:
    """A page that speaks a given language whatever the browser says (the session's, on the projector)."""
    g.page_language = language


def current_language() -> str:
    locale = get_locale() if has_request_context() else None
    return locale.language if locale and locale.language in LANGUAGES else DEFAULT


def t(key: str, **values) -> str:
    """The text for key in the request's language, "{name}" placeholders filled from values."""
    text = get_translations().ugettext(key)
    return text.format(**values) if values else text


def messages() -> dict[str, str]:
    """Every key -> text of the active translations (what t() reads), for the JavaScript."""
    catalog = getattr(get_translations(), "_catalog", {})  # gettext's parsed .mo: msgid -> msgstr
    return {key: text for key, text in sorted(catalog.items()) if isinstance(key, str) and key}


def messages_json() -> str:
    translations = get_translations()
    try:
        return _json_cache[translations]
    except (KeyError, TypeError):
        text = json.dumps(messages(), ensure_ascii=False)
        try:
            _json_cache[translations] = text
        except TypeError:
            pass
        return text


# --- what older call sites use: a language chosen in code rather than per request ---------

def pick_language(preferred: str | None = None) -> str:
    if preferred in LANGUAGES:
        pin_language(preferred)
    return current_language()


def translator(language: str):
    def translate(key: str, **values) -> str:
        with force_locale(language):
            return t(key, **values)
    return translate


def catalog(language: str) -> dict[str, str]:
    with force_locale(language):
        return messages()


def init_app(app: Flask) -> None:
    directory = app.config.get("BABEL_TRANSLATION_DIRECTORIES")
    if not directory:
        try:
            directory = str(compile_catalogs(Path(app.instance_path) / "translations"))
        except OSError:
            # A read-only install: compile into a private temporary folder instead.
            directory = str(compile_catalogs(Path(tempfile.mkdtemp(prefix="cxgame-translations-"))))
        app.config["BABEL_TRANSLATION_DIRECTORIES"] = directory
    # One Babel per app: its domain caches the loaded translations, which belong to this app's folder.
    Babel(app, default_locale=DEFAULT, default_domain=DOMAIN, locale_selector=select_locale)
    app.jinja_env.globals["t"] = t

    @app.context_processor
    def language_context():
        return {"lang": current_language(), "catalog_json": messages_json(), "languages": LANGUAGES}
