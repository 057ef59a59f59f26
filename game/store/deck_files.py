"""Deck files on disk: every valid deck in a folder, and every broken one with its problems."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.deck import Deck, DeckInvalid, DeckProblem, parse_deck


@dataclass
class DeckLibrary:
    decks: dict[str, Deck] = field(default_factory=dict)
    broken: dict[str, list[DeckProblem]] = field(default_factory=dict)
    folder: Path | None = None

    def get(self, deck_id: str) -> Deck | None:
        return self.decks.get(deck_id)

    def source(self, deck_id: str) -> str | None:
        """The file of a shipped deck as it is now, comments and all; None if it cannot be read."""
        if self.folder is None:
            return None
        try:
            return (self.folder / f"{deck_id}.toml").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


def load_deck_file(path: Path) -> Deck:
    """Read and validate one file; DeckInvalid for anything wrong, never another error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DeckInvalid([DeckProblem(path.name, "", f"cannot be read: {error}")]) from None
    return parse_deck(text, path.name, expected_id=path.stem)


def load_library(folder: Path) -> DeckLibrary:
    library = DeckLibrary(folder=Path(folder))
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            deck = load_deck_file(path)
        except DeckInvalid as invalid:
            library.broken[path.name] = invalid.problems
            continue
        library.decks[deck.id] = deck
    return library
