"""Moving through a session: the order of the phases, timers, skip and end, and who may do what."""
import pytest

from game.core import commands as c
from game.core.phase import Phase
from game.core.rules import Rejected
from game.core.rules import events as ev
from tests.core.conftest import Table, rejected


def test_the_phases_of_a_round_come_in_order_and_the_last_card_finishes():
    table = Table(cards=2)
    seen = []
    table.host(c.StartGame)
    while table.state.phase != Phase.FINISHED:
        seen.append((table.state.card_index, table.state.phase.value))
        table.host(c.AdvancePhase)
    assert seen == [(0, "story"), (0, "diagnose"), (0, "draft"), (0, "vote"), (0, "reveal"),
                    (1, "story"), (1, "diagnose"), (1, "draft"), (1, "vote"), (1, "reveal")]


def test_each_phase_gets_the_deck_timer():
    table = Table(story=60, diagnose=30, draft=0)
    table.host(c.StartGame)
    assert table.state.deadline == table.now + 60
    table.host(c.AdvancePhase)
    assert table.state.deadline == table.now + 30
    table.host(c.AdvancePhase)
    assert table.state.deadline is None  # 0 means: the facilitator moves on


def test_the_clock_closes_a_phase_only_when_its_deadline_passed():
    table = Table(story=60)
    table.host(c.StartGame)
    with pytest.raises(Rejected) as early:
        table.do(c.Tick(c.SYSTEM), after=59)
    assert early.value.code == "not_due"
    outcome = table.do(c.Tick(c.SYSTEM), after=1)
    assert table.state.phase == Phase.DIAGNOSE
    assert ev.PhaseChanged("diagnose", 0) in outcome.events


def test_pause_keeps_the_remaining_time_and_resume_restores_it():
    table = Table(story=60)
    table.host(c.StartGame)
    table.now += 20
    table.host(c.PauseTimer)
    assert table.state.paused_remaining == 40 and table.state.deadline is None
    table.now += 500
    with pytest.raises(Rejected):
        table.do(c.Tick(c.SYSTEM))
    table.host(c.ResumeTimer)
    assert table.state.deadline == table.now + 40


def test_timer_controls_that_do_not_apply_are_refused():
    table = Table(story=60, diagnose=0)
    assert rejected(table, c.PauseTimer(c.HOST)) == "not_in_phase"
    table.host(c.StartGame)
    assert rejected(table, c.ResumeTimer(c.HOST)) == "not_paused"
    table.host(c.PauseTimer)
    assert rejected(table, c.PauseTimer(c.HOST)) == "already_paused"
    table.host(c.ResumeTimer)
    table.host(c.AdvancePhase)
    assert rejected(table, c.PauseTimer(c.HOST)) == "no_timer"
    assert rejected(table, c.ExtendTimer(c.HOST, seconds=5)) == "bad_seconds"
    assert rejected(table, c.ExtendTimer(c.HOST, seconds=601)) == "bad_seconds"


def test_extend_adds_time_running_paused_or_where_there_was_no_timer():
    table = Table(story=60, diagnose=0)
    table.host(c.StartGame)
    deadline = table.state.deadline
    table.host(c.ExtendTimer, seconds=60)
    assert table.state.deadline == deadline + 60
    table.host(c.PauseTimer)
    table.host(c.ExtendTimer, seconds=30)
    assert table.state.paused_remaining == 150
    table.host(c.ResumeTimer)
    table.host(c.AdvancePhase)
    table.host(c.ExtendTimer, seconds=60)
    assert table.state.deadline == table.now + 60


def test_skip_goes_to_the_next_card_and_end_finishes(table):
    table.to_phase("draft")
    table.host(c.SkipCard)
    assert (table.state.phase, table.state.card_index) == (Phase.STORY, 1)
    table.host(c.EndSession)
    assert table.state.phase == Phase.FINISHED
    assert rejected(table, c.EndSession(c.HOST)) == "session_finished"
    assert rejected(table, c.AdvancePhase(c.HOST)) == "session_finished"
    assert rejected(table, c.SkipCard(c.HOST)) == "not_in_phase"


def test_a_paused_phase_does_not_close_early_when_everyone_is_done():
    table = Table(players=1, teams=1, diagnose=90)
    table.to_phase("diagnose")
    table.host(c.PauseTimer)
    table.do(c.MarkDiagnose("p0", options=("kick",)))
    assert table.state.phase == Phase.DIAGNOSE and table.state.paused_remaining == 90


@pytest.mark.parametrize("command", [
    c.StartGame("p0"), c.AdvancePhase("p0"), c.SkipCard("p0"), c.PauseTimer("p0"), c.ResumeTimer("p0"),
    c.ExtendTimer("p0"), c.EndSession("p0"), c.MovePlayer("p0", player_id="p1", team_id="t1"),
    c.RenamePlayer("p0", player_id="p1", name="X"), c.RemovePlayer("p0", player_id="p1"),
    c.HideDraft("p0", team_id="t1"),
])
def test_a_player_cannot_control_the_session(table, command):
    assert rejected(table, command) == "not_host"


def test_an_unknown_player_cannot_act(table):
    table.to_phase("diagnose")
    assert rejected(table, c.MarkDiagnose("ghost", options=())) == "unknown_player"
