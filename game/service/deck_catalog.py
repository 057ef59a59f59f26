"""Every deck the app knows, and the deck editor's rules: the shipped files (read-only) and
the editor's decks in the database.

The files in scenarios/ are loaded once at start. Editor decks are read from the
database on demand, so a deck saved in one process is offered by every other
process at once, without a restart. Ids are unique across both: an editor deck
may not take a shipped deck's id. Running sessions embed their own copy of the
deck, so a later edit never changes a game in progress.

The rules live here (refusal codes, ids that are free, duplicating, importing);
the store only keeps rows (game/store/deck_repository.py) and files
(game/store/deck_files.py).
"""
from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from ..core.deck import SLUG_PATTERN, Deck, DeckInvalid, DeckProblem, deck_from_data, deck_to_toml, parse_deck
from ..core.deck_guard import MAX_DEPTH, bad_text, too_deep
from . import clock as real_time
from .ports import DeckConflict, DeckExists, DeckFields, DeckFiles, DeckRepository, DeckSummary, StoredDeck

__all__ = ["DeckCatalog", "DeckConflict", "DeckExists", "DeckRefused", "Checked", "StoredDeck", "check_deck_data"]



COPY_SUFFIX = {"en": " (copy)", "nl": " (kopie)"}
TITLE_MAX = 80


# The shipped deck whose promises activity ends a deck that sets end_with_promises (one per language).
CLOSING_DECK = "our-promises"

def copy_title(title: object, language: object) -> object:
    """A copy's title says it is one, so the start page never lists two decks with the same name."""
    if not isinstance(title, str) or not title.strip():
        return title
    suffix = COPY_SUFFIX.get(language if isinstance(language, str) else "en", COPY_SUFFIX["en"])
    if title.endswith(suffix):
        return title
    return title[: TITLE_MAX - len(suffix)].rstrip() + suffix

class DeckRefused(Exception):
    """A request about decks that cannot be done; `code` is stable, `problems` says what to fix."""

    def __init__(self, code: str, message: str, problems: list[DeckProblem] | None = None):
        super().__init__(message)
        self.code, self.message, self.problems = code, message, problems or []


@dataclass(frozen=True)
class Checked:
    """A deck as the editor sent it, with the verdict of the file loader's rules."""

    data: dict
    deck: Deck | None
    problems: list[DeckProblem]

    @property
    def id(self) -> Any:
        return self.data.get("id")


def _drop_empty(value: Any) -> Any:
    # JSON null means "not given"; TOML has no null, and the model treats absent as default.
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value if v is not None]
    return value


def check_deck_data(data: Any) -> Checked:
    """Validate deck data exactly like a file in scenarios/ (same model, same messages)."""
    if not isinstance(data, dict):
        raise DeckRefused("bad_payload", "The deck must be a JSON object.")
    if too_deep(data):
        raise DeckRefused("too_deep", f"The deck nests more than {MAX_DEPTH} levels deep.")
    not_text = bad_text(data)
    if not_text:  # could not even be stored as a draft (no encoding has a lone surrogate)
        raise DeckRefused("not_text", f"{not_text[0][0]}: contains a character that is not text.")
    data = _drop_empty(data)
    file = f"{data['id']}.toml" if isinstance(data.get("id"), str) else "deck.toml"
    try:
        return Checked(data, deck_from_data(data, file), [])
    except DeckInvalid as invalid:
        return Checked(data, None, invalid.problems)


def _fields(checked: Checked) -> DeckFields:
    # The text is the data as the trainer wrote it (not the model's normalised dump), so an
    # empty diagnose question stays empty and keeps following the deck's language.
    data = checked.data
    try:
        source = tomli_w.dumps(data, multiline_strings=True, indent=2)
    except (TypeError, ValueError) as error:
        raise DeckRefused("bad_payload", f"The deck cannot be stored: {error}") from None
    if checked.deck is not None:
        deck = checked.deck
        return DeckFields(source, True, deck.title, deck.language, len(deck.cards))
    cards = data.get("cards")
    given_title, given_language = data.get("title"), data.get("language")
    title = given_title if isinstance(given_title, str) and given_title.strip() else str(data["id"])
    language = given_language if isinstance(given_language, str) else ""
    return DeckFields(source, False, title, language, len(cards) if isinstance(cards, list) else 0)


