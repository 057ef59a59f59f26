"""The game rules, command by command: every accepted path and every rejection code."""
import copy

import pytest

from game.core import commands as c
from game.core.rules import Rejected, apply
from game.core.rules import events as ev
from game.core.state import Phase
from tests.core.conftest import Table


def rejected(table: Table, command) -> str:
    before = table.state.model_dump()
    with pytest.raises(Rejected) as caught:
        table.do(command)
    assert table.state.model_dump() == before, "a refused command must change nothing"
    return caught.value.code


# --- joining -------------------------------------------------------------------------

def test_players_are_spread_evenly_over_the_teams():
    table = Table(players=7, teams=3)
    sizes = sorted(len(table.state.members(t.id)) for t in table.state.teams)
    assert sizes == [2, 2, 3]


def test_team_size_mode_opens_a_new_team_when_all_are_full():
    from game.core.session import new_session
    from game.core.state import Settings
    from tests.factories import deck
    state = new_session("ABCDEF", deck(), 1, 0, Settings(team_count=None, team_size=2))
    for i in range(5):
        apply(state, c.Join(c.SYSTEM, name=f"N{i}", player_id=f"p{i}", token_hash="h"), 0)
    assert [len(state.members(t.id)) for t in state.teams] == [2, 2, 1]


@pytest.mark.parametrize("name, code", [
    ("", "name_empty"), ("   ", "name_empty"), ("x" * 41, "name_too_long"),
    ("player 0", "name_taken"), (" Player   0 ", "name_taken"), (42, "bad_name"),
])
def test_an_unusable_name_is_refused(name, code):
    table = Table()
    assert rejected(table, c.Join(c.SYSTEM, name=name, player_id="new", token_hash="h")) == code


def test_a_name_is_trimmed_and_its_inner_spaces_collapsed():
    table = Table(players=0)
    table.do(c.Join(c.SYSTEM, name="  Kim   de Vries ", player_id="k", token_hash="h"))
    assert table.state.players["k"].name == "Kim de Vries"


def test_nobody_can_join_a_finished_session(table):
    table.host(c.EndSession)
    assert rejected(table, c.Join(c.SYSTEM, name="Late", player_id="late", token_hash="h")) == "session_finished"


def test_players_can_join_after_the_start(table):
    table.to_phase("draft")
    table.do(c.Join(c.SYSTEM, name="Late", player_id="late", token_hash="h"))
    assert table.state.players["late"].team_id in {t.id for t in table.state.teams}


# --- flow and timers ---------------------------------------------------------------

def test_the_phases_of_a_round_come_in_order_and_the_last_card_finishes():
    table = Table(cards=2)
    seen = []
    table.host(c.StartGame)
    while table.state.phase != Phase.FINISHED:
        seen.append((table.state.card_index, table.state.phase.value))
        table.host(c.AdvancePhase)
    assert seen == [(0, "story"), (0, "diagnose"), (0, "draft"), (0, "vote"), (0, "reveal"),
                    (1, "story"), (1, "diagnose"), (1, "draft"), (1, "vote"), (1, "reveal")]


def test_start_needs_a_player_and_happens_once():
    empty = Table(players=0)
    assert rejected(empty, c.StartGame(c.HOST)) == "no_players"
    table = Table()
    table.host(c.StartGame)
    assert rejected(table, c.StartGame(c.HOST)) == "already_started"


def test_next_in_the_lobby_starts_the_game(table):
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.STORY


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


@pytest.mark.parametrize("command", [
    c.StartGame("p0"), c.AdvancePhase("p0"), c.SkipCard("p0"), c.PauseTimer("p0"), c.ResumeTimer("p0"),
    c.ExtendTimer("p0"), c.EndSession("p0"), c.MovePlayer("p0", player_id="p1", team_id="t1"),
    c.RenamePlayer("p0", player_id="p1", name="X"), c.RemovePlayer("p0", player_id="p1"),
    c.HideDraft("p0", team_id="t1"),
])
def test_a_player_cannot_control_the_session(table, command):
    assert rejected(table, command) == "not_host"


