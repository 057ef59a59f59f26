"""The story phase: everyone reads the case; nobody has a task, so only the clock or the facilitator ends it."""
import pytest

from game.core import commands as c
from game.core.phase import Phase
from game.core.views import host_view, progress_view
from tests.core.conftest import Table, rejected


@pytest.mark.parametrize("command", [
    c.MarkDiagnose("p0", options=("blamed",)), c.EditDraft("p0", field="promise", text="x", base_version=0),
    c.SubmitDraft("p0"), c.CastVote("p0", entry_id="A"),
])
def test_no_player_move_is_possible_while_the_story_is_read(table, command):
    table.to_phase("story")
    assert rejected(table, command) == "not_in_phase"


def test_the_story_shows_no_progress_and_nobody_is_marked_done(table):
    table.to_phase("story")
    assert progress_view(table.state) is None
    assert not any(p["done"] for p in host_view(table.state)["players"])


def test_the_story_ends_when_its_timer_runs_out():
    table = Table(story=60)
    table.host(c.StartGame)
    table.do(c.SetPresence(c.SYSTEM, player_id="p0", away=True))  # no early end: the story has no task
    assert table.state.phase == Phase.STORY
    table.do(c.Tick(c.SYSTEM), after=60)
    assert table.state.phase == Phase.DIAGNOSE