class DeckCatalog:
    """Quacks like DeckLibrary (`decks`, `broken`, `get`) for the session pages, plus the editor's operations."""

    def __init__(self, files: DeckFiles, repository: DeckRepository, clock: real_time.Now = real_time.now):
        self.files = files
        self.repository = repository
        self._clock = clock
        self._parsed: dict[tuple[str, int], Deck] = {}
        self._lock = threading.Lock()

    # --- what sessions can be started from ------------------------------------------
    @property
    def shipped_ids(self) -> set[str]:
        return set(self.files.decks) | {Path(name).stem for name in self.files.broken}

    @property
    def decks(self) -> dict[str, Deck]:
        """Shipped decks, then every valid editor deck (read from the database now)."""
        out = dict(self.files.decks)
        for deck_id, version, source in self.repository.valid_sources():
            deck = self._parse(deck_id, version, source)
            if deck is not None and deck_id not in out:
                out[deck_id] = deck
        return out

    @property
    def broken(self) -> dict[str, list[DeckProblem]]:
        return self.files.broken

    def get(self, deck_id: str) -> Deck | None:
        if deck_id in self.files.decks:
            return self.files.decks[deck_id]
        stored = self.repository.get(deck_id)
        if stored is None or not stored.valid:
            return None
        return self._parse(stored.id, stored.version, stored.source)

    def for_session(self, deck_id: str) -> Deck | None:
        """The deck as a session plays it: with the shipped "Our promises" activity in the deck's
        language appended when the deck asks for it (``end_with_promises``). That activity is the
        closing card of the shipped deck ``our-promises-<language>``."""
        deck = self.get(deck_id)
        closing_deck = self.files.decks.get(f"{CLOSING_DECK}-{deck.language}") if deck else None
        closing = closing_deck.closing() if closing_deck else None
        return deck.ending_with(closing) if deck is not None and closing is not None else deck

    def _parse(self, deck_id: str, version: int, source: str) -> Deck | None:
        key = (deck_id, version)
        with self._lock:
            if key in self._parsed:
                return self._parsed[key]
        try:
            deck = parse_deck(source, f"{deck_id}.toml", expected_id=deck_id)
        except DeckInvalid:
            return None  # the row says valid but the rules changed since: never offer it
        with self._lock:
            if len(self._parsed) > 500:
                self._parsed.clear()
            self._parsed[key] = deck
        return deck

    # --- the editor -----------------------------------------------------------------
    def stored(self, deck_id: str) -> StoredDeck | None:
        return self.repository.get(deck_id)

    def editor_decks(self) -> list[tuple[DeckSummary, list[DeckProblem]]]:
        """Every editor deck for the library, with what to fix in the drafts that do not validate."""
        out = []
        for summary in self.repository.list():
            problems: list[DeckProblem] = []
            stored = None if summary.valid else self.repository.get(summary.id)
            if stored is not None:
                try:
                    parse_deck(stored.source, f"{summary.id}.toml", expected_id=summary.id)
                except DeckInvalid as invalid:
                    problems = invalid.problems
            out.append((summary, problems))
        return out

    def _require_free(self, deck_id: str) -> None:
        if deck_id in self.shipped_ids:
            raise DeckRefused("deck_shipped", f"'{deck_id}' is a shipped deck; choose another id.")
        if self.repository.exists(deck_id):
            raise DeckRefused("deck_exists", f"There is already a deck '{deck_id}'.")

    def _require_id(self, checked: Checked) -> str:
        # Even a draft is stored under its id, so the id must be usable before anything is saved.
        deck_id = checked.id
        if not isinstance(deck_id, str) or not re.fullmatch(SLUG_PATTERN, deck_id):
            id_problems = [p for p in checked.problems if p.path == "id"] or [
                DeckProblem("deck.toml", "id", "is required")]
            raise DeckRefused("deck_id_needed", "Give the deck a valid id before saving.", id_problems)
        return deck_id

    def create(self, data: Any, user_id: int | None) -> tuple[StoredDeck, Checked]:
        checked = check_deck_data(data)
        deck_id = self._require_id(checked)
        self._require_free(deck_id)
        try:
            return self.repository.create(deck_id, _fields(checked), user_id, self._clock()), checked
        except DeckExists:
            raise DeckRefused("deck_exists", f"There is already a deck '{deck_id}'.") from None

    def save(self, deck_id: str, data: Any, expected_version: int, user_id: int | None) -> tuple[StoredDeck, Checked]:
        """Save over `expected_version`; DeckConflict if someone else saved in between."""
        if deck_id in self.shipped_ids:
            raise DeckRefused("deck_read_only", "Shipped decks are read-only; duplicate it to edit a copy.")
        checked = check_deck_data(data)
        new_id = self._require_id(checked)
        if new_id != deck_id:
            if new_id in self.shipped_ids:
                raise DeckRefused("deck_shipped", f"'{new_id}' is a shipped deck; choose another id.")
        if self.repository.get(deck_id) is None:
            raise DeckRefused("unknown_deck", f"There is no deck {deck_id!r}.")
        try:
            saved = self.repository.save(deck_id, expected_version, _fields(checked), user_id, self._clock(),
                                         new_id=new_id if new_id != deck_id else None)
        except DeckExists:
            raise DeckRefused("deck_exists", f"There is already a deck '{new_id}'.") from None
        return saved, checked

    def delete(self, deck_id: str) -> None:
        # An editor deck that a file later took the id of (exported into scenarios/) can still be deleted.
        if self.repository.delete(deck_id):
            return
        if deck_id in self.shipped_ids:
            raise DeckRefused("deck_read_only", "Shipped decks cannot be deleted.")
        raise DeckRefused("unknown_deck", f"There is no deck {deck_id!r}.")

    def source_of(self, deck_id: str) -> tuple[str, bool]:
        """(TOML text, shipped?) of any deck; DeckRefused if there is none."""
        if deck_id in self.files.decks:
            # The file itself, comments and all; the model's dump if it cannot be read any more.
            text = self.files.source(deck_id)
            return (deck_to_toml(self.files.decks[deck_id]) if text is None else text), True
        stored = self.repository.get(deck_id)
        if stored is None:
            raise DeckRefused("unknown_deck", f"There is no deck {deck_id!r}.")
        return stored.source, False

    def free_id(self, base: str) -> str:
        """`base-copy`, `base-copy-2`, ...: the first id no deck has (kept within the slug's 48 characters)."""
        taken = self.shipped_ids
        stem = re.sub(r"-copy(-\d+)?$", "", base)[:38]
        for n in range(1, 1000):
            candidate = f"{stem}-copy" if n == 1 else f"{stem}-copy-{n}"
            if candidate not in taken and not self.repository.exists(candidate):
                return candidate
        raise DeckRefused("deck_exists", "No free id found; choose one yourself.")

    def duplicate(self, deck_id: str, user_id: int | None, new_id: str | None = None) -> StoredDeck:
        source, _shipped = self.source_of(deck_id)
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError:
            raise DeckRefused("deck_invalid", "This deck's text cannot be read.") from None
        data["id"] = new_id or self.free_id(deck_id)
        data["title"] = copy_title(data.get("title"), data.get("language"))
        if data.get("translation_of") == data["id"]:
            data.pop("translation_of")
        return self.create(data, user_id)[0]

    def import_text(self, text: str, filename: str, user_id: int | None, overwrite: bool = False,
                    new_id: str | None = None) -> StoredDeck:
        """Store an uploaded .toml file if it passes the file loader's rules.

        An id that exists is refused (`deck_exists`) unless `overwrite` (editor decks only)
        or `new_id` is given: nothing is replaced without the trainer saying so.
        """
        name = Path(filename or "deck.toml").name
        try:
            parse_deck(text, name)
        except DeckInvalid as invalid:
            if new_id is None or any("TOML syntax" in p.message or p.code == "too_deep" for p in invalid.problems):
                raise DeckRefused("deck_invalid", "The file is not a valid deck.", invalid.problems) from None
        data = tomllib.loads(text)
        if new_id is not None:
            data["id"] = new_id
            data["title"] = copy_title(data.get("title"), data.get("language"))
        checked = check_deck_data(data)
        if checked.problems:
            raise DeckRefused("deck_invalid", "The file is not a valid deck.", checked.problems)
        assert checked.deck is not None  # no problems: the deck was built
        deck_id = checked.deck.id
        if deck_id in self.shipped_ids:
            raise DeckRefused("deck_shipped", f"'{deck_id}' is a shipped deck; import it under another id.")
        existing = self.repository.get(deck_id)
        if existing is None:
            return self.create(checked.data, user_id)[0]
        if not overwrite:
            raise DeckRefused("deck_exists", f"There is already a deck '{deck_id}'.")
        return self.repository.save(deck_id, existing.version, _fields(checked), user_id, self._clock())
