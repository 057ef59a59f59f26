"""In-memory session and deck repositories with the same contracts as the SQL ones, for fast tests."""
from __future__ import annotations

import threading
from dataclasses import replace

from .ports import DeckConflict, DeckExists, DeckSummary, LoggedCommand, StoredDeck, StoredSession


class InMemorySessionRepository:
    def __init__(self):
        self.rows: dict[str, dict] = {}
        self.logs: dict[str, list[LoggedCommand]] = {}
        self._lock = threading.Lock()

    def create(self, code, state_json, host_token_hash, deck_id, deadline, now) -> bool:
        with self._lock:
            if code in self.rows:
                return False
            self.rows[code] = {"version": 1, "snapshot_version": 1, "state": state_json, "host": host_token_hash,
                               "deadline": deadline}
            self.logs[code] = [LoggedCommand("Created", state_json, now, 1)]
            return True

    def load(self, code):
        with self._lock:
            row = self.rows.get(code)
            if row is None:
                return None
            return StoredSession(code, row["version"], row["state"], row["host"],
                                 self._since(code, row["snapshot_version"]))

    def log_since(self, code, version):
        with self._lock:
            return self._since(code, version)

    def _since(self, code, version):
        return [entry for entry in self.logs.get(code, []) if entry.version > version]

    def version(self, code):
        row = self.rows.get(code)
        return row["version"] if row else None

    def save(self, code, expected_version, phase, deadline, log, now) -> bool:
        with self._lock:
            row = self.rows[code]
            if row["version"] != expected_version:
                return False
            row.update(version=expected_version + 1, deadline=deadline)
            self.logs[code].extend(LoggedCommand(e.kind, e.payload, e.at, expected_version + 1) for e in log)
            return True

    def save_snapshot(self, code, version, state_json) -> bool:
        with self._lock:
            row = self.rows[code]
            if row["version"] != version:
                return False
            row.update(state=state_json, snapshot_version=version)
            return True

    def due(self, now, limit=50):
        return [code for code, row in self.rows.items()
                if row["deadline"] is not None and row["deadline"] <= now][:limit]

    def log(self, code):
        return list(self.logs.get(code, []))


class InMemoryDeckRepository:
    """The editor's deck rows in a dict, with the SQL repository's contract (tests/service)."""

    def __init__(self):
        self.rows: dict[str, StoredDeck] = {}

    def create(self, deck_id, fields, user_id, now) -> StoredDeck:
        if deck_id in self.rows:
            raise DeckExists(deck_id)
        self.rows[deck_id] = StoredDeck(deck_id, 1, fields.source, fields.valid, fields.title, fields.language,
                                        fields.card_count, user_id, user_id, now, now)
        return self.rows[deck_id]

    def get(self, deck_id):
        return self.rows.get(deck_id)

    def exists(self, deck_id) -> bool:
        return deck_id in self.rows

    def list(self) -> list[DeckSummary]:
        return [DeckSummary(d.id, d.version, d.valid, d.title, d.language, d.card_count, d.updated_at,
                            d.updated_by_name) for d in sorted(self.rows.values(), key=lambda d: (d.title, d.id))]

    def valid_sources(self):
        return [(d.id, d.version, d.source) for d in sorted(self.rows.values(), key=lambda d: (d.title, d.id))
                if d.valid]

    def save(self, deck_id, expected_version, fields, user_id, now, new_id=None) -> StoredDeck:
        target = new_id or deck_id
        if target != deck_id and target in self.rows:
            raise DeckExists(target)
        current = self.rows.get(deck_id)
        if current is None or current.version != expected_version:
            raise DeckConflict(current)
        del self.rows[deck_id]
        self.rows[target] = replace(current, id=target, version=expected_version + 1, source=fields.source,
                                    valid=fields.valid, title=fields.title, language=fields.language,
                                    card_count=fields.card_count, updated_by=user_id, updated_at=now)
        return self.rows[target]

    def delete(self, deck_id) -> bool:
        return self.rows.pop(deck_id, None) is not None
