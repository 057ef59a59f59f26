"""Rules for the real room: the discussion moment stays, the show moves in steps, the
projector's view keeps the facilitator's secrets, phones learn what happened to them."""
import json

import pytest

from game.core import commands as c
from game.core.phase import Phase
from game.core.rules import Rejected
from game.core.rules import events as ev
from game.core.screen_view import screen_view
from game.core.session import new_session
from game.core.state import Settings
from game.core.views import full_view, session_view
from tests.core.conftest import Table
from tests.factories import deck


def test_diagnose_stays_open_after_everyone_has_answered():
    table = Table(players=3, grace=0)
    table.to_phase("diagnose")
    deadline = table.state.deadline
    for pid in ("p0", "p1", "p2"):
        outcome = table.do(c.MarkDiagnose(pid, options=("blamed",)))
    assert table.state.phase == Phase.DIAGNOSE
    assert ev.PhaseClosingEarly() not in outcome.events and table.state.deadline == deadline
    assert session_view(table.state, table.now)["progress"] == {"done": 3, "total": 3, "unit": "players"}


def test_without_early_end_the_draft_waits_for_the_facilitator_when_every_team_submitted():
    table = Table(players=2, teams=2, grace=0)
    table.state.settings.early_end = False
    table.to_phase("draft")
    for pid in ("p0", "p1"):
        table.write(pid)
        table.do(c.SubmitDraft(pid))
    assert table.state.phase == Phase.DRAFT
    assert session_view(table.state, table.now)["early_end"] is False


def test_with_early_end_the_draft_closes_when_every_team_submitted():
    table = Table(players=2, teams=2, grace=0)
    table.to_phase("draft")
    for pid in ("p0", "p1"):
        table.write(pid)
        table.do(c.SubmitDraft(pid))
    assert table.state.phase == Phase.VOTE


def _to_reveal(table: Table) -> None:
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid, text=f"Promise of {pid}")
    table.to_phase("reveal")


def test_the_facilitator_moves_the_reveal_in_steps_and_a_new_phase_starts_at_step_zero(table):
    _to_reveal(table)
    assert table.state.step == 0
    outcome = table.host(c.ShowStep, step=2)
    assert table.state.step == 2 and ev.StepShown() in outcome.events
    assert full_view(table.state, table.now, screen=True)["screen"]["step"] == 2
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.STORY and table.state.step == 0


@pytest.mark.parametrize("step", [-1, 201, True])
def test_a_step_out_of_range_is_refused_and_changes_nothing(table, step):
    _to_reveal(table)
    with pytest.raises(Rejected) as refused:
        table.host(c.ShowStep, step=step)
    assert refused.value.code == "bad_step" and table.state.step == 0


def test_steps_belong_to_the_story_the_reveal_and_the_end(table):
    table.to_phase("story")
    table.host(c.ShowStep, step=1)
    assert table.state.step == 1
    table.to_phase("vote")
    with pytest.raises(Rejected) as refused:
        table.host(c.ShowStep, step=1)
    assert refused.value.code == "not_in_phase"


def test_a_player_cannot_move_the_show(table):
    _to_reveal(table)
    with pytest.raises(Rejected) as refused:
        table.do(c.ShowStep("p0", step=1))
    assert refused.value.code == "not_host"


def _secrets(table: Table) -> list[str]:
    card = table.state.card
    return [card.notes.lesson, *card.notes.tips, *card.notes.questions, card.model_response]


@pytest.mark.parametrize("phase", ["lobby", "story", "diagnose", "draft", "vote"])
def test_the_screen_view_holds_no_notes_no_model_response_and_no_authorship_before_the_reveal(phase):
    table = Table(players=3)
    if phase in ("diagnose", "draft", "vote"):
        table.to_phase("diagnose")
        table.do(c.MarkDiagnose("p0", options=("blamed",)))
    if phase in ("draft", "vote"):
        table.to_phase("draft")
        for pid in ("p0", "p1", "p2"):
            table.write(pid, text=f"Draft text of {pid}")
    if phase != "lobby":
        table.to_phase(phase)
    text = json.dumps(full_view(table.state, table.now, screen=True))
    secrets = [s for s in _secrets(table) if s]
    assert secrets and not [s for s in secrets if s in text]
    assert '"key_options"' not in text and '"notes"' not in text and '"host"' not in text
    if phase == "vote":
        assert "Draft text of p0" in text  # the anonymous ballot
        ballot = full_view(table.state, table.now, screen=True)["session"]["ballot"]
        assert all(set(entry) == {"entry_id", "response", "promise", "we_do", "we_dont"} for entry in ballot)
        assert "team_id" not in json.dumps(screen_view(table.state))


def test_the_screen_view_shows_the_live_chart_and_who_submitted_but_not_the_drafts(table):
    table.to_phase("diagnose")
    table.do(c.MarkDiagnose("p0", options=("blamed",)))
    assert screen_view(table.state)["tally"]["blamed"] == 1
    table.to_phase("draft")
    table.write("p0", text="Secret words")
    table.do(c.SubmitDraft("p0"))
    view = screen_view(table.state)
    # Every team has its draft from the phase's start: the others are listed as not submitted yet.
    assert view["submitted"] == {team.id: team.id == table.team_of("p0") for team in table.state.teams}
    assert "Secret words" not in json.dumps(view)


def test_removing_a_player_says_whether_they_may_join_again(table):
    outcome = table.host(c.RemovePlayer, player_id="p0", rejoin=True)
    assert ev.PlayerRemoved("p0", rejoin=True) in outcome.events
    outcome = table.host(c.RemovePlayer, player_id="p1")
    assert ev.PlayerRemoved("p1", rejoin=False) in outcome.events


def test_a_dutch_session_has_dutch_team_names_also_for_teams_opened_later():
    state = new_session("ABCDEF", deck(), seed=1, now=0.0, settings=Settings(team_count=3), language="nl")
    assert [team.name for team in state.teams] == ["Koraal", "Zeegroen", "Amber"]
    english = new_session("ABCDEF", deck(), seed=1, now=0.0, settings=Settings(team_count=2))
    assert [team.name for team in english.teams] == ["Coral", "Teal"]
    table = Table(players=0)
    table.state = new_session("ABCDEF", deck(), seed=1, now=0.0,
                              settings=Settings(team_count=None, team_size=1), language="nl")
    for i in range(2):
        table.do(c.Join(c.SYSTEM, name=f"P{i}", player_id=f"p{i}", token_hash=f"h{i}"))
    assert [team.name for team in table.state.teams] == ["Koraal", "Zeegroen"]


def test_an_early_end_waits_a_grace_period_so_a_last_change_is_possible():
    table = Table(players=2, teams=2, grace=3, vote=90)
    table.to_phase("draft")
    for pid in ("p0", "p1"):
        table.write(pid)
    table.host(c.AdvancePhase)
    table.do(c.CastVote("p0", entry_id=table.other_entry("p0")))
    outcome = table.do(c.CastVote("p1", entry_id=table.other_entry("p1")))
    assert table.state.phase == Phase.VOTE and table.state.deadline == table.now + 3
    assert ev.PhaseClosingEarly() in outcome.events
    table.do(c.Tick(c.SYSTEM), after=3)
    assert table.state.phase == Phase.REVEAL
