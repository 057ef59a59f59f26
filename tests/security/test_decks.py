"""Deck files: one deeply nested file must never stop the server, `decks check` must report every
problem of a file, and anonymous answers must not show where the server keeps its files."""
import json

import pytest
import tomli_w

from game.core.deck import DeckInvalid, deck_from_data, deck_to_data
from game.store.deck_files import load_library
from tests.factories import deck
from tests.security.conftest import make_app

DEEP_TOML = 'id = "deep"\nx = ' + "[" * 3000 + "]" * 3000 + "\n"


def test_a_deeply_nested_toml_file_in_scenarios_never_stops_the_server(tmp_path, scenarios):
    (scenarios / "deep.toml").write_text(DEEP_TOML)
    app = make_app(tmp_path, SCENARIOS_DIR=str(scenarios))  # starting up reads every file
    answer = app.test_client().get("/api/decks").get_json()
    assert [d["id"] for d in answer["decks"]] == ["test-deck"]
    assert [b["file"] for b in answer["broken"]] == ["deep.toml"]
    assert "levels deep" in answer["broken"][0]["problems"][0]
    library = load_library(scenarios)
    assert library.broken["deep.toml"][0].code == "too_deep"


def test_decks_check_reports_a_deeply_nested_file_instead_of_crashing(tmp_path, scenarios):
    (scenarios / "deep.toml").write_text(DEEP_TOML)
    app = make_app(tmp_path, SCENARIOS_DIR=str(scenarios))
    result = app.test_cli_runner().invoke(args=["decks", "check"])
    assert result.exit_code == 1, result.output
    assert "INVALID" in result.output and "deep.toml" in result.output and "levels deep" in result.output
    assert "Traceback" not in result.output


def test_decks_check_reports_a_duplicate_id_next_to_another_problem_in_the_same_list(tmp_path):
    data = deck_to_data(deck(cards=2))
    data["cards"][1]["id"] = data["cards"][0]["id"]  # the duplicate
    data["cards"][1]["title"] = "x" * 500  # and another problem in the same list
    options = data["cards"][0]["diagnose"]["options"]
    options[1]["id"] = options[0]["id"]
    options[2]["label"] = ""
    with pytest.raises(DeckInvalid) as invalid:
        deck_from_data(data, "dup.toml")
    paths = {(p.path, p.code) for p in invalid.value.problems}
    assert ("cards", "duplicate_id") in paths
    assert ("cards[0].diagnose.options", "duplicate_id") in paths
    assert ("cards[1].title", "too_long") in paths
    assert ("cards[0].diagnose.options[2].label", "empty") in paths
    # And the command line says all of it.
    (tmp_path / "dup.toml").write_text(tomli_w.dumps({**data, "id": "dup"}))
    result = make_app(tmp_path).test_cli_runner().invoke(args=["decks", "check", str(tmp_path / "dup.toml")])
    assert result.exit_code == 1
    assert "cards: id 'card-0' is used twice" in result.output
    assert "cards[0].diagnose.options: id 'blamed' is used twice" in result.output


def test_the_anonymous_deck_list_shows_no_server_paths(tmp_path, scenarios):
    (scenarios / "folder.toml").mkdir()  # unreadable as a file: the error names the path
    (scenarios / "broken.toml").write_bytes(b"\xff\xfe not utf-8")
    app = make_app(tmp_path, SCENARIOS_DIR=str(scenarios))
    body = app.test_client().get("/api/decks").get_data(as_text=True)
    assert str(tmp_path) not in body and str(scenarios) not in body
    broken = {b["file"] for b in json.loads(body)["broken"]}
    assert broken == {"folder.toml", "broken.toml"}
