"""Deck cards are activities of a type: a case (the default, so existing files stay valid) or the
closing promises activity. A deck with the new type validates; a wrong one is a clear problem
with its path."""
import copy

import tomli_w

from game.core.deck import Card, PromisesActivity, deck_from_data, deck_to_toml, parse_deck
from game.core.phase import Phase
from tests.core.test_decks import a_deck, problems
from tests.factories import promises_data


def with_promises(cards: int = 1) -> dict:
    deck = a_deck(cards)
    deck["cards"].append(promises_data())
    return deck


def test_a_card_without_a_type_is_a_case_and_a_deck_may_close_with_the_promises_activity():
    deck = parse_deck(tomli_w.dumps(with_promises()), "t.toml")
    assert [type(card) for card in deck.cards] == [Card, PromisesActivity]
    assert deck.cases() == deck.cards[:1] and deck.closing() is deck.cards[1]
    assert "type" not in deck_to_toml(deck).split("[[cards]]")[1]  # a case's type is its default: not written
    assert parse_deck(deck_to_toml(deck), "t.toml") == deck  # round trip


def test_the_promises_activity_has_its_own_timers_with_the_decks_as_defaults():
    data = with_promises()
    data["timers"] = {"collect": 300}
    data["cards"][1]["timers"] = {"choose": 60}
    deck = deck_from_data(data)
    assert deck.timer_for(1, Phase.COLLECT) == 300 and deck.timer_for(1, Phase.CHOOSE) == 60
    assert deck.timer_for(1, Phase.LIVE) == 600


def test_an_unknown_activity_type_names_the_card_and_the_field():
    data = with_promises()
    data["cards"][1]["type"] = "quiz"
    assert problems(data) == ["t.toml: cards[1].type: type must be one of 'case', 'promises', found 'quiz'"]


def test_a_promises_activity_is_the_last_card_and_a_deck_has_one_at_most():
    twice = with_promises()
    twice["cards"].append({**copy.deepcopy(promises_data()), "id": "again"})
    assert problems(twice) == ['t.toml: cards: a deck has at most one promises activity (type = "promises"), '
                               "and it is the last card"]
    first = with_promises()
    first["cards"].reverse()
    assert problems(first) == ['t.toml: cards: a deck has at most one promises activity (type = "promises"), '
                               "and it is the last card"]


def test_a_promises_activitys_missing_prompt_is_named_with_its_path():
    data = with_promises()
    del data["cards"][1]["prompts"]["measure"]
    data["cards"][1]["intro"] = "x" * 601
    assert problems(data) == ["t.toml: cards[1].intro: must be at most 600 characters, found 601",
                              "t.toml: cards[1].prompts.measure: is required"]


def test_end_with_promises_appends_the_shipped_activity_unless_the_deck_has_its_own():
    closing = deck_from_data(with_promises(0) | {"cards": [promises_data("our-promises")]}).closing()
    plain = deck_from_data(a_deck(2) | {"end_with_promises": True})
    assert [card.type for card in plain.ending_with(closing).cards] == ["case", "case", "promises"]
    assert deck_from_data(a_deck(2)).ending_with(closing).cards == deck_from_data(a_deck(2)).cards
    own = deck_from_data(with_promises() | {"end_with_promises": True})
    assert own.ending_with(closing) is own
