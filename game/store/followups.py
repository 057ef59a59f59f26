"""The follow-up's rows: each session's link token and its phones' monthly answers.

The rules (who may answer what, once a month) are game/service/followup.py's; here
the database's unique constraint makes "once per phone, promise and month" hold
even for two requests at the same moment.
"""
from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..service.followup import FollowUpAnswer
from .db import WriteGate
from .tables import FollowUpAnswerRow, FollowUpRow


class SqlFollowUps:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._write = WriteGate(engine)

    def token_of(self, code: str) -> str | None:
        with self.engine.connect() as db:
            return db.execute(select(FollowUpRow.token).where(FollowUpRow.session_code == code)).scalar()

    def create_link(self, code: str, token: str, now: float) -> str:
        try:
            with self._write(), self.engine.begin() as db:
                db.execute(insert(FollowUpRow).values(session_code=code, token=token, created_at=now))
        except IntegrityError:
            pass  # it has one already (made by another request a moment ago): that one stands
        existing = self.token_of(code)
        assert existing is not None
        return existing

    def session_of(self, token: str) -> str | None:
        with self.engine.connect() as db:
            return db.execute(select(FollowUpRow.session_code).where(FollowUpRow.token == token)).scalar()

    def add(self, code: str, month: str, device_hash: str, answers: list[tuple[str, str, str]], now: float) -> bool:
        rows = [{"session_code": code, "month": month, "device_hash": device_hash, "promise_id": promise_id,
                 "answer": answer, "why": why, "hidden": False, "at": now} for promise_id, answer, why in answers]
        try:
            with self._write(), self.engine.begin() as db:
                db.execute(insert(FollowUpAnswerRow), rows)
        except IntegrityError:
            return False
        return True

    def answered(self, code: str, month: str, device_hash: str) -> bool:
        with self.engine.connect() as db:
            return db.execute(select(FollowUpAnswerRow.id).where(
                FollowUpAnswerRow.session_code == code, FollowUpAnswerRow.month == month,
                FollowUpAnswerRow.device_hash == device_hash).limit(1)).first() is not None

    def answers(self, code: str) -> list[FollowUpAnswer]:
        return self.answers_of([code]).get(code, [])

    def answers_of(self, codes: list[str]) -> dict[str, list[FollowUpAnswer]]:
        """Every answer of these sessions, in one query (My sessions shows many at once)."""
        found: dict[str, list[FollowUpAnswer]] = {}
        if not codes:
            return found
        with self.engine.connect() as db:
            rows = db.execute(select(FollowUpAnswerRow).where(FollowUpAnswerRow.session_code.in_(codes))
                              .order_by(FollowUpAnswerRow.id)).all()
        for r in rows:
            found.setdefault(r.session_code, []).append(
                FollowUpAnswer(r.id, r.month, r.promise_id, r.answer, r.why, r.hidden, r.at))
        return found

    def set_hidden(self, code: str, answer_id: int, hidden: bool) -> bool:
        with self._write(), self.engine.begin() as db:
            return db.execute(update(FollowUpAnswerRow).where(
                FollowUpAnswerRow.session_code == code, FollowUpAnswerRow.id == answer_id)
                .values(hidden=hidden)).rowcount == 1
