"""A lean Socket.IO client for the load processes: the real protocol over a real websocket, little else.

Why not ``socketio.AsyncClient``: on 2 cores the load processes share the CPU
with the server they measure. python-socketio builds packet objects, decodes
every message's JSON and runs each handler in a task of its own; with 250
phones per process that work queued behind itself and added a good part of
the "latency" the benchmark was reporting, for the baseline server as much as
for ours. This client speaks the same wire format (Engine.IO 4 over websocket,
Socket.IO 5, default namespace: ``0`` open, ``40`` connect with auth, ``2``/``3``
ping and pong, ``42`` events, ``42<id>``/``43<id>`` calls and acks) and hands each
event to its owner as the raw text with the time it arrived, so the owner
decodes only what it needs, when it needs it.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

import aiohttp

EVENT, ACK = "42", "43"


class ConnectRefused(RuntimeError):
    """The server answered the Socket.IO connect with an error packet (``44``)."""


def socket_url(base: str) -> str:
    scheme = base.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
    return scheme + "/socket.io/?EIO=4&transport=websocket"


class Connection:
    """One phone's Socket.IO connection.

    ``on_event(text, at)`` gets every event packet (``42[...]``) undecoded, with
    ``time.time()`` taken as the websocket handed it over; ``on_close()`` runs once
    when the connection ends, whoever ended it.
    """

    def __init__(self, http: aiohttp.ClientSession, on_event: Callable[[str, float], None],
                 on_close: Callable[[], None], compress: int = 0):
        self.http, self.on_event, self.on_close, self.compress = http, on_event, on_close, compress
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.pending: dict[int, asyncio.Future] = {}
        self.next_id = 0
        self.reader: asyncio.Task | None = None

    async def connect(self, base_url: str, auth: dict, timeout: float) -> None:
        self.ws = await self.http.ws_connect(socket_url(base_url), compress=self.compress, max_msg_size=0,
                                             autoping=True)
        try:
            opened = await asyncio.wait_for(self.ws.receive_str(), timeout)
            if not opened.startswith("0"):
                raise ConnectionError(f"expected the Engine.IO open packet, got {opened[:80]!r}")
            await self.ws.send_str("40" + json.dumps(auth, separators=(",", ":")))
            answer = await asyncio.wait_for(self._connect_answer(), timeout)
            if answer.startswith("44"):
                raise ConnectRefused(answer[2:300])
            if not answer.startswith("40"):
                raise ConnectionError(f"expected the Socket.IO connect answer, got {answer[:80]!r}")
        except BaseException:
            await self.ws.close()
            raise
        self.reader = asyncio.create_task(self._read())

    async def _connect_answer(self) -> str:
        # Events the server's connect handler emits arrive before its connect answer.
        while True:
            text = await self.ws.receive_str()
            if text.startswith(EVENT):
                self.on_event(text, time.time())
            elif text == "2":
                await self.ws.send_str("3")
            else:
                return text

    async def _read(self) -> None:
        ws = self.ws
        try:
            while True:
                message = await ws.receive()
                if message.type != aiohttp.WSMsgType.TEXT:
                    break  # closed, closing or an error: the connection is over
                text = message.data
                if text.startswith(EVENT):
                    self.on_event(text, time.time())
                elif text == "2":
                    await ws.send_str("3")
                elif text.startswith(ACK):
                    self._acknowledged(text)
                elif text.startswith("41") or text.startswith("1"):
                    break  # the server disconnected this client or closed the engine
        finally:
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("disconnected"))
            self.pending.clear()
            if not ws.closed:
                await ws.close()
            self.on_close()

    def _acknowledged(self, text: str) -> None:
        end = text.index("[", 2)
        future = self.pending.pop(int(text[2:end]), None)
        if future is not None and not future.done():
            arguments = json.loads(text[end:])
            future.set_result(arguments[0] if arguments else None)

    async def call(self, event: str, payload, timeout: float):
        """Emit ``event`` with an ack id and return the server's first ack argument."""
        if self.ws is None or self.ws.closed:
            raise ConnectionError("not connected")
        self.next_id += 1
        number = self.next_id
        future = asyncio.get_running_loop().create_future()
        self.pending[number] = future
        try:
            await self.ws.send_str(f"{EVENT}{number}" + json.dumps([event, payload], separators=(",", ":")))
            return await asyncio.wait_for(future, timeout)
        finally:
            self.pending.pop(number, None)

    async def close(self) -> None:
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)


def event_of(text: str) -> tuple[str, object]:
    """Decode an event packet's text: ``(name, first argument)``."""
    name, *arguments = json.loads(text[len(EVENT):])
    return name, (arguments[0] if arguments else None)
