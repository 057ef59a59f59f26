"""The shape of every client message, checked before anything else sees it."""
from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..core.state import NAME_MAX

MAX_MESSAGE_BYTES = 16 * 1024
# What the server reads at all (a Socket.IO message, an HTTP body): up to this it answers an
# oversized message with a code; above it the transport closes the connection unread.
MAX_READ_BYTES = 1024 * 1024
# Controls that move the game on: they name the card and phase they were pressed in.
MOVING_ACTIONS = frozenset({"start", "next", "skip", "end"})
# No message of ours nests deeper than 2; this leaves room and refuses a bomb of brackets.
MAX_DEPTH = 8

ActionId = Annotated[str, Field(min_length=1, max_length=64)]
ShortText = Annotated[str, Field(max_length=64)]


class _Payload(BaseModel):
    # strict: "3" is not 3; forbid: a misspelt key is an error, not ignored.
    model_config = ConfigDict(strict=True, extra="forbid")


class Auth(_Payload):
    code: Annotated[str, Field(min_length=1, max_length=12)]
    # None: the signed-in owner's cookie is the credential (host screen reopened from /sessions).
    token: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    # Instead of a token: join as a new player with this name (the server answers with `joined`).
    # No length limit here: the rules answer any name over the limit with name_too_long.
    name: str | None = None
    # With the host's credentials: connect as the projector, which gets the screen view
    # (no notes, no authorship before the reveal) and may send nothing but `sync`.
    screen: bool = False


class Sync(_Payload):
    pass


class Diagnose(_Payload):
    id: ActionId
    options: Annotated[list[ShortText], Field(max_length=8)]


class DraftUpdate(_Payload):
    id: ActionId
    # A Yjs update (encoding v1) in base64; the message limit bounds it, the rules check it.
    update: Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_BYTES)]


class DraftSync(_Payload):
    state_vector: Annotated[str, Field(min_length=1, max_length=4096)]  # a Yjs state vector in base64


class DraftPresence(_Payload):
    field: ShortText | None = None  # None: no longer typing
    index: Annotated[int, Field(ge=0, le=100_000)] | None = None


class DraftSubmit(_Payload):
    id: ActionId
    submitted: bool = True


class Vote(_Payload):
    id: ActionId
    entry_id: ShortText


class Dots(_Payload):
    id: ActionId
    # More than a player's 3 dots is the rules' to refuse (too_many_dots), with its own code.
    promise_ids: Annotated[list[ShortText], Field(max_length=10)]


class PromiseAction(_Payload):
    id: ActionId
    action: ShortText
    promise_id: ShortText = ""
    into: ShortText = ""  # merge: the promise it joins
    text: Annotated[str, Field(max_length=2000)] = ""  # reword (the rules hold it to 300)
    promise_ids: Annotated[list[ShortText], Field(max_length=10)] = []  # choose, in the charter's order
    owner: Annotated[str, Field(max_length=200)] = ""  # commit (the rules hold it to 60)
    first_step: Annotated[str, Field(max_length=2000)] = ""  # commit (the rules hold it to 300)
    due: Annotated[str, Field(max_length=20)] = ""  # commit: YYYY-MM-DD or ""


class Control(_Payload):
    id: ActionId
    action: ShortText
    seconds: int = 60
    # The card and phase the facilitator's screen showed: required for MOVING_ACTIONS.
    card_index: Annotated[int, Field(ge=0)] | None = None
    phase: ShortText | None = None
    step: int = 0

    @model_validator(mode="after")
    def _moving_controls_say_where_from(self):
        if self.action in MOVING_ACTIONS and (self.card_index is None or self.phase is None):
            raise ValueError(f"{self.action!r} needs the card_index and phase it moves from")
        return self


class Moderate(_Payload):
    id: ActionId
    action: ShortText
    player_id: ShortText | None = None
    team_id: ShortText | None = None
    name: str | None = None
    rejoin: bool = False  # remove: whether the removed player's phone offers "join again"
    minutes: int = 5  # remove_recent: players who joined in the last this many minutes


class BadPayload(Exception):
    """A message refused before the rules see it: ``bad_payload``, or ``message_too_large`` (over
    MAX_MESSAGE_BYTES), or ``name_too_long`` when what makes it too large is a name."""

    def __init__(self, message: str, code: str = "bad_payload"):
        super().__init__(message)
        self.message = message
        self.code = code


def _long_name(data: dict) -> bool:
    name = data.get("name")
    return isinstance(name, str) and len(" ".join(name.split())) > NAME_MAX


def nesting_depth(value: object, limit: int) -> int:
    """How deep lists and objects nest in ``value``, counting no further than ``limit + 1``
    (without recursion, so no input can exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def json_body(request, max_bytes: int = MAX_MESSAGE_BYTES) -> object:
    """The request's JSON body, reading at most ``max_bytes`` of it (chunked bodies too), or None."""
    request.max_content_length = max_bytes  # Werkzeug stops reading beyond it: 413
    try:
        return json.loads(request.get_data(cache=False))
    except (ValueError, RecursionError):
        return None


def parse(model: type[_Payload], data: object) -> _Payload:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadPayload("The message must be an object.")
    if nesting_depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise BadPayload(f"The message nests more than {MAX_DEPTH} levels deep.")
    try:
        size = len(json.dumps(data, ensure_ascii=False).encode())
    except (TypeError, ValueError, RecursionError):
        raise BadPayload("The message is not plain JSON.") from None
    if size > MAX_MESSAGE_BYTES:
        if "name" in model.model_fields and _long_name(data):
            raise BadPayload(f"Use at most {NAME_MAX} characters for a name.", "name_too_long")
        raise BadPayload(f"The message is too large ({size} bytes, at most {MAX_MESSAGE_BYTES}).",
                         "message_too_large")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "message"
        raise BadPayload(f"{where}: {first['msg']}") from None


class JoinRequest(_Payload):
    name: str  # any length: the rules answer a name over the limit with name_too_long
    # The client's own token (32-100 characters), so a join whose answer was lost can be retried.
    token: Annotated[str, Field(min_length=1, max_length=100)] | None = None


DEFAULT_TEAM_COUNT = 3  # neither team_count nor team_size: three teams (docs/protocol.md)


class CreateRequest(_Payload):
    deck_id: ShortText
    team_count: Annotated[int, Field(ge=1, le=60)] | None = None
    team_size: Annotated[int, Field(ge=1, le=100)] | None = None
    language: Literal["en", "nl"] | None = None
    # Draft and vote close a few seconds after everyone is done (diagnose never does).
    early_end: bool = True
    # The client organisation ("My sessions" groups and filters by it); blank: none.
    organisation: Annotated[str, Field(max_length=80)] | None = None

    @model_validator(mode="after")
    def _one_way_to_form_teams(self):
        if self.team_count is not None and self.team_size is not None:
            raise ValueError("send team_count or team_size, not both")
        return self
