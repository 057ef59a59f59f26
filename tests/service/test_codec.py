"""The command log's encoding: every command round-trips, and rows written by earlier versions still decode."""
import json

from game.core import commands as c
from game.service.codec import command_from_json, command_to_json


def test_a_command_round_trips_through_the_log():
    command = c.MarkDiagnose("p1", options=("kick", "slow"), action_id="a1")
    assert command_from_json(*command_to_json(command)) == command


def test_a_diagnose_logged_as_TickDiagnose_by_an_earlier_version_replays_as_MarkDiagnose():
    payload = json.dumps({"actor": "p1", "action_id": "a1", "options": ["kick"]})
    assert command_from_json("TickDiagnose", payload) == c.MarkDiagnose("p1", options=("kick",), action_id="a1")
