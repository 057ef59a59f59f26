"""The diagnose phase: each player marks what went wrong; it is done when every present player has marked."""
import pytest

from game.core import commands as c
from game.core.phase import Phase
from game.core.rules import events as ev
from game.core.views import host_view, progress_view
from tests.core.conftest import Table, rejected


def test_marks_replace_the_players_earlier_marks_in_card_order(table):
    table.to_phase("diagnose")
    table.do(c.MarkDiagnose("p0", options=("kick", "blamed")))
    table.do(c.MarkDiagnose("p0", options=("slow", "blamed")))
    assert table.state.round.marks["p0"] == ["blamed", "slow"]


@pytest.mark.parametrize("options, code", [(("nope",), "unknown_option"), (("kick", "kick"), "bad_options")])
def test_bad_diagnose_options_are_refused(table, options, code):
    table.to_phase("diagnose")
    assert rejected(table, c.MarkDiagnose("p0", options=options)) == code


def test_diagnose_closes_when_every_present_player_has_marked():
    table = Table(players=3, grace=0)
    table.to_phase("diagnose")
    table.do(c.SetPresence(c.SYSTEM, player_id="p2", away=True))
    table.do(c.MarkDiagnose("p0", options=("blamed",)))
    assert table.state.phase == Phase.DIAGNOSE
    table.do(c.MarkDiagnose("p1", options=("kick",)))
    assert table.state.phase == Phase.DRAFT


def test_early_end_waits_a_grace_period_so_a_last_change_is_possible():
    table = Table(players=2, teams=2, grace=3, diagnose=90)
    table.to_phase("diagnose")
    table.do(c.MarkDiagnose("p0", options=("blamed",)))
    outcome = table.do(c.MarkDiagnose("p1", options=("blamed",)))
    assert table.state.phase == Phase.DIAGNOSE and table.state.deadline == table.now + 3
    assert ev.PhaseClosingEarly() in outcome.events
    table.do(c.Tick(c.SYSTEM), after=3)
    assert table.state.phase == Phase.DRAFT


def test_a_player_who_marked_nothing_has_not_done_the_diagnose():
    table = Table(players=2, teams=2)
    table.to_phase("diagnose")
    table.do(c.MarkDiagnose("p0", options=("kick",)))
    table.do(c.MarkDiagnose("p1", options=()))
    assert table.state.phase == Phase.DIAGNOSE
    assert progress_view(table.state) == {"done": 1, "total": 2, "unit": "players"}


def test_the_diagnose_does_not_close_when_everyone_has_gone_away():
    table = Table(players=2, teams=2)
    table.to_phase("diagnose")
    table.do(c.SetPresence(c.SYSTEM, player_id="p0", away=True))
    table.do(c.SetPresence(c.SYSTEM, player_id="p1", away=True))
    assert table.state.phase == Phase.DIAGNOSE
    assert progress_view(table.state) == {"done": 0, "total": 0, "unit": "players"}


def test_progress_counts_present_players_and_the_host_marks_everyone_who_marked():
    table = Table(players=4, teams=2)
    table.to_phase("diagnose")
    table.do(c.MarkDiagnose("p3", options=("kick",)))
    table.do(c.SetPresence(c.SYSTEM, player_id="p3", away=True))
    table.do(c.MarkDiagnose("p0", options=("kick",)))
    assert progress_view(table.state) == {"done": 1, "total": 3, "unit": "players"}
    done = {p["id"]: p["done"] for p in host_view(table.state)["players"]}
    assert done == {"p0": True, "p1": False, "p2": False, "p3": True}  # away, but their marks count
