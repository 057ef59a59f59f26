"""The facilitator: an account made with the real shell command, a sign-in, and the host's Socket.IO client."""
from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time

import aiohttp
import socketio

from .processes import ROOT

FACILITATOR = ("bench", "bench-password")
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')


def create_facilitator(env: dict) -> None:
    """Create the account that starts the session, with the shell command an operator would use."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "users", "create", FACILITATOR[0],
                           "--role", "facilitator", "--password-stdin"], cwd=ROOT, env=env,
                          input=FACILITATOR[1] + "\n", capture_output=True, text=True, timeout=60)
    if done.returncode:
        raise RuntimeError(f"could not create the facilitator account:\n{done.stdout}{done.stderr}")


async def sign_in(http: aiohttp.ClientSession, url: str) -> str:
    """Sign in through the form; return the CSRF token for JSON writes."""
    async with http.get(url + "/signin") as r:
        token = CSRF_META.search(await r.text()).group(1)
    async with http.post(url + "/signin", data={"csrf_token": token, "username": FACILITATOR[0],
                                                "password": FACILITATOR[1], "next": "/"}) as r:
        page = await r.text()
        if r.status != 200 or str(r.url).rstrip("/") != url:
            raise RuntimeError(f"could not sign in: HTTP {r.status}")
    return CSRF_META.search(page).group(1)


class Facilitator:
    """The facilitator's laptop: moves the game on and watches the host view's vote tally."""

    def __init__(self, deflate: bool):
        self.sio = socketio.AsyncClient(reconnection=False, request_timeout=30,
                                        websocket_extra_options={"compress": 15} if deflate else {})
        self.sio.on("view", self._on_view)
        self.payloads: dict[tuple, dict] = {}  # the first session section of each (phase, card)
        self.session: dict = {}
        self.players = 0
        self.vote_target: int | None = None
        self.votes_complete_at: float | None = None
        self.most_votes = 0
        self.dot_target: int | None = None
        self.dots_complete_at: float | None = None
        self.most_dots = 0

    def _on_view(self, data) -> None:
        now = time.time()
        screen = data.get("screen")
        if screen is not None and screen.get("ranking") and self.dot_target is not None:
            total = sum(row["dots"] for row in screen["ranking"])
            self.most_dots = max(self.most_dots, total)
            if total >= self.dot_target and self.dots_complete_at is None:
                self.dots_complete_at = now
        session = data.get("session")
        if session is not None:
            self.session = session
            self.payloads.setdefault((session.get("phase"), session.get("card_index")), session)
        host = data.get("host")
        if host is not None:
            if host.get("players") is not None:
                self.players = len(host["players"])
            votes = host.get("votes")
            if votes and self.vote_target is not None:
                total = sum(votes.values())
                self.most_votes = max(self.most_votes, total)
                if total >= self.vote_target and self.votes_complete_at is None:
                    self.votes_complete_at = now

    async def connect(self, url: str, auth: dict) -> None:
        await self.sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=30)

    def expect_dots(self, target: int) -> None:
        self.dot_target, self.dots_complete_at, self.most_dots = target, None, 0

    def expect_votes(self, target: int) -> None:
        self.vote_target, self.votes_complete_at, self.most_votes = target, None, 0

    @staticmethod
    async def until(condition, timeout: float) -> bool:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if condition():
                return True
            await asyncio.sleep(0.01)
        return bool(condition())

    async def call(self, event: str, payload: dict) -> dict:
        return await self.sio.call(event, payload, timeout=30)
