"""The scenario deck: its model, its limits and its validation messages.

A deck is parsed from TOML text (``parse_deck``) into pydantic models. Every
problem is collected at once and reported as ``file: path.to.field: message``
so that a trainer can fix a whole file in one go. Nothing here reads files.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NoReturn

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from .deck_guard import MAX_DEPTH, bad_text, duplicate_ids, too_deep
from .phase import Phase

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,47}$"
MIN_TIMER, MAX_TIMER = 10, 1800


def _count_between(low: int, high: int, noun: str) -> AfterValidator:
    def check(items: list[Any]) -> list[Any]:
        if not low <= len(items) <= high:
            raise PydanticCustomError(
                "count", "needs {low} to {high} {noun}, found {found}",
                {"low": low, "high": high, "noun": noun, "found": len(items)},
            )
        return items
    return AfterValidator(check)


def _timer(value: int | None) -> int | None:
    if value is not None and value != 0 and not MIN_TIMER <= value <= MAX_TIMER:
        raise PydanticCustomError(
            "timer", "must be 0 (no timer) or {low} to {high} seconds, found {found}",
            {"low": MIN_TIMER, "high": MAX_TIMER, "found": value},
        )
    return value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Timer = Annotated[int, AfterValidator(_timer)]


def Text(max_length: int, min_length: int = 1) -> Any:  # noqa: N802 - reads like a type
    """The limits of a text field: ``name: Annotated[str, Text(60)]``."""
    return Field(min_length=min_length, max_length=max_length)


class _Strict(BaseModel):
    # Unknown fields are errors: a typo in a deck must never pass silently.
    # strict: TOML has real booleans and integers, so "yes" or "300" is a mistake, not a value.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


class Timers(_Strict):
    """Seconds per phase; 0 means the facilitator advances by hand."""

    story: Timer = 120
    diagnose: Timer = 90
    draft: Timer = 420
    vote: Timer = 90
    reveal: Timer = 0
    # The closing promises activity (a deck that ends with it; game/core/promise_board.py).
    collect: Timer = 480
    group: Timer = 0
    choose: Timer = 120
    live: Timer = 600
    commit: Timer = 0


class TimerOverrides(_Strict):
    story: Timer | None = None
    diagnose: Timer | None = None
    draft: Timer | None = None
    vote: Timer | None = None
    reveal: Timer | None = None


class Customer(_Strict):
    name: Annotated[str, Text(60)]
    persona: Annotated[str, Text(160)]
    archetype: Literal["feeler", "entertainer", "thinker", "controller"] | None = None
    feeling: Annotated[str, Text(200)] | None = None


class DiagnoseOption(_Strict):
    id: Slug
    label: Annotated[str, Text(90)]
    key: bool = False


def _unique_ids(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise PydanticCustomError("unique", "id '{id}' is used twice", {"id": item.id})
        seen.add(item.id)
    return items


def _one_key(options: list[DiagnoseOption]) -> list[DiagnoseOption]:
    if options and not any(option.key for option in options):
        raise PydanticCustomError("key", "mark at least one option with key = true", {})
    return options


# A diagnose chart only starts a discussion when the answers are not given away:
# a few keys among enough tempting wrong answers (distractors).
MAX_KEYS, MIN_DISTRACTORS = 3, 3


def _keys_and_distractors(options: list[DiagnoseOption]) -> list[DiagnoseOption]:
    keys = sum(option.key for option in options)
    if keys > MAX_KEYS:
        raise PydanticCustomError("too_many_keys", PROBLEM_MESSAGES["too_many_keys"], {"high": MAX_KEYS, "found": keys})
    if len(options) - keys < MIN_DISTRACTORS:
        raise PydanticCustomError(
            "too_few_distractors", PROBLEM_MESSAGES["too_few_distractors"],
            {"low": MIN_DISTRACTORS, "found": len(options) - keys})
    return options


def _is_key(value: bool) -> dict[str, Any]:
    return {"type": "object", "properties": {"key": {"const": value}}, "required": ["key"]}


# The same counts for JSON Schema tools (draft 2020-12 "contains" with min/maxContains).
_OPTION_COUNTS_SCHEMA = {
    "description": f"4 to 8 options: 1 to {MAX_KEYS} with key = true, at least {MIN_DISTRACTORS} without",
    "allOf": [
        {"contains": _is_key(True), "minContains": 1, "maxContains": MAX_KEYS},
        {"contains": {"not": _is_key(True)}, "minContains": MIN_DISTRACTORS},
    ],
}


DEFAULT_QUESTION = {"en": "What went wrong?", "nl": "Wat ging er mis?"}


class Diagnose(_Strict):
    question: Annotated[str, Text(160)] | None = None  # None: the deck language's DEFAULT_QUESTION
    options: Annotated[
        list[DiagnoseOption],
        _count_between(4, 8, "options"),
        AfterValidator(_unique_ids),
        AfterValidator(_one_key),
        AfterValidator(_keys_and_distractors),
        Field(json_schema_extra=_OPTION_COUNTS_SCHEMA),
    ]


class Prompts(_Strict):
    response: Annotated[str, Text(300)]
    promise: Annotated[str, Text(300)]
    behaviours: Annotated[str, Text(300)]


class Notes(_Strict):
    lesson: Annotated[str, Text(1200)]
    tips: Annotated[list[Annotated[str, Text(300)]], _count_between(0, 10, "tips")] = []
    questions: Annotated[list[Annotated[str, Text(300)]], _count_between(0, 10, "questions")] = []


class Perspective(_Strict):
    role: Annotated[str, Text(60)]
    text: Annotated[str, Text(900)]


def _none_or_2_to_6(items: list[Any]) -> list[Any]:
    if len(items) == 1 or len(items) > 6:
        raise PydanticCustomError(
            "perspectives", "needs 2 to 6 perspectives (or none), found {found}", {"found": len(items)})
    return items


class Card(_Strict):
    """A case: one round of story, diagnose, draft, vote and reveal (activity type "case")."""

    type: Literal["case"] = "case"
    id: Slug
    title: Annotated[str, Text(80)]
    customer: Customer
    story: Annotated[str, Text(3000)]
    short_story: Annotated[str, Text(420)]
    diagnose: Diagnose
    prompts: Prompts
    notes: Notes
    model_response: Annotated[str, Text(2000)] | None = None
    timers: TimerOverrides = TimerOverrides()
    # Perspectives tell one case from several sides, so one alone makes no sense.
    perspectives: Annotated[list[Perspective], AfterValidator(_none_or_2_to_6)] = []


class PromisesPrompts(_Strict):
    """What the phones ask in the promises activity's phases."""

    collect: Annotated[str, Text(300)]  # a new promise of our own: from customer needs, mission, values
    we_do: Annotated[str, Text(300)]
    we_dont: Annotated[str, Text(300)]
    appreciate: Annotated[str, Text(300)]  # how we appreciate the behaviour when we see it
    measure: Annotated[str, Text(300)]  # how we measure whether we keep the promise
    first_step: Annotated[str, Text(300)]  # the commit phase: an owner and a first step with a date


