"""The promises activity: collect the session's promises and the teams' own, merge duplicates,
spend 3 dots each, confirm 3 to 5, write behaviours per team, commit an owner and a first step."""
import time

import pytest

from game.core import commands as c
from game.core.phase import Phase
from game.core.promise_board import DOTS_PER_PLAYER, PromiseBoard
from game.core.rules.phases import PHASES, done_rule
from game.core.screen_view import screen_view
from game.core.views import host_view, me_view, session_view, team_view
from tests.core.conftest import Table, rejected
from tests.ydraft import Typist


def promises_table(cases: int = 1) -> Table:
    """Six players in three teams; each team drafted a promise on every case; now in collect."""
    table = Table(cards=cases, promises=True)
    table.host(c.StartGame)
    for card in range(cases):
        table.to_phase("draft")
        for pid in ("p0", "p1", "p2"):
            table.write(pid, f"Promise {card} of {table.team_of(pid)}")
        table.host(c.AdvancePhase)  # vote
        table.host(c.AdvancePhase)  # reveal
        table.host(c.AdvancePhase)  # the next card
    assert table.state.phase == Phase.COLLECT
    return table


def texts(table: Table) -> list[str]:
    return [item.text for item in table.state.board.groups()]


def grouped_table() -> Table:
    table = promises_table()
    table.write("p0", "We call back within the hour\nWe greet every guest by name", field="promises")
    table.write("p1", "we call  back within the hour!", field="promises")
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.GROUP
    return table


def test_the_activity_follows_the_last_case_and_runs_its_five_phases_then_finishes():
    table = promises_table()
    seen = [table.state.phase]
    while table.state.phase != Phase.FINISHED:
        table.host(c.AdvancePhase)
        seen.append(table.state.phase)
    assert seen == ["collect", "group", "choose", "live", "commit", "finished"]


def test_a_deck_of_only_the_promises_activity_starts_in_collect():
    table = Table(cards=0, promises=True)
    table.host(c.StartGame)
    assert table.state.phase == Phase.COLLECT and table.state.board.items == {}


def test_collect_lists_every_drafted_promise_of_every_case_but_hidden_drafts():
    table = Table(cards=2, promises=True)
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid, f"First case, {pid}")
    table.host(c.HideDraft, team_id=table.team_of("p2"))
    table.host(c.AdvancePhase)
    while table.state.phase != "draft":
        table.host(c.AdvancePhase)
    table.write("p0", "Second case, p0")
    while table.state.phase != "collect":
        table.host(c.AdvancePhase)
    items = list(table.state.board.items.values())
    assert [(i.text, i.card_index) for i in items] == [("First case, p0", 0), ("First case, p1", 0),
                                                       ("Second case, p0", 1)]


def test_each_line_a_team_writes_in_collect_becomes_a_promise_and_exact_duplicates_start_merged():
    table = grouped_table()
    assert texts(table) == ["Promise 0 of " + table.team_of(p) for p in ("p0", "p1", "p2")] + [
        "We call back within the hour", "We greet every guest by name"]
    duplicate = next(i for i in table.state.board.items.values() if i.text == "we call back within the hour!")
    original = next(i for i in table.state.board.items.values() if i.text == "We call back within the hour")
    assert duplicate.merged_into == original.id and duplicate.team_id == table.team_of("p1")


def test_the_facilitator_merges_duplicates_and_can_undo_it():
    table = grouped_table()
    board = table.state.board
    first, second = board.groups()[0].id, board.groups()[1].id
    table.host(c.MergePromise, promise_id=second, into=first)
    assert second not in [i.id for i in board.groups()] and [i.id for i in board.members(first)] == [second]
    table.host(c.SplitPromise, promise_id=second)
    assert second in [i.id for i in board.groups()]


def test_merging_a_group_moves_its_members_along():
    table = grouped_table()
    ids = [i.id for i in table.state.board.groups()]
    table.host(c.MergePromise, promise_id=ids[1], into=ids[0])
    table.host(c.MergePromise, promise_id=ids[0], into=ids[2])
    assert {i.id for i in table.state.board.members(ids[2])} == {ids[0], ids[1]}


