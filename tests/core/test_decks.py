"""Every validation rule of game.core.deck (the shipped decks: test_shipped_decks.py).

The rule tests build a small valid deck as plain data, break one thing, write
it as TOML and check the exact message a trainer would read.
"""
from __future__ import annotations

import copy

import pytest
import tomli_w

from game.core.deck import (
    PROBLEM_MESSAGES,
    DeckInvalid,
    DeckProblem,
    deck_json_schema,
    parse_deck,
)
from game.core.phase import ROUND_PHASES, Phase

# --- a small valid deck to break ------------------------------------------------

def a_card(card_id: str = "leaky-tent") -> dict:
    return {
        "id": card_id,
        "title": "The leaky tent",
        "story": "The tent leaked.\n\nThe shop blamed her.",
        "short_story": "The tent leaked and the shop blamed her.",
        "customer": {"name": "Ingrid", "persona": "Mother at a festival campsite"},
        "diagnose": {"options": [
            {"id": "blamed-customer", "label": "Blamed the customer", "key": True},
            {"id": "said-not-possible", "label": "Said what is not possible"},
            {"id": "product-faulty", "label": "The tent was faulty"},
            {"id": "followed-policy", "label": "They followed the store's policy"},
        ]},
        "prompts": {"response": "Write the answer.", "promise": "Write a promise.",
                    "behaviours": "Write the behaviours."},
        "notes": {"lesson": "Empathy first."},
    }


def a_deck(cards: int = 1) -> dict:
    return {
        "id": "t", "title": "Test deck", "language": "en", "description": "For tests.",
        "author": "Tests", "cards": [a_card(f"card-{n}") for n in range(1, cards + 1)],
    }


def problems(deck: dict | str, expected_id: str | None = None) -> list[str]:
    """The messages a trainer would read for this deck, which must be invalid."""
    text = deck if isinstance(deck, str) else tomli_w.dumps(deck)
    with pytest.raises(DeckInvalid) as caught:
        parse_deck(text, "t.toml", expected_id=expected_id)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


def test_the_small_test_deck_is_valid_and_gets_the_defaults():
    deck = parse_deck(tomli_w.dumps(a_deck()), "t.toml", expected_id="t")
    card = deck.cards[0]
    assert card.diagnose.question == "What went wrong?"
    assert [o.key for o in card.diagnose.options] == [True, False, False, False]
    assert card.notes.tips == [] and card.perspectives == [] and card.model_response is None
    assert [deck.timer_for(0, phase) for phase in ROUND_PHASES] == [120, 90, 420, 90, 0]


# --- one failing example per rule -----------------------------------------------

def test_a_missing_field_is_named_with_its_full_path():
    deck = a_deck()
    del deck["author"]
    del deck["cards"][0]["prompts"]["response"]
    assert problems(deck) == [
        "t.toml: author: is required",
        "t.toml: cards[0].prompts.response: is required",
    ]


def test_a_missing_table_is_reported_as_required():
    deck = a_deck()
    del deck["cards"][0]["customer"]
    assert problems(deck) == ["t.toml: cards[0].customer: is required"]


def test_an_unknown_field_is_refused_so_a_typo_never_passes():
    deck = a_deck()
    deck["cards"][0]["customer"]["mood"] = "angry"
    assert problems(deck) == [
        "t.toml: cards[0].customer.mood: unknown field (check the spelling against scenarios/FORMAT.md)",
    ]


def test_a_misspelt_field_is_both_unknown_and_missing():
    deck = a_deck()
    deck["autor"] = deck.pop("author")
    assert problems(deck) == [
        "t.toml: author: is required",
        "t.toml: autor: unknown field (check the spelling against scenarios/FORMAT.md)",
    ]


def test_a_text_over_its_limit_is_refused_with_the_limit_and_the_length():
    deck = a_deck()
    deck["cards"][0]["short_story"] = "x" * 421
    assert problems(deck) == ["t.toml: cards[0].short_story: must be at most 420 characters, found 421"]


def test_a_text_exactly_at_its_limit_is_accepted():
    deck = a_deck()
    deck["cards"][0]["short_story"] = "x" * 420
    deck["cards"][0]["customer"]["persona"] = "p" * 160
    parse_deck(tomli_w.dumps(deck), "t.toml")


def test_a_too_long_tip_is_named_by_its_position():
    deck = a_deck()
    deck["cards"][0]["notes"]["tips"] = ["Ask why.", "t" * 301]
    assert problems(deck) == ["t.toml: cards[0].notes.tips[1]: must be at most 300 characters, found 301"]