class PromisesTimers(_Strict):
    collect: Timer | None = None
    group: Timer | None = None
    choose: Timer | None = None
    live: Timer | None = None
    commit: Timer | None = None


class PromisesActivity(_Strict):
    """The closing activity: the room's own 3 to 5 customer promises (activity type "promises")."""

    type: Literal["promises"]
    id: Slug
    title: Annotated[str, Text(80)]
    intro: Annotated[str, Text(600)]  # the projector and phones while promises are collected
    prompts: PromisesPrompts
    notes: Notes
    timers: PromisesTimers = PromisesTimers()


Activity = Card | PromisesActivity
ACTIVITY_TYPES = ("case", "promises")


def _activity_type(value: Any) -> str:
    """Which model an entry of ``cards`` is: its ``type``, "case" when it names none."""
    kind = value.get("type", "case") if isinstance(value, dict) else getattr(value, "type", "case")
    return kind if kind in ACTIVITY_TYPES else "unknown"


def _promises_last(cards: list[Activity]) -> list[Activity]:
    kinds = [card.type for card in cards]
    if kinds.count("promises") > 1 or ("promises" in kinds and kinds[-1] != "promises"):
        raise PydanticCustomError("promises_last", PROBLEM_MESSAGES["promises_last"], {})
    return cards


AnyActivity = Annotated[Annotated[Card, Tag("case")] | Annotated[PromisesActivity, Tag("promises")],
                        Discriminator(_activity_type, custom_error_type="activity_type",
                                      custom_error_message="unknown activity type",
                                      custom_error_context={"expected": "'case', 'promises'"})]