@pytest.mark.parametrize("command", [
    c.TickDiagnose("p0", options=("blamed",)), c.EditDraft("p0", field="promise", text="x", base_version=0),
    c.SubmitDraft("p0"), c.CastVote("p0", entry_id="A"),
])
def test_player_moves_outside_their_phase_are_refused(table, command):
    table.to_phase("story")
    assert rejected(table, command) == "not_in_phase"


def test_an_unknown_player_cannot_act(table):
    table.to_phase("diagnose")
    assert rejected(table, c.TickDiagnose("ghost", options=())) == "unknown_player"


# --- early end ------------------------------------------------------------------------

def test_early_end_waits_a_grace_period_so_a_last_change_is_possible():
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


def test_draft_closes_when_every_team_has_submitted(table):
    table.to_phase("draft")
    for pid in ("p0", "p1"):
        table.write(pid)
        table.do(c.SubmitDraft(pid))
    assert table.state.phase == Phase.DRAFT
    table.write("p2")
    table.do(c.SubmitDraft("p2"))
    assert table.state.phase == Phase.VOTE


def test_vote_closes_when_every_player_has_voted(table):
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid)
    table.host(c.AdvancePhase)
    for i in range(6):
        table.do(c.CastVote(f"p{i}", entry_id=table.other_entry(f"p{i}")))
    assert table.state.phase == Phase.REVEAL


# --- diagnose ------------------------------------------------------------------------

def test_ticks_replace_the_players_earlier_ticks_in_card_order(table):
    table.to_phase("diagnose")
    table.do(c.TickDiagnose("p0", options=("kick", "blamed")))
    table.do(c.TickDiagnose("p0", options=("slow", "blamed")))
    assert table.state.round.ticks["p0"] == ["blamed", "slow"]


@pytest.mark.parametrize("options, code", [(("nope",), "unknown_option"), (("kick", "kick"), "bad_options")])
def test_bad_diagnose_options_are_refused(table, options, code):
    table.to_phase("diagnose")
    assert rejected(table, c.TickDiagnose("p0", options=options)) == code


# --- draft ------------------------------------------------------------------------------

def test_team_members_write_one_shared_draft(table):
    table.to_phase("draft")
    mate = next(p.id for p in table.state.members(table.team_of("p0")) if p.id != "p0")
    table.write("p0", "We listen")
    result = table.write(mate, "We listen first").result
    assert result == {"version": 2, "text": "We listen first", "merged": False, "conflict": False}
    assert table.state.round.drafts[table.team_of("p0")].fields["promise"].by == "Player 3"


def test_edits_on_the_same_base_in_different_places_are_merged(table):
    table.to_phase("draft")
    table.write("p0", "We are sorry.")
    table.do(c.EditDraft("p3", field="promise", text="We are very sorry.", base_version=1))
    result = table.do(c.EditDraft("p0", field="promise", text="We are sorry. We fix it today.",
                                  base_version=1)).result
    assert result["text"] == "We are very sorry. We fix it today." and result["merged"] and not result["conflict"]


def test_a_conflicting_edit_wins_but_the_text_it_replaced_is_kept(table):
    table.to_phase("draft")
    table.write("p0", "Call back")
    table.do(c.EditDraft("p3", field="promise", text="Call back in one hour", base_version=1))
    result = table.do(c.EditDraft("p0", field="promise", text="Call back tomorrow", base_version=1)).result
    field = table.state.round.drafts[table.team_of("p0")].fields["promise"]
    assert result["conflict"] and field.text == "Call back tomorrow"
    assert [r.text for r in field.replaced] == ["Call back in one hour"]


def test_leaving_the_draft_phase_drops_the_merge_history_but_keeps_the_text_and_replaced_texts(table):
    table.to_phase("draft")
    table.write("p0", "Call back")
    table.do(c.EditDraft("p3", field="promise", text="Call back in one hour", base_version=1))
    table.do(c.EditDraft("p0", field="promise", text="Call back tomorrow", base_version=1))
    field = table.state.round.drafts[table.team_of("p0")].fields["promise"]
    assert len(field.history) == 3
    table.host(c.AdvancePhase)
    assert table.state.phase == "vote"
    assert field.history == [] and field.text == "Call back tomorrow" and field.version == 3
    assert [r.text for r in field.replaced] == ["Call back in one hour"]