def test_an_empty_text_is_refused():
    deck = a_deck()
    deck["cards"][0]["title"] = ""
    assert problems(deck) == ["t.toml: cards[0].title: must not be empty"]


def test_a_text_of_only_spaces_counts_as_empty():
    deck = a_deck()
    deck["description"] = "  \n  "
    assert problems(deck) == ["t.toml: description: must not be empty"]


def test_spaces_around_a_text_are_trimmed():
    deck = a_deck()
    deck["cards"][0]["title"] = "\n  The leaky tent  \n"
    assert parse_deck(tomli_w.dumps(deck), "t.toml").cards[0].title == "The leaky tent"


def test_a_bad_slug_is_refused_with_an_example_of_a_good_one():
    deck = a_deck()
    deck["cards"][0]["id"] = "Leaky Tent"
    assert problems(deck) == [
        "t.toml: cards[0].id: must be lowercase letters, digits and dashes, like 'leaky-tent', found 'Leaky Tent'",
    ]


def test_a_slug_longer_than_48_characters_or_starting_with_a_dash_is_refused():
    deck = a_deck()
    deck["id"] = "a" * 49
    deck["cards"][0]["diagnose"]["options"][0]["id"] = "-blamed"
    assert problems(deck) == [
        f"t.toml: id: must be lowercase letters, digits and dashes, like 'leaky-tent', found '{'a' * 49}'",
        "t.toml: cards[0].diagnose.options[0].id: must be lowercase letters, digits and dashes,"
        " like 'leaky-tent', found '-blamed'",
    ]


def test_a_bad_language_is_refused_with_the_allowed_ones():
    deck = a_deck()
    deck["language"] = "de"
    assert problems(deck) == ["t.toml: language: must be one of 'nl' or 'en', found 'de'"]


def test_an_unknown_archetype_is_refused_with_the_four_archetypes():
    deck = a_deck()
    deck["cards"][0]["customer"]["archetype"] = "hero"
    assert problems(deck) == [
        "t.toml: cards[0].customer.archetype: must be one of 'feeler', 'entertainer', 'thinker'"
        " or 'controller', found 'hero'",
    ]


def test_a_wrong_type_is_refused_with_what_was_found():
    deck = a_deck()
    deck["cards"][0]["story"] = 5
    deck["cards"][0]["notes"]["tips"] = "Ask why."
    deck["cards"][0]["diagnose"]["options"][1]["key"] = "maybe"
    assert problems(deck) == [
        "t.toml: cards[0].story: must be text, found int 5",
        "t.toml: cards[0].diagnose.options[1].key: must be true or false, found str 'maybe'",
        "t.toml: cards[0].notes.tips: must be a list, found str 'Ask why.'",
    ]


def test_a_deck_with_one_diagnose_option_is_refused_with_the_count():
    deck = a_deck(cards=3)
    deck["cards"][2]["diagnose"]["options"] = deck["cards"][2]["diagnose"]["options"][:1]
    assert problems(deck) == ["t.toml: cards[2].diagnose.options: needs 4 to 8 options, found 1"]


def test_a_deck_with_nine_diagnose_options_is_refused_with_the_count():
    deck = a_deck()
    deck["cards"][0]["diagnose"]["options"] += [{"id": f"extra-{n}", "label": "Extra"} for n in range(5)]
    assert problems(deck) == ["t.toml: cards[0].diagnose.options: needs 4 to 8 options, found 9"]


def test_a_card_with_more_than_three_key_options_is_refused_naming_the_card():
    deck = a_deck(cards=2)
    options = deck["cards"][1]["diagnose"]["options"]
    options += [{"id": f"distractor-{n}", "label": f"Distractor {n}"} for n in range(3)]
    for option in options[:4]:
        option["key"] = True
    assert problems(deck) == [
        "t.toml: cards[1].diagnose.options: card 'card-2' marks 4 options with key = true; mark at most 3,"
        " or the chart gives the answers away",
    ]


def test_a_card_with_fewer_than_three_distractors_is_refused_naming_the_card():
    deck = a_deck()
    deck["cards"][0]["diagnose"]["options"][1]["key"] = True
    assert problems(deck) == [
        "t.toml: cards[0].diagnose.options: card 'card-1' has 2 options without key = true; it needs at least 3"
        " tempting wrong answers (distractors)",
    ]


