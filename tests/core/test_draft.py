"""The draft phase: each team writes one shared draft; it is done when every team with a present player submitted."""
import pytest

from game.core import commands as c
from game.core.phase import Phase
from game.core.views import host_view, progress_view
from tests.core.conftest import Table, rejected


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


def test_draft_closes_when_every_team_has_submitted(table):
    table.to_phase("draft")
    for pid in ("p0", "p1"):
        table.write(pid)
        table.do(c.SubmitDraft(pid))
    assert table.state.phase == Phase.DRAFT
    table.write("p2")
    table.do(c.SubmitDraft("p2"))
    assert table.state.phase == Phase.VOTE


def test_a_team_counts_once_and_all_its_members_are_done_when_it_submits():
    table = Table(players=4, teams=2)
    table.to_phase("draft")
    table.write("p0")
    table.do(c.SubmitDraft("p0"))
    assert progress_view(table.state) == {"done": 1, "total": 2, "unit": "teams"}
    done = {p["id"]: p["done"] for p in host_view(table.state)["players"]}
    assert done == {"p0": True, "p2": True, "p1": False, "p3": False}  # p0 and p2 share team t1


def test_the_draft_does_not_wait_for_a_team_whose_players_are_all_away():
    table = Table(players=4, teams=2)
    table.to_phase("draft")
    for pid in ("p1", "p3"):  # team t2
        table.do(c.SetPresence(c.SYSTEM, player_id=pid, away=True))
    table.write("p0")
    table.do(c.SubmitDraft("p0"))
    assert table.state.phase == Phase.VOTE


def test_the_draft_does_not_close_when_everyone_has_gone_away():
    table = Table(players=2, teams=2)
    table.to_phase("draft")
    table.write("p0")
    table.do(c.SubmitDraft("p0"))
    table.do(c.SetPresence(c.SYSTEM, player_id="p0", away=True))
    table.do(c.SetPresence(c.SYSTEM, player_id="p1", away=True))
    assert table.state.phase == Phase.DRAFT
