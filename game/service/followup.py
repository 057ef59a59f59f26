"""The follow-up: weeks after the workshop, "did we keep it this month?" per promise.

The charter carries a link (``/f/<token>``) that anyone who has it may open without
an account. Each phone answers once a month for every promise of the charter: kept,
partly or not, with one line of why. A phone is the random id in its follow-up
cookie; only a hash of it is stored. The session's owner sees the answers month by
month and may hide one, as a draft is hidden.

The rules live here; the store keeps the rows (game/store/followups.py).
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from ..core.errors import reject
from ..core.state import SessionState
from ..core.text import typed_words

ANSWERS = ("kept", "partly", "not")
WHY_MAX = 200


@dataclass(frozen=True)
class FollowUpAnswer:
    id: int
    month: str  # "YYYY-MM" (UTC)
    promise_id: str
    answer: str  # one of ANSWERS
    why: str
    hidden: bool
    at: float


@dataclass
class MonthResult:
    """One month's visible answers for one promise."""

    kept: int = 0
    partly: int = 0
    not_kept: int = 0
    why: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.kept + self.partly + self.not_kept


class FollowUpStore(Protocol):
    def token_of(self, code: str) -> str | None: ...

    def create_link(self, code: str, token: str, now: float) -> str:
        """The session's token: ``token`` if it had none yet, else the one it has."""
        ...

    def session_of(self, token: str) -> str | None: ...

    def add(self, code: str, month: str, device_hash: str, answers: list[tuple[str, str, str]], now: float) -> bool:
        """Store the answers; False (and nothing stored) when this device already answered this month."""
        ...

    def answers(self, code: str) -> list[FollowUpAnswer]: ...

    def answers_of(self, codes: list[str]) -> dict[str, list[FollowUpAnswer]]: ...

    def set_hidden(self, code: str, answer_id: int, hidden: bool) -> bool: ...

    def answered(self, code: str, month: str, device_hash: str) -> bool: ...


def month_of(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m")


def device_hash(device: str) -> str:
    return hashlib.sha256(device.encode("utf-8")).hexdigest()


def charter_promises(state: SessionState) -> list[tuple[str, str]]:
    """(promise id, text) of the session's charter, in its order ([] without one)."""
    board = state.board
    if board is None:
        return []
    return [(promise_id, board.items[promise_id].text) for promise_id in board.chosen]


class FollowUps:
    def __init__(self, store: FollowUpStore, clock: Callable[[], float],
                 new_token: Callable[[], str] = lambda: secrets.token_urlsafe(16)):
        self.store, self.clock, self.new_token = store, clock, new_token

    def link(self, code: str, state: SessionState) -> str:
        """The session's follow-up token, made on first use; refused while it has no charter."""
        if not charter_promises(state):
            reject("no_charter", "This session has no charter of promises to follow up.")
        return self.store.create_link(code, self.new_token(), self.clock())

    def token_of(self, code: str) -> str | None:
        return self.store.token_of(code)

    def session_of(self, token: str) -> str | None:
        return self.store.session_of(token) if isinstance(token, str) and 0 < len(token) <= 64 else None

    def answered(self, code: str, device: str) -> bool:
        return self.store.answered(code, month_of(self.clock()), device_hash(device))

    def answer(self, code: str, state: SessionState, device: str, answers: object) -> str:
        """Store one phone's answers for this month (every promise of the charter, once each).
        Returns the month. Refusals change nothing: ``bad_payload``, ``unknown_promise``,
        ``bad_answer``, ``bad_text``, ``text_too_long``, ``already_answered``."""
        promises = dict(charter_promises(state))
        if not isinstance(answers, list) or not answers:
            reject("bad_payload", "answers must be a list with one answer per promise.")
        rows, seen = [], set()
        for item in answers:
            if not isinstance(item, dict):
                reject("bad_payload", "Each answer is an object.")
            promise_id, answer = item.get("promise_id"), item.get("answer")
            if promise_id not in promises or promise_id in seen:
                reject("unknown_promise", "Answer each promise of the charter once.")
            if answer not in ANSWERS:
                reject("bad_answer", f"An answer is one of {', '.join(ANSWERS)}.")
            seen.add(promise_id)
            rows.append((promise_id, answer, typed_words(item.get("why", ""), "why", WHY_MAX)))
        if seen != set(promises):
            reject("unknown_promise", "Answer every promise of the charter.")
        month = month_of(self.clock())
        if not self.store.add(code, month, device_hash(device), rows, self.clock()):
            reject("already_answered", "This phone has answered this month already. Come back next month.")
        return month

    def results(self, code: str) -> dict[str, dict[str, MonthResult]]:
        """month -> promise id -> the visible answers, months in order."""
        return _tally(self.store.answers(code))

    def results_of(self, codes: list[str]) -> dict[str, dict[str, dict[str, MonthResult]]]:
        """``results`` of several sessions, read at once (sessions without answers are left out)."""
        return {code: _tally(rows) for code, rows in self.store.answers_of(codes).items()}

    def all_answers(self, code: str) -> list[FollowUpAnswer]:
        return self.store.answers(code)

    def hide(self, code: str, answer_id: object, hidden: object) -> None:
        if not isinstance(answer_id, int) or isinstance(answer_id, bool) or not isinstance(hidden, bool):
            reject("bad_payload", "An answer id and hidden (true or false).")
        if not self.store.set_hidden(code, answer_id, hidden):
            reject("unknown_answer", "There is no such answer in this session's follow-up.")


def _tally(answers: list[FollowUpAnswer]) -> dict[str, dict[str, MonthResult]]:
    """month -> promise id -> the visible answers, months in order."""
    out: dict[str, dict[str, MonthResult]] = {}
    for row in sorted(answers, key=lambda r: (r.month, r.at)):
        if row.hidden:
            continue
        result = out.setdefault(row.month, {}).setdefault(row.promise_id, MonthResult())
        if row.answer == "kept":
            result.kept += 1
        elif row.answer == "partly":
            result.partly += 1
        else:
            result.not_kept += 1
        if row.why:
            result.why.append(row.why)
    return out
