"""The deck catalog's rules, on in-memory rows and files: refusal codes, free ids, duplicate, import."""
import pytest
import tomli_w

from game.core.deck import DeckProblem, deck_to_toml
from game.service.deck_catalog import DeckCatalog, DeckRefused
from game.service.memory import InMemoryDeckRepository
from tests.factories import card_data, deck


class FakeFiles:
    """Shipped decks: ``test-deck`` (its file unreadable unless ``text``) and one broken file."""

    def __init__(self, text=None):
        self.decks = {"test-deck": deck()}
        self.broken = {"old-deck.toml": [DeckProblem("old-deck.toml", "", "cannot be read")]}
        self.text = text

    def source(self, deck_id):
        return self.text


def data(deck_id="my-deck", **extra):
    return {"id": deck_id, "title": "Mine", "language": "en", "description": "A deck", "author": "Me",
            "cards": [card_data("card-one")], **extra}


def catalog(text=None):
    return DeckCatalog(FakeFiles(text), InMemoryDeckRepository(), clock=lambda: 1000.0)


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(DeckRefused) as refused:
        call(*args, **kwargs)
    return refused.value.code


def test_an_editor_deck_may_not_take_a_shipped_or_broken_file_s_id_or_one_that_exists():
    decks = catalog()
    assert refusal(decks.create, data("test-deck"), 1) == "deck_shipped"
    assert refusal(decks.create, data("old-deck"), 1) == "deck_shipped"
    decks.create(data(), 1)
    assert refusal(decks.create, data(), 1) == "deck_exists"
    assert refusal(decks.create, {"title": "No id"}, 1) == "deck_id_needed"


def test_a_draft_with_problems_is_stored_but_never_offered_for_a_session():
    decks = catalog()
    stored, checked = decks.create(data(cards=[]), 1)
    assert not stored.valid and checked.problems
    assert decks.get("my-deck") is None and "my-deck" not in decks.decks
    (summary, problems), = decks.editor_decks()
    assert summary.id == "my-deck" and problems


def test_shipped_decks_are_read_only_and_cannot_be_deleted():
    decks = catalog()
    assert refusal(decks.save, "test-deck", data("test-deck"), 1, 1) == "deck_read_only"
    assert refusal(decks.delete, "test-deck") == "deck_read_only"
    assert refusal(decks.delete, "nothing-here") == "unknown_deck"


def test_a_free_id_skips_shipped_and_taken_ids_and_keeps_within_the_slug_length():
    decks = catalog()
    assert decks.free_id("test-deck") == "test-deck-copy"
    decks.duplicate("test-deck", 1)
    assert decks.free_id("test-deck") == "test-deck-copy-2"
    assert decks.free_id("test-deck-copy") == "test-deck-copy-2"
    assert len(decks.free_id("x" * 48)) <= 48


def test_duplicating_a_shipped_deck_whose_file_is_gone_copies_the_model_s_text():
    decks = catalog(text=None)
    copy = decks.duplicate("test-deck", 1)
    assert copy.id == "test-deck-copy" and copy.valid
    assert decks.get("test-deck-copy").title == f"{deck().title} (copy)"  # the start page never lists two alike
    source, shipped = decks.source_of("test-deck")
    assert shipped and source == deck_to_toml(deck())


def test_a_duplicate_is_no_translation_of_itself():
    decks = catalog()
    decks.create(data("original"), 1)
    decks.create(data("copy-of", translation_of="original-copy"), 1)
    copy = decks.duplicate("copy-of", 1, new_id="original-copy")
    assert "translation_of" not in decks.source_of(copy.id)[0]


def test_an_import_replaces_an_existing_deck_only_when_asked():
    decks = catalog()
    decks.create(data(), 1)
    text = tomli_w.dumps(data(title="Imported"))
    assert refusal(decks.import_text, text, "my-deck.toml", 1) == "deck_exists"
    assert decks.import_text(text, "my-deck.toml", 1, overwrite=True).title == "Imported"
    assert decks.import_text(text, "my-deck.toml", 1, new_id="other-deck").id == "other-deck"
    assert refusal(decks.import_text, tomli_w.dumps(data("test-deck")), "x.toml", 1) == "deck_shipped"
    assert refusal(decks.import_text, "not = [toml", "x.toml", 1) == "deck_invalid"


def test_a_session_of_a_deck_that_asks_for_it_ends_with_the_shipped_promises_activity_in_its_language():
    decks = catalog()
    decks.files.decks["our-promises-en"] = deck(cards=0, promises=True)
    decks.create(data("closing", end_with_promises=True), user_id=None)
    decks.create(data("plain"), user_id=None)
    assert [card.type for card in decks.for_session("closing").cards] == ["case", "promises"]
    assert [card.type for card in decks.for_session("plain").cards] == ["case"]
    assert decks.for_session("no-such-deck") is None
    del decks.files.decks["our-promises-en"]  # no closing deck shipped in this language: the deck as it is
    assert [card.type for card in decks.for_session("closing").cards] == ["case"]
