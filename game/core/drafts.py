"""A team's co-written text: its fields' plain texts beside the CRDT document they come from.

A case's draft (response, promise, we do, we don't) is one; the promises
activity's team documents (new promises, behaviours) are others, with their
own field names (game/core/promise_board.py).
"""
from __future__ import annotations

from base64 import b64decode, b64encode
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, PrivateAttr, field_serializer

if TYPE_CHECKING:
    from .draft_doc import DraftDoc

TEXT_MAX = 2000
DRAFT_FIELDS = ("response", "promise", "we_do", "we_dont")


class DraftField(BaseModel):
    # The field's text as the team's document has it (kept here so views, votes and
    # exports read plain text without touching the document); version counts its changes.
    text: str = ""
    version: int = 0
    by: str | None = None


class Draft(BaseModel):
    fields: dict[str, DraftField] = Field(default_factory=lambda: {f: DraftField() for f in DRAFT_FIELDS})
    submitted: bool = False
    hidden: bool = False
    # The team's CRDT document (core/draft_doc.py), encoded as one Yjs update in base64:
    # the snapshot's form. While the draft phase lasts the live document is kept beside it.
    document: str = ""
    _live: DraftDoc | None = PrivateAttr(default=None)

    def is_empty(self) -> bool:
        return not any(field.text.strip() for field in self.fields.values())

    def crdt(self) -> DraftDoc:
        """The live document, made from the stored encoding the first time it is needed."""
        from .draft_doc import DraftDoc

        if self._live is None:
            self._live = DraftDoc(b64decode(self.document), tuple(self.fields))
            if not self.document:
                for name, field in self.fields.items():  # a snapshot from before the documents
                    if field.text:
                        self._live.set_text(name, field.text)
        return self._live

    def close_document(self) -> None:
        self.document, self._live = "", None

    @field_serializer("document")
    def _encode_document(self, stored: str) -> str:
        return b64encode(self._live.encoded()).decode() if self._live is not None else stored
