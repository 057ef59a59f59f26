"""The follow-up's rows: one link per session, and the database itself refuses a phone's second
answer for a promise in the same month."""
import pytest

from game.store.db import make_engine, migrate
from game.store.followups import SqlFollowUps
from game.store.sessions import SqlSessionRepository
from game.store.users import SqlSessionOwners


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'followups.db'}")
    migrate(engine)
    SqlSessionRepository(engine).create("ABCDEF", "{}", "hash", "deck", None, 1.0)
    return engine


def test_a_session_has_one_link_and_the_first_token_stands(engine):
    store = SqlFollowUps(engine)
    assert store.create_link("ABCDEF", "first-token", 1.0) == "first-token"
    assert store.create_link("ABCDEF", "second-token", 2.0) == "first-token"
    assert store.session_of("first-token") == "ABCDEF" and store.session_of("second-token") is None


def test_a_phone_answers_once_a_month_and_nothing_of_a_second_try_is_stored(engine):
    store = SqlFollowUps(engine)
    assert store.add("ABCDEF", "2027-01", "phone", [("p1", "kept", ""), ("p2", "not", "no rota")], 1.0)
    assert not store.add("ABCDEF", "2027-01", "phone", [("p3", "kept", ""), ("p1", "partly", "")], 2.0)
    assert [(a.promise_id, a.answer) for a in store.answers("ABCDEF")] == [("p1", "kept"), ("p2", "not")]
    assert store.add("ABCDEF", "2027-02", "phone", [("p1", "partly", "")], 3.0)
    assert store.answered("ABCDEF", "2027-02", "phone") and not store.answered("ABCDEF", "2027-03", "phone")


def test_an_answer_can_be_hidden_and_shown_again_only_in_its_own_session(engine):
    store = SqlFollowUps(engine)
    store.add("ABCDEF", "2027-01", "phone", [("p1", "kept", "")], 1.0)
    answer = store.answers("ABCDEF")[0]
    assert store.set_hidden("ABCDEF", answer.id, True) and store.answers("ABCDEF")[0].hidden
    assert not store.set_hidden("OTHER1", answer.id, False)


def test_a_sessions_organisation_is_kept_with_its_owner(engine):
    owners = SqlSessionOwners(engine)
    from game.store.users import SqlUserRepository
    ann = SqlUserRepository(engine).create("ann", "", "hash", ["facilitator"], 1.0)
    assert owners.claim("ABCDEF", ann.id, "Camping De Linde")
    assert owners.organisation_of("ABCDEF") == "Camping De Linde"
    assert owners.owned_by(ann.id)[0].organisation == "Camping De Linde"


def test_the_answers_of_several_sessions_come_in_one_read_each_under_its_session(engine):
    SqlSessionRepository(engine).create("GHJKLM", "{}", "hash", "deck", None, 1.0)
    store = SqlFollowUps(engine)
    store.add("ABCDEF", "2027-01", "phone", [("p1", "kept", "")], 1.0)
    store.add("GHJKLM", "2027-01", "phone", [("p2", "not", "")], 1.0)
    found = store.answers_of(["ABCDEF", "GHJKLM", "NOANSW"])
    assert {code: [a.promise_id for a in rows] for code, rows in found.items()} == {"ABCDEF": ["p1"], "GHJKLM": ["p2"]}
    assert store.answers_of([]) == {}
