"""The exports (issue 11, findings 3 and 7): stable ids, and no control characters."""
import csv
import io
import json

from game.core import commands as c
from game.core.export import CSV_COLUMNS, export_csv, export_data, export_markdown
from tests.core.conftest import Table


def played() -> Table:
    table = Table()
    table.to_phase("diagnose")
    for pid in table.state.players:
        table.do(c.MarkDiagnose(pid, options=("blamed",)))
    table.to_phase("draft")
    for pid in ("p0", "p1", "p2"):
        table.write(pid, "We listen\x1b[31m\r\nand\x07 act")
    table.host(c.AdvancePhase)
    for pid in table.state.players:
        table.do(c.CastVote(pid, entry_id=table.other_entry(pid)))
    return table


def test_json_ballots_name_the_player_id_and_options_are_ids_as_in_the_views():
    data = export_data(played().state)
    first = data["rounds"][0]
    assert first["key_options"] == ["blamed", "not-possible"]
    assert first["tally"] == {o["id"]: 6 if o["id"] == "blamed" else 0 for o in first["options"]}
    assert {"blamed", "not-possible", "kick", "slow"} <= set(first["tally"])
    assert first["options"][0] == {"id": "blamed", "label": "Blamed the customer", "key": True, "ticks": 6}
    ballot = first["ballots"][0]
    assert set(ballot) == {"player_id", "voter", "entry", "team_id", "team_name"}
    assert ballot["player_id"] == "p0" and ballot["voter"] == "Player 0"
    assert data["teams"][0]["members"][0] == {"id": "p0", "name": "Player 0"}


def test_csv_rows_carry_team_player_and_option_ids():
    rows = list(csv.DictReader(io.StringIO(export_csv(played().state))))
    assert list(rows[0]) == CSV_COLUMNS
    tally = next(r for r in rows if r["record"] == "tally" and r["option_id"] == "blamed")
    assert tally["field"] == "Blamed the customer" and tally["value"] == "6" and tally["card_id"] == "card-0"
    assert {r["option_id"] for r in rows if r["record"] == "key_option"} == {"blamed", "not-possible"}
    vote = next(r for r in rows if r["record"] == "vote")
    assert vote["player_id"] == "p0" and vote["team_id"].startswith("t") and vote["value"] == "Player 0"


def test_no_export_carries_a_control_character_but_line_breaks_stay():
    state = played().state
    state.players["p3"].name = "Bad\x07Name"  # stored before names were checked
    texts = [json.dumps(export_data(state), ensure_ascii=False), export_csv(state),
             export_markdown(state, lambda key, **values: key)]
    for text in texts:
        assert not any(ch in text for ch in "\x00\x07\x1b")
    assert export_data(state)["rounds"][0]["drafts"][0]["promise"] == "We listen[31m\nand act"