class Deck(_Strict):
    id: Slug
    title: Annotated[str, Text(80)]
    language: Literal["nl", "en"]
    description: Annotated[str, Text(600)]
    author: Annotated[str, Text(80)]
    translation_of: Slug | None = None
    timers: Timers = Timers()
    # Every session of this deck closes with the shipped "Our promises" activity in the deck's
    # language (scenarios/activities/), unless the deck's last card is a promises activity itself.
    end_with_promises: bool = False
    cards: Annotated[list[AnyActivity], _count_between(1, 30, "cards"), AfterValidator(_unique_ids),
                     AfterValidator(_promises_last)]

    @model_validator(mode="after")
    def _questions_in_the_decks_language(self) -> Deck:
        for card in self.cases():
            if card.diagnose.question is None:
                card.diagnose.question = DEFAULT_QUESTION[self.language]
        if self.translation_of == self.id:
            raise PydanticCustomError("translation",
                                      "translation_of must name the other language's deck, not this one", {})
        return self

    def cases(self) -> list[Card]:
        return [card for card in self.cards if isinstance(card, Card)]

    def closing(self) -> PromisesActivity | None:
        last = self.cards[-1]
        return last if isinstance(last, PromisesActivity) else None

    def ending_with(self, activity: PromisesActivity) -> Deck:
        """This deck as a session plays it: with ``activity`` appended when ``end_with_promises``
        asks for it and the deck has no promises activity of its own."""
        if not self.end_with_promises or self.closing() is not None:
            return self
        return self.model_copy(update={"cards": [*self.cards, activity]})

    def timer_for(self, card_index: int, phase: Phase) -> int:
        """Seconds for an activity's phase on a card: the card's override or the deck's."""
        override = getattr(self.cards[card_index].timers, phase.value, None)
        seconds: int = getattr(self.timers, phase.value) if override is None else override
        return seconds


# --- validation messages -------------------------------------------------------

