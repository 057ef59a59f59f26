"""Decks written in the browser editor, stored in the `decks` table.

A row holds the deck as TOML text in the same format as a scenarios/ file,
so exporting is handing out that text. Drafts that do not validate yet may be
stored (marked invalid) so that nothing a trainer typed is lost; they are
never offered for a session. Every save names the version it started from:
`UPDATE ... WHERE version = :expected` makes two trainers' saves conflict
instead of one silently overwriting the other.
"""
from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..service.ports import DeckConflict, DeckExists, DeckFields, DeckSummary, StoredDeck
from .db import WriteGate
from .tables import DeckRow, UserRow

__all__ = ["DeckConflict", "DeckExists", "DeckFields", "DeckSummary", "SqlDeckRepository", "StoredDeck"]


class SqlDeckRepository:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._write = WriteGate(engine)

    def create(self, deck_id: str, fields: DeckFields, user_id: int | None, now: float) -> StoredDeck:
        try:
            with self._write(), self.engine.begin() as db:
                db.execute(insert(DeckRow).values(
                    id=deck_id, version=1, **_columns(fields), created_by=user_id, updated_by=user_id,
                    created_at=now, updated_at=now))
        except IntegrityError:
            raise DeckExists(deck_id) from None
        return self.get(deck_id)

    def get(self, deck_id: str) -> StoredDeck | None:
        with self.engine.connect() as db:
            row = db.execute(
                select(*DeckRow.__table__.columns, UserRow.display_name)
                .outerjoin(UserRow, UserRow.id == DeckRow.updated_by)
                .where(DeckRow.id == deck_id)).first()
        if row is None:
            return None
        return StoredDeck(row.id, row.version, row.source, row.valid, row.title, row.language, row.card_count,
                          row.created_by, row.updated_by, row.created_at, row.updated_at, row.display_name)

    def exists(self, deck_id: str) -> bool:
        with self.engine.connect() as db:
            return db.execute(select(DeckRow.id).where(DeckRow.id == deck_id)).first() is not None

    def list(self) -> list[DeckSummary]:
        with self.engine.connect() as db:
            rows = db.execute(
                select(DeckRow.id, DeckRow.version, DeckRow.valid, DeckRow.title, DeckRow.language,
                       DeckRow.card_count, DeckRow.updated_at, UserRow.display_name)
                .outerjoin(UserRow, UserRow.id == DeckRow.updated_by)
                .order_by(DeckRow.title, DeckRow.id)).all()
        return [DeckSummary(r.id, r.version, r.valid, r.title, r.language, r.card_count, r.updated_at,
                            r.display_name) for r in rows]

    def valid_sources(self) -> list[tuple[str, int, str]]:
        """(id, version, source) of every valid deck: what sessions may be started from."""
        with self.engine.connect() as db:
            rows = db.execute(select(DeckRow.id, DeckRow.version, DeckRow.source)
                              .where(DeckRow.valid.is_(True)).order_by(DeckRow.title, DeckRow.id)).all()
        return [(r.id, r.version, r.source) for r in rows]

    def save(self, deck_id: str, expected_version: int, fields: DeckFields, user_id: int | None, now: float,
             new_id: str | None = None) -> StoredDeck:
        """Write a new version; DeckConflict if someone saved since `expected_version`.

        `new_id` renames the deck in the same statement (DeckExists if that id is taken).
        """
        target = new_id or deck_id
        try:
            with self._write(), self.engine.begin() as db:
                changed = db.execute(
                    update(DeckRow)
                    .where(DeckRow.id == deck_id, DeckRow.version == expected_version)
                    .values(id=target, version=expected_version + 1, **_columns(fields), updated_by=user_id,
                            updated_at=now)).rowcount
        except IntegrityError:
            raise DeckExists(target) from None
        if changed != 1:
            raise DeckConflict(self.get(deck_id))
        return self.get(target)

    def delete(self, deck_id: str) -> bool:
        with self._write(), self.engine.begin() as db:
            return db.execute(delete(DeckRow).where(DeckRow.id == deck_id)).rowcount == 1


def _columns(fields: DeckFields) -> dict:
    # Column lengths are fixed; an invalid draft may carry a title longer than the model allows.
    return {"source": fields.source, "valid": fields.valid, "title": fields.title[:200],
            "language": fields.language[:8], "card_count": fields.card_count}
