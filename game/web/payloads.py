"""The shape of every client message, checked before anything else sees it."""
from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_MESSAGE_BYTES = 16 * 1024

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
    name: Annotated[str, Field(max_length=200)] | None = None
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


class Control(_Payload):
    id: ActionId
    action: ShortText
    seconds: int = 60
    step: int = 0


class Moderate(_Payload):
    id: ActionId
    action: ShortText
    player_id: ShortText | None = None
    team_id: ShortText | None = None
    name: Annotated[str, Field(max_length=200)] | None = None
    rejoin: bool = False  # remove: whether the removed player's phone offers "join again"


class BadPayload(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse(model: type[_Payload], data: object) -> _Payload:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadPayload("The message must be an object.")
    try:
        size = len(json.dumps(data, ensure_ascii=False).encode())
    except (TypeError, ValueError):
        raise BadPayload("The message is not plain JSON.") from None
    if size > MAX_MESSAGE_BYTES:
        raise BadPayload(f"The message is too large ({size} bytes, at most {MAX_MESSAGE_BYTES}).")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "message"
        raise BadPayload(f"{where}: {first['msg']}") from None


class JoinRequest(_Payload):
    name: Annotated[str, Field(max_length=200)]
    # The client's own token (32-100 characters), so a join whose answer was lost can be retried.
    token: Annotated[str, Field(min_length=1, max_length=100)] | None = None


class CreateRequest(_Payload):
    deck_id: ShortText
    team_count: Annotated[int, Field(ge=1, le=60)] | None = None
    team_size: Annotated[int, Field(ge=1, le=100)] | None = None
    language: Literal["en", "nl"] | None = None
    # Draft and vote close a few seconds after everyone is done (diagnose never does).
    early_end: bool = True
