"""Editor decks in the database: version-checked saves and ids unique across files and rows."""
import pytest

from game.store.db import make_engine, migrate
from game.store.deck_repository import DeckConflict, DeckExists, DeckFields, SqlDeckRepository


def repository(tmp_path) -> SqlDeckRepository:
    engine = make_engine(f"sqlite:///{tmp_path / 'decks.db'}")
    migrate(engine)
    return SqlDeckRepository(engine)


def fields(title="Deck") -> DeckFields:
    return DeckFields(f'id = "d"\ntitle = "{title}"\n', True, title, "nl", 3)


def test_a_save_names_the_version_it_started_from(tmp_path):
    repo = repository(tmp_path)
    assert repo.create("d", fields(), None, 1.0).version == 1
    assert repo.save("d", 1, fields("Two"), None, 2.0).version == 2
    with pytest.raises(DeckConflict) as conflict:
        repo.save("d", 1, fields("Stale"), None, 3.0)
    assert conflict.value.current.version == 2 and conflict.value.current.title == "Two"
    assert repo.get("d").title == "Two"


def test_ids_are_unique_and_a_rename_keeps_the_history_version(tmp_path):
    repo = repository(tmp_path)
    repo.create("a", fields(), None, 1.0)
    repo.create("b", fields(), None, 1.0)
    with pytest.raises(DeckExists):
        repo.create("a", fields(), None, 2.0)
    with pytest.raises(DeckExists):
        repo.save("a", 1, fields(), None, 2.0, new_id="b")
    renamed = repo.save("a", 1, fields(), None, 2.0, new_id="c")
    assert (renamed.id, renamed.version) == ("c", 2)
    assert [d.id for d in repo.list()] == ["b", "c"]
    assert repo.delete("b") and not repo.delete("b")


def test_only_valid_decks_are_offered(tmp_path):
    repo = repository(tmp_path)
    repo.create("ok", fields(), None, 1.0)
    repo.create("draft", DeckFields("id = 'draft'\n", False, "Draft", "nl", 0), None, 1.0)
    assert [row[0] for row in repo.valid_sources()] == ["ok"]