def test_a_card_without_an_id_is_named_by_its_number_in_the_option_count_problem():
    deck = a_deck()
    del deck["cards"][0]["id"]
    deck["cards"][0]["diagnose"]["options"][1]["key"] = True
    assert problems(deck) == [
        "t.toml: cards[0].id: is required",
        "t.toml: cards[0].diagnose.options: card #1 has 2 options without key = true; it needs at least 3"
        " tempting wrong answers (distractors)",
    ]


def test_three_keys_and_three_distractors_are_allowed():
    deck = a_deck()
    options = deck["cards"][0]["diagnose"]["options"]
    options += [{"id": f"key-{n}", "label": f"Key {n}", "key": True} for n in range(2)]
    assert len(parse_deck(tomli_w.dumps(deck), "t.toml").cards[0].diagnose.options) == 6


def test_the_json_schema_refuses_the_same_option_counts():
    import jsonschema
    validator = jsonschema.Draft202012Validator(deck_json_schema())
    too_few = a_deck()
    too_few["cards"][0]["diagnose"]["options"][1]["key"] = True
    too_many = a_deck()
    too_many["cards"][0]["diagnose"]["options"] += [{"id": f"k-{n}", "label": "K", "key": True} for n in range(3)]
    assert validator.is_valid(a_deck())
    assert not validator.is_valid(too_few) and not validator.is_valid(too_many)


def test_a_card_without_a_key_option_is_refused():
    deck = a_deck()
    deck["cards"][0]["diagnose"]["options"][0]["key"] = False
    assert problems(deck) == ["t.toml: cards[0].diagnose.options: mark at least one option with key = true"]


def test_a_duplicate_option_id_is_refused():
    deck = a_deck()
    deck["cards"][0]["diagnose"]["options"][2]["id"] = "blamed-customer"
    assert problems(deck) == ["t.toml: cards[0].diagnose.options: id 'blamed-customer' is used twice"]


def test_a_duplicate_card_id_is_refused():
    deck = a_deck(cards=2)
    deck["cards"][1]["id"] = "card-1"
    assert problems(deck) == ["t.toml: cards: id 'card-1' is used twice"]


def test_the_same_option_id_on_two_cards_is_fine():
    parse_deck(tomli_w.dumps(a_deck(cards=2)), "t.toml")


def test_a_deck_without_cards_or_with_more_than_30_is_refused():
    deck = a_deck()
    deck["cards"] = []
    assert problems(deck) == ["t.toml: cards: needs 1 to 30 cards, found 0"]
    assert problems(a_deck(cards=31)) == ["t.toml: cards: needs 1 to 30 cards, found 31"]


def test_more_than_ten_tips_are_refused_with_the_count():
    deck = a_deck()
    deck["cards"][0]["notes"]["tips"] = ["Listen."] * 11
    assert problems(deck) == ["t.toml: cards[0].notes.tips: needs 0 to 10 tips, found 11"]


def test_a_timer_out_of_range_is_refused_for_the_deck_and_for_a_card():
    deck = a_deck()
    deck["timers"] = {"draft": 5}
    deck["cards"][0]["timers"] = {"story": 1801}
    assert problems(deck) == [
        "t.toml: timers.draft: must be 0 (no timer) or 10 to 1800 seconds, found 5",
        "t.toml: cards[0].timers.story: must be 0 (no timer) or 10 to 1800 seconds, found 1801",
    ]


def test_timers_of_zero_ten_and_1800_seconds_are_accepted_and_a_card_overrides_the_deck():
    deck = a_deck()
    deck["timers"] = {"story": 0, "draft": 1800}
    deck["cards"][0]["timers"] = {"draft": 10}
    parsed = parse_deck(tomli_w.dumps(deck), "t.toml")
    assert parsed.timer_for(0, Phase.STORY) == 0
    assert parsed.timer_for(0, Phase.DRAFT) == 10
    assert parsed.timers.draft == 1800


def test_a_single_perspective_is_refused():
    deck = a_deck()
    deck["cards"][0]["perspectives"] = [{"role": "The customer", "text": "I was cold."}]
    assert problems(deck) == ["t.toml: cards[0].perspectives: needs 2 to 6 perspectives (or none), found 1"]


def test_seven_perspectives_are_refused_and_two_are_fine():
    deck = a_deck()
    deck["cards"][0]["perspectives"] = [{"role": f"Role {n}", "text": "My side."} for n in range(7)]
    assert problems(deck) == ["t.toml: cards[0].perspectives: needs 2 to 6 perspectives (or none), found 7"]
    deck["cards"][0]["perspectives"] = deck["cards"][0]["perspectives"][:2]
    assert len(parse_deck(tomli_w.dumps(deck), "t.toml").cards[0].perspectives) == 2