@dataclass(frozen=True)
class DeckProblem:
    """One thing wrong with a deck file, precise enough to fix without guessing."""

    file: str
    path: str
    message: str
    line: int | None = None
    # For interfaces that word problems in their own language: a key of PROBLEM_MESSAGES
    # ("" for problems only the message describes, such as TOML syntax errors) and its values.
    # Equality stays file, path, message and line: the code only re-states the message.
    code: str = field(default="", compare=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = self.path or (f"line {self.line}" if self.line else "")
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"


class DeckInvalid(Exception):
    def __init__(self, problems: list[DeckProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("function-after") or part.startswith("literal["):
            continue
        elif part in ACTIVITY_TYPES and i and isinstance(loc[i - 1], int):
            continue  # the activity type pydantic tags a card's problems with: not a field
        else:
            out += ("." if out else "") + part
    return out


# English wording of every problem the loader knows, by code. The interface
# catalogs have the same keys as "deckproblem.<code>" (a test keeps the English
# ones equal), so the editor shows a problem in the trainer's language from its
# code and params instead of re-reading this text.
PROBLEM_MESSAGES = {
    "required": "is required",
    "unknown_field": "unknown field (check the spelling against scenarios/FORMAT.md)",
    "too_long": "must be at most {max} characters, found {found}",
    "empty": "must not be empty",
    "slug": "must be lowercase letters, digits and dashes, like 'leaky-tent', found {found}",
    "one_of": "must be one of {expected}, found {found}",
    "whole_number": "must be a whole number, found {found}",
    "type": "must be {expected}, found {found}",
    "perspectives": "needs 2 to 6 perspectives (or none), found {found}",
    "count": "needs {low} to {high} {noun}, found {found}",
    "timer": "must be 0 (no timer) or {low} to {high} seconds, found {found}",
    "duplicate_id": "id '{id}' is used twice",
    "key": "mark at least one option with key = true",
    "too_many_keys": "card {card} marks {found} options with key = true; mark at most {high},"
                     " or the chart gives the answers away",
    "too_few_distractors": "card {card} has {found} options without key = true; it needs at least {low}"
                           " tempting wrong answers (distractors)",
    "translation_self": "translation_of must name the other language's deck, not this one",
    "too_deep": "nests more than {max} levels deep: this is not a deck",
    "not_text": "contains a character that is not text (a control character or a lone surrogate)",
    "promises_last": "a deck has at most one promises activity (type = \"promises\"), and it is the last card",
    "activity_type": "type must be one of {expected}, found {found}",
}
# The kinds a "type" problem names: code -> English words (catalog: deckproblem.kind.<code>).
KINDS = {"text": "text", "number": "a whole number", "bool": "true or false", "list": "a list", "table": "a table"}
_TYPE_KINDS = {"string_type": "text", "int_type": "number", "int_parsing": "number", "bool_type": "bool",
               "bool_parsing": "bool", "list_type": "list", "model_type": "table", "dict_type": "table",
               "model_attributes_type": "table"}
# Our own validators' error types that are named differently in PROBLEM_MESSAGES.
_CUSTOM_CODES = {"unique": "duplicate_id", "translation": "translation_self"}
# Problems whose wording names the card they are in (params["card"]).
_NAMES_THE_CARD = {"too_many_keys", "too_few_distractors"}


def _code_and_params(error: ErrorDetails) -> tuple[str, dict[str, Any]]:
    """The problem's code in PROBLEM_MESSAGES and the values its wording needs ("" when unknown)."""
    kind, ctx, given = error["type"], error.get("ctx", {}), error["input"]
    simple = {"missing": "required", "extra_forbidden": "unknown_field", "string_too_short": "empty"}
    if kind in simple:
        return simple[kind], {}
    if kind == "string_too_long":
        return "too_long", {"max": ctx["max_length"], "found": len(given.strip())}
    if kind == "string_pattern_mismatch":
        return "slug", {"found": repr(given)}
    if kind == "literal_error":
        return "one_of", {"expected": ctx["expected"], "found": repr(given)}
    if kind == "int_from_float":
        return "whole_number", {"found": repr(given)}
    if kind in _TYPE_KINDS:
        return "type", {"kind": _TYPE_KINDS[kind], "found": f"{type(given).__name__} {given!r}"[:180]}
    if kind == "activity_type":
        found = given.get("type") if isinstance(given, dict) else given
        return kind, {"expected": ctx["expected"], "found": repr(found)}
    code = _CUSTOM_CODES.get(kind, kind)
    return (code, dict(ctx)) if code in PROBLEM_MESSAGES else ("", {})


def problem_message(code: str, params: dict[str, Any]) -> str:
    """The English wording of a known problem."""
    values = {**params, "expected": KINDS[params["kind"]]} if code == "type" else params
    return PROBLEM_MESSAGES[code].format(**values)


def _card_name(loc: tuple[Any, ...], data: Any) -> str:
    """The card a problem is in, as a trainer knows it: its id, or its number when it has no id."""
    index = loc[1]
    cards = data.get("cards") if isinstance(data, dict) else None
    card = cards[index] if isinstance(cards, list) and index < len(cards) else None
    card_id = card.get("id") if isinstance(card, dict) else None
    return repr(card_id) if isinstance(card_id, str) and card_id else f"#{index + 1}"


def problems_from(error: ValidationError, file: str, data: Any = None) -> list[DeckProblem]:
    problems = []
    for item in error.errors():
        code, params = _code_and_params(item)
        if code in _NAMES_THE_CARD:
            params["card"] = _card_name(item["loc"], data)
        message = problem_message(code, params) if code else item["msg"]
        path = _path(item["loc"]) + (".type" if code == "activity_type" else "")
        problems.append(DeckProblem(file, path, message, code=code, params=params))
    return problems


def parse_deck(text: str, file: str = "deck.toml", expected_id: str | None = None) -> Deck:
    """Parse and validate a deck; raise DeckInvalid with every problem found."""
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested array or table
        return _raise([DeckProblem(file, "", problem_message("too_deep", {"max": MAX_DEPTH}), code="too_deep",
                                   params={"max": MAX_DEPTH})])
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's TOMLDecodeError only carries the position in its text.
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        reason = re.sub(r"\s*\(at line.*\)$", "", str(error))
        line = int(found.group(1)) if found else None
        return _raise([DeckProblem(file, "", f"TOML syntax error: {reason}", line)])
    return deck_from_data(data, file, expected_id)


def _guard(data: Any, file: str) -> list[DeckProblem]:
    """What deck_guard finds in the raw data, as problems (see game/core/deck_guard.py)."""
    if too_deep(data):
        return [DeckProblem(file, "", problem_message("too_deep", {"max": MAX_DEPTH}), code="too_deep",
                            params={"max": MAX_DEPTH})]
    problems = [DeckProblem(file, path, problem_message("not_text", {}), code="not_text")
                for path, _code in bad_text(data)]
    problems += [DeckProblem(file, path, problem_message("duplicate_id", {"id": ident}), code="duplicate_id",
                             params={"id": ident}) for path, ident in duplicate_ids(data)]
    return problems


def deck_from_data(data: Any, file: str = "deck", expected_id: str | None = None) -> Deck:
    guarded = _guard(data, file)
    if guarded and guarded[0].code == "too_deep":
        _raise(guarded)
    problems = []
    if expected_id is not None and isinstance(data, dict) and "id" in data and data["id"] != expected_id:
        problems.append(DeckProblem(file, "id", f"must match the file name '{expected_id}', found {data['id']!r}"))
    try:
        deck = Deck.model_validate(data)
    except ValidationError as error:
        problems = [p for p in problems_from(error, file, data) if p.path != "id" or not problems] + problems
    problems += [p for p in guarded if p not in problems]
    if problems:
        _raise(problems)
    return deck


def _raise(problems: list[DeckProblem]) -> NoReturn:
    raise DeckInvalid(problems)


def deck_to_data(deck: Deck) -> dict[str, Any]:
    """Plain data for TOML or JSON; fields left at their defaults are left out."""
    return deck.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def deck_json_schema() -> dict[str, Any]:
    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "CX Game scenario deck"
    return schema


def deck_to_toml(deck: Deck) -> str:
    """The deck as a TOML file a trainer can read and edit (lossless with parse_deck)."""
    import tomli_w  # imported here: only exports and the editor write TOML

    return tomli_w.dumps(deck_to_data(deck), multiline_strings=True, indent=2)
