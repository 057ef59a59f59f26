"""Join codes: one alphabet without look-alike characters, and one pattern derived from it."""
import random
import re

import pytest

from game.core.session import CODE_LENGTH, CODE_PATTERN, JOIN_ALPHABET, is_valid_code


def test_codes_drawn_from_the_alphabet_are_valid_and_match_the_form_pattern_in_either_case():
    rng = random.Random(5)
    for _ in range(200):
        code = "".join(rng.choice(JOIN_ALPHABET) for _ in range(CODE_LENGTH))
        assert is_valid_code(code)
        assert re.fullmatch(CODE_PATTERN, code) and re.fullmatch(CODE_PATTERN, code.lower())


@pytest.mark.parametrize("code", ["K7PQ2O", "K7PQ20", "K7PQ21", "K7PQ2I", "K7PQ2L", "K7PQ2", "K7PQ2MM"])
def test_look_alike_characters_and_wrong_lengths_are_not_codes(code):
    assert not is_valid_code(code)
    assert not re.fullmatch(CODE_PATTERN, code) and not re.fullmatch(CODE_PATTERN, code.lower())