@pytest.mark.parametrize("fields, code", [
    ({"promise_id": "p1", "into": "p1"}, "bad_merge"),
    ({"promise_id": "p1", "into": "p99"}, "unknown_promise"),
    ({"promise_id": 7, "into": "p1"}, "unknown_promise"),
])
def test_a_bad_merge_is_refused_and_changes_nothing(fields, code):
    table = grouped_table()
    assert rejected(table, c.MergePromise(c.HOST, **fields)) == code


def test_merging_is_only_for_the_group_phase():
    table = promises_table()
    assert rejected(table, c.MergePromise(c.HOST, promise_id="p1", into="p2")) == "not_in_phase"


def test_a_reworded_promise_is_stored_as_plain_words_and_bad_text_is_refused():
    table = grouped_table()
    table.host(c.RewordPromise, promise_id="p1", text="  We  listen first ")
    assert table.state.board.items["p1"].text == "We listen first"
    assert rejected(table, c.RewordPromise(c.HOST, promise_id="p1", text="   ")) == "empty_promise"
    assert rejected(table, c.RewordPromise(c.HOST, promise_id="p1", text="x" * 301)) == "text_too_long"
    assert rejected(table, c.RewordPromise(c.HOST, promise_id="p1", text="evil\u202etxt")) == "bad_text"


def test_a_hidden_promise_leaves_the_list_and_the_dot_vote():
    table = grouped_table()
    table.host(c.HidePromise, promise_id="p1")
    assert "p1" not in [i.id for i in table.state.board.groups()]
    table.host(c.AdvancePhase)
    assert rejected(table, c.PlaceDots("p0", promise_ids=("p1",))) == "unknown_promise"


def choosing_table() -> Table:
    table = grouped_table()
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.CHOOSE
    return table


def test_every_player_has_three_dots_and_may_put_several_on_one_promise():
    table = choosing_table()
    outcome = table.do(c.PlaceDots("p0", promise_ids=("p2", "p2", "p4")))
    assert outcome.result == {"dots": ["p2", "p2", "p4"]}
    assert table.state.board.tally()["p2"] == 2
    assert rejected(table, c.PlaceDots("p1", promise_ids=("p1",) * (DOTS_PER_PLAYER + 1))) == "too_many_dots"


def test_placing_dots_again_replaces_them_and_none_takes_them_back():
    table = choosing_table()
    table.do(c.PlaceDots("p0", promise_ids=("p2", "p2", "p4")))
    table.do(c.PlaceDots("p0", promise_ids=("p1",)))
    assert table.state.board.dots == {"p0": ["p1"]}
    table.do(c.PlaceDots("p0", promise_ids=()))
    assert table.state.board.dots == {}


def test_the_ranking_counts_every_dot_once_and_a_tie_keeps_the_order_of_appearance():
    table = choosing_table()
    for pid in ("p0", "p1", "p2"):
        table.do(c.PlaceDots(pid, promise_ids=("p3", "p2", "p4")))
    table.do(c.PlaceDots("p3", promise_ids=("p4", "p4", "p4")))
    assert table.state.board.ranking()[:3] == [("p4", 6), ("p2", 3), ("p3", 3)]


def test_dots_are_only_placed_in_the_choose_phase():
    table = grouped_table()
    assert rejected(table, c.PlaceDots("p0", promise_ids=("p1",))) == "not_in_phase"


def test_choose_is_done_when_everyone_has_spent_their_dots_but_stays_open():
    table = choosing_table()
    for i in range(6):
        table.do(c.PlaceDots(f"p{i}", promise_ids=("p1", "p2", "p4")))
    assert done_rule(table.state).is_done(table.state)
    assert not PHASES[Phase.CHOOSE].closes_early and table.state.phase == Phase.CHOOSE


