"""``apply`` itself: repeated actions count once, and the result depends only on the state, command and time."""
import copy

from game.core import commands as c
from game.core.rules import apply
from tests.core.conftest import Table, voting_table


def test_a_repeated_action_id_is_applied_once(table):
    table.to_phase("draft")
    first = table.do(c.EditDraft("p0", field="promise", text="Once", base_version=0, action_id="a1"))
    again = table.do(c.EditDraft("p0", field="promise", text="Once", base_version=0, action_id="a1"))
    assert not first.duplicate and again.duplicate
    assert table.state.round.drafts[table.team_of("p0")].fields["promise"].version == 1


def test_apply_uses_only_the_time_it_is_given():
    a, b = Table(story=60), Table(story=60)
    a.host(c.StartGame)
    b.host(c.StartGame)
    assert a.state.model_dump() == b.state.model_dump()


def test_a_copy_of_a_state_evolves_identically():
    table = voting_table()
    twin = copy.deepcopy(table.state)
    apply(twin, c.CastVote("p0", entry_id=table.other_entry("p0")), table.now)
    table.do(c.CastVote("p0", entry_id=table.other_entry("p0")))
    assert twin.model_dump() == table.state.model_dump()
