"""Snapshots stored by earlier versions still load."""
import json

from game.core import commands as c
from game.core.state import SessionState
from tests.core.conftest import Table


def test_a_snapshot_from_before_diagnose_ticks_were_called_marks_still_loads(table):
    table.to_phase("diagnose")
    table.do(c.MarkDiagnose("p0", options=("kick", "blamed")))
    stored = json.loads(table.state.model_dump_json())
    stored["rounds"][0]["ticks"] = stored["rounds"][0].pop("marks")  # as an earlier version wrote it
    loaded = SessionState.model_validate_json(json.dumps(stored))
    assert loaded.round.marks == {"p0": ["blamed", "kick"]}
    assert loaded == table.state
    assert '"marks"' in loaded.model_dump_json() and '"ticks"' not in loaded.model_dump_json()


def test_a_current_snapshot_loads_unchanged():
    table = Table()
    table.to_phase("vote")
    assert SessionState.model_validate_json(table.state.model_dump_json()) == table.state
