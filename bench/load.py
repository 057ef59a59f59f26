"""A load worker: one process that plays many phones over real Socket.IO websockets.

The benchmark's main process starts several of these (multiprocessing, spawn)
and drives them through a pipe: each message is ``(command, arguments)`` and
each answer ``("ok", result)`` or ``("error", traceback)``. A worker runs one
asyncio loop with one lean Socket.IO connection per phone (bench/wire.py: why
not python-socketio's client). Every timestamp is
``time.time()``, which all processes on one machine share, so the main process
can subtract a time taken here from one taken there.

Two kinds of server: ``game`` (our server: the phone joins in the connect with its
name, as the phone page does, and gets its token in ``joined``) and ``baseline``
(bench/baseline_server.py: connect only).
A worker ends when its pipe closes, so nothing outlives the benchmark.
"""
from __future__ import annotations

import asyncio
import hashlib
import random
import re
import resource
import time
import traceback
import uuid

import aiohttp
from pycrdt import Doc, Text

from bench.wire import Connection, event_of

DRAFT_FIELDS = ("response", "promise", "we_do", "we_dont")


def update_key(update: str) -> str:
    """Names one draft update in sends and receipts (the relay carries it as it was sent)."""
    return hashlib.blake2b(update.encode(), digest_size=8).hexdigest()


class DraftTypist:
    """A phone's Yjs document for its team's draft (pycrdt makes the same updates as Yjs):
    typing appends to one field and gives the update to send, base64 as on the wire."""

    def __init__(self):
        self.doc = Doc()
        self.made: list[bytes] = []
        self.doc.observe(lambda event: self.made.append(event.update))

    def append(self, field: str, words: str) -> str:
        from base64 import b64encode

        text = self.doc.get(field, type=Text)
        self.made.clear()
        text.insert(len(text), words)
        return b64encode(self.made[-1]).decode()
WORDS = ("we", "listen", "first", "and", "ask", "what", "you", "need", "by", "Friday", "then", "fix", "it",
         "today", "no", "blame", "sorry", "for", "the", "wet", "night", "here", "is", "a", "new", "tent")
CALL_TIMEOUT = 30.0
# The session section starts with code, title, language, phase, card_index (see game/core/views.py).
PHASE_IN_VIEW = re.compile(r'"phase": ?"(\w+)", ?"card_index": ?(\d+)')


def raise_fd_limit() -> int:
    """Raise the open-files limit to the hard limit: 1,000+ sockets need more than 1,024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def sleep_until(moment: float) -> None:
    delay = moment - time.time()
    if delay > 0:
        await asyncio.sleep(delay)


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


class Phone:
    """One player's phone: when each phase first arrived, and the view, decoded only when an action reads it."""

    def __init__(self, worker: Worker, index: int, name: str):
        self.worker, self.index, self.name = worker, index, name
        self.link: Connection | None = None
        self.unread: list[str] = []  # view events not decoded yet, oldest first
        self._session: dict | None = None
        self._team: dict | None = None
        self._team_id: str | None = None
        self.player_id: str | None = None
        self.received: dict[tuple, float] = {}  # (phase, card_index) -> when it first arrived
        self.first_view_at: float | None = None
        self.got_view = asyncio.Event()
        self.draft_receipts: list[tuple] = []  # (team_id, field, version, at)
        self.connected = False
        self.drops = 0

    # --- events from the server ----------------------------------------------------
    def _on_event(self, text: str, at: float) -> None:
        if text.startswith('42["view"'):
            found = PHASE_IN_VIEW.search(text, 0, 1000)
            if found:
                self.received.setdefault((found[1], int(found[2])), at)
            self.unread.append(text)
            if self.first_view_at is None:
                self.first_view_at = at
                self.got_view.set()
        elif text.startswith('42["joined"'):
            self.player_id = event_of(text)[1]["player_id"]
        elif text.startswith('42["draft:update"'):
            _name, data = event_of(text)
            self.draft_receipts.append((self.team_id, "", update_key(data.get("update", "")), at))

    def _on_close(self) -> None:
        if self.connected and not self.worker.closing:
            self.drops += 1
        self.connected = False

    def _read_views(self) -> None:
        for text in self.unread:
            _name, data = event_of(text)
            if data.get("session") is not None:
                self._session = data["session"]
            if "team" in data:
                self._team = data["team"]
            if "me" in data:
                self.player_id = data["me"].get("player_id", self.player_id)
        self.unread.clear()

    @property
    def session(self) -> dict | None:
        self._read_views()
        return self._session

    @property
    def team(self) -> dict | None:
        self._read_views()
        return self._team

    @property
    def team_id(self) -> str | None:
        # A phone's team does not change during the benchmark: decode the views once, not per draft push.
        if self._team_id is None:
            self._team_id = (self.team or {}).get("id")
        return self._team_id

    # --- actions -------------------------------------------------------------------
    async def join(self, url: str, code: str | None) -> tuple:
        started = time.time()
        try:
            auth = {"code": code, "name": self.name} if self.worker.mode == "game" else {"role": "phone"}
            self.link = Connection(self.worker.http, self._on_event, self._on_close, self.worker.compress)
            await self.link.connect(url, auth, CALL_TIMEOUT)
            self.connected = True
            await asyncio.wait_for(self.got_view.wait(), CALL_TIMEOUT)
            return (self.index, started, self.first_view_at, None)
        except Exception as exc:  # reported, not raised: one phone must not stop the others
            return (self.index, started, None, _error(exc))

    async def call(self, event: str, payload: dict) -> tuple[float, float, dict | None, str | None]:
        sent = time.time()
        try:
            ack = await self.link.call(event, payload, CALL_TIMEOUT)
        except Exception as exc:
            return sent, time.time(), None, _error(exc)
        done = time.time()
        if not isinstance(ack, dict) or not ack.get("ok"):
            return sent, done, ack, f"{event} refused: {ack}"[:300]
        return sent, done, ack, None

    async def close(self) -> None:
        if self.link is not None:
            await self.link.close()


