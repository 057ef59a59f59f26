"""The session repository on SQLAlchemy: version-checked snapshots plus the command log."""
from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..service.ports import LoggedCommand, StoredSession
from .db import WriteGate
from .tables import CommandRow, SessionRow


class SqlSessionRepository:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._write = WriteGate(engine)

    def create(self, code, state_json, host_token_hash, deck_id, deadline, now) -> bool:
        try:
            with self._write(), self.engine.begin() as db:
                db.execute(insert(SessionRow).values(
                    code=code, version=1, host_token_hash=host_token_hash, deck_id=deck_id, phase="lobby",
                    created_at=now, updated_at=now, deadline=deadline, state=state_json))
                db.execute(insert(CommandRow).values(
                    session_code=code, version=1, at=now, kind="Created", payload=state_json))
        except IntegrityError:
            return False
        return True

    def load(self, code) -> StoredSession | None:
        with self.engine.connect() as db:
            row = db.execute(select(SessionRow.version, SessionRow.state, SessionRow.host_token_hash)
                             .where(SessionRow.code == code)).first()
        return StoredSession(code, row.version, row.state, row.host_token_hash) if row else None

    def version(self, code) -> int | None:
        with self.engine.connect() as db:
            return db.execute(select(SessionRow.version).where(SessionRow.code == code)).scalar()

    def save(self, code, expected_version, state_json, phase, deadline, log, now) -> bool:
        with self._write(), self.engine.begin() as db:
            # The version check makes several processes (and the ticker) safe:
            # only the writer that saw the latest version wins; others retry.
            changed = db.execute(
                update(SessionRow)
                .where(SessionRow.code == code, SessionRow.version == expected_version)
                .values(version=expected_version + 1, state=state_json, phase=phase,
                        deadline=deadline, updated_at=now)).rowcount
            if changed != 1:
                return False
            if log:
                db.execute(insert(CommandRow), [
                    {"session_code": code, "version": expected_version + 1, "at": entry.at,
                     "kind": entry.kind, "payload": entry.payload} for entry in log])
        return True

    def due(self, now, limit=50) -> list[str]:
        with self.engine.connect() as db:
            return list(db.execute(select(SessionRow.code).where(SessionRow.deadline <= now)
                                   .order_by(SessionRow.deadline).limit(limit)).scalars())

    def log(self, code) -> list[LoggedCommand]:
        with self.engine.connect() as db:
            rows = db.execute(select(CommandRow.kind, CommandRow.payload, CommandRow.at)
                              .where(CommandRow.session_code == code).order_by(CommandRow.id)).all()
        return [LoggedCommand(r.kind, r.payload, r.at) for r in rows]
