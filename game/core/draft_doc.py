"""One team's draft as a CRDT document: a Yjs document with one root text per draft field.

Phones edit their own copy with Yjs and send updates (Yjs update encoding v1);
the server applies them here with pycrdt (the Yrs bindings, same encoding).
Concurrent inserts at the same spot are both kept, interleaved at worst: the
document never drops a character that nobody deleted.

Why one document per team and not one per field: one state vector brings a
phone's whole draft up to date in one exchange, one update stream per team room,
and one object per team to cache and snapshot. The fields are the document's
root texts, named as in ``DRAFT_FIELDS`` (a case's draft) or as the document's
owner names them (the promises activity's team documents, game/core/promise_board.py).

The live pycrdt document is kept between updates because rebuilding it costs
far more than applying a small update (measured with pycrdt 0.14.13: a draft of
8,000 typed characters, about 48 KB encoded, rebuilds in ~7 ms; an update on the
live document applies in ~0.1 ms). pycrdt calls are plain native code: under
eventlet and gevent they never yield to the hub (and, measured, hold it for their
whole duration), under threading they hold the GIL. So each call must stay short,
and nothing here does I/O. A document made in one thread can be used in another
(pycrdt 0.14), but the callers (the session lock in the service) make sure only
one thread at a time touches a session's documents.

No global randomness: the server's copy never writes content of its own, so
its client id is fixed instead of drawn at random (pycrdt's default).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pycrdt import Doc, Text, get_update

from .drafts import DRAFT_FIELDS, TEXT_MAX
from .errors import reject

AnyDoc = Doc[Any]  # the roots are Text fields, looked up by name

SERVER_CLIENT_ID = 1  # never appears in an update: the server's copy only applies others' updates
# Texts written before drafts were CRDT documents (snapshots and logged whole-text edits of an
# older release) enter the document as edits of this client. Only replaying the same snapshot
# and log makes them, so every process makes the same items.
LEGACY_CLIENT_ID = 2
COMPACT_AFTER = 200  # updates kept for a rollback before they are folded into the encoded base
# Four fields of 2,000 characters take ~15 KB even typed by five people at once; what deletions
# leave behind is small. Far past that, a document holds what no phone's editor makes (nested
# types, formatting): refused, so a client cannot grow snapshots and relays without bound.
DOCUMENT_MAX_BYTES = 256 * 1024
EMPTY_UPDATE = b"\x00\x00"  # an update with no structs and an empty delete set


def read_var_uint(data: bytes, at: int) -> tuple[int, int]:
    """lib0's variable-length unsigned integer at ``at``: (value, next position)."""
    value, shift = 0, 0
    while True:
        if at >= len(data) or shift > 63:
            raise ValueError("truncated or oversized number")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def decode_state_vector(data: bytes) -> dict[int, int]:
    """A Yjs state vector: client id -> number of that client's items seen."""
    count, at = read_var_uint(data, 0)
    vector = {}
    for _ in range(count):
        client, at = read_var_uint(data, at)
        clock, at = read_var_uint(data, at)
        vector[client] = clock
    if at != len(data):
        raise ValueError("trailing bytes")
    return vector


def _adds_other_texts(update: bytes, names: tuple[str, ...]) -> bool:
    """Whether the update names a root other than the draft fields.

    Only an item with no neighbours names its root (others take it from a neighbour,
    whose root the document has already accepted), and such an item integrates even
    into an empty document: so an empty document shows every root an update adds,
    at the cost of that small update, not of the whole draft.
    """
    probe: AnyDoc = Doc(client_id=SERVER_CLIENT_ID)
    probe.apply_update(update)
    return not set(probe.keys()) <= set(names)


