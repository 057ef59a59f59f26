"""The session repository on SQLAlchemy: version-checked snapshots plus the command log.

Every batch of commands is appended to the log under the next version (a small
insert and a one-row update). The whole state is written only when the service
asks (``save_snapshot``), about once a second: at 1,000 players it is hundreds of kilobytes, and
writing it on every batch was a sixth of the server's time in a typing storm.
Loading reads the snapshot and the log after it; the service replays those.
"""
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
                    created_at=now, updated_at=now, deadline=deadline, state=state_json, snapshot_version=1))
                db.execute(insert(CommandRow).values(
                    session_code=code, version=1, at=now, kind="Created", payload=state_json))
        except IntegrityError:
            return False
        return True

    def load(self, code) -> StoredSession | None:
        with self.engine.connect() as db:
            row = db.execute(select(SessionRow.snapshot_version, SessionRow.state, SessionRow.host_token_hash)
                             .where(SessionRow.code == code)).first()
            if row is None:
                return None
            # The log is read after the snapshot and never shrinks, so it holds every command
            # since; a batch committed in between only adds to it. The version is the data's own.
            after = self._log_since(db, code, row.snapshot_version)
        return StoredSession(code, after[-1].version if after else row.snapshot_version, row.state,
                             row.host_token_hash, after)

    def log_since(self, code, version) -> list[LoggedCommand]:
        with self.engine.connect() as db:
            return self._log_since(db, code, version)

    @staticmethod
    def _log_since(db, code, version) -> list[LoggedCommand]:
        rows = db.execute(select(CommandRow.kind, CommandRow.payload, CommandRow.at, CommandRow.version)
                          .where(CommandRow.session_code == code, CommandRow.version > version)
                          .order_by(CommandRow.id)).all()
        return [LoggedCommand(r.kind, r.payload, r.at, r.version) for r in rows]

    def version(self, code) -> int | None:
        with self.engine.connect() as db:
            return db.execute(select(SessionRow.version).where(SessionRow.code == code)).scalar()

    def save(self, code, expected_version, phase, deadline, log, now) -> bool:
        with self._write(), self.engine.begin() as db:
            # The version check makes several processes (and the ticker) safe:
            # only the writer that saw the latest version wins; others retry.
            changed = db.execute(
                update(SessionRow)
                .where(SessionRow.code == code, SessionRow.version == expected_version)
                .values(version=expected_version + 1, phase=phase, deadline=deadline, updated_at=now)).rowcount
            if changed != 1:
                return False
            if log:
                db.execute(insert(CommandRow), [
                    {"session_code": code, "version": expected_version + 1, "at": entry.at,
                     "kind": entry.kind, "payload": entry.payload} for entry in log])
        return True

    def save_snapshot(self, code, version, state_json) -> bool:
        with self._write(), self.engine.begin() as db:
            return db.execute(update(SessionRow).where(SessionRow.code == code, SessionRow.version == version)
                              .values(state=state_json, snapshot_version=version)).rowcount == 1

    def due(self, now, limit=50) -> list[str]:
        with self.engine.connect() as db:
            return list(db.execute(select(SessionRow.code).where(SessionRow.deadline <= now)
                                   .order_by(SessionRow.deadline).limit(limit)).scalars())

    def log(self, code) -> list[LoggedCommand]:
        with self.engine.connect() as db:
            rows = db.execute(select(CommandRow.kind, CommandRow.payload, CommandRow.at, CommandRow.version)
                              .where(CommandRow.session_code == code).order_by(CommandRow.id)).all()
        return [LoggedCommand(r.kind, r.payload, r.at, r.version) for r in rows]
