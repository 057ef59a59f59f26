"""A phone's draft document in tests: a pycrdt copy that makes real Yjs updates (base64, as sent)."""
from __future__ import annotations

from base64 import b64decode, b64encode

from pycrdt import Doc, Text

FIELDS = ("response", "promise", "we_do", "we_dont")


class Typist:
    """One phone's copy of a team's draft document."""

    def __init__(self, client_id: int | None = None):
        self.doc = Doc(client_id=client_id)
        self._made: list[bytes] = []
        self.doc.observe(lambda event: self._made.append(event.update))

    def _edit(self, change) -> str:
        self._made.clear()
        change()
        update = self._made[-1] if len(self._made) == 1 else self.everything()
        self._made.clear()
        return b64encode(update if isinstance(update, bytes) else b64decode(update)).decode()

    def _offset(self, field: str, index: int) -> int:
        # pycrdt's Text counts positions in UTF-8 bytes (Yjs on a phone in UTF-16 units);
        # tests speak in characters. The updates carry no positions, only content.
        return len(self.text(field)[:index].encode())

    def insert(self, field: str, index: int | None, text: str) -> str:
        """Type ``text`` at character ``index`` (the end when None); returns the update to send."""
        target = self.doc.get(field, type=Text)
        at = self._offset(field, len(self.text(field)) if index is None else index)
        return self._edit(lambda: target.insert(at, text))

    def delete(self, field: str, index: int, length: int) -> str:
        """Delete ``length`` characters from character ``index``; returns the update to send."""
        target = self.doc.get(field, type=Text)
        start, end = self._offset(field, index), self._offset(field, index + length)
        return self._edit(lambda: target.__delitem__(slice(start, end)))

    def receive(self, update: str | bytes) -> None:
        self._made.clear()
        self.doc.apply_update(b64decode(update) if isinstance(update, str) else update)
        self._made.clear()

    def text(self, field: str) -> str:
        return str(self.doc.get(field, type=Text))

    def state_vector(self) -> str:
        return b64encode(self.doc.get_state()).decode()

    def everything(self, since: str | None = None) -> str:
        """The whole document (or what a copy at state vector ``since`` lacks) as one update."""
        return b64encode(self.doc.get_update(b64decode(since) if since else None)).decode()
