"""An in-memory session repository with the same contract as the SQL one, for fast tests."""
from __future__ import annotations

import threading

from .ports import LoggedCommand, StoredSession


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
