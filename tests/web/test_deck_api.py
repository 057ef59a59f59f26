"""The deck editor's API: the file loader's rules, version-checked saves, import and export."""
import io
import tomllib

from game.core.deck import deck_to_toml
from tests.factories import card_data, deck


def dutch_deck(deck_id="nieuw-dek", cards=3) -> dict:
    return {"id": deck_id, "title": "Nieuw dek", "language": "nl", "description": "Voor de training",
            "author": "Trainer", "cards": [card_data(f"kaart-{i}") for i in range(cards)]}


def test_validate_reports_the_file_loaders_problems_with_their_field_paths(client):
    data = dutch_deck()
    data["cards"][1]["title"] = "x" * 81
    del data["cards"][2]["prompts"]["promise"]
    answer = client.post("/api/decks/validate", json={"deck": data}).get_json()
    assert answer["valid"] is False
    assert {"path": "cards[1].title", "message": "must be at most 80 characters, found 81", "line": None,
            "code": "too_long", "params": {"max": 80, "found": 81}} in answer["problems"]
    assert {"path": "cards[2].prompts.promise", "message": "is required", "line": None,
            "code": "required", "params": {}} in answer["problems"]
    assert client.post("/api/decks/validate", json={"deck": dutch_deck()}).get_json() == {"valid": True, "problems": []}


def test_a_saved_deck_is_offered_for_sessions_without_a_restart(client, app):
    assert client.post("/api/decks", json={"deck": dutch_deck()}).status_code == 201
    assert "nieuw-dek" in [d["id"] for d in client.get("/api/decks").get_json()["decks"]]
    created = client.post("/api/sessions", json={"deck_id": "nieuw-dek", "team_count": 2})
    assert created.status_code == 201
    assert b"Nieuw dek" in client.get("/host/new").data


def test_an_invalid_draft_is_kept_but_never_offered_for_a_session(client):
    data = dutch_deck()
    data["cards"][0]["title"] = ""
    saved = client.post("/api/decks", json={"deck": data})
    assert saved.status_code == 201 and saved.get_json()["valid"] is False
    assert saved.get_json()["problems"][0]["path"] == "cards[0].title"
    assert "nieuw-dek" not in [d["id"] for d in client.get("/api/decks").get_json()["decks"]]
    assert client.post("/api/sessions", json={"deck_id": "nieuw-dek"}).status_code == 404
    read = client.get("/api/decks/nieuw-dek").get_json()
    assert read["valid"] is False and read["deck"]["cards"][0]["id"] == "kaart-0"


def test_a_deck_without_a_usable_id_is_not_stored(client):
    data = dutch_deck("Bad Id")
    answer = client.post("/api/decks", json={"deck": data})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["code"] == "deck_id_needed"
    assert answer.get_json()["error"]["problems"][0]["path"] == "id"


def test_two_trainers_saving_the_same_version_conflict_instead_of_overwriting(client):
    client.post("/api/decks", json={"deck": dutch_deck()})
    first, second = dutch_deck(), dutch_deck()
    first["title"], second["title"] = "Eerste", "Tweede"
    assert client.put("/api/decks/nieuw-dek", json={"deck": first, "version": 1}).get_json()["version"] == 2
    refused = client.put("/api/decks/nieuw-dek", json={"deck": second, "version": 1})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "version_conflict"
    assert refused.get_json()["error"]["current_version"] == 2
    assert client.get("/api/decks/nieuw-dek").get_json()["deck"]["title"] == "Eerste"
    # "Keep mine": the trainer saves again over the version they were shown.
    assert client.put("/api/decks/nieuw-dek", json={"deck": second, "version": 2}).status_code == 200
    assert client.get("/api/decks/nieuw-dek").get_json()["deck"]["title"] == "Tweede"


def test_shipped_decks_are_read_only_and_their_ids_are_reserved(client):
    shipped = "cx-ecosystem-nl"
    assert client.delete(f"/api/decks/{shipped}").status_code == 403
    assert client.put(f"/api/decks/{shipped}", json={"deck": dutch_deck(shipped), "version": 1}).status_code == 403
    taken = client.post("/api/decks", json={"deck": dutch_deck(shipped)})
    assert taken.status_code == 409 and taken.get_json()["error"]["code"] == "deck_shipped"
    copy = client.post(f"/api/decks/{shipped}/duplicate")
    assert copy.status_code == 201 and copy.get_json()["id"] == f"{shipped}-copy"
    assert client.delete(f"/api/decks/{shipped}-copy").status_code == 200
    assert client.get(f"/api/decks/{shipped}-copy").status_code == 404


