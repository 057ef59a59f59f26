"""Each audience sees what it may, and nothing more."""
import json

from game.core import commands as c
from game.core.views import full_view, host_view, session_view, team_view, team_views
from tests.core.conftest import Table


def drafting_table() -> Table:
    table = Table(perspectives=3)
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid, f"Secret promise of {table.team_of(pid)}")
    return table


def test_a_team_sees_only_its_own_draft_while_drafting():
    table = drafting_table()
    view = json.dumps(full_view(table.state, table.now, player_id="p0"))
    assert "Secret promise of t1" in view
    assert "Secret promise of t2" not in view and "Secret promise of t3" not in view


def test_the_session_view_hides_notes_key_options_and_model_response():
    table = drafting_table()
    view = json.dumps(session_view(table.state, table.now))
    assert "Show empathy" not in view and "I am sorry about your weekend" not in view
    assert '"key"' not in view and "Secret promise" not in view


def test_the_ballot_is_anonymous_and_each_team_gets_its_own_order():
    table = drafting_table()
    table.host(c.AdvancePhase)
    session = session_view(table.state, table.now)
    assert {"entry_id", "response", "promise", "we_do", "we_dont"} == set(session["ballot"][0])
    assert "Coral" not in json.dumps(session["ballot"]) and "team_id" not in json.dumps(session["ballot"])
    team = team_view(table.state, "t1")
    assert sorted(team["ballot_order"]) == ["A", "B", "C"]
    assert table.state.round.entries[team["own_entry"]] == "t1"


def test_votes_are_hidden_from_players_until_the_reveal():
    table = drafting_table()
    table.host(c.AdvancePhase)
    table.do(c.CastVote("p0", entry_id=table.other_entry("p0")))
    player_view = full_view(table.state, table.now, player_id="p1")
    assert player_view["session"]["results"] is None
    assert host_view(table.state)["votes"][table.other_entry("p0")] == 1
    table.host(c.AdvancePhase)
    results = session_view(table.state, table.now)["results"]
    assert sum(row["votes"] for row in results["entries"]) == 1
    assert results["key_options"] == ["blamed", "not-possible"]


def test_each_team_is_dealt_one_perspective():
    table = drafting_table()
    roles = [team_view(table.state, t.id)["perspective"]["role"] for t in table.state.teams]
    assert roles == ["Side 0", "Side 1", "Side 2"]


def test_the_promise_wall_lists_every_teams_promise_per_card():
    table = drafting_table()
    table.host(c.EndSession)
    wall = session_view(table.state, table.now)["wall"]
    assert wall[0]["card_title"] == "Card card-0"
    assert sorted(t["promise"] for t in wall[0]["teams"]) == [
        "Secret promise of t1", "Secret promise of t2", "Secret promise of t3"]


def test_progress_counts_present_players_and_submitted_teams():
    table = Table(players=4, teams=2)
    table.to_phase("diagnose")
    table.do(c.SetPresence(c.SYSTEM, player_id="p3", away=True))
    table.do(c.MarkDiagnose("p0", options=("kick",)))
    assert session_view(table.state, table.now)["progress"] == {"done": 1, "total": 3, "unit": "players"}
    table.host(c.AdvancePhase)
    table.write("p0")
    table.do(c.SubmitDraft("p0"))
    assert session_view(table.state, table.now)["progress"] == {"done": 1, "total": 2, "unit": "teams"}


def test_the_host_sees_notes_tally_and_who_is_done():
    table = Table()
    table.to_phase("diagnose")
    table.do(c.MarkDiagnose("p0", options=("kick",)))
    host = host_view(table.state)
    assert host["notes"]["lesson"] == "Show empathy" and host["tally"]["kick"] == 1
    assert [p["done"] for p in host["players"]][:2] == [True, False]


def test_team_views_in_one_pass_equal_one_view_per_team(table):
    table.to_phase("vote")
    ids = [t.id for t in table.state.teams] + ["no-such-team"]
    views = team_views(table.state, ids)
    assert views == {t.id: team_view(table.state, t.id) for t in table.state.teams}


def test_the_host_view_names_the_phase_next_leads_to_and_none_at_the_end():
    table = Table(cards=2)
    seen = [host_view(table.state)["next_phase"]]
    table.host(c.StartGame)
    while table.state.phase != "finished":
        seen.append(host_view(table.state)["next_phase"])
        table.host(c.AdvancePhase)
    seen.append(host_view(table.state)["next_phase"])
    assert seen == ["story", "diagnose", "draft", "vote", "reveal", "story",
                    "diagnose", "draft", "vote", "reveal", "finished", None]


def test_every_section_carries_the_version_it_was_built_from(table):
    view = full_view(table.state, table.now, player_id="p0", host=True, version=7)
    assert {name: section["version"] for name, section in view.items()} == {
        "session": 7, "me": 7, "team": 7, "host": 7}
    assert team_views(table.state, ["t1"], version=8)["t1"]["version"] == 8
    assert full_view(table.state, table.now)["session"]["version"] is None  # the caller gave none


def test_a_players_marks_reach_their_phone_under_the_wire_name_ticks(table):
    table.to_phase("diagnose")
    table.do(c.MarkDiagnose("p0", options=("kick",)))
    assert full_view(table.state, table.now, player_id="p0")["me"]["ticks"] == ["kick"]
