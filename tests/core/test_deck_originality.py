"""Shipped decks are written in the project's own words.

The source material in ../shared/seeds/ (next to the repository) gives facts,
never sentences. A run of nine or more words that a deck shares with a seed
text is a copy, whatever its case, accents or punctuation. The check skips
when the seeds are not there (a clone without the shared folder).
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
DECK_FILES = sorted((ROOT / "scenarios").glob("*.toml"))
RUN = 9


def words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation: 'Kent én weet,' -> ['kent', 'en', 'weet']."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return re.findall(r"[a-z0-9]+", folded)


def runs(text: str, length: int = RUN) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i:i + length]) for i in range(len(found) - length + 1)}


def texts_of(data, where: str = ""):
    """Every string in a parsed deck, with the path of its field."""
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield from texts_of(value, f"{where}.{name}" if where else name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts_of(value, f"{where}[{index}]")


def copied_runs(deck_text: str, source_runs: set[tuple[str, ...]]) -> list[str]:
    """'field: the shared words' for every field of the deck that repeats a run of the sources."""
    copies = []
    for where, text in texts_of(tomllib.loads(deck_text)):
        shared = sorted(" ".join(run) for run in runs(text) & source_runs)
        copies += [f"{where}: {run}" for run in shared]
    return copies


@pytest.fixture(scope="module")
def seed_runs() -> set[tuple[str, ...]]:
    seed_files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seed_files:
        pytest.skip(f"no seed texts in {SEEDS}")
    return set().union(*(runs(path.read_text(encoding="utf-8")) for path in seed_files))


@pytest.mark.parametrize("path", DECK_FILES, ids=[p.name for p in DECK_FILES])
def test_no_shipped_deck_shares_a_run_of_nine_words_with_the_seed_texts(path, seed_runs):
    copies = copied_runs(path.read_text(encoding="utf-8"), seed_runs)
    assert not copies, f"{path.name} repeats the seed texts word for word; write these anew:\n" + "\n".join(copies)


def test_a_copy_is_found_whatever_its_case_accents_and_punctuation():
    source = runs("Zorg dat iedereen de beloftes kent én weet hoe ze die na kunnen leven.")
    deck = 'tip = "ZORG dat iedereen, de beloftes kent en weet: hoe je ze waarmaakt."'
    assert copied_runs(deck, source) == ["tip: zorg dat iedereen de beloftes kent en weet hoe"]


def test_eight_shared_words_are_not_a_copy():
    source = runs("the coffee that was served after the service was just awful")
    deck = 'story = "Then the coffee that was served after the service went cold."'
    assert copied_runs(deck, source) == []