@pytest.mark.parametrize("field, text, base, code", [
    ("slogan", "x", 0, "unknown_field"), ("promise", "x" * 2001, 0, "text_too_long"),
    ("promise", "x", 5, "bad_version"), ("promise", "x", -1, "bad_version"),
])
def test_bad_draft_edits_are_refused(table, field, text, base, code):
    table.to_phase("draft")
    assert rejected(table, c.EditDraft("p0", field=field, text=text, base_version=base)) == code


def test_an_empty_draft_cannot_be_submitted_but_a_submitted_one_stays_editable(table):
    table.to_phase("draft")
    assert rejected(table, c.SubmitDraft("p0")) == "draft_empty"
    table.write("p0", "We listen")
    table.do(c.SubmitDraft("p0"))
    table.write("p0", "We listen first")
    draft = table.state.round.drafts[table.team_of("p0")]
    assert draft.submitted and draft.fields["promise"].text == "We listen first"
    table.do(c.SubmitDraft("p0", submitted=False))
    assert not draft.submitted


# --- vote --------------------------------------------------------------------------------

def voting_table() -> Table:
    table = Table()
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid, f"Promise of {pid}")
    table.host(c.AdvancePhase)
    return table


def test_a_player_cannot_vote_for_their_own_team():
    table = voting_table()
    own = table.entry_of(table.team_of("p0"))
    assert rejected(table, c.CastVote("p0", entry_id=own)) == "own_team_vote"


def test_a_vote_for_a_draft_not_on_the_ballot_is_refused():
    table = voting_table()
    assert rejected(table, c.CastVote("p0", entry_id="Q")) == "unknown_entry"


def test_one_ballot_per_player_that_can_be_changed():
    table = voting_table()
    others = [e for e, t in table.state.round.entries.items() if t != table.team_of("p0")]
    table.do(c.CastVote("p0", entry_id=others[0]))
    table.do(c.CastVote("p0", entry_id=others[1]))
    assert table.state.round.votes == {"p0": others[1]}


def test_empty_and_hidden_drafts_are_not_on_the_ballot():
    table = Table()
    table.to_phase("draft")
    table.write("p0")
    table.write("p1")
    table.host(c.HideDraft, team_id=table.team_of("p1"))
    table.host(c.AdvancePhase)
    assert list(table.state.round.entries.values()) == [table.team_of("p0")]


def test_hiding_a_draft_during_the_vote_withdraws_its_ballots():
    table = voting_table()
    target = table.team_of("p1")
    table.do(c.CastVote("p0", entry_id=table.entry_of(target)))
    table.host(c.HideDraft, team_id=target)
    assert "p0" not in table.state.round.votes and target not in table.state.round.entries.values()


# --- moderation ----------------------------------------------------------------------------

def test_the_host_moves_renames_and_removes_players(table):
    table.host(c.MovePlayer, player_id="p0", team_id="t2")
    assert table.team_of("p0") == "t2"
    table.host(c.RenamePlayer, player_id="p0", name="Anna")
    assert table.state.players["p0"].name == "Anna"
    assert rejected(table, c.RenamePlayer(c.HOST, player_id="p1", name="anna")) == "name_taken"
    outcome = table.host(c.RemovePlayer, player_id="p0")
    assert "p0" not in table.state.players and ev.PlayerRemoved("p0") in outcome.events
    assert rejected(table, c.RemovePlayer(c.HOST, player_id="p0")) == "unknown_player"
    assert rejected(table, c.MovePlayer(c.HOST, player_id="p1", team_id="t9")) == "unknown_team"
    assert rejected(table, c.HideDraft(c.HOST, team_id="t1")) == "unknown_draft"


def test_moving_a_voter_into_the_team_they_voted_for_withdraws_that_vote():
    table = voting_table()
    target = table.team_of("p1")
    table.do(c.CastVote("p0", entry_id=table.entry_of(target)))
    table.host(c.MovePlayer, player_id="p0", team_id=target)
    assert "p0" not in table.state.round.votes


def test_presence_marks_players_away_and_back(table):
    table.do(c.SetPresence(c.SYSTEM, player_id="p0", away=True))
    assert table.state.players["p0"].away
    assert rejected(table, c.SetPresence(c.SYSTEM, player_id="p0", away=True)) == "no_change"


# --- idempotence and purity --------------------------------------------------------------------

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