def _is_native_failure(error: BaseException) -> bool:
    """pycrdt's errors for bad input: ValueError, or a Rust panic (pyo3's PanicException is a BaseException)."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


class DraftDoc:
    """The live document of one team's draft, with its encoded form for the snapshot."""

    def __init__(self, encoded: bytes = b"", names: tuple[str, ...] = DRAFT_FIELDS):
        self.names = names  # the document's root texts: no update may add another
        self._base = encoded  # the encoded document as of the last compaction
        self._since: list[bytes] = []  # updates applied after it, to rebuild the document on a rollback
        self._doc: AnyDoc | None = None
        self._fields: dict[str, Text] = {}
        self._texts: dict[str, str] = {}  # kept in step: reading a long Text costs more than an update
        self._changed: set[str] = set()  # fields the update being applied touched

    def __deepcopy__(self, memo: dict[int, object]) -> DraftDoc:
        return DraftDoc(self.encoded(), self.names)

    def _live(self) -> AnyDoc:
        if self._doc is None:
            self._doc = self._rebuild()
        return self._doc

    def _rebuild(self) -> AnyDoc:
        doc: AnyDoc = Doc(client_id=SERVER_CLIENT_ID)
        self._fields = {name: doc.get(name, type=Text) for name in self.names}
        for update in ([self._base] if self._base else []) + self._since:
            doc.apply_update(update)
        self._texts = {name: str(text) for name, text in self._fields.items()}
        for name, text in self._fields.items():
            # pycrdt calls a callback without parameters without building an event (cheaper).
            text.observe(self._marker(name))  # type: ignore[arg-type]
        return doc

    def _marker(self, name: str) -> Callable[[], None]:
        return lambda: self._changed.add(name)  # no parameter: pycrdt then builds no event for it

    def texts(self) -> dict[str, str]:
        self._live()
        return dict(self._texts)

    def apply(self, update: bytes) -> dict[str, str]:
        """Apply a phone's update and return the fields' texts after it.

        Refused (and the document left exactly as it was) when the update cannot be
        decoded or adds a text other than the draft fields (``bad_update``), depends
        on changes this document has not seen (``draft_out_of_sync``: the phone sends
        everything it has not had acknowledged, then it applies), makes a field longer
        than TEXT_MAX characters (``text_too_long``) or the whole document larger than
        DOCUMENT_MAX_BYTES (``draft_too_large``: content a phone's editor never makes).
        """
        doc = self._live()
        self._changed.clear()
        try:
            doc.apply_update(update)
            # What of the update the document still lacks: structs that wait for changes it has
            # not seen (Yrs keeps them pending). The first number of an update counts its clients.
            waiting = get_update(update, doc.get_state())[0] != 0
            foreign = _adds_other_texts(update, self.names)
        except BaseException as error:
            if not _is_native_failure(error):
                raise
            self._refuse("bad_update", "That draft update could not be read.")
        if foreign:
            self._refuse("bad_update", f"This document has the fields {', '.join(self.names)}.")
        if waiting:
            self._refuse("draft_out_of_sync", "That update builds on changes the server has not had; send them too.")
        texts = dict(self._texts, **{name: str(self._fields[name]) for name in self._changed})
        if any(len(texts[name]) > TEXT_MAX for name in self._changed):
            self._refuse("text_too_long", f"A draft field holds at most {TEXT_MAX} characters.")
        if len(self._base) + sum(map(len, self._since)) + len(update) > DOCUMENT_MAX_BYTES \
                and len(doc.get_update()) > DOCUMENT_MAX_BYTES:
            self._refuse("draft_too_large", "This draft has been edited more than a draft can hold.")
        self._texts = texts
        self._since.append(update)
        if len(self._since) >= COMPACT_AFTER:
            self.encoded()
        return dict(texts)

    def _refuse(self, code: str, message: str) -> None:
        self._doc = self._rebuild()  # as it was before the update
        reject(code, message)

    def set_text(self, field: str, text: str) -> dict[str, str]:
        """Make ``field`` read ``text`` by one delete and one insert (see LEGACY_CLIENT_ID)."""
        writer: AnyDoc = Doc(client_id=LEGACY_CLIENT_ID)
        made: list[bytes] = []
        writer.observe(lambda event: made.append(event.update))
        writer.apply_update(self.encoded() or b"\x00\x00")
        target = writer.get(field, type=Text)
        with writer.transaction():
            del target[:]
            target.insert(0, text[:TEXT_MAX])
        return self.apply(made[-1]) if made else self.texts()

    def encoded(self) -> bytes:
        """The whole document as one update (what the snapshot stores)."""
        if self._since:
            self._base = self._live().get_update()
            self._since = []
        return self._base

    def state_vector(self) -> bytes:
        return self._live().get_state()

    def missing(self, state_vector: bytes) -> bytes:
        """What a copy that has seen ``state_vector`` lacks, as one update (``bad_state_vector`` if unreadable)."""
        try:
            decode_state_vector(state_vector)
            return self._live().get_update(state_vector)
        except BaseException as error:
            if not _is_native_failure(error):
                raise
            reject("bad_state_vector", "That state vector could not be read.")