def test_a_toml_syntax_error_is_reported_with_its_line():
    text = 'id = "t"\ntitle = "Test deck"\nlanguage = en\n'
    with pytest.raises(DeckInvalid) as caught:
        parse_deck(text, "t.toml")
    assert caught.value.problems == [DeckProblem("t.toml", "", "TOML syntax error: Invalid value", 3)]
    assert str(caught.value) == "t.toml: line 3: TOML syntax error: Invalid value"


def test_an_id_that_does_not_match_the_file_name_is_refused():
    assert problems(a_deck(), expected_id="leaky-tent") == [
        "t.toml: id: must match the file name 'leaky-tent', found 't'",
    ]


def test_several_problems_are_reported_at_once_in_file_order():
    deck = a_deck(cards=2)
    deck["language"] = "fr"
    deck["cards"][0]["title"] = "x" * 81
    deck["cards"][1]["diagnose"]["options"][0]["key"] = False
    del deck["cards"][1]["notes"]["lesson"]
    assert problems(deck) == [
        "t.toml: language: must be one of 'nl' or 'en', found 'fr'",
        "t.toml: cards[0].title: must be at most 80 characters, found 81",
        "t.toml: cards[1].diagnose.options: mark at least one option with key = true",
        "t.toml: cards[1].notes.lesson: is required",
    ]


def test_each_problem_carries_file_path_and_message_separately():
    deck = copy.deepcopy(a_deck())
    deck["cards"][0]["customer"]["name"] = "n" * 61
    with pytest.raises(DeckInvalid) as caught:
        parse_deck(tomli_w.dumps(deck), "scenarios/x.toml")
    assert caught.value.problems == [DeckProblem(
        "scenarios/x.toml", "cards[0].customer.name", "must be at most 60 characters, found 61")]


@pytest.mark.parametrize("value", ["yes", 1, "true"])
def test_a_key_flag_must_be_a_real_toml_boolean(value):
    deck = a_deck()
    deck["cards"][0]["diagnose"]["options"][0]["key"] = value
    assert problems(deck)[0].startswith("t.toml: cards[0].diagnose.options[0].key: must be true or false")


def test_a_timer_must_be_a_real_whole_number():
    deck = a_deck()
    deck["timers"] = {"draft": "300"}
    assert problems(deck) == ["t.toml: timers.draft: must be a whole number, found str '300'"]


def test_the_default_diagnose_question_follows_the_deck_language():
    deck = a_deck()
    deck["language"] = "nl"
    assert parse_deck(tomli_w.dumps(deck), "t.toml").cards[0].diagnose.question == "Wat ging er mis?"


def test_a_wrong_id_is_reported_together_with_the_other_problems():
    deck = a_deck()
    deck["id"] = "other"
    deck["title"] = ""
    assert problems(deck, expected_id="t") == [
        "t.toml: title: must not be empty", "t.toml: id: must match the file name 't', found 'other'"]


def test_a_deck_cannot_be_its_own_translation():
    deck = a_deck()
    deck["translation_of"] = "t"
    assert problems(deck) == ["t.toml: translation_of must name the other language's deck, not this one"]


def test_each_problem_names_its_code_and_values_so_interfaces_can_word_it_themselves():
    deck = copy.deepcopy(a_deck())
    deck["cards"][0]["customer"]["name"] = "n" * 61
    deck["cards"][0]["diagnose"]["options"] = deck["cards"][0]["diagnose"]["options"][:2]
    with pytest.raises(DeckInvalid) as caught:
        parse_deck(tomli_w.dumps(deck), "x.toml")
    found = {p.path: (p.code, p.params, p.message) for p in caught.value.problems}
    assert found["cards[0].customer.name"] == ("too_long", {"max": 60, "found": 61},
                                               "must be at most 60 characters, found 61")
    code, params, message = found["cards[0].diagnose.options"]
    assert (code, params["noun"], params["found"]) == ("count", "options", 2)
    assert message == PROBLEM_MESSAGES["count"].format(**params)


def test_a_problem_without_a_code_keeps_the_loaders_own_words():
    with pytest.raises(DeckInvalid) as caught:
        parse_deck("id = [", "x.toml")
    assert caught.value.problems[0].code == "" and "TOML syntax error" in caught.value.problems[0].message
