"""Commands and states to and from JSON, for the snapshot and the command log."""
from __future__ import annotations

import dataclasses
import json

from ..core import commands
from ..core.state import SessionState

_KINDS = {cls.__name__: cls for cls in vars(commands).values()
          if isinstance(cls, type) and issubclass(cls, commands.Command) and cls is not commands.Command}
# Command log rows written before a command was renamed keep its old kind: old name -> new name.
_RENAMED = {"TickDiagnose": "MarkDiagnose"}


def command_to_json(command: commands.Command) -> tuple[str, str]:
    return type(command).__name__, json.dumps(dataclasses.asdict(command), ensure_ascii=False)


def command_from_json(kind: str, payload: str) -> commands.Command:
    data = json.loads(payload)
    kind = _RENAMED.get(kind, kind)
    if kind == "MarkDiagnose":
        data["options"] = tuple(data["options"])
    return _KINDS[kind](**data)


def state_to_json(state: SessionState) -> str:
    return state.model_dump_json()


def state_from_json(text: str) -> SessionState:
    return SessionState.model_validate_json(text)
