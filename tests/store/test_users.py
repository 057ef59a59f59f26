"""Accounts and session owners in the database: the contracts the web layer relies on."""
import pytest

from game.store.db import make_engine, migrate
from game.store.sessions import SqlSessionRepository
from game.store.users import SqlSessionOwners, SqlUserRepository


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'users.db'}")
    migrate(engine)
    return engine


def test_usernames_are_unique_whatever_their_case(engine):
    users = SqlUserRepository(engine)
    ann = users.create(" Ann ", "", "hash", ["facilitator"], 1.0)
    assert (ann.username, ann.display_name, ann.roles) == ("Ann", "Ann", {"facilitator"})
    assert users.create("ANN", "", "hash", ["trainer"], 2.0) is None
    assert users.by_username("aNN").id == ann.id
    assert users.count() == 1
    with pytest.raises(ValueError):
        users.create("bob", "", "hash", ["owner"], 3.0)


def test_only_the_first_account_is_created_when_asked_for_an_empty_table(engine):
    users = SqlUserRepository(engine)
    assert users.create("root", "", "hash", ["admin"], 1.0, only_if_empty=True)
    assert users.create("late", "", "hash", ["admin"], 2.0, only_if_empty=True) is None
    assert [u.username for u in users.all()] == ["root"]


def test_disabling_and_new_passwords_bump_the_epoch_but_a_rehash_does_not(engine):
    users = SqlUserRepository(engine)
    user = users.create("ann", "", "hash", ["facilitator"], 1.0)
    users.set_disabled(user.id, True)
    users.set_disabled(user.id, False)
    users.set_password(user.id, "hash2")
    users.rehash(user.id, "hash3")
    users.record_login(user.id, 9.0)
    stored = users.get(user.id)
    assert (stored.session_epoch, stored.password_hash, stored.disabled, stored.last_login_at) \
        == (3, "hash3", False, 9.0)


def test_a_facilitator_lists_their_own_sessions_newest_first(engine):
    users, owners, sessions = SqlUserRepository(engine), SqlSessionOwners(engine), SqlSessionRepository(engine)
    ann = users.create("ann", "", "hash", ["facilitator"], 1.0)
    bob = users.create("bob", "", "hash", ["facilitator"], 1.0)
    for code, now in (("AAAAAA", 10.0), ("BBBBBB", 30.0), ("CCCCCC", 20.0)):
        sessions.create(code, "{}", "hash", "deck", None, now)
    assert owners.claim("AAAAAA", ann.id) and owners.claim("BBBBBB", ann.id) and owners.claim("CCCCCC", bob.id)
    assert not owners.claim("ZZZZZZ", ann.id)
    assert [s.code for s in owners.owned_by(ann.id)] == ["BBBBBB", "AAAAAA"]
    assert owners.owner_of("CCCCCC") == bob.id and owners.owner_of("ZZZZZZ") is None