def test_the_facilitator_confirms_three_to_five_promises_in_the_charters_order():
    table = choosing_table()
    table.host(c.ChoosePromises, promise_ids=("p4", "p1", "p2"))
    assert table.state.board.chosen == ["p4", "p1", "p2"]
    assert rejected(table, c.ChoosePromises(c.HOST, promise_ids=("p1", "p2"))) == "bad_choice"
    assert rejected(table, c.ChoosePromises(c.HOST, promise_ids=("p1", "p1", "p2"))) == "bad_choice"
    assert rejected(table, c.ChoosePromises(c.HOST, promise_ids=("p1", "p2", "p99"))) == "unknown_promise"


def test_a_room_with_fewer_than_three_promises_may_choose_them_all():
    table = promises_table()
    table.host(c.AdvancePhase)
    table.host(c.HidePromise, promise_id="p3")
    table.host(c.AdvancePhase)
    table.host(c.ChoosePromises, promise_ids=("p1", "p2"))
    assert table.state.board.chosen == ["p1", "p2"]


def test_moving_on_without_a_choice_takes_the_top_three_by_dots():
    table = choosing_table()
    for pid in ("p0", "p1"):
        table.do(c.PlaceDots(pid, promise_ids=("p5", "p5", "p4")))
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.LIVE and table.state.board.chosen == ["p5", "p4", "p1"]


def live_table() -> Table:
    table = choosing_table()
    table.host(c.ChoosePromises, promise_ids=("p4", "p1", "p2"))
    table.host(c.AdvancePhase)
    return table


def test_every_team_writes_its_own_behaviours_for_the_same_promise():
    table = live_table()
    table.write("p0", "Call back ourselves", field="p4.we_do")
    table.write("p1", "Pass the caller on", field="p4.we_dont")
    board = table.state.board
    assert board.behaviour(table.team_of("p0"), "p4")["we_do"] == "Call back ourselves"
    assert board.behaviour(table.team_of("p1"), "p4") == {"we_do": "", "we_dont": "Pass the caller on",
                                                           "appreciate": "", "measure": ""}


def test_a_behaviour_for_a_promise_that_was_not_chosen_is_refused():
    table = live_table()
    update = Typist().insert("p3.we_do", None, "Not chosen")
    assert rejected(table, c.UpdateDraft("p0", update=update)) == "bad_update"


def commit_table() -> Table:
    table = live_table()
    table.write("p0", "Call back ourselves", field="p4.we_do")
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.COMMIT
    return table


def test_each_chosen_promise_gets_an_owner_and_a_first_step_with_a_date():
    table = commit_table()
    table.host(c.SetCommitment, promise_id="p4", owner="Sanne", first_step="Call-back rota", due="2027-01-15")
    commitment = table.state.board.commitments["p4"]
    assert (commitment.owner, commitment.first_step, commitment.due) == ("Sanne", "Call-back rota", "2027-01-15")


@pytest.mark.parametrize("fields, code", [
    ({"promise_id": "p3", "owner": "Sanne"}, "unknown_promise"),
    ({"promise_id": "p4", "due": "15-01-2027"}, "bad_date"),
    ({"promise_id": "p4", "due": "2027-02-30"}, "bad_date"),
    ({"promise_id": "p4", "owner": "x" * 61}, "text_too_long"),
    ({"promise_id": "p4", "owner": "Bell\x07"}, "bad_text"),
    ({"promise_id": "p4", "first_step": 5}, "bad_payload"),
])
def test_a_bad_commitment_is_refused_and_changes_nothing(fields, code):
    table = commit_table()
    assert rejected(table, c.SetCommitment(c.HOST, **fields)) == code


def test_the_behaviours_freeze_when_commit_begins_and_the_charter_when_the_session_ends():
    table = commit_table()
    assert rejected(table, c.UpdateDraft("p0", update=Typist().insert("p4.we_do", None, "late"))) == "not_in_phase"
    assert table.state.board.behaviour(table.team_of("p0"), "p4")["we_do"] == "Call back ourselves"
    table.host(c.AdvancePhase)
    assert table.state.phase == Phase.FINISHED
    assert rejected(table, c.SetCommitment(c.HOST, promise_id="p4", owner="Late")) == "not_in_phase"


