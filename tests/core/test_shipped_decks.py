"""The decks in scenarios/: each shipped deck is its own test case, so a broken deck names itself in
CI; the JSON Schema and the format reference's example agree with the model."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from game.core.deck import deck_json_schema, deck_to_toml, parse_deck
from game.core.phase import Phase

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DECK_FILES = sorted(SCENARIOS.glob("*.toml"))
SHIPPED_IDS = {
    "complaints-at-the-counter-en", "complaints-at-the-counter-nl",
    "one-promise-three-parties-en", "one-promise-three-parties-nl",
    "cx-ecosystem-en", "cx-ecosystem-nl",
    "our-promises-en", "our-promises-nl",
}
REGENERATE_SCHEMA = (
    'python -c "import json; from game.core.deck import deck_json_schema; '
    'print(json.dumps(deck_json_schema(), indent=2))" > scenarios/deck.schema.json'
)

each_deck_file = pytest.mark.parametrize("path", DECK_FILES, ids=[p.name for p in DECK_FILES])


def load(path: Path):
    return parse_deck(path.read_text(encoding="utf-8"), path.name, expected_id=path.stem)


def test_the_eight_shipped_decks_are_all_there():
    assert SHIPPED_IDS <= {path.stem for path in DECK_FILES}


@each_deck_file
def test_every_shipped_deck_validates_and_its_id_matches_the_file_name(path):
    deck = load(path)
    assert deck.id == path.stem


@each_deck_file
def test_every_translation_partner_exists_in_the_other_language_with_the_same_cards(path):
    deck = load(path)
    if deck.translation_of is None:
        return
    partner_file = SCENARIOS / f"{deck.translation_of}.toml"
    assert partner_file.exists(), f"{path.name}: translation_of names a missing deck {partner_file.name}"
    partner = load(partner_file)
    assert partner.language != deck.language
    assert len(partner.cards) == len(deck.cards)
    assert [c.id for c in partner.cards] == [c.id for c in deck.cards]


@each_deck_file
def test_every_shipped_deck_survives_a_round_trip_through_toml_unchanged(path):
    deck = load(path)
    written = deck_to_toml(deck)
    again = parse_deck(written, path.name, expected_id=path.stem)
    assert again == deck
    assert deck_to_toml(again) == written


@each_deck_file
def test_every_shipped_card_has_what_a_facilitator_needs(path):
    for card in load(path).cases():
        where = f"{path.name}: {card.id}"
        assert card.customer.feeling, where
        assert card.model_response, where
        assert 4 <= len(card.diagnose.options) <= 7, where
        assert card.notes.tips and card.notes.questions, where


@each_deck_file
def test_a_translation_has_the_same_options_keys_and_archetypes_in_the_same_order(path):
    deck = load(path)
    if deck.translation_of is None:
        return
    partner = load(SCENARIOS / f"{deck.translation_of}.toml")
    for card, other in zip(deck.cases(), partner.cases(), strict=True):
        options = [(o.id, o.key) for o in card.diagnose.options]
        assert options == [(o.id, o.key) for o in other.diagnose.options], card.id
        assert card.customer.archetype == other.customer.archetype, card.id


@each_deck_file
def test_every_shipped_card_opens_its_options_with_a_distractor_and_mixes_the_keys_in(path):
    # Phones list the options as written: keys at the top would give the answers away.
    for card in load(path).cases():
        keys = [o.key for o in card.diagnose.options]
        assert not keys[0], f"{path.name}: {card.id} lists a key first"
        assert keys != sorted(keys, reverse=True), f"{path.name}: {card.id} lists every key before the distractors"


def test_the_shipped_decks_tag_the_customers_archetype_on_at_least_six_cards():
    tagged = [(path.name, card.id) for path in DECK_FILES for card in load(path).cases() if card.customer.archetype]
    assert len(tagged) >= 6, tagged


@each_deck_file
def test_a_dutch_deck_asks_its_diagnose_question_in_dutch(path):
    deck = load(path)
    if deck.language == "nl":
        assert all(card.diagnose.question != "What went wrong?" for card in deck.cases())


@each_deck_file
def test_every_shipped_deck_also_passes_the_json_schema(path):
    import jsonschema
    schema = json.loads((SCENARIOS / "deck.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(tomllib.loads(path.read_text(encoding="utf-8")))


def test_the_committed_json_schema_is_the_one_the_model_generates():
    committed = (SCENARIOS / "deck.schema.json").read_text(encoding="utf-8")
    generated = json.dumps(deck_json_schema(), indent=2) + "\n"
    assert committed == generated, f"scenarios/deck.schema.json is stale; regenerate it:\n{REGENERATE_SCHEMA}"


def test_the_format_reference_example_is_the_fixture_and_validates():
    reference = (SCENARIOS / "FORMAT.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- example-deck\.toml:[^>]*-->\n```toml\n(.*?)```", reference, re.DOTALL)
    assert found, "scenarios/FORMAT.md lost its example block"
    fixture = FIXTURES / "example-deck.toml"
    assert found.group(1) == fixture.read_text(encoding="utf-8")
    deck = load(fixture)
    assert deck.timer_for(0, Phase.DRAFT) == 300
    assert deck.timer_for(0, Phase.STORY) == 120