def test_export_then_import_asks_before_overwriting(client):
    client.post("/api/decks", json={"deck": dutch_deck()})
    exported = client.get("/api/decks/nieuw-dek/export.toml")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="nieuw-dek.toml"'
    assert tomllib.loads(exported.get_data(as_text=True))["title"] == "Nieuw dek"
    changed = exported.get_data(as_text=True).replace('title = "Nieuw dek"', 'title = "Geïmporteerd"')

    def upload(**form):
        return client.post("/api/decks/import", data={"file": (io.BytesIO(changed.encode()), "nieuw-dek.toml"), **form},
                           content_type="multipart/form-data")
    refused = upload()
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert (error["code"], error["can_overwrite"], error["suggested_id"]) == ("deck_exists", True, "nieuw-dek-copy")
    assert client.get("/api/decks/nieuw-dek").get_json()["deck"]["title"] == "Nieuw dek"
    assert upload(overwrite="1").status_code == 201
    assert client.get("/api/decks/nieuw-dek").get_json()["deck"]["title"] == "Geïmporteerd"
    assert upload(new_id="nieuw-dek-2").get_json()["id"] == "nieuw-dek-2"


def test_an_invalid_file_is_not_imported(client):
    text = deck_to_toml(deck()).replace('language = "en"', 'language = "de"')
    refused = client.post("/api/decks/import", data={"file": (io.BytesIO(text.encode()), "test-deck.toml")},
                          content_type="multipart/form-data")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["problems"][0]["path"] == "language"
    assert client.get("/api/decks/test-deck").status_code == 404
    broken = client.post("/api/decks/import", data={"file": (io.BytesIO(b"id = "), "x.toml")},
                         content_type="multipart/form-data")
    assert "TOML syntax error" in broken.get_json()["error"]["problems"][0]["message"]


def test_the_library_page_lists_shipped_and_editor_decks(client):
    data = dutch_deck()
    data["cards"][0]["story"] = ""
    client.post("/api/decks", json={"deck": data})
    page = client.get("/decks").get_data(as_text=True)
    assert "cx-ecosystem-nl" in page and "nieuw-dek" in page
    assert "cards[0].story" in page
    assert client.get("/decks/nieuw-dek/edit").status_code == 200
    assert client.get("/decks/cx-ecosystem-nl/edit").status_code == 403
    assert client.get("/decks/nope/edit").status_code == 404


def test_the_shell_writes_editor_decks_back_as_scenarios_files(client, app, tmp_path):
    client.post("/api/decks", json={"deck": dutch_deck()})
    draft = dutch_deck("concept")
    draft["title"] = ""
    client.post("/api/decks", json={"deck": draft})
    runner = app.test_cli_runner()
    folder = tmp_path / "out"
    result = runner.invoke(args=["decks", "export", "nieuw-dek", "--to", str(folder)])
    assert result.exit_code == 0, result.output
    written = (folder / "nieuw-dek.toml").read_text(encoding="utf-8")
    assert tomllib.loads(written)["title"] == "Nieuw dek"
    assert runner.invoke(args=["decks", "check", str(folder / "nieuw-dek.toml")]).exit_code == 0
    again = runner.invoke(args=["decks", "export", "nieuw-dek", "--to", str(folder)])
    assert again.exit_code == 1 and "--force" in again.output
    refused = runner.invoke(args=["decks", "export", "concept", "--to", str(folder)])
    assert refused.exit_code == 1 and not (folder / "concept.toml").exists()
    listed = runner.invoke(args=["decks", "list"]).output
    assert "nieuw-dek" in listed and "DRAFT" in listed


def test_only_signed_in_trainers_reach_the_library_and_the_deck_api(app):
    from tests.web.conftest import signed_in

    anonymous = app.test_client()
    assert anonymous.get("/decks").status_code == 302
    refused = anonymous.post("/api/decks/validate", json={"deck": dutch_deck()})
    assert refused.get_json()["error"]["code"] == "not_signed_in"
    facilitator = signed_in(app, "bram", ("facilitator",))
    assert facilitator.get("/decks").status_code == 403
    refused = facilitator.post("/api/decks", json={"deck": dutch_deck()})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (403, "forbidden")
    assert facilitator.get("/api/decks/cx-ecosystem-nl/export.toml").status_code == 403


def test_saves_record_who_edited_the_deck(client):
    client.post("/api/decks", json={"deck": dutch_deck()})
    assert client.get("/api/decks/nieuw-dek").get_json()["updated_by"] == "Ans"
    assert "door Ans" in client.get("/decks?lang=nl").get_data(as_text=True)


