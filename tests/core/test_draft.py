"""The draft phase: each team writes one shared draft; it is done when every team with a present player submitted."""

from game.core import commands as c
from game.core.phase import Phase
from game.core.views import host_view, progress_view
from tests.core.conftest import Table, rejected


def test_team_members_write_one_shared_draft(table):
    table.to_phase("draft")
    mate = next(p.id for p in table.state.members(table.team_of("p0")) if p.id != "p0")
    table.write("p0", "We listen")
    table.write(mate, " first")
    field = table.state.round.drafts[table.team_of("p0")].fields["promise"]
    assert (field.text, field.version, field.by) == ("We listen first", 2, "Player 3")


def test_an_empty_draft_cannot_be_submitted_but_a_submitted_one_stays_editable(table):
    table.to_phase("draft")
    assert rejected(table, c.SubmitDraft("p0")) == "draft_empty"
    table.write("p0", "We listen")
    table.do(c.SubmitDraft("p0"))
    table.write("p0", " first")
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
