"""Two people typing in one field at once both keep their words."""
import pytest

from game.core.merge import merge


@pytest.mark.parametrize("base, current, mine, expected", [
    ("abc", "abc", "abcd", "abcd"),                    # nobody else edited
    ("abc", "abcd", "abc", "abcd"),                    # I changed nothing
    ("We help.", "We gladly help.", "We help. Always.", "We gladly help. Always."),
    ("one two three", "ONE two three", "one two THREE", "ONE two THREE"),
    ("", "", "first words", "first words"),
])
def test_edits_in_different_places_are_both_kept(base, current, mine, expected):
    assert merge(base, current, mine) == (expected, True)


@pytest.mark.parametrize("base, current, mine", [
    ("call back", "call back today", "call back tomorrow"),
    ("", "their start", "my start"),
    ("price", "cost", "fee"),
])
def test_edits_of_the_same_words_are_a_conflict_and_mine_wins(base, current, mine):
    assert merge(base, current, mine) == (mine, False)
