"""Which language each page speaks, and that pages and JavaScript read the one compiled catalog."""
import json
import re
import tempfile

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from game.web import i18n_import
from game.web.i18n import LANGUAGES, compile_catalogs, po_path
from tests.accounts import sign_in_test_client

DUTCH = {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def app(tmp_path):
    from app import create_app

    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'lang.db'}", "ASYNC_MODE": "threading",
                       "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def po_texts(language: str) -> dict[str, str]:
    with po_path(language).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=language) if m.id}


def page_language(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


def embedded(response) -> dict[str, str]:
    html = response.get_data(as_text=True)
    return json.loads(re.search(r'<script type="application/json" id="i18n">(.*?)</script>', html, re.S).group(1))


@pytest.fixture
def csrf(app, client):
    """Sign the client in as a facilitator; the JSON writes' CSRF token."""
    return sign_in_test_client(app, client)


def new_session(client, csrf: str, deck_id: str, **options) -> dict:
    response = client.post("/api/sessions", json={"deck_id": deck_id, **options}, headers={"X-CSRFToken": csrf})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_a_phone_follows_the_browser_language(client):
    assert page_language(client.get("/play", headers=DUTCH)) == "nl"
    assert page_language(client.get("/play", headers=ENGLISH)) == "en"
    assert page_language(client.get("/play", headers={"Accept-Language": "fr-FR,fr"})) == "en"
    assert page_language(client.get("/play")) == "en"


def test_the_switch_cookie_beats_the_browser_and_lang_beats_both(client):
    client.set_cookie("lang", "en")
    assert page_language(client.get("/play", headers=DUTCH)) == "en"
    assert page_language(client.get("/", headers=DUTCH)) == "en"
    assert page_language(client.get("/play?lang=nl", headers=ENGLISH)) == "nl"
    client.set_cookie("lang", "xx")  # a cookie from nowhere is ignored, not an error
    assert page_language(client.get("/play", headers=DUTCH)) == "nl"
    assert page_language(client.get("/play?lang=xx", headers=DUTCH)) == "nl"


def test_the_projector_and_print_speak_the_sessions_language_whatever_the_browser_says(client, csrf):
    english = new_session(client, csrf, "cx-ecosystem-en")["code"]
    dutch_deck = new_session(client, csrf, "cx-ecosystem-nl")["code"]
    forced = new_session(client, csrf, "cx-ecosystem-en", language="nl")["code"]
    client.set_cookie("lang", "nl")
    assert page_language(client.get(f"/host/{english}", headers=DUTCH)) == "en"
    assert page_language(client.get(f"/host/{english}/print", headers=DUTCH)) == "en"
    assert page_language(client.get(f"/host/{dutch_deck}", headers=ENGLISH)) == "nl"
    assert page_language(client.get(f"/host/{forced}", headers=ENGLISH)) == "nl"
    # ... while the phone on the same browser keeps its own choice
    assert page_language(client.get(f"/play/{english}", headers=ENGLISH)) == "nl"


def test_the_facilitator_set_up_follows_the_browser(client, csrf):
    assert page_language(client.get("/host/new", headers=DUTCH)) == "nl"
    assert "Begeleid een workshop" in client.get("/host/new", headers=DUTCH).get_data(as_text=True)
    assert page_language(client.get("/host/new", headers=ENGLISH)) == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_embeds_exactly_the_po_catalog_for_the_javascript(client, language):
    response = client.get(f"/play?lang={language}")
    assert embedded(response) == po_texts(language)
    # ... and the Jinja side reads the same texts
    assert f"<title>{po_texts(language)['app.name']}</title>" in response.get_data(as_text=True)
    assert po_texts(language)["common.needs_js"] in response.get_data(as_text=True)


def test_compiling_writes_a_mo_equal_to_the_po_and_leaves_an_unchanged_one_alone(tmp_path):
    target = compile_catalogs(tmp_path / "translations")
    for language in LANGUAGES:
        mo = target / language / "LC_MESSAGES" / "messages.mo"
        with mo.open("rb") as handle:
            compiled = {m.id: m.string for m in read_mo(handle) if m.id}
        assert compiled == po_texts(language)
    mo = target / "nl" / "LC_MESSAGES" / "messages.mo"
    before = mo.stat().st_mtime_ns
    compile_catalogs(target)
    assert mo.stat().st_mtime_ns == before
    assert sorted(p.name for p in mo.parent.iterdir()) == ["messages.mo"]  # no temporary files left


def test_the_import_script_adds_missing_keys_and_reports_differences(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "translations"
    for language in LANGUAGES:
        po_path(language, folder).parent.mkdir(parents=True)
        po_path(language, folder).write_bytes(po_path(language).read_bytes())
    monkeypatch.setattr(i18n_import, "SOURCE", folder)
    en, nl = tmp_path / "en.json", tmp_path / "nl.json"
    en.write_text(json.dumps({"zz.new": "A new {thing}", "app.name": "Another name"}))
    nl.write_text(json.dumps({"zz.new": "Een nieuw {thing}"}))

    assert i18n_import.main([str(en), str(nl)]) == 0
    out = capsys.readouterr().out
    assert "en: 1 added: zz.new" in out and "nl: 1 added: zz.new" in out and "1 differ" in out
    with po_path("nl", folder).open("rb") as handle:
        dutch = read_po(handle)
    assert dutch.get("zz.new").string == "Een nieuw {thing}"
    with po_path("en", folder).open("rb") as handle:
        assert read_po(handle).get("app.name").string == "CX Game"  # kept without --replace

    assert i18n_import.main([str(en), "--replace"]) == 0
    with po_path("en", folder).open("rb") as handle:
        assert read_po(handle).get("app.name").string == "Another name"


def test_the_import_script_refuses_bad_files_and_changes_nothing(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "translations"
    for language in LANGUAGES:
        po_path(language, folder).parent.mkdir(parents=True)
        po_path(language, folder).write_bytes(po_path(language).read_bytes())
    monkeypatch.setattr(i18n_import, "SOURCE", folder)
    good = tmp_path / "en.json"
    good.write_text(json.dumps({"zz.new": "New"}))
    for name, content in [("fr.json", "{}"), ("nl.json", "[1, 2]"), ("nl.json", "{not json"),
                          ("nl.json", '{"zz.new": ""}')]:
        bad = tmp_path / name
        bad.write_text(content)
        assert i18n_import.main([str(good), str(bad)]) == 2
        assert "error:" in capsys.readouterr().err
        assert po_path("en", folder).read_bytes() == po_path("en").read_bytes()


def test_the_markdown_export_speaks_the_sessions_language(client, csrf):
    for deck_id, language in (("cx-ecosystem-en", "en"), ("cx-ecosystem-nl", "nl")):
        created = new_session(client, csrf, deck_id)
        client.post(f"/api/sessions/{created['code']}/players", json={"name": "Anna"})
        report = client.get(f"/api/sessions/{created['code']}/export.md",
                            headers={"X-Host-Token": created["host_token"], **DUTCH})
        assert report.status_code == 200
        texts = po_texts(language)
        body = report.get_data(as_text=True)
        assert f"## {texts['export.leaderboard']}" in body and f"## {texts['export.teams']}" in body
        assert texts["export.session"].split("{")[0] + created["code"] in body


def test_a_read_only_instance_folder_compiles_the_catalogs_elsewhere(tmp_path, monkeypatch):
    from app import create_app
    from game.web import i18n

    real = i18n.compile_catalogs

    def refuse_instance(target, *args):
        if "cxgame-translations-" not in str(target):
            raise PermissionError(13, "Read-only file system", str(target))
        return real(target, *args)

    monkeypatch.setattr(i18n, "compile_catalogs", refuse_instance)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the fallback folder lands in tmp_path
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'ro.db'}", "ASYNC_MODE": "threading"})
    assert "cxgame-translations-" in app.config["BABEL_TRANSLATION_DIRECTORIES"]
    assert embedded(app.test_client().get("/play?lang=nl")) == po_texts("nl")
