"""Names (issue 11, finding 3): visible text only, and one key for "the same name"."""
import pytest

from game.core import commands as c
from game.core.names import clean_name, name_key
from game.core.rules import Rejected
from tests.core.conftest import Table


def join(table: Table, name, player_id: str = "new"):
    return table.do(c.Join(c.SYSTEM, name=name, player_id=player_id, token_hash="h"))


def refusal(table: Table, command) -> str:
    with pytest.raises(Rejected) as refused:
        table.do(command)
    return refused.value.code


@pytest.mark.parametrize("name", [
    "\u200d", "\u200b", "\u202e", "\u202eevil", "Bad\nName\x07", "Esc\x1b[31m", "Nul\x00", "\u2066Ana\u2069",
    "\u3164", "\u2800\u200b", "\u034f",
])
def test_a_name_with_control_or_bidi_characters_or_nothing_visible_is_a_bad_name(name):
    assert refusal(Table(players=0), c.Join(c.SYSTEM, name=name, player_id="x", token_hash="h")) == "bad_name"


@pytest.mark.parametrize("name", ["A\u200dna", "ana", "ANA", "Ａｎａ", "A na", "\u200bAna"])
def test_a_name_that_differs_only_by_case_width_spacing_or_invisibles_is_taken(name):
    table = Table(players=0)
    join(table, "Ana", "ana")
    assert refusal(table, c.Join(c.SYSTEM, name=name, player_id="x", token_hash="h")) == "name_taken"


def test_a_rename_to_a_name_that_is_the_same_by_key_is_taken_and_a_bad_one_refused():
    table = Table(players=0)
    join(table, "Ana", "ana")
    join(table, "Bo", "bo")
    assert refusal(table, c.RenamePlayer(c.HOST, player_id="bo", name="A\u200dNA")) == "name_taken"
    assert refusal(table, c.RenamePlayer(c.HOST, player_id="bo", name="\u202eoB")) == "bad_name"
    assert table.state.players["bo"].name == "Bo"


def test_ordinary_names_in_any_script_are_kept_as_typed():
    for name in ("José", "Zoë", "Ngọc Ánh", "Ольга", "राम", "李小龙", "👩\u200d💻 Sam", "O'Brien-Smith"):
        assert clean_name(name) == name
    assert name_key("Ngọc Ánh") != name_key("Ngoc Anh")  # accents are letters, not decoration


def test_a_name_over_the_limit_is_too_long_however_long_it_is():
    for length in (41, 10_000):
        assert refusal(Table(players=0), c.Join(c.SYSTEM, name="x" * length, player_id="x", token_hash="h")) \
            == "name_too_long"