class Worker:
    def __init__(self, conn, number: int):
        self.conn, self.number = conn, number
        self.phones: list[Phone] = []
        self.mode = "game"
        self.url = ""
        self.compress = 0
        self.http: aiohttp.ClientSession | None = None
        self.closing = False

    async def serve(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                command, arguments = await loop.run_in_executor(None, self.conn.recv)
            except (EOFError, OSError):
                break  # the main process is gone: stop
            if command == "quit":
                await self.cmd_close()
                self.conn.send(("ok", None))
                break
            try:
                reply = ("ok", await getattr(self, "cmd_" + command)(**arguments))
            except Exception:
                reply = ("error", traceback.format_exc())
            self.conn.send(reply)

    @property
    def live(self) -> list[Phone]:
        return [phone for phone in self.phones if phone.connected]

    # --- commands ------------------------------------------------------------------
    async def cmd_setup(self, url: str, mode: str, phones: list[tuple[int, str]], deflate: bool) -> dict:
        await self.cmd_close()
        self.closing = False
        self.url, self.mode = url, mode
        # aiohttp offers permessage-deflate (client_max_window_bits) as browsers do.
        self.compress = 15 if deflate else 0
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                          timeout=aiohttp.ClientTimeout(total=CALL_TIMEOUT))
        self.phones = [Phone(self, index, name) for index, name in phones]
        return {"phones": len(self.phones)}

    async def cmd_join(self, code: str | None, at: float, spread: float, total: int) -> list[tuple]:
        """Every phone joins at ``at``, or at an even step over ``spread`` seconds (by its number)."""
        async def join(phone: Phone) -> tuple:
            await sleep_until(at + spread * phone.index / max(1, total))
            return await phone.join(self.url, code)

        return list(await asyncio.gather(*(join(phone) for phone in self.phones)))

    async def cmd_wait_phase(self, phase: str, card_index: int, since: float, timeout: float) -> dict:
        key = (phase, card_index)
        deadline = time.time() + timeout
        while time.time() < deadline and any(key not in phone.received for phone in self.live):
            await asyncio.sleep(0.02)
        return {"latencies": [phone.received[key] - since for phone in self.phones if key in phone.received],
                "missing": sum(1 for phone in self.phones if key not in phone.received)}

    async def cmd_diagnose(self, at: float, spread: float, ticks: int, seed: int) -> list[tuple]:
        rng = random.Random(f"{seed}:{self.number}")

        async def play(phone: Phone, moments: list[float]) -> list[tuple]:
            options = [o["id"] for o in phone.session["card"]["diagnose"]["options"]]
            results = []
            for moment in moments:
                await sleep_until(moment)
                picked = rng.sample(options, rng.randint(1, min(3, len(options))))
                sent, done, _ack, error = await phone.call("diagnose", {"id": uuid.uuid4().hex, "options": picked})
                results.append((sent, done, error))
            return results

        plays = [play(phone, sorted(at + rng.uniform(0, spread) for _ in range(ticks))) for phone in self.live]
        return [row for rows in await asyncio.gather(*plays) for row in rows]

    async def cmd_draft(self, at: float, bursts: int, burst_seconds: float, pause: float, interval: float,
                        typists: int, seed: int) -> dict:
        """Typists (the first members of each team, one field each) type in bursts, one edit in flight,
        batched to ``interval`` like the phone's editor, each edit a real Yjs update (made with pycrdt)
        appending a word or two to the typist's field; the first member submits at the end."""
        rng = random.Random(f"{seed}:{self.number}")
        for phone in self.phones:
            phone.draft_receipts.clear()

        async def type_field(phone: Phone, field: str, submit: bool) -> tuple[list, list]:
            team_id = phone.team["id"]
            typist, sends, errors = DraftTypist(), [], []
            for burst in range(bursts):
                start = at + burst * (burst_seconds + pause) + rng.uniform(0, interval)
                await sleep_until(start)
                next_send = start
                while time.time() < start + burst_seconds:
                    words = " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2)))
                    update = typist.append(field, words)
                    sent, done, _ack, error = await phone.call("draft:update", {"id": uuid.uuid4().hex,
                                                                                "update": update})
                    if error:
                        errors.append(error)
                    else:
                        sends.append((team_id, "", update_key(update), sent, done, phone.player_id))
                    next_send += interval
                    await sleep_until(next_send)
            if submit:
                _sent, _done, _ack, error = await phone.call("draft:submit", {"id": uuid.uuid4().hex,
                                                                              "submitted": True})
                if error:
                    errors.append(error)
            return sends, errors

        jobs = []
        for phone in self.live:
            members = [m["id"] for m in (phone.team or {}).get("members", [])]
            if phone.player_id in members:
                position = members.index(phone.player_id)
                if position < min(typists, len(DRAFT_FIELDS)):
                    jobs.append(type_field(phone, DRAFT_FIELDS[position], submit=position == 0))
        results = await asyncio.gather(*jobs)
        return {"sends": [s for sends, _ in results for s in sends],
                "errors": [e for _, errors in results for e in errors]}

    async def cmd_draft_receipts(self) -> dict:
        return {"receipts": [(phone.player_id, *receipt) for phone in self.phones
                             for receipt in phone.draft_receipts],
                "members": {phone.player_id: phone.team_id for phone in self.live}}

    async def cmd_vote(self, at: float, spread: float, total: int, seed: int) -> list[tuple]:
        """Every phone votes once for a draft of another team: all at ``at`` or spread evenly over
        ``spread`` seconds, in an order shuffled across all workers."""
        order = list(range(total))
        random.Random(seed).shuffle(order)

        async def vote(phone: Phone) -> tuple:
            entries = [e["entry_id"] for e in (phone.session or {}).get("ballot") or []]
            own = (phone.team or {}).get("own_entry")
            choices = [e for e in entries if e != own]
            if not choices:
                return (phone.index, phone.name, None, None, None, "no entry to vote for")
            entry = choices[phone.index % len(choices)]
            await sleep_until(at + spread * order[phone.index % total] / total)
            sent, done, _ack, error = await phone.call("vote", {"id": uuid.uuid4().hex, "entry_id": entry})
            return (phone.index, phone.name, entry, sent, done, error)

        return list(await asyncio.gather(*(vote(phone) for phone in self.live)))

    async def cmd_dots(self, at: float, spread: float, total: int, seed: int) -> list[tuple]:
        """Every phone places its 3 dots (on promises picked by its index, two on one of them) at a
        moment spread evenly over ``spread`` seconds, in an order shuffled across all workers."""
        order = list(range(total))
        random.Random(seed).shuffle(order)
        # Read every phone's views before the storm: the activity's views list every promise (tens of
        # KB each), and decoding them inside the storm delayed the sends by more than a second.
        promises = {phone.index: [item["id"] for item in ((phone.session or {}).get("promises") or {}).get("items")
                                  or []] for phone in self.live}

        async def place(phone: Phone) -> tuple:
            items = promises[phone.index]
            if not items:
                return (phone.index, phone.name, None, None, None, "no promise to put a dot on")
            first, second = items[phone.index % len(items)], items[(phone.index * 7 + 3) % len(items)]
            chosen = [first, first, second]
            await sleep_until(at + spread * order[phone.index % total] / total)
            sent, done, _ack, error = await phone.call("dots", {"id": uuid.uuid4().hex, "promise_ids": chosen})
            return (phone.index, phone.name, chosen, sent, done, error)

        return list(await asyncio.gather(*(place(phone) for phone in self.live)))

    async def cmd_collect(self) -> dict:
        return {"drops": sum(phone.drops for phone in self.phones),
                "connected": sum(1 for phone in self.phones if phone.connected)}

    async def cmd_close(self) -> dict:
        self.closing = True
        if self.phones:
            await asyncio.wait_for(asyncio.gather(*(phone.close() for phone in self.phones),
                                                  return_exceptions=True), CALL_TIMEOUT)
        self.phones = []
        if self.http is not None:
            await self.http.close()
            self.http = None
        return {}


def run(conn, number: int) -> None:
    """Entry point of a load process."""
    raise_fd_limit()
    asyncio.run(Worker(conn, number).serve())