def test_players_cannot_do_the_facilitators_board_work():
    table = grouped_table()
    assert rejected(table, c.MergePromise("p0", promise_id="p2", into="p1")) == "not_host"


# --- what each audience sees ---------------------------------------------------------------

def test_the_projector_sees_the_live_ranking_and_nobody_sees_who_put_which_dots():
    table = choosing_table()
    table.do(c.PlaceDots("p0", promise_ids=("p2", "p2", "p4")))
    view = session_view(table.state, now=table.now)
    assert view["activity"] == "promises" and view["card"] is None
    promises = view["promises"]
    assert [i["id"] for i in promises["items"]] == [i.id for i in table.state.board.groups()]
    assert promises["ranking"] is None and screen_view(table.state)["ranking"][0] == {"id": "p2", "dots": 2}
    assert "p0" not in str(promises) and me_view(table.state, "p0")["dots"] == ["p2", "p2", "p4"]
    assert me_view(table.state, "p1")["dots"] == []


def test_the_ranking_is_shown_only_from_the_choose_phase():
    table = grouped_table()
    assert session_view(table.state, now=table.now)["promises"]["ranking"] is None


def test_a_team_sees_its_own_document_while_it_writes_and_the_facilitator_sees_every_team():
    table = promises_table()
    table.write("p0", "We answer within a day", field="promises")
    own = team_view(table.state, table.team_of("p0"))["draft"]["fields"]["promises"]["text"]
    other = team_view(table.state, table.team_of("p1"))["draft"]["fields"]["promises"]["text"]
    assert (own, other) == ("We answer within a day", "")
    assert host_view(table.state)["promises"]["additions"][table.team_of("p0")] == "We answer within a day"
    assert "We answer within a day" not in str(session_view(table.state, now=table.now))


def test_the_charter_is_public_once_the_behaviours_are_final():
    table = live_table()
    table.write("p0", "Call back ourselves", field="p4.we_do")
    assert session_view(table.state, now=table.now)["promises"]["charter"] is None
    table.host(c.AdvancePhase)
    table.host(c.SetCommitment, promise_id="p4", owner="Sanne", first_step="A rota", due="2027-01-15")
    charter = session_view(table.state, now=table.now)["promises"]["charter"]
    assert [row["id"] for row in charter] == ["p4", "p1", "p2"]
    assert charter[0]["commitment"] == {"owner": "Sanne", "first_step": "A rota", "due": "2027-01-15"}
    team = table.state.team(table.team_of("p0"))
    assert charter[0]["teams"] == [{"team_id": team.id, "team_name": team.name, "color": team.color,
                                    "we_do": "Call back ourselves", "we_dont": "", "appreciate": "", "measure": ""}]


def test_the_facilitator_sees_the_activitys_notes():
    table = promises_table()
    assert host_view(table.state)["notes"]["lesson"] == "Promises the room keeps."


def test_next_from_the_lobby_names_the_first_activitys_first_phase():
    table = Table(cards=0, promises=True)
    assert host_view(table.state)["next_phase"] == "collect"


def test_a_board_of_a_thousand_player_room_is_built_in_well_under_a_second():
    """Some 250 promises at 1,000 players, and then the teams' own lines: each is compared with
    every group on the board. Normalising every text again for each comparison took 1.8 s for 400
    promises (the phones waited on it at the collect phase change); now it takes a few tens of ms."""
    board = PromiseBoard()
    started = time.perf_counter()
    for i in range(400):
        board.add(f"We promise to call every customer back within {i} hours, whatever happened", f"t{i % 125}", 0)
    assert time.perf_counter() - started < 0.5
    assert len(board.groups()) == 400
    assert board.add("WE PROMISE to call every customer back within 7 hours, whatever happened!", "t1", 1).merged_into