def test_writes_without_the_csrf_token_are_refused(tmp_path):
    from app import create_app
    from tests.web.conftest import PASSWORD

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'csrf.db'}", "SECRET_KEY": "x",
                      "ASYNC_MODE": "threading",
                      "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}})
    app.extensions["cxgame_accounts"].create_user("ans", PASSWORD, ("trainer",))
    client = app.test_client()
    import re

    page = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    signed_in_answer = client.post("/signin", data={"csrf_token": token, "username": "ans", "password": PASSWORD})
    assert signed_in_answer.status_code == 302
    refused = client.post("/api/decks", json={"deck": dutch_deck()})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (400, "csrf_failed")
    meta = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/decks").get_data(as_text=True)).group(1)
    assert client.post("/api/decks", json={"deck": dutch_deck()}, headers={"X-CSRFToken": meta}).status_code == 201


def test_a_deck_saved_in_one_process_is_offered_by_another_at_once(app, client, tmp_path):
    from app import create_app

    other = create_app({**app.config, "TESTING": True})  # a second server on the same database
    other_client = other.test_client()
    before = other_client.get("/api/decks").get_json()["decks"]
    client.post("/api/decks", json={"deck": dutch_deck()})
    listed = other_client.get("/api/decks").get_json()["decks"]
    assert [d["id"] for d in listed] == [d["id"] for d in before] + ["nieuw-dek"]
    renamed = dutch_deck()
    renamed["title"] = "Nieuwe titel"
    client.put("/api/decks/nieuw-dek", json={"deck": renamed, "version": 1})
    assert other.extensions["cxgame"].decks.get("nieuw-dek").title == "Nieuwe titel"
    client.delete("/api/decks/nieuw-dek")
    assert other.extensions["cxgame"].decks.get("nieuw-dek") is None


def test_changing_the_id_renames_the_deck_unless_the_new_id_is_taken(client):
    client.post("/api/decks", json={"deck": dutch_deck()})
    client.post("/api/decks", json={"deck": dutch_deck("ander-dek")})
    taken = client.put("/api/decks/nieuw-dek", json={"deck": dutch_deck("ander-dek"), "version": 1})
    assert (taken.status_code, taken.get_json()["error"]["code"]) == (409, "deck_exists")
    shipped = client.put("/api/decks/nieuw-dek", json={"deck": dutch_deck("cx-ecosystem-en"), "version": 1})
    assert (shipped.status_code, shipped.get_json()["error"]["code"]) == (409, "deck_shipped")
    renamed = client.put("/api/decks/nieuw-dek", json={"deck": dutch_deck("hernoemd-dek"), "version": 1})
    assert renamed.get_json() | {"updated_at": None} == {
        "id": "hernoemd-dek", "version": 2, "valid": True, "problems": [], "updated_at": None, "updated_by": "Ans"}
    assert client.get("/api/decks/nieuw-dek").status_code == 404
    bad = client.put("/api/decks/hernoemd-dek", json={"deck": dutch_deck(), "version": "2"})
    assert (bad.status_code, bad.get_json()["error"]["code"]) == (400, "bad_payload")


def test_a_shipped_deck_exports_as_its_file_and_an_empty_question_stays_empty(client, app):
    from pathlib import Path

    shipped = Path(app.config["SCENARIOS_DIR"]) / "cx-ecosystem-nl.toml"
    assert client.get("/api/decks/cx-ecosystem-nl/export.toml").get_data(as_text=True) == shipped.read_text("utf-8")
    client.post("/api/decks", json={"deck": dutch_deck()})
    stored = client.get("/api/decks/nieuw-dek").get_json()["deck"]
    assert "question" not in stored["cards"][0]["diagnose"]
    assert app.extensions["cxgame"].decks.get("nieuw-dek").cards[0].diagnose.question == "Wat ging er mis?"


def test_a_duplicated_or_reimported_deck_says_in_its_title_that_it_is_a_copy(client):
    copy = client.post("/api/decks/cx-ecosystem-nl/duplicate").get_json()
    original = client.get("/api/decks/cx-ecosystem-nl").get_json()["deck"]["title"]
    assert client.get(f"/api/decks/{copy['id']}").get_json()["deck"]["title"] == f"{original} (kopie)"
    english = client.post("/api/decks/cx-ecosystem-en/duplicate").get_json()
    assert client.get(f"/api/decks/{english['id']}").get_json()["deck"]["title"].endswith(" (copy)")
    client.post("/api/decks", json={"deck": dutch_deck()})
    exported = client.get("/api/decks/nieuw-dek/export.toml").get_data()
    again = client.post("/api/decks/import", data={"file": (io.BytesIO(exported), "nieuw-dek.toml"),
                                                   "new_id": "nieuw-dek-2"}, content_type="multipart/form-data")
    assert again.status_code == 201
    assert client.get("/api/decks/nieuw-dek-2").get_json()["deck"]["title"] == "Nieuw dek (kopie)"
